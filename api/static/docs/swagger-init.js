// Swagger UI on /docs, configured from its container's data attributes: a file rather than an inline script, so
// that the page's Content-Security-Policy allows scripts from this app only.
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = { url: container.dataset.specUrl, dom_id: "#swagger-ui-container" };
  Object.assign(config, JSON.parse(container.dataset.config));
  window.ui = SwaggerUIBundle(config);
});
