/* The photo lightbox: PhotoSwipe over the photos of the travelogue, one gallery per page, so
   the arrows (or a swipe) go from each photo to the next in the order of the story.

   Without JavaScript, or before this has run, a photo's link opens the photo itself. The
   lightbox closes with Escape, the close button, a swipe down, or the browser's back button
   (opening it adds a history entry, so "back" on a phone does not leave the page). PhotoSwipe
   keeps the focus inside while it is open and gives it back to the photo's link when it
   closes; its buttons, the dialog and the caption speak the page's language (#lightbox-text).

   A clip's link (data-pswp-type="video") opens a video slide: PhotoSwipe 5 shows images
   only, so the slide's content is made here, a <video> of the clip's MP4 with its poster,
   played when the slide is shown and paused when the reader moves on or closes. */
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

  // A clip's poster and name are its video's in the page (the figure around the link).
  lightbox.addFilter("itemData", function (data) {
    var figure = data.type === "video" && data.element && data.element.closest("figure");
    var video = figure && figure.querySelector("video");
    if (video) {
      data.poster = video.poster;
      data.alt = video.getAttribute("aria-label") || "";
    }
    return data;
  });

  lightbox.on("contentLoad", function (e) {
    var content = e.content;
    if (content.type !== "video") return;
    e.preventDefault();
    var box = document.createElement("div");
    box.className = "journal-lightbox-clip";
    var video = document.createElement("video");
    video.controls = true;
    video.playsInline = true;
    video.preload = "metadata";
    video.poster = content.data.poster;
    video.setAttribute("aria-label", content.data.alt || text.clip);
    video.addEventListener("error", function () {
      var message = document.createElement("p");
      message.className = "pswp__error-msg";
      message.textContent = text.clipError;
      box.replaceChildren(message);
    });
    video.src = content.data.src;
    box.appendChild(video);
    content.element = box;
  });

  lightbox.on("contentActivate", function (e) {
    var video = e.content.type === "video" && e.content.element.querySelector("video");
    if (video) video.play().catch(function () {}); // refused: its controls are there
  });
  lightbox.on("contentDeactivate", function (e) {
    var video = e.content.type === "video" && e.content.element.querySelector("video");
    if (video) video.pause();
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
          var data = pswp.currSlide.data;
          var name = caption || (data.alt || "");
          var kind = data.type === "video" ? text.clip : text.dialog;
          pswp.element.setAttribute("aria-label", name ? kind + ": " + name : kind);
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
