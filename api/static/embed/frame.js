/* Inside the widget's iframe: tell the embedding page (embed.js) how tall the list is, now and when it changes. */
(function () {
  "use strict";
  function report() {
    window.parent.postMessage({ cagEmbedHeight: document.documentElement.scrollHeight }, "*");
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) {
    new ResizeObserver(report).observe(document.body);
  }
})();
