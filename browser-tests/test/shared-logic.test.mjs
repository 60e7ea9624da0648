// Unit tests of the logic in extension/shared/ that needs no browser: ID normalisation, the API
// client's error lines and the two feedback modes. The server is replaced by a recording fake
// here; the browser tests run the same code against the real server.

import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../lib/harness.mjs";

for (const file of ["ids.js", "api.js", "feedback.js"]) {
  await import(path.join(ROOT, "extension", "shared", file));
}
const { ids, api, feedback } = globalThis.paperrec;

describe("ids.normalise", () => {
  it("drops prefixes and versions and lower-cases old-style archives", () => {
    assert.equal(ids.normalise("2501.13492"), "2501.13492");
    assert.equal(ids.normalise(" arXiv:2501.13492v3 "), "2501.13492");
    assert.equal(ids.normalise("0704.0001"), "0704.0001");
    assert.equal(ids.normalise("cs/9901011v2"), "cs/9901011");
    assert.equal(ids.normalise("HEP-TH/9901001"), "hep-th/9901001");
    assert.equal(ids.normalise("math.AG/0601001"), "math/0601001");
  });

  it("says null for what is not an arXiv ID", () => {
    for (const raw of ["", "2501.134", "hello", "2501.13492vx", null, undefined, 42]) {
      assert.equal(ids.normalise(raw), null, String(raw));
    }
  });
});

/** A fetch that answers from `respond(url, init)` and records every call. */
function fakeFetch(respond) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    return respond(url, init);
  };
  return { fetch, calls };
}

const json = (status, body, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

describe("api client", () => {
  it("builds URLs with encoded IDs and only the query values that are set", async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { results: [] }));
    const client = api.createClient({ baseUrl: "http://localhost:7070/", fetch });
    await client.similar("cs/9901011", { limit: 5 });
    await client.search("spiking transformers", {});
    assert.equal(calls[0].url, "http://localhost:7070/v1/papers/cs%2F9901011/similar?limit=5");
    assert.equal(calls[1].url, "http://localhost:7070/v1/search?q=spiking+transformers");
  });

  it("turns a problem+json answer into its detail, on one line", async () => {
    const problem = { type: "urn:paperrec:problem:paper-not-found", status: 404, detail: "no paper\n 2501.99999" };
    const { fetch } = fakeFetch(() => json(404, problem, "application/problem+json"));
    const client = api.createClient({ baseUrl: "http://localhost:7070", fetch });
    await assert.rejects(client.paper("2501.99999"), (e) => {
      assert.equal(e.kind, "http");
      assert.equal(e.status, 404);
      assert.equal(e.message, "paperrec: no paper 2501.99999");
      return true;
    });
  });

  it("names the server when it cannot be reached or is too slow", async () => {
    const down = api.createClient({
      baseUrl: "http://localhost:1",
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    await assert.rejects(down.health(), {
      kind: "unreachable",
      message: "paperrec is not reachable at http://localhost:1: is the server running?",
    });

    const slow = api.createClient({
      baseUrl: "http://localhost:7070",
      timeoutMs: 50,
      fetch: (url, init) =>
        new Promise((resolve, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted")))),
    });
    await assert.rejects(slow.health(), { kind: "timeout", message: "paperrec at http://localhost:7070 did not answer within 0.05 s" });
  });

  it("sends the bearer token on account routes and refuses them without one", async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    await api.createClient({ baseUrl: "", token: "tok", fetch }).unlike("2501.13492");
    assert.equal(calls[0].init.headers.Authorization, "Bearer tok");
    assert.equal(calls[0].init.method, "DELETE");
    await assert.rejects(api.createClient({ baseUrl: "", fetch }).me(), { kind: "http", status: 401 });
  });

  it("creates a user with a JSON body, which the server requires so that no web page can", async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { id: "0".repeat(32), token: "t".repeat(43) }));
    await api.createClient({ baseUrl: "", fetch }).createUser();
    assert.equal(calls[0].init.method, "POST");
    assert.equal(calls[0].init.headers["Content-Type"], "application/json");
    assert.deepEqual(calls[0].body, {});
  });
});

/** A store of the local mode's state in memory. */
function memoryStore(initial) {
  let saved = initial;
  return { load: async () => saved, save: async (state) => void (saved = structuredClone(state)), peek: () => saved };
}

