// The contracts page: Swagger UI (vendored) over the contract as /_mock/ui/contracts/<name>/try-it.json
// serves it: servers set to this mock, the chosen tenant's credentials filled in. A Bearer scheme
// (FLOWii) gets its token the way a client does: the page sends the vendor's token request (POST
// /token, password grant, with the tenant's credentials) to this mock and fills in the answer.
(async () => {
  "use strict";
  const root = document.getElementById("swagger");
  const status = document.getElementById("swagger-status");
  const renew = document.getElementById("swagger-renew");
  const response = await fetch(root.dataset.spec, { credentials: "same-origin" });
  if (!response.ok) {
    status.textContent = `The contract could not be loaded (${response.status}).`;
    return;
  }
  const { spec, authorize } = await response.json();

  async function fetchBearer(ui, scheme, request) {
    const path = new URL(request.url).pathname;
    try {
      const answer = await fetch(request.url, {
        method: "POST",
        credentials: "omit",
        headers: { ...request.headers, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(request.form),
      });
      const body = await answer.json().catch(() => ({}));
      if (!answer.ok || !body.access_token) {
        const why = body.error_description || body.error || `${answer.status}`;
        status.textContent = `No ${scheme} token: POST ${path} answered ${why}. Send it by hand under "${path}" below.`;
        return;
      }
      ui.preauthorizeApiKey(scheme, body.access_token);
      const ttl = body.expires_in ? `, valid ${body.expires_in} s on the mock clock` : "";
      status.textContent = `${scheme} token filled in: got it with POST ${path} (password grant, this tenant's user)${ttl}.`;
      if (renew) renew.hidden = false;
    } catch (err) {
      status.textContent = `No ${scheme} token: POST ${path} failed (${err.message}).`;
    }
  }

  async function fillIn(ui) {
    status.textContent = "";
    for (const [scheme, value] of Object.entries(authorize)) {
      if (value.apiKey) ui.preauthorizeApiKey(scheme, value.apiKey);
      if (value.basic) ui.preauthorizeBasic(scheme, value.basic.username, value.basic.password);
      if (value.bearer) await fetchBearer(ui, scheme, value.bearer);
    }
  }

  // "try it" on the admin contract changes this server's state: with an admin token those calls
  // carry the page's anti-CSRF token, as the dashboard's own forms do (dashboard.js)
  const csrf = document.querySelector('meta[name="mockserver-csrf"]');
  function withCsrf(request) {
    const path = new URL(request.url, location.href).pathname;
    if (csrf && path.startsWith("/_mock/") && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      request.headers["X-CSRF-Token"] = csrf.content;
    }
    return request;
  }

  const ui = window.SwaggerUIBundle({
    spec,
    requestInterceptor: withCsrf,
    domNode: root,
    validatorUrl: null,
    deepLinking: false,
    tryItOutEnabled: true,
    defaultModelsExpandDepth: 0,
    // highlighting large example and response bodies costs seconds of script time per click
    syntaxHighlight: false,
    // x-fidelity, x-evidence and x-coverage: how sure we are of each operation
    showExtensions: true,
    onComplete: () => fillIn(ui),
  });
  if (renew) renew.addEventListener("click", () => fillIn(ui));
})();
