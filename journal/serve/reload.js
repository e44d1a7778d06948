/* journal serve: added to every page the preview serves (never to the files journal
   renders). A new render reloads the page, which scrolls back to where the reader was;
   a render with errors shows them over the last good page until the file is fixed. */
(function () {
  var key = "journal-preview-scroll:" + location.pathname;
  var kept = sessionStorage.getItem(key);
  if (kept !== null) {
    sessionStorage.removeItem(key);
    var y = +kept;
    window.addEventListener("load", function () { window.scrollTo(0, y); });
    window.scrollTo(0, y);
  }
  function overlay(errors) {
    var box = document.getElementById("journal-preview-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "journal-preview-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:100000;left:0;right:0;bottom:0;max-height:50vh;" +
        "overflow:auto;margin:0;padding:1rem;background:#2b0a0a;color:#ffdede;" +
        "font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -2px 8px #0008";
      document.body.appendChild(box);
    }
    box.textContent = errors.join("\n");
  }
  var events = new EventSource("/__journal__/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    overlay(state.errors);
    if (state.version > window.journalPreview) {
      sessionStorage.setItem(key, String(window.scrollY));
      events.close();
      location.reload();
    }
  };
})();
