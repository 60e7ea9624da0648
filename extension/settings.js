/*
 * The extension's settings, kept in chrome.storage.local under "settings": which paperrec server
 * to ask, whether likes stay in this browser ("local") or live in a server profile ("account"),
 * and the account tokens. Read afresh for every request, because the background service worker
 * may be stopped and restarted at any time and the options page may change them meanwhile.
 * A classic script (background, popup, options): adds `paperrec.settings`.
 *
 * Stored: `{serverUrl, mode, tokens: {"http://localhost:7070": "<token>"}}`. A token is kept under
 * the origin of the server that issued it, so it is only ever sent there: changing the server URL
 * leaves it behind, and changing back finds it again (a server shows a token only once, so it is
 * never dropped on the way). `load()` adds `token`, the current server's token or "".
 */
(function (root) {
  "use strict";

  const STORAGE_KEY = "settings";
  /** Where local mode keeps `{likes: {id: epochMs}, dislikes: {id: epochMs}}`. */
  const FEEDBACK_KEY = "localFeedback";

  const DEFAULTS = Object.freeze({ serverUrl: "http://localhost:7070", mode: "local" });

  /** "http://localhost:7070" for "http://localhost:7070/paperrec": the key of that server's token. */
  function originOf(serverUrl) {
    try {
      return new URL(serverUrl).origin;
    } catch (e) {
      return String(serverUrl);
    }
  }

  /** The stored settings with defaults filled in, without the derived `token`. */
  async function stored() {
    const saved = (await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY] || {};
    return { ...DEFAULTS, ...saved, tokens: { ...(saved.tokens || {}) } };
  }

  function withToken(current) {
    return { ...current, token: current.tokens[originOf(current.serverUrl)] || "" };
  }

  async function load() {
    return withToken(await stored());
  }

  /**
   * Merges `changes` into the stored settings and returns the result (as `load()` does). A
   * `token` in `changes` is filed under the origin of the resulting server URL; "" removes that
   * server's token (only for an account the server has just deleted).
   */
  async function save(changes) {
    const { token, ...rest } = changes;
    const next = { ...(await stored()), ...rest };
    next.tokens = { ...next.tokens };
    if (token !== undefined) {
      const origin = originOf(next.serverUrl);
      if (token) {
        next.tokens[origin] = token;
      } else {
        delete next.tokens[origin];
      }
    }
    await chrome.storage.local.set({ [STORAGE_KEY]: next });
    return withToken(next);
  }

  /**
   * `text` as a server base URL ("http://host:port", with a path prefix if one is given, no
   * trailing slash), or an Error that says what is wrong with it.
   */
  function parseServerUrl(text) {
    let url;
    try {
      url = new URL(String(text).trim());
    } catch (e) {
      return new Error(`"${text}" is not a URL; expected e.g. ${DEFAULTS.serverUrl}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return new Error(`the server URL must start with http:// or https://, not ${url.protocol}//`);
    }
    if (url.search || url.hash || url.username || url.password) {
      return new Error("the server URL must not carry a query, a fragment or a user name");
    }
    return (url.origin + url.pathname).replace(/\/+$/, "");
  }

  /** The `store` paperrec.feedback needs for local mode, backed by extension storage. */
  const localFeedbackStore = {
    async load() {
      return (await chrome.storage.local.get(FEEDBACK_KEY))[FEEDBACK_KEY];
    },
    async save(state) {
      await chrome.storage.local.set({ [FEEDBACK_KEY]: state });
    },
  };

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.settings = {
    DEFAULTS,
    STORAGE_KEY,
    FEEDBACK_KEY,
    load,
    save,
    parseServerUrl,
    originOf,
    localFeedbackStore,
  };
})(globalThis);
