/* Inside the widget's iframe: tell the embedding page (embed.js) how tall the list is, now and when it changes. */
(function () {
  "use strict";
  function report() {
    // The body's own height: the document's scrollHeight never falls below the frame's, so it could not shrink.
    window.parent.postMessage({ cagEmbedHeight: document.body.getBoundingClientRect().height }, "*");
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) {
    new ResizeObserver(report).observe(document.body);
  }
})();
