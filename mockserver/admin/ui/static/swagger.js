// The contracts page: Swagger UI (vendored) over the contract as /_mock/ui/contracts/<name>/try-it.json
// serves it: servers set to this mock, the chosen tenant's credentials filled in.
(async () => {
  "use strict";
  const root = document.getElementById("swagger");
  const status = document.getElementById("swagger-status");
  const response = await fetch(root.dataset.spec, { credentials: "same-origin" });
  if (!response.ok) {
    status.textContent = `The contract could not be loaded (${response.status}).`;
    return;
  }
  const { spec, authorize } = await response.json();
  const ui = window.SwaggerUIBundle({
    spec,
    domNode: root,
    validatorUrl: null,
    deepLinking: false,
    tryItOutEnabled: true,
    defaultModelsExpandDepth: 0,
    // highlighting large example and response bodies costs seconds of script time per click
    syntaxHighlight: false,
    // x-fidelity, x-evidence and x-coverage: how sure we are of each operation
    showExtensions: true,
    onComplete: () => {
      for (const [scheme, value] of Object.entries(authorize)) {
        if (value.apiKey) ui.preauthorizeApiKey(scheme, value.apiKey);
        if (value.basic) ui.preauthorizeBasic(scheme, value.basic.username, value.basic.password);
      }
      status.textContent = "";
    },
  });
})();
