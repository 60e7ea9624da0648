/*
 * How content scripts, the popup and the options page reach the paperrec server: a message to
 * the background service worker, which holds the settings and makes the request (one place for
 * the server URL, the token and the local likes). Every failure (an error answer, a closed port,
 * an extension reloaded under a still-open page) becomes a rejected promise with a one-line
 * message; nothing is thrown into the page. A classic script: adds `paperrec.bridge`.
 */
(function (root) {
  "use strict";

  /** Asks the background for `type` with `payload`; resolves to its value. */
  function ask(type, payload = {}) {
    return new Promise((resolve, reject) => {
      try {
        chrome.runtime.sendMessage({ ...payload, type }, (answer) => {
          // Reading lastError is what tells Chromium the failure was handled (no console noise).
          const lastError = chrome.runtime.lastError;
          if (lastError || !answer) {
            reject(new Error("paperrec's extension did not answer: reload this page"));
          } else if (answer.ok) {
            resolve(answer.value);
          } else {
            reject(Object.assign(new Error(answer.error.message), { kind: answer.error.kind }));
          }
        });
      } catch (e) {
        // sendMessage throws synchronously once the extension was reloaded or removed.
        reject(new Error("paperrec's extension was reloaded: reload this page"));
      }
    });
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.bridge = { ask };
})(globalThis);
