// Passage in the browser: the service worker, push per device, and the language in one step.
// Everything here is optional: every page works without JavaScript.
(function () {
  "use strict";

  function csrfToken() {
    const field = document.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  // The language applies as soon as it is chosen; the button stays for those without JavaScript.
  const language = document.getElementById("locale-switch");
  if (language && language.form) {
    const button = language.form.querySelector("button");
    if (button) {
      button.hidden = true;
    }
    language.addEventListener("change", function () {
      language.form.submit();
    });
  }

  // Quick exit: the page leaves at the tap, without a history entry to come back to, while the
  // form's POST (with its token) ends the session and clears the site's data in the background.
  const exit = document.querySelector("form.quick-exit");
  if (exit && exit.dataset.leave) {
    exit.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(exit.action, {method: "POST", body: new FormData(exit), credentials: "same-origin",
                          keepalive: true});
      window.location.replace(exit.dataset.leave);
    });
  }

  if (!("serviceWorker" in navigator)) {
    return;
  }
  const registration = navigator.serviceWorker.register("/sw.js", {scope: "/"});

  const panel = document.getElementById("push-device");
  if (!panel || !("PushManager" in window) || !panel.dataset.key) {
    return;
  }
  const on = document.getElementById("push-on");
  const off = document.getElementById("push-off");
  const status = document.getElementById("push-status");

  function key(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function post(path, subscription) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(subscription),
    });
  }

  function show(subscribed) {
    panel.hidden = false;
    on.hidden = subscribed;
    off.hidden = !subscribed;
    status.textContent = subscribed ? panel.dataset.on : panel.dataset.off;
  }

  registration.then(function (reg) {
    return reg.pushManager.getSubscription().then(function (existing) {
      show(Boolean(existing));
      on.addEventListener("click", function () {
        reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: key(panel.dataset.key)})
          .then(function (subscription) { return post("/push/subscribe", subscription.toJSON()); })
          .then(function () { show(true); })
          .catch(function () { status.textContent = panel.dataset.failed; });
      });
      off.addEventListener("click", function () {
        reg.pushManager.getSubscription().then(function (subscription) {
          if (!subscription) {
            return show(false);
          }
          return post("/push/unsubscribe", subscription.toJSON())
            .then(function () { return subscription.unsubscribe(); })
            .then(function () { show(false); });
        });
      });
    });
  });
}());
