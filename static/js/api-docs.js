// The API's documentation page: Swagger UI draws the OpenAPI document whose address the page
// holds, so the page needs no inline script (the site's Content-Security-Policy has none).
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    // No badge fetched from swagger.io: the page talks to this site only.
    validatorUrl: null,
  });
})();
