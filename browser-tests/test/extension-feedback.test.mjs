// Likes and not-interested change what the extension recommends, in both modes: local (likes in
// extension storage, sent with each stateless request) and account (likes in a server profile,
// set up through the options page). Real Chromium with the unpacked extension, real paperrec
// server with the demo corpus, paper sites answered from browser-tests/fixtures/. Each test seeds
// the extension's storage it starts from (through the service worker), so they run in any order.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, screenshot, servePages, startServer } from "../lib/harness.mjs";

const WAIT = { timeout: 30_000 };
const PAGES = {
  "https://arxiv.org/abs/2501.13492": "arxiv-abs-2501.13492.html",
  "https://huggingface.co/papers/2302.13939": "hf-papers-2302.13939.html",
  "https://arxiv.org/list/cs.NE/new": "arxiv-list-cs.NE-new.html",
};
const LISTING = "https://arxiv.org/list/cs.NE/new";
const LISTING_IDS = [
  "2202.00666", "2303.10276", "2305.08013", "2408.16467", "2412.07360", "2611.00002",
  "2007.14966", "2306.17670", "2311.10802", "2611.00003",
];
const NOT_IN_CORPUS = ["2611.00002", "2611.00003"];
/** How long the background's requests are held back where a test clicks twice: the second click lands while the first runs. */
const SLOW_MS = 300;

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await servePages(browser.context, PAGES);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The extension's service worker (Chromium keeps it running while the test browser is attached). */
function worker() {
  return browser.context.serviceWorkers()[0];
}

/**
 * Replaces the extension's storage with the state a test starts from: the test server, `mode`,
 * the server's `token` if any, and the local likes and dislikes (`{id: epochMs}`).
 */
async function seed({ mode = "local", token = "", likes = {}, dislikes = {} } = {}) {
  const settings = { serverUrl: server.url, mode, tokens: token ? { [new URL(server.url).origin]: token } : {} };
  await worker().evaluate(async (state) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(state);
  }, { settings, localFeedback: { likes, dislikes } });
}

/** What the extension keeps in chrome.storage.local. */
function extensionStorage() {
  return worker().evaluate(() => chrome.storage.local.get(null));
}

/**
 * Counts the background's requests by "METHOD /path" from now on, holding each one back
 * `delayMs` first; `t.after` puts the real fetch back. Resolves to a function that reads the counts.
 */
