/*
 * The only part of the extension that talks to the paperrec server. Content scripts, the popup and
 * the options page send it messages `{type, ...}` and get back `{ok: true, value}` or
 * `{ok: false, error: {message, kind}}` with a one-line message. Content scripts do not fetch the
 * server themselves: their requests would carry the page's origin, which the server's CORS does not
 * allow (it allows extension origins). The account token is read from chrome.storage.local here
 * and sent only to the server that issued it (settings.js files tokens per server origin). Content
 * scripts could read that storage too but never use it; the pages' own scripts cannot reach it.
 *
 * Chromium runs this file as a service worker (the shared scripts come through importScripts);
 * Firefox loads the manifest's `background.scripts` list, which already holds them.
 */
if (typeof importScripts === "function" && typeof paperrec === "undefined") {
  importScripts("shared/ids.js", "shared/api.js", "shared/feedback.js", "settings.js");
}

(function () {
  "use strict";

  const { api, feedback, settings } = paperrec;

  /** Similar papers shown in a panel. */
  const SIMILAR_LIMIT = 10;
  /** Papers in the popup's "For you" list. */
  const FOR_YOU_LIMIT = 20;
  /** The API's bounds for a listing: ranked results per request and candidates sent. */
  const MAX_RANKED = 100;
  const MAX_CANDIDATES = 2000;
  /** The API's bounds for POST /v1/similar. */
  const MAX_TITLE = 1000;
  const MAX_ABSTRACT = 20000;
  const PAPER_NOT_FOUND = "urn:paperrec:problem:paper-not-found";

  async function savedClient() {
    const current = await settings.load();
    return api.createClient({ baseUrl: current.serverUrl, token: current.token });
  }

  /** The reader's feedback in the saved mode (see shared/feedback.js). */
  async function currentFeedback() {
    const current = await settings.load();
    return feedback.createFeedback({ settings: current, store: settings.localFeedbackStore });
  }

  /**
   * Neighbours of the page's paper: by its ID when the corpus has it, otherwise from the title and
   * abstract read off the page (`fromText: true`), so a paper published an hour ago works too.
   */
  async function similar({ id, title, abstract }) {
    const client = await savedClient();
    if (id) {
      try {
        const answer = await client.similar(id, { limit: SIMILAR_LIMIT });
        return { results: answer.results, fromText: false };
      } catch (error) {
        if (error.type !== PAPER_NOT_FOUND) {
          throw error;
        }
      }
    }
    if (!title || !abstract) {
      throw new Error("this paper is not in paperrec's corpus and its page shows no abstract to compare");
    }
    const answer = await client.similarToText({
      title: title.slice(0, MAX_TITLE),
      abstract: abstract.slice(0, MAX_ABSTRACT),
      limit: SIMILAR_LIMIT,
    });
    return { results: answer.results, fromText: true };
  }

  async function opinions({ ids }) {
    const reader = await currentFeedback();
    const state = await reader.state();
    return Object.fromEntries(ids.map((id) => [id, feedback.opinionOf(state, paperrec.ids.paperKey(id))]));
  }

  async function setOpinion({ id, opinion }) {
    const reader = await currentFeedback();
    const state = await reader.set(id, opinion);
    return feedback.opinionOf(state, paperrec.ids.paperKey(id));
  }

  /**
   * A listing page's papers ranked for the reader, with the `limit` asked for; papers not in the
   * corpus come back in unknownIds.
   */
  async function rank({ ids }) {
    const candidates = ids.slice(0, MAX_CANDIDATES);
    const limit = Math.max(1, Math.min(candidates.length, MAX_RANKED));
    const reader = await currentFeedback();
    return { ...(await reader.recommend({ candidates, limit })), limit };
  }

  async function forYou() {
    const reader = await currentFeedback();
    return reader.recommend({ limit: FOR_YOU_LIMIT });
  }

  /** GET /health of `serverUrl` (the options page tests a URL before saving it). */
  async function health({ serverUrl }) {
    return api.createClient({ baseUrl: serverUrl }).health();
  }

  async function createAccount() {
    const client = await savedClient();
    const created = await client.createUser();
    return { id: created.id, token: created.token };
  }

  async function deleteAccount() {
    const client = await savedClient();
    await client.deleteMe();
    return null;
  }

  /** The account's profile: likes and dislikes with times (options page). */
  async function profile() {
    const client = await savedClient();
    return client.me();
  }

  /**
   * PUTs every local like and dislike into the account, one at a time (a few hundred small
   * requests at most). The local copy stays: switching back to local mode finds it unchanged.
   */
  async function copyLocalToAccount() {
    const client = await savedClient();
    const local = (await settings.localFeedbackStore.load()) || feedback.EMPTY;
    const likes = Object.keys(local.likes || {});
    const dislikes = Object.keys(local.dislikes || {});
    for (const id of likes) {
      await client.like(id);
    }
    for (const id of dislikes) {
      await client.dislike(id);
    }
    return { likes: likes.length, dislikes: dislikes.length };
  }

  const HANDLERS = {
    similar,
    opinion: setOpinion,
    opinions,
    rank,
    forYou,
    health,
    createAccount,
    deleteAccount,
    profile,
    copyLocalToAccount,
  };

  /**
   * Message types only the extension's own pages (popup, options) may send: content scripts run
   * inside paper sites and have no business creating or deleting accounts or probing other URLs.
   */
  const EXTENSION_PAGES_ONLY = new Set(["health", "createAccount", "deleteAccount", "profile", "copyLocalToAccount"]);

  function allowed(type, sender) {
    return !EXTENSION_PAGES_ONLY.has(type) || String(sender.url || "").startsWith(chrome.runtime.getURL(""));
  }

  /** Message types that write feedback, run one after another so that two quick clicks cannot lose one. */
  const WRITES = new Set(["opinion", "copyLocalToAccount"]);
  let lastWrite = Promise.resolve();

  function run(message) {
    const handler = HANDLERS[message.type];
    if (!WRITES.has(message.type)) {
      return handler(message);
    }
    const result = lastWrite.then(() => handler(message));
    lastWrite = result.catch(() => undefined);
    return result;
  }

  function describe(error) {
    const message = error && error.message ? String(error.message) : String(error);
    return { message: message.replace(/\s+/g, " ").trim(), kind: (error && error.kind) || "extension" };
  }

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || !Object.prototype.hasOwnProperty.call(HANDLERS, message.type) || !allowed(message.type, sender)) {
      return false;
    }
    Promise.resolve()
      .then(() => run(message))
      .then(
        (value) => sendResponse({ ok: true, value: value === undefined ? null : value }),
        (error) => sendResponse({ ok: false, error: describe(error) }),
      );
    // Keeps the channel open: the answer comes after the server does.
    return true;
  });
})();
