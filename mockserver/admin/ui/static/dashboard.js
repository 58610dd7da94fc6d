// The dashboard's behaviour, written here (no build step, no library).
// - Forms marked data-api are sent to the JSON admin API (/_mock/...): a person meets exactly the
//   validation and errors a test client meets. An error is shown next to the field it names.
// - A form marked data-confirm (deleting, resetting, clearing) asks first, in the page's <dialog>.
// - With an admin token, every state-changing call to /_mock carries the page's anti-CSRF token
//   (<meta name="mockserver-csrf">) in X-CSRF-Token: a page on another origin cannot read it.
// - After a change, the page's <main> is fetched again and swapped in (no full reload).
// - The journal page polls /_mock/ui/journal/rows for entries newer than the last it has.
// - Copy buttons copy their data-copy text; a file input with data-fills puts its file's text
//   into that field.
(() => {
  "use strict";

  const POLL_MS = 1000;
  const MAX_JOURNAL_ROWS = 200;
  const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];

  function csrfHeaders(url, method) {
    const meta = document.querySelector('meta[name="mockserver-csrf"]');
    const path = new URL(url, location.href).pathname;
    if (!meta || SAFE_METHODS.includes(method) || !path.startsWith("/_mock/")) return {};
    return { "X-CSRF-Token": meta.content };
  }

  class FieldError extends Error {
    constructor(field, message) {
      super(message);
      this.field = field;
    }
  }

  // -- forms ----------------------------------------------------------------------------------
  function fields(form) {
    return Array.from(form.elements).filter((el) => el.name && !el.disabled && el.type !== "submit");
  }

  function formBody(form, submitter) {
    if (form.dataset.body === "raw") {
      return form.elements.namedItem("body").value;
    }
    if (form.dataset.body === "none") {
      return undefined;
    }
    const body = {};
    for (const el of fields(form)) {
      const kind = el.dataset.type || "text";
      if (kind === "bool") {
        body[el.name] = el.checked;
        continue;
      }
      const value = el.value.trim();
      if (value === "") continue;
      if (kind === "number") {
        const number = Number(value);
        if (!Number.isFinite(number)) throw new FieldError(el.name, `${el.name} must be a number`);
        body[el.name] = number;
      } else if (kind === "json") {
        try {
          body[el.name] = JSON.parse(value);
        } catch (err) {
          throw new FieldError(el.name, `${el.name} is not valid JSON: ${err.message}`);
        }
      } else {
        body[el.name] = value;
      }
    }
    if (submitter && submitter.name) {
      body[submitter.name] = submitter.dataset.type === "bool" ? submitter.value === "true" : submitter.value;
    }
    return JSON.stringify(body);
  }

  // The admin API names the offending field at the start of its message ("seconds must be ...",
  // "status must be one of ..."): the error goes next to the field named first.
  function fieldNamed(form, message) {
    let best = null;
    let bestAt = Infinity;
    for (const el of fields(form)) {
      const at = message.search(new RegExp(`\\b${el.name}\\b`));
      if (at >= 0 && at < bestAt) {
        best = el.name;
        bestAt = at;
      }
    }
    return best;
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach((slot) => (slot.textContent = ""));
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  }

  function showError(form, field, message) {
    const slot =
      (field && form.querySelector(`[data-error-for="${field}"]`)) || form.querySelector('[data-error-for=""]');
    if (slot) slot.textContent = message;
    const input = field && form.elements.namedItem(field);
    if (input && input.setAttribute) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  async function errorOf(response) {
    try {
      const body = await response.json();
      if (body && typeof body.error === "string") return body.error;
    } catch (_) {
      // not JSON: fall through to the status line
    }
    return `${response.status} ${response.statusText}`;
  }

  async function refreshMain() {
    const focused = document.activeElement && document.activeElement.id;
    const response = await fetch(location.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("main");
    const main = document.querySelector("main");
    if (fresh && main) main.replaceWith(fresh);
    const again = focused && document.getElementById(focused);
    if (again) again.focus();
  }

  // -- confirmation: one accessible modal <dialog> (focus starts on Cancel; Escape cancels) ----------
  function confirmed(form, submitter) {
    const dialog = document.getElementById("confirm");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.confirm(form.dataset.confirm));
    }
    document.getElementById("confirm-text").textContent = form.dataset.confirm;
    const label = form.dataset.confirmLabel || (submitter && submitter.textContent.trim()) || "Go ahead";
    document.getElementById("confirm-ok").textContent = label;
    document.getElementById("confirm-h").textContent = `${label}?`;
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
      dialog.showModal();
    });
  }

  function answered(form, answer) {
    const then = form.dataset.then || "refresh";
    if (then === "reload") {
      location.reload();
    } else if (then === "next") {
      location.assign(answer && answer.next);
    } else if (then.startsWith("goto:")) {
      location.assign(then.slice(5).replace("{id}", encodeURIComponent(answer && answer.id)));
    } else {
      return refreshMain();
    }
    return undefined;
  }

  async function send(form, submitter, body) {
    const url = (submitter && submitter.dataset.api) || form.dataset.api;
    const method = (submitter && submitter.dataset.method) || form.dataset.method || "POST";
    const busy = form.querySelectorAll("button");
    busy.forEach((b) => (b.disabled = true));
    try {
      const headers = csrfHeaders(url, method);
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await fetch(url, { method, credentials: "same-origin", headers, body });
      if (!response.ok) {
        const message = await errorOf(response);
        showError(form, fieldNamed(form, message), message);
        return;
      }
      const answer = response.status === 204 ? null : await response.json().catch(() => null);
      await answered(form, answer);
    } catch (err) {
      showError(form, null, `The server did not answer: ${err.message}`);
    } finally {
      busy.forEach((b) => (b.disabled = false));
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-api]");
    if (!form) return;
    event.preventDefault();
    clearErrors(form);
    const submitter = event.submitter;
    let body;
    try {
      body = formBody(form, submitter);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      showError(form, err.field, err.message);
      return;
    }
    if (form.dataset.confirm && !(await confirmed(form, submitter))) return;
    await send(form, submitter, body);
  });

  // -- file inputs that fill a text field (a snapshot file into the form's JSON) ---------------
  document.addEventListener("change", async (event) => {
    const input = event.target.closest("input[type=file][data-fills]");
    const target = input && document.getElementById(input.dataset.fills);
    if (!target || !input.files.length) return;
    target.value = await input.files[0].text();
  });

  // -- copy buttons ---------------------------------------------------------------------------
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "offscreen";
      document.body.append(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const done = await copy(button.dataset.copy);
    const label = button.textContent;
    button.textContent = done ? "Copied" : "Select and copy";
    setTimeout(() => (button.textContent = label), 1500);
  });

  // -- journal: details on demand, new entries live -------------------------------------------
  document.addEventListener(
    "toggle",
    async (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.open || !details.dataset.src) return;
      const target = details.querySelector(".entry-body");
      if (!target || target.dataset.loaded) return;
      const response = await fetch(details.dataset.src, { credentials: "same-origin" });
      target.innerHTML = response.ok ? await response.text() : `<p class="error">${response.status}</p>`;
      target.dataset.loaded = "1";
    },
    true,
  );

  function startJournal() {
    const list = document.getElementById("journal-entries");
    if (!list) return;
    const status = document.getElementById("live-status");
    const pause = document.getElementById("live-pause");
    let cursor = list.dataset.cursor;
    const params = new URLSearchParams(location.search);

    async function poll() {
      if (!document.hidden && !(pause && pause.checked)) {
        params.set("after", cursor);
        try {
          const response = await fetch(`${list.dataset.rows}?${params}`, { credentials: "same-origin" });
          if (response.ok) {
            cursor = response.headers.get("X-Journal-Cursor") || cursor;
            const incoming = document.createElement("template");
            incoming.innerHTML = await response.text();
            const fresh = Array.from(incoming.content.children).filter((row) => !document.getElementById(row.id));
            list.prepend(...fresh);
            while (list.children.length > MAX_JOURNAL_ROWS) list.lastElementChild.remove();
            const empty = document.getElementById("journal-empty");
            if (empty && list.children.length) empty.hidden = true;
            // said only when something arrived: the status is a live region a screen reader reads;
            // the time is the newest entry's, as the rows show it (mock clock, UTC)
            if (status && fresh.length) {
              const what = fresh.length === 1 ? "1 new request" : `${fresh.length} new requests`;
              const newest = fresh[0].querySelector("time");
              status.textContent = `Live: ${what}${newest ? `, newest at ${newest.textContent}` : ""}`;
            }
          }
        } catch (_) {
          if (status) status.textContent = "Live: the server did not answer; retrying";
        }
      }
      setTimeout(poll, POLL_MS);
    }
    setTimeout(poll, POLL_MS);
  }

  startJournal();
})();
