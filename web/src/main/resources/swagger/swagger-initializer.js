// vmledger: Swagger UI on the application's own OpenAPI document (relative, so it works behind a proxy prefix).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "../openapi?format=json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};
