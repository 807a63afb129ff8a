/* The widget's one-line embed: <script src="https://API/embed.js" data-type="posts" data-partner="novi-ritm"
   data-theme="youth" data-lang="ru" data-count="5" async></script>. It puts an iframe of /embed/{type} after
   itself and keeps the iframe as tall as its list. The iframe sits in a shadow root, so the host page's CSS
   (`iframe { display: none }`, say) cannot reach it, and the list inside is a page of its own. It loads nothing
   but that page, writes no markup into the host page and sets its sizes through the CSSOM, so it works under a
   host page's strict Content-Security-Policy (which must allow this script and frames from the API: script-src
   and frame-src). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var api = new URL(script.src).origin;
  var data = script.dataset;
  var type = ["posts", "projects", "vacancies"].indexOf(data.type) >= 0 ? data.type : "posts";
  var params = new URLSearchParams();
  ["partner", "theme", "country", "kind", "lang", "count"].forEach(function (name) {
    if (data[name]) {
      params.set(name, data[name]);
    }
  });
  var query = params.toString();
  var frame = document.createElement("iframe");
  frame.src = api + "/embed/" + type + (query ? "?" + query : "");
  frame.title = data.title || "Central Asia Solidarity Groups";
  frame.loading = "lazy";
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.style.border = "0";
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.maxWidth = "100%";
  frame.style.height = "20rem";
  var host = document.createElement("cag-widget");
  host.style.display = "block";
  host.style.width = "100%";
  host.attachShadow({ mode: "open" }).appendChild(frame);
  script.parentNode.insertBefore(host, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== api || event.source !== frame.contentWindow) {
      return;
    }
    var height = event.data && event.data.cagEmbedHeight;
    if (typeof height === "number" && height > 0 && height < 20000) {
      frame.style.height = Math.ceil(height) + "px";
    }
  });
})();
