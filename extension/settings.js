/*
 * The extension's settings, kept in chrome.storage.local under "settings": which paperrec server
 * to ask, whether likes stay in this browser ("local") or live in a server profile ("account"),
 * and the account's token. Read afresh for every request, because the background service worker
 * may be stopped and restarted at any time and the options page may change them meanwhile.
 * A classic script (background, popup, options): adds `paperrec.settings`.
 */
(function (root) {
  "use strict";

  const STORAGE_KEY = "settings";
  /** Where local mode keeps `{likes: {id: epochMs}, dislikes: {id: epochMs}}`. */
  const FEEDBACK_KEY = "localFeedback";

  const DEFAULTS = Object.freeze({ serverUrl: "http://localhost:7070", mode: "local", token: "" });

  /** Hosts the manifest's host_permissions already grant, so they need no permission request. */
  const BUILT_IN_HOSTS = ["localhost", "127.0.0.1"];

  async function load() {
    const stored = (await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY] || {};
    return { ...DEFAULTS, ...stored };
  }

  /** Merges `changes` into the stored settings and returns the result. */
  async function save(changes) {
    const next = { ...(await load()), ...changes };
    await chrome.storage.local.set({ [STORAGE_KEY]: next });
    return next;
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

  /** True when the manifest's host_permissions already cover `serverUrl`. */
  function isBuiltInHost(serverUrl) {
    const url = new URL(serverUrl);
    return url.protocol === "http:" && BUILT_IN_HOSTS.includes(url.hostname);
  }

  /** The match pattern chrome.permissions.request needs for `serverUrl`, e.g. "https://papers.example/*". */
  function originPattern(serverUrl) {
    const url = new URL(serverUrl);
    return `${url.protocol}//${url.hostname}/*`;
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
    isBuiltInHost,
    originPattern,
    localFeedbackStore,
  };
})(globalThis);
