// Unit tests of the extension's logic that needs no browser: settings validation, the background's
// message router (fallback to the page's text, listing requests, who may send what, writes in
// order) and the small shared helpers the extension added. chrome.* and the server are replaced by
// in-memory fakes here; the extension-*.test.mjs browser tests run the same code for real.

import assert from "node:assert/strict";
import path from "node:path";
import { beforeEach, describe, it } from "node:test";
import { ROOT } from "../lib/harness.mjs";

const EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnop/";

/** chrome.storage.local in memory, and the background's onMessage listener once it registers. */
const fakeChrome = {
  stored: {},
  listener: null,
  storage: {
    local: {
      get: async (key) => (key === null ? { ...fakeChrome.stored } : key in fakeChrome.stored ? { [key]: fakeChrome.stored[key] } : {}),
      set: async (items) => Object.assign(fakeChrome.stored, structuredClone(items)),
    },
  },
  runtime: {
    getURL: (file) => EXTENSION_ORIGIN + file,
    onMessage: { addListener: (listener) => (fakeChrome.listener = listener) },
  },
};
globalThis.chrome = fakeChrome;

for (const file of ["shared/ids.js", "shared/api.js", "shared/feedback.js", "shared/render.js", "settings.js", "background.js"]) {
  await import(path.join(ROOT, "extension", file));
}
const { ids, render, settings } = globalThis.paperrec;

/** Answers fetches from `routes["METHOD /path"]` (a function of the parsed body) and records them. */
function serve(routes) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    const { origin, pathname, search } = new URL(url);
    const body = init.body === undefined ? undefined : JSON.parse(init.body);
    calls.push({ route: `${init.method} ${pathname}`, origin, search, body, authorization: init.headers.Authorization });
    const route = routes[`${init.method} ${pathname}`];
    const [status, json] = route ? route(body) : [404, { type: "urn:paperrec:problem:route-not-found", detail: `no route ${pathname}` }];
    return new Response(JSON.stringify(json), { status, headers: { "Content-Type": "application/json" } });
  };
  return calls;
}

/** Sends `message` to the background as `senderUrl` would; resolves to its answer, or "no answer". */
function send(message, senderUrl = `${EXTENSION_ORIGIN}popup/popup.html`) {
  return new Promise((resolve) => {
    const open = fakeChrome.listener(message, { url: senderUrl }, resolve);
    if (open !== true) resolve("no answer");
  });
}

const RESULT = { id: "2302.13939", title: "SpikeGPT", authors: [], authorCount: 4, categories: [], score: 0.65, reason: {} };
const NOT_FOUND = [404, { type: "urn:paperrec:problem:paper-not-found", detail: "paper 2611.00001 is not in the corpus" }];

beforeEach(() => {
  fakeChrome.stored = { settings: { serverUrl: "http://localhost:7070", mode: "local", tokens: {} } };
});

const TOKEN = "k".repeat(43);
const PROFILE = { id: "0".repeat(32), created: "2026-01-01T00:00:00.000Z", likes: [], dislikes: [] };

