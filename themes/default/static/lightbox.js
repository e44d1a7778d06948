/* The photo lightbox: PhotoSwipe over the photos of the travelogue, one gallery per page, so
   the arrows (or a swipe) go from each photo to the next in the order of the story.

   Without JavaScript, or before this has run, a photo's link opens the photo itself. The
   lightbox closes with Escape, the close button, a swipe down, or the browser's back button
   (opening it adds a history entry, so "back" on a phone does not leave the page). PhotoSwipe
   keeps the focus inside while it is open and gives it back to the photo's link when it
   closes; its buttons, the dialog and the caption speak the page's language (#lightbox-text). */
(function () {
  "use strict";
  var strings = document.getElementById("lightbox-text");
  var story = document.querySelector(".travelogue");
  if (!strings || !story || !window.PhotoSwipeLightbox || !window.PhotoSwipe) return;
  var text = JSON.parse(strings.textContent);

  var lightbox = new window.PhotoSwipeLightbox({
    gallery: story,
    children: "a[data-pswp-width]",
    pswpModule: window.PhotoSwipe,
    bgOpacity: 0.92,
    padding: { top: 44, bottom: 56, left: 0, right: 0 }, // room for the counter and caption
    closeTitle: text.close,
    zoomTitle: text.zoom,
    arrowPrevTitle: text.previous,
    arrowNextTitle: text.next,
    errorMsg: text.error
  });

  function captionOf(slide) {
    var link = slide && slide.data && slide.data.element;
    var figure = link && link.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    return caption ? caption.textContent.trim() : "";
  }

  lightbox.on("uiRegister", function () {
    lightbox.pswp.ui.registerElement({
      name: "journal-caption",
      className: "journal-lightbox-caption",
      order: 9,
      isButton: false,
      appendTo: "root",
      onInit: function (element, pswp) {
        element.id = "journal-lightbox-caption";
        pswp.element.setAttribute("aria-modal", "true");
        pswp.on("change", function () {
          var caption = captionOf(pswp.currSlide);
          element.textContent = caption;
          element.hidden = !caption;
          // The dialog is named by the photo it shows: its caption, else its alt text.
          var name = caption || (pswp.currSlide.data.alt || "");
          pswp.element.setAttribute("aria-label", name ? text.dialog + ": " + name : text.dialog);
        });
      }
    });
  });

  var inHistory = false;
  lightbox.on("beforeOpen", function () {
    history.pushState({ journalLightbox: true }, "");
    inHistory = true;
  });
  lightbox.on("close", function () {
    if (inHistory) {
      inHistory = false;
      history.back();
    }
  });
  window.addEventListener("popstate", function () {
    if (inHistory && lightbox.pswp) {
      inHistory = false;
      lightbox.pswp.close();
    }
  });

  lightbox.init();
  window.journalLightbox = lightbox;
})();