describe("feedback, local mode", () => {
  const settings = { mode: "local", serverUrl: "http://localhost:7070" };

  it("keeps one opinion per paper under its normal ID", async () => {
    let time = 1000;
    const store = memoryStore();
    const local = feedback.createFeedback({ settings, store, client: {}, now: () => time++ });
    await local.set("arXiv:2501.13492v2", "like");
    await local.set("2501.06842", "like");
    await local.set("2501.06842", "dislike");
    assert.deepEqual(store.peek(), { likes: { "2501.13492": 1000 }, dislikes: { "2501.06842": 1002 } });
    const state = await local.set("2501.13492", "none");
    assert.equal(feedback.opinionOf(state, "2501.13492"), "none");
    assert.equal(feedback.opinionOf(state, "2501.06842"), "dislike");
    await assert.rejects(local.set("not an id", "like"), /not an arXiv paper ID/);
  });

  it("sends likes newest first with their times, and dislikes as negatives", async () => {
    const sent = [];
    const client = { recommend: async (body) => (sent.push(body), { results: [] }) };
    const store = memoryStore({ likes: { "2501.13492": 1_000, "2302.13939": 3_000 }, dislikes: { "2501.06842": 2_000 } });
    const local = feedback.createFeedback({ settings, store, client });
    await local.recommend({ limit: 5, candidates: [] });
    assert.deepEqual(sent[0], {
      liked: [
        { id: "2302.13939", at: "1970-01-01T00:00:03.000Z" },
        { id: "2501.13492", at: "1970-01-01T00:00:01.000Z" },
      ],
      negative: ["2501.06842"],
      limit: 5,
    });
  });

  it("names each result's closest liked paper by its title, and by its ID when the title cannot be had", async () => {
    const result = (id, closest) => ({ id, score: 0.5, reason: { dense: 0.5, closestLiked: { id: closest, score: 0.7 } } });
    const client = {
      recommend: async () => ({ results: [result("2302.13939", "2501.13492"), result("2303.10276", "2501.06842")] }),
      paper: async (id) => {
        if (id === "2501.06842") throw new api.ApiError("unreachable", "down");
        return { id, title: "Quantized Spike-driven Transformer" };
      },
    };
    const store = memoryStore({ likes: { "2501.13492": 1_000, "2501.06842": 2_000 }, dislikes: {} });
    const answer = await feedback.createFeedback({ settings, store, client }).recommend();
    assert.equal(answer.results[0].reason.closestLiked.title, "Quantized Spike-driven Transformer");
    assert.equal(answer.results[1].reason.closestLiked.title, undefined);
  });

  it("asks for likes instead of calling the server when nothing is liked", async () => {
    const local = feedback.createFeedback({ settings, store: memoryStore(), client: {} });
    assert.deepEqual(await local.recommend(), { results: [], unknownIds: [], needsLikes: true });
  });
});

describe("feedback, when the server has none of the liked papers", () => {
  const noKnownLikes = () =>
    Promise.reject(new api.ApiError("http", "paperrec: none of the liked papers is in the corpus yet", 400, "urn:paperrec:problem:no-known-likes"));

  it("answers needsLikes with a line saying so in local mode, where the reader did like papers", async () => {
    const store = memoryStore({ likes: { "2611.00001": 1_000 }, dislikes: {} });
    const local = feedback.createFeedback({ settings: { mode: "local", serverUrl: "" }, store, client: { recommend: noKnownLikes } });
    const answer = await local.recommend();
    assert.equal(answer.needsLikes, true);
    assert.match(answer.message, /^None of your liked papers is in this paperrec corpus yet/);
  });

  it("in account mode, says so only when the profile has likes, and asks the server nothing it would refuse", async () => {
    const settings = { mode: "account", serverUrl: "", token: "t" };
    const like = (id, inCorpus) => ({ id, time: "2026-11-26T08:00:00.000Z", inCorpus });
    const client = (likes) => ({ myRecommendations: noKnownLikes, me: async () => ({ likes, dislikes: [] }) });
    const empty = await feedback.createFeedback({ settings, store: null, client: client([]) }).recommend();
    assert.deepEqual(empty, { results: [], unknownIds: [], needsLikes: true });
    const outside = await feedback.createFeedback({ settings, store: null, client: client([like("2611.00001", false)]) }).recommend();
    assert.match(outside.message, /^None of your liked papers/);
    // A like that left the corpus between the two calls: the server's answer decides.
    const raced = await feedback.createFeedback({ settings, store: null, client: client([like("2501.13492", true)]) }).recommend();
    assert.match(raced.message, /^None of your liked papers/);
  });

  it("passes every other error on", async () => {
    const failing = { recommend: () => Promise.reject(new api.ApiError("http", "paperrec: bad", 400, "urn:paperrec:problem:invalid-request")) };
    const store = memoryStore({ likes: { "2501.13492": 1_000 }, dislikes: {} });
    const local = feedback.createFeedback({ settings: { mode: "local", serverUrl: "" }, store, client: failing });
    await assert.rejects(local.recommend(), { message: "paperrec: bad" });
  });
});

describe("feedback, account mode", () => {
  it("stores opinions on the server and reads them back from the profile", async () => {
    const calls = [];
    const profile = { likes: [{ id: "2501.13492", time: "2025-03-01T09:30:00.000Z" }], dislikes: [] };
    const client = {
      like: async (id) => calls.push(["like", id]),
      unlike: async (id) => calls.push(["unlike", id]),
      undislike: async (id) => calls.push(["undislike", id]),
      me: async () => profile,
      myRecommendations: async (body) => (calls.push(["recommend", body]), { results: [] }),
    };
    const account = feedback.createFeedback({ settings: { mode: "account", serverUrl: "", token: "t" }, store: null, client });
    const state = await account.set("2501.13492v1", "like");
    assert.deepEqual(state, { likes: { "2501.13492": Date.parse("2025-03-01T09:30:00.000Z") }, dislikes: {} });
    await account.set("2501.13492", "none");
    await account.recommend({ limit: 3, candidates: ["2302.13939"] });
    assert.deepEqual(calls, [
      ["like", "2501.13492"],
      ["unlike", "2501.13492"],
      ["undislike", "2501.13492"],
      ["recommend", { limit: 3, candidates: ["2302.13939"] }],
    ]);
  });

  it("refuses an unknown mode", () => {
    assert.throws(() => feedback.createFeedback({ settings: { mode: "cloud" }, store: null, client: {} }), /unknown mode/);
  });
});