describe("settings", () => {
  it("takes a server URL without its trailing slash and keeps a path prefix", () => {
    assert.equal(settings.parseServerUrl(" http://localhost:7070/ "), "http://localhost:7070");
    assert.equal(settings.parseServerUrl("https://papers.example.org/paperrec/"), "https://papers.example.org/paperrec");
  });

  it("refuses what is not an http(s) base URL, saying why", () => {
    assert.match(settings.parseServerUrl("localhost:7070").message, /must start with http:\/\/ or https:\/\//);
    assert.match(settings.parseServerUrl("not a url").message, /is not a URL; expected e\.g\. http:\/\/localhost:7070/);
    assert.match(settings.parseServerUrl("http://host/?q=1").message, /must not carry a query/);
  });

  it("fills what was never saved from the defaults", async () => {
    fakeChrome.stored = {};
    assert.deepEqual(await settings.load(), { serverUrl: "http://localhost:7070", mode: "local", tokens: {}, token: "" });
  });

  it("files a token under its server's origin, so that it is not the token of another server", async () => {
    await settings.save({ serverUrl: "https://papers.example.org/paperrec", token: TOKEN, mode: "account" });
    assert.deepEqual(fakeChrome.stored.settings, {
      serverUrl: "https://papers.example.org/paperrec",
      mode: "account",
      tokens: { "https://papers.example.org": TOKEN },
    });
    assert.equal((await settings.save({ serverUrl: "http://localhost:7070" })).token, "");
    assert.equal((await settings.save({ serverUrl: "https://papers.example.org" })).token, TOKEN, "same origin, same token");
  });
});

describe("background: the account token", () => {
  it("goes to no other server after the server URL changed, and comes back with the server it belongs to", async () => {
    await settings.save({ serverUrl: "http://localhost:7070", mode: "account", token: TOKEN });
    await settings.save({ serverUrl: "http://127.0.0.1:9000" });
    const calls = serve({ "GET /v1/users/me": () => [200, PROFILE] });
    const answer = await send({ type: "opinions", ids: ["2501.13492"] }, "https://arxiv.org/abs/2501.13492");
    assert.deepEqual(answer, {
      ok: false,
      error: { message: "account mode needs a token: create an account or paste your token in the settings", kind: "http" },
    });
    assert.deepEqual(calls.filter((call) => call.authorization !== undefined), [], "no Authorization header went anywhere");

    await settings.save({ serverUrl: "http://localhost:7070" });
    assert.equal((await send({ type: "opinions", ids: ["2501.13492"] }, "https://arxiv.org/abs/2501.13492")).ok, true);
    assert.deepEqual(calls.map((call) => [call.origin, call.route, call.authorization]), [
      ["http://localhost:7070", "GET /v1/users/me", `Bearer ${TOKEN}`],
    ]);
  });
});

describe("shared helpers the extension added", () => {
  it("ids.paperKey keeps the server's doi: and title: IDs so that such results can be liked", () => {
    assert.equal(ids.paperKey("arXiv:2501.13492v2"), "2501.13492");
    assert.equal(ids.paperKey("title:bayesian-bi-clustering"), "title:bayesian-bi-clustering");
    assert.equal(ids.paperKey("doi:10.1000/xyz"), "doi:10.1000/xyz");
    assert.equal(ids.paperKey("not an id"), null);
  });

  it("render.authorLine gives the count when a corpus has no author names", () => {
    assert.equal(render.authorLine({ authors: [], authorCount: 5 }), "5 authors");
    assert.equal(render.authorLine({ authors: [], authorCount: 1 }), "1 author");
    assert.equal(render.authorLine({ authors: ["A", "B", "C", "D"], authorCount: 4 }), "A, B, C et al.");
  });
});

describe("background: similar", () => {
  it("asks by ID when the corpus has the paper", async () => {
    const calls = serve({ "GET /v1/papers/2501.13492/similar": () => [200, { paper: "2501.13492", results: [RESULT] }] });
    const answer = await send({ type: "similar", id: "2501.13492", title: "T", abstract: "A" });
    assert.deepEqual(answer, { ok: true, value: { results: [RESULT], fromText: false } });
    assert.equal(calls.length, 1);
  });

  it("falls back to the page's title and abstract when the paper is not in the corpus", async () => {
    const calls = serve({
      "GET /v1/papers/2611.00001/similar": () => NOT_FOUND,
      "POST /v1/similar": () => [200, { results: [RESULT] }],
    });
    const answer = await send({ type: "similar", id: "2611.00001", title: "Spiking", abstract: "We spike." });
    assert.deepEqual(answer, { ok: true, value: { results: [RESULT], fromText: true } });
    assert.deepEqual(calls[1].body, { title: "Spiking", abstract: "We spike.", limit: 10 });
  });

  it("does not fall back when a 404 says the URL is wrong, not the paper", async () => {
    serve({});
    const answer = await send({ type: "similar", id: "2501.13492", title: "T", abstract: "A" });
    assert.deepEqual(answer, { ok: false, error: { message: "paperrec: no route /v1/papers/2501.13492/similar", kind: "http" } });
  });

  it("says in one line that an unknown paper without an abstract on its page cannot be compared", async () => {
    serve({ "GET /v1/papers/2611.00001/similar": () => NOT_FOUND });
    const answer = await send({ type: "similar", id: "2611.00001", title: "Spiking", abstract: "" }, "https://arxiv.org/abs/2611.00001");
    assert.equal(answer.ok, false);
    assert.match(answer.error.message, /not in paperrec's corpus and its page shows no abstract/);
  });
});

describe("background: listings and opinions", () => {
  it("ranks a listing's IDs as candidates with the local likes, and says the limit it asked for", async () => {
    fakeChrome.stored.localFeedback = { likes: { "2501.13492": 1_000 }, dislikes: { "2501.06842": 2_000 } };
    const calls = serve({ "POST /v1/recommendations": () => [200, { strategy: "best_score", results: [RESULT], unknownIds: ["2611.00002"] }] });
    const answer = await send({ type: "rank", ids: ["2302.13939", "2611.00002", "2303.10276"] }, "https://arxiv.org/list/cs.NE/new");
    assert.equal(answer.value.limit, 3);
    assert.deepEqual(calls[0].body, {
      liked: [{ id: "2501.13492", at: "1970-01-01T00:00:01.000Z" }],
      negative: ["2501.06842"],
      candidates: ["2302.13939", "2611.00002", "2303.10276"],
      limit: 3,
    });
  });

  it("keeps both of two opinions sent at once (writes run one after another)", async () => {
    serve({});
    const [first, second] = await Promise.all([
      send({ type: "opinion", id: "2501.13492", opinion: "like" }, "https://arxiv.org/abs/2501.13492"),
      send({ type: "opinion", id: "2302.13939", opinion: "dislike" }, "https://arxiv.org/abs/2501.13492"),
    ]);
    assert.deepEqual([first.value, second.value], ["like", "dislike"]);
    assert.deepEqual(Object.keys(fakeChrome.stored.localFeedback.likes), ["2501.13492"]);
    assert.deepEqual(Object.keys(fakeChrome.stored.localFeedback.dislikes), ["2302.13939"]);
  });

  it("answers account and URL messages only to the extension's own pages, never to content scripts", async () => {
    const calls = serve({ "POST /v1/users": () => [201, { id: "0".repeat(32), token: "t".repeat(43), created: "2026-01-01T00:00:00.000Z" }] });
    assert.equal(await send({ type: "createAccount" }, "https://arxiv.org/abs/2501.13492"), "no answer");
    assert.equal(await send({ type: "health", serverUrl: "http://intranet.example" }, "https://arxiv.org/abs/2501.13492"), "no answer");
    assert.equal(calls.length, 0);
    assert.equal((await send({ type: "createAccount" }, `${EXTENSION_ORIGIN}options/options.html`)).value.token, "t".repeat(43));
  });
});