async function countRequests(t, delayMs) {
  await worker().evaluate((delay) => {
    const real = self.paperrecTestFetch || (self.paperrecTestFetch = self.fetch);
    const counts = (self.paperrecTestCounts = {});
    self.fetch = async (url, init = {}) => {
      const key = `${init.method || "GET"} ${new URL(url).pathname}`;
      counts[key] = (counts[key] || 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return real.call(self, url, init);
    };
  }, delayMs);
  t.after(() => worker().evaluate(() => (self.fetch = self.paperrecTestFetch)));
  return () => worker().evaluate(() => self.paperrecTestCounts);
}

async function openOptions() {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.locator("#local-count", { hasText: "In this browser" }).waitFor(WAIT);
  return options;
}

async function openPopup() {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  return popup;
}

/** The popup's "For you" list once loaded: `[{id, score}]`, or [] when it shows a message instead. */
async function forYou(popup) {
  await popup.locator("#for-you .paperrec-result, #for-you .paperrec-message:not(:has-text('Loading'))").first().waitFor(WAIT);
  return popup.locator("#for-you .paperrec-result").evaluateAll((items) =>
    items.map((item) => ({ id: item.dataset.paperId, score: Number(item.querySelector(".paperrec-score").textContent) })),
  );
}

/** Presses `kind` ("like" or "dislike") inside `scope` and waits until the answer marks it pressed. */
async function press(scope, kind) {
  const button = scope.locator(`.paperrec-${kind}`);
  await button.click();
  await scope.locator(`.paperrec-${kind}[aria-pressed="true"]`).waitFor(WAIT);
}

/** Likes the paper of `url` with the panel's "This paper" bar. */
async function likeOnPage(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await press(page.locator("paperrec-panel .paperrec-this-paper"), "like");
  await page.close();
}

async function api(method, route, { body, token } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(server.url + route, { method, headers, body: body && JSON.stringify(body) });
  assert.ok(response.ok, `${method} ${route} answered ${response.status}: ${await response.clone().text()}`);
  return response.json();
}

/** Opens the listing and returns rank → ID of its badges, once they are there. */
async function listingBadges(page) {
  await page.goto(LISTING);
  await page.locator('paperrec-badge[data-rank="1"]').waitFor(WAIT);
  return page.locator("paperrec-badge").evaluateAll((badges) =>
    Object.fromEntries(
      badges.map((badge) => [badge.dataset.rank, badge.closest("dd").previousElementSibling.querySelector('a[title="Abstract"]').id]),
    ),
  );
}

function listingOrder(page) {
  return page.locator('#dlpage dt a[title="Abstract"]').evaluateAll((links) => links.map((link) => link.id));
}

/** Checks the badges and the "Read best-first" order against the server's ranking `expected`. */
async function assertListingFollows(page, expected) {
  const badges = await listingBadges(page);
  const top = expected.slice(0, 10).map((result) => result.id);
  assert.deepEqual(Object.values(badges), top, "badge #N sits on the server's N-th paper");
  for (const id of NOT_IN_CORPUS) {
    assert.ok(!Object.values(badges).includes(id), `${id} is not in the corpus and stays unmarked`);
  }
  assert.match(await page.locator("paperrec-bar .paperrec-message").innerText(), /2 not in paperrec's corpus/);

  await page.locator("paperrec-bar .paperrec-toggle").click();
  await page.locator('paperrec-bar .paperrec-toggle[aria-pressed="true"]').waitFor(WAIT);
  const bestFirst = await listingOrder(page);
  assert.deepEqual(bestFirst.slice(0, expected.length), expected.map((result) => result.id), "ranked papers first, best first");
  assert.deepEqual([...bestFirst].sort(), [...LISTING_IDS].sort(), "no entry lost or duplicated");

  await page.locator("paperrec-bar .paperrec-toggle").click();
  await page.locator('paperrec-bar .paperrec-toggle[aria-pressed="false"]').waitFor(WAIT);
  assert.deepEqual(await listingOrder(page), LISTING_IDS, "back to arXiv's order");
  await page.locator("paperrec-bar .paperrec-toggle").click();
}

/** A new account made directly on the server; resolves to its token. */
async function accountToken() {
  return (await api("POST", "/v1/users")).token;
}

/** The local-mode request body for `likes` and `dislikes` (`{id: epochMs}`), as the extension sends it. */
function localBody(likes, dislikes, options) {
  return {
    liked: Object.entries(likes).map(([id, at]) => ({ id, at: new Date(at).toISOString() })),
    negative: Object.keys(dislikes),
    ...options,
  };
}

test("with nothing liked, the popup and the listing each say so in one line", async () => {
  await seed();
  const popup = await openPopup();
  assert.deepEqual(await forYou(popup), []);
  assert.match(await popup.locator("#for-you").innerText(), /^Nothing liked yet/);
  await popup.close();

  const listing = await browser.context.newPage();
  await listing.goto(LISTING);
  await listing.locator("paperrec-bar .paperrec-message", { hasText: "Like a few papers to rank this listing" }).waitFor(WAIT);
  assert.equal(await listing.locator("paperrec-badge").count(), 0);
  await listing.close();
});

test("with only papers outside the corpus liked, the popup and the listing ask for a like of a corpus paper in one line", async () => {
  await seed({ likes: { "2611.00001": Date.now() } });
  const popup = await openPopup();
  assert.deepEqual(await forYou(popup), []);
  assert.match(await popup.locator("#for-you").innerText(), /^None of your liked papers is in this paperrec corpus yet/);
  assert.equal(await popup.locator("#for-you .paperrec-error").count(), 0, "not shown as an error");
  await popup.close();

  const listing = await browser.context.newPage();
  await listing.goto(LISTING);
  await listing.locator("paperrec-bar .paperrec-message", { hasText: "None of your liked papers is in this paperrec corpus yet" }).waitFor(WAIT);
  assert.equal(await listing.locator("paperrec-badge").count(), 0);
  await listing.close();
});

test("local mode: a like fills For you without the liked paper; not-interested drops a result and pushes its neighbours down", async () => {
  await seed();
  await likeOnPage("https://arxiv.org/abs/2501.13492");
  const stored = await extensionStorage();
  assert.ok(stored.localFeedback.likes["2501.13492"], "the like is kept in extension storage");
  assert.equal(stored.settings.mode, "local");

  const popup = await openPopup();
  const before = await forYou(popup);
  assert.ok(before.length > 0, "For you is filled after one like");
  assert.ok(!before.some((result) => result.id === "2501.13492"), "the liked paper itself is not recommended");
  assert.match(
    await popup.locator("#for-you .paperrec-reason").first().innerText(),
    /^closest to “Quantized Spike-driven Transformer”, which you liked \(\d\.\d\d\)/,
    "the reason names the liked paper by its title",
  );

  const disliked = before[0].id;
  await press(popup.locator(`.paperrec-result[data-paper-id="${disliked}"]`), "dislike");
  assert.ok((await extensionStorage()).localFeedback.dislikes[disliked]);
  await popup.reload();
  const afterDislike = await forYou(popup);
  assert.ok(!afterDislike.some((result) => result.id === disliked), "the disliked result is gone");
  const scoreBefore = new Map(before.map((result) => [result.id, result.score]));
  const dropped = afterDislike.filter((result) => scoreBefore.has(result.id) && result.score < scoreBefore.get(result.id) - 0.01);
  assert.ok(dropped.length > 0, "papers near the disliked one score lower than before");
  await popup.close();
});

test("local mode: a listing gets badges on the papers ranked for the reader, and reads best-first and back", async () => {
  const likes = { "2501.13492": Date.now() - 60_000 };
  const dislikes = { "2311.10802": Date.now() };
  await seed({ likes, dislikes });
  const expected = await api("POST", "/v1/recommendations", {
    body: localBody(likes, dislikes, { candidates: LISTING_IDS, limit: LISTING_IDS.length }),
  });
  const page = await browser.context.newPage();
  await assertListingFollows(page, expected.results);
  assert.ok(!expected.results.some((result) => result.id === "2311.10802"), "the dislike matters: the listing entry disliked is not ranked");
  await screenshot(page, "extension-listing", { fullPage: true });
  await page.close();
});

test("account mode: Create account, clicked twice, makes one account and turns Account mode on", async (t) => {
  await seed();
  const counts = await countRequests(t, SLOW_MS);
  const options = await openOptions();
  await options.locator("#create-account").dblclick();
  await options.locator("#account-status", { hasText: "Account created" }).waitFor(WAIT);
  assert.deepEqual(await counts(), { "POST /v1/users": 1 }, "one account, not two");
  assert.equal(await options.locator("#create-account").isEnabled(), true, "enabled again once done");

  const { settings } = await extensionStorage();
  assert.equal(settings.mode, "account");
  const token = settings.tokens[new URL(server.url).origin];
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await options.locator("#token").inputValue(), token);
  const profile = await api("GET", "/v1/users/me", { token });
  assert.deepEqual([profile.likes, profile.dislikes], [[], []], "the token opens the new, empty profile");
  await options.close();
});

test("account mode: likes go to the server profile and shape For you and the listing", async () => {
  const token = await accountToken();
  await seed({ mode: "account", token });

  await likeOnPage("https://huggingface.co/papers/2302.13939");
  let profile = await api("GET", "/v1/users/me", { token });
  assert.deepEqual(profile.likes.map((like) => like.id), ["2302.13939"], "the like is in the server profile, and only that one");
  assert.deepEqual((await extensionStorage()).localFeedback, { likes: {}, dislikes: {} }, "nothing was kept locally");

  const popup = await openPopup();
  assert.match(await popup.locator("#mode").innerText(), /^Account mode/);
  const before = await forYou(popup);
  assert.ok(before.length > 0 && !before.some((result) => result.id === "2302.13939"));
  const disliked = before[0].id;
  await press(popup.locator(`.paperrec-result[data-paper-id="${disliked}"]`), "dislike");
  profile = await api("GET", "/v1/users/me", { token });
  assert.deepEqual(profile.dislikes.map((entry) => entry.id), [disliked]);
  await popup.reload();
  assert.ok(!(await forYou(popup)).some((result) => result.id === disliked), "the disliked result is gone");
  await popup.setViewportSize({ width: 420, height: 720 });
  await screenshot(popup, "extension-popup");
  await popup.close();

  const expected = await api("POST", "/v1/users/me/recommendations", {
    token,
    body: { candidates: LISTING_IDS, limit: LISTING_IDS.length },
  });
  const page = await browser.context.newPage();
  await assertListingFollows(page, expected.results);
  await page.close();
});

test("account mode: Copy my local likes, clicked twice, uploads each local like and dislike once and keeps them here", async (t) => {
  const token = await accountToken();
  const local = { likes: { "2501.13492": Date.now() }, dislikes: { "2311.10802": Date.now() } };
  await seed({ mode: "account", token, ...local });
  const counts = await countRequests(t, SLOW_MS);
  const options = await openOptions();
  await options.locator("#copy-local").dblclick();
  await options.locator("#account-status", { hasText: "Copied 1 like and 1 dislike" }).waitFor(WAIT);
  assert.deepEqual(await counts(), { "PUT /v1/users/me/likes/2501.13492": 1, "PUT /v1/users/me/dislikes/2311.10802": 1 });

  const profile = await api("GET", "/v1/users/me", { token });
  assert.deepEqual(profile.likes.map((entry) => entry.id), ["2501.13492"]);
  assert.deepEqual(profile.dislikes.map((entry) => entry.id), ["2311.10802"]);
  assert.deepEqual((await extensionStorage()).localFeedback, local, "the local copy stays");
  await options.close();
});

test("account mode: Delete account, clicked twice, erases the profile once and returns to local mode with the local likes", async (t) => {
  const token = await accountToken();
  const local = { likes: { "2501.13492": Date.now() }, dislikes: {} };
  await seed({ mode: "account", token, ...local });
  const counts = await countRequests(t, SLOW_MS);
  const options = await openOptions();
  options.on("dialog", (dialog) => dialog.accept());
  await options.locator("#delete-account").dblclick();
  await options.locator("#account-status.ok", { hasText: "Account deleted on the server" }).waitFor(WAIT);
  assert.deepEqual(await counts(), { "DELETE /v1/users/me": 1 });

  const gone = await fetch(`${server.url}/v1/users/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(gone.status, 401, "the token no longer opens anything");
  const stored = await extensionStorage();
  assert.deepEqual(stored.settings, { serverUrl: server.url, mode: "local", tokens: {} });
  assert.deepEqual(stored.localFeedback, local);
  assert.equal(await options.locator("#delete-account").isDisabled(), true, "nothing left to delete");
  await options.close();
});

test("account mode: a token stays with its server when the server URL changes, and is used again after changing back", async () => {
  const token = await accountToken();
  await seed({ mode: "account", token });
  const elsewhere = "http://127.0.0.1:9";
  const options = await openOptions();
  assert.equal(await options.locator("#token").inputValue(), token);

  await options.locator("#server-url").fill(elsewhere);
  await options.locator("#save-server").click();
  await options.locator("#server-status", { hasText: "Account mode has no token for this server" }).waitFor(WAIT);
  assert.equal(await options.locator("#token").inputValue(), "");
  assert.deepEqual((await extensionStorage()).settings.tokens, { [new URL(server.url).origin]: token }, "kept, not sent anywhere");
  const popup = await openPopup();
  await popup.locator("#for-you .paperrec-message.paperrec-error", { hasText: "account mode needs a token" }).waitFor(WAIT);
  assert.equal(await popup.locator("#for-you .paperrec-message").count(), 1);
  await popup.close();

  await options.locator("#server-url").fill(server.url);
  await options.locator("#save-server").click();
  await options.locator("#server-status", { hasText: "Account mode uses the token this browser keeps for it" }).waitFor(WAIT);
  assert.equal(await options.locator("#token").inputValue(), token);
  await options.close();
});
