// The web page the server hosts at "/", in real Chromium against a real server with the bundled
// 48-paper demo corpus: search, a paper with its neighbours, "For you" in local and account mode,
// an unknown paper, the phone layout, and slow answers racing the reader. Every test fails on any
// console error or uncaught exception.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launchBrowser, screenshot, startServer } from "../lib/harness.mjs";

const QUANTIZED = { id: "2501.13492", title: "Quantized Spike-driven Transformer" };
const UNKNOWN_ID = "2501.99999";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

describe("web page", () => {
  let server;
  let browser;

  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser({ withExtension: false })]);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /**
   * A new tab at `route`, collecting console errors and uncaught exceptions except failed loads
   * of URLs containing one of `expectedFailures`. `fresh` empties the site's localStorage first.
   */
  async function open(route, { fresh = false, expectedFailures = [] } = {}) {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.addInitScript(countUnreadAnswers);
    const problems = [];
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    page.on("console", (message) => {
      const where = message.location().url || "";
      if (message.type() === "error" && !expectedFailures.some((part) => where.includes(part))) {
        problems.push(`console: ${message.text()} (${where})`);
      }
    });
    await page.goto(`${server.url}/${route}`);
    if (fresh) {
      await page.evaluate(() => localStorage.clear());
      await page.reload();
    }
    return { page, problems };
  }

  /**
   * Runs in the page before its scripts: `window.unreadAnswers` counts the page's fetches whose
   * answer it has not read yet. The page reads an answer and acts on it in one go, so once the
   * count is 0 every answer it asked for has been drawn or dropped.
   */
  function countUnreadAnswers() {
    const fetch = window.fetch;
    window.unreadAnswers = 0;
    window.fetch = async (...args) => {
      window.unreadAnswers++;
      let response;
      try {
        response = await fetch(...args);
      } finally {
        if (!response || response.status === 204) window.unreadAnswers--;
      }
      const text = response.text.bind(response);
      response.text = () => text().finally(() => window.unreadAnswers--);
      return response;
    };
  }

  async function settled(page) {
    await page.waitForFunction(() => window.unreadAnswers === 0);
  }

  /**
   * Holds the first request the page sends to `path` until `release()`; later ones pass.
   * `requested` resolves once it was sent.
   */
  async function holdFirst(page, path) {
    let release;
    const released = new Promise((resolve) => (release = resolve));
    let sent;
    const requested = new Promise((resolve) => (sent = resolve));
    let first = true;
    await page.route((url) => url.pathname === path, async (route) => {
      if (first) {
        first = false;
        sent();
        await released;
      }
      await route.continue();
    });
    return { requested, release };
  }

  async function finish({ page, problems }) {
    await page.close();
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  }

  /** The paper IDs listed in `selector`, once it lists at least one. */
  async function listedIds(page, selector) {
    await page.locator(`${selector} .paperrec-result`).first().waitFor();
    return page.locator(`${selector} .paperrec-result`).evaluateAll((items) => items.map((li) => li.dataset.paperId));
  }

  async function messageIn(page, selector) {
    return (await page.locator(`${selector} .paperrec-message`).textContent()).trim();
  }

  async function search(page, text) {
    await page.getByLabel("Search papers").fill(text);
    await page.getByLabel("Search papers").press("Enter");
    return listedIds(page, "#results");
  }

  /** Follows the "For you" link and waits until the recommendations (or a line instead) are there. */
  async function openForYou(page) {
    await page.getByRole("link", { name: "For you" }).click();
    await page.waitForFunction(() => {
      const box = document.querySelector("#recommendations");
      const line = box && box.querySelector(".paperrec-message");
      return box && (box.querySelector(".paperrec-result") || (line && !line.textContent.startsWith("Finding")));
    });
  }

  async function profile(token) {
    const response = await fetch(`${server.url}/v1/users/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    return response.json();
  }

  test("a search finds the relevant corpus paper near the top and links it to its page in the app", async () => {
    const tab = await open("#/for-you");
    const { page } = tab;
    await page.locator("#corpus", { hasText: "48 papers" }).waitFor();

    const ids = await search(page, "quantized spiking transformer");

    assert.ok(ids.slice(0, 3).includes(QUANTIZED.id), `top three of ${ids}`);
    assert.match(page.url(), /#\/search\?q=quantized%20spiking%20transformer$/);
    const link = page.locator(`#results [data-paper-id="${QUANTIZED.id}"] .paperrec-title`);
    assert.equal(await link.textContent(), QUANTIZED.title);
    assert.equal(await link.getAttribute("href"), `#/paper/${QUANTIZED.id}`);
    await finish(tab);
  });

  test("opening a paper shows its title, abstract, arXiv link and similar papers with like buttons", async () => {
    const tab = await open(`#/search?q=${encodeURIComponent("quantized spiking transformer")}`);
    const { page } = tab;

    await page.locator(`#results [data-paper-id="${QUANTIZED.id}"] .paperrec-title`).click();
    const similar = await listedIds(page, "#similar");

    assert.equal(await page.locator("h1").textContent(), QUANTIZED.title);
    assert.ok((await page.locator(".abstract").textContent()).includes("Spiking neural networks"));
    assert.equal(await page.getByRole("link", { name: "Read on arXiv" }).getAttribute("href"),
      `https://arxiv.org/abs/${QUANTIZED.id}`);
    assert.ok(similar.length >= 3, `similar: ${similar}`);
    assert.ok(!similar.includes(QUANTIZED.id));
    assert.equal(await page.locator("#similar .paperrec-like").count(), similar.length);
    await screenshot(page, "web-page", { fullPage: true });
    await finish(tab);
  });

  test("the paper view fits a 375 pixel wide phone screen", async () => {
    const tab = await open(`#/paper/${QUANTIZED.id}`);
    const { page } = tab;
    await page.setViewportSize({ width: 375, height: 812 });
    await listedIds(page, "#similar");

    const width = await page.evaluate(() => document.documentElement.scrollWidth);

    assert.ok(width <= 375, `page is ${width} px wide`);
    await screenshot(page, "web-page-mobile");
    await finish(tab);
  });

  test("an unknown paper ID gets one line saying the corpus has no such paper", async () => {
    const tab = await open(`#/paper/${UNKNOWN_ID}`, { expectedFailures: [`/v1/papers/${UNKNOWN_ID}`] });
    const { page } = tab;

    await page.locator("#paper .paperrec-error").waitFor();

    assert.equal(await messageIn(page, "#paper"), `No paper ${UNKNOWN_ID} in this corpus`);
    assert.equal(await page.locator("#view .paperrec-message").count(), 1);
    await finish(tab);
  });

  test("a 404 that is not the API's paper-not-found shows what went wrong, not that the paper is missing", async () => {
    const path = `/v1/papers/${QUANTIZED.id}`;
    const tab = await open("#/settings", { expectedFailures: [path] });
    const { page } = tab;
    // e.g. a proxy in front of the server that does not pass /v1 on
    await page.route((url) => url.pathname === path,
      (route) => route.fulfill({ status: 404, contentType: "text/html", body: "<h1>Not Found</h1>" }));

    await page.evaluate((id) => (location.hash = `#/paper/${id}`), QUANTIZED.id);
    await page.locator("#paper .paperrec-error").waitFor();

    assert.equal(await messageIn(page, "#paper"), "paperrec: HTTP 404");
    await finish(tab);
  });

  test("a paper that answers after the reader moved to another view leaves that view and the title alone", async () => {
    const tab = await open("#/settings");
    const { page } = tab;
    const slow = await holdFirst(page, `/v1/papers/${QUANTIZED.id}`);
    await page.evaluate((id) => (location.hash = `#/paper/${id}`), QUANTIZED.id);
    await slow.requested;

    await page.getByRole("link", { name: "Settings" }).click();
    await page.locator("h1", { hasText: "Settings" }).waitFor();
    slow.release();
    await settled(page);

    assert.equal(await page.title(), "Settings · paperrec");
    assert.equal(await page.locator("h1").textContent(), "Settings");
    assert.equal(await page.locator("#paper").count(), 0);
    await finish(tab);
  });

  test("local mode: like and not-interested change For you and stay in this browser", async () => {
    const tab = await open("#/for-you", { fresh: true });
    const { page } = tab;
    await openForYou(page);
    assert.match(await messageIn(page, "#recommendations"), /^Like a few papers first/);

    await page.goto(`${server.url}/#/paper/${QUANTIZED.id}`);
    await page.locator(".paper-actions .paperrec-like").click();
    await page.locator('.paper-actions .paperrec-like[aria-pressed="true"]').waitFor();
    await openForYou(page);
    const recommended = await listedIds(page, "#recommendations");
    assert.ok(recommended.length > 0);
    assert.ok(!recommended.includes(QUANTIZED.id));
    assert.deepEqual(await listedIds(page, "#liked"), [QUANTIZED.id]);

    const unwanted = recommended[0];
    await page.locator(`#recommendations [data-paper-id="${unwanted}"] .paperrec-dislike`).click();
    await page.locator(`#disliked [data-paper-id="${unwanted}"]`).waitFor();
    const after = await listedIds(page, "#recommendations");
    assert.ok(after.length > 0 && !after.includes(unwanted), `${unwanted} still in ${after}`);

    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("paperrec.feedback")));
    assert.deepEqual(Object.keys(stored.likes), [QUANTIZED.id]);
    assert.deepEqual(Object.keys(stored.dislikes), [unwanted]);
    assert.equal(await page.evaluate(() => localStorage.getItem("paperrec.token")), null);
    await finish(tab);
  });

  test("For you shows the latest refresh when an earlier one answers last", async () => {
    const tab = await open("#/settings", { fresh: true });
    const { page } = tab;
    await page.evaluate((id) => localStorage.setItem("paperrec.feedback",
      JSON.stringify({ likes: { [id]: Date.now() }, dislikes: {} })), QUANTIZED.id);
    await openForYou(page);
    const [first, second] = await listedIds(page, "#recommendations");
    const slow = await holdFirst(page, "/v1/recommendations");

    await page.locator(`#recommendations [data-paper-id="${first}"] .paperrec-dislike`).click();
    await slow.requested;
    await page.locator(`#recommendations [data-paper-id="${second}"] .paperrec-dislike`).click();
    await page.locator(`#disliked [data-paper-id="${second}"]`).waitFor();
    slow.release();
    await settled(page);

    assert.deepEqual((await listedIds(page, "#disliked")).sort(), [first, second].sort());
    const recommended = await listedIds(page, "#recommendations");
    assert.ok(!recommended.includes(first) && !recommended.includes(second), `${first} or ${second} in ${recommended}`);
    await finish(tab);
  });

  test("account mode: created in the settings, likes go to the server profile and change For you", async () => {
    const tab = await open("#/settings", { fresh: true });
    const { page } = tab;
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#new-token").waitFor();
    const token = await page.evaluate(() => localStorage.getItem("paperrec.token"));
    assert.match(token, TOKEN);
    assert.equal(await page.locator("#new-token").inputValue(), token);
    assert.ok(await page.locator("#mode-account").isChecked());
    await openForYou(page);
    assert.match(await messageIn(page, "#recommendations"), /^Like a few papers first/);

    const found = await search(page, "spiking neural networks");
    const liked = found[0];
    await page.locator(`#results [data-paper-id="${liked}"] .paperrec-like`).click();
    await page.locator(`#results [data-paper-id="${liked}"] .paperrec-like[aria-pressed="true"]`).waitFor();
    await openForYou(page);
    const recommended = await listedIds(page, "#recommendations");
    assert.ok(recommended.length > 0);
    assert.ok(!recommended.includes(liked));
    assert.deepEqual((await profile(token)).likes.map((entry) => entry.id), [liked]);

    const unwanted = recommended[0];
    await page.locator(`#recommendations [data-paper-id="${unwanted}"] .paperrec-dislike`).click();
    await page.locator(`#disliked [data-paper-id="${unwanted}"]`).waitFor();
    assert.ok(!(await listedIds(page, "#recommendations")).includes(unwanted));
    assert.deepEqual((await profile(token)).dislikes.map((entry) => entry.id), [unwanted]);
    assert.equal(await page.evaluate(() => localStorage.getItem("paperrec.feedback")), null);
    await finish(tab);
  });

  test("a double click on Create account creates one account", async () => {
    const tab = await open("#/settings", { fresh: true });
    const { page } = tab;
    const creations = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/v1/users") creations.push(request);
    });
    const slow = await holdFirst(page, "/v1/users");
    const create = page.getByRole("button", { name: "Create account" });

    await create.dblclick();
    await slow.requested;
    assert.ok(await create.isDisabled(), "disabled while the request runs");
    slow.release();
    await page.locator("#new-token").waitFor();
    await settled(page);

    assert.equal(creations.length, 1);
    assert.ok(await create.isEnabled());
    assert.ok(await page.getByRole("button", { name: "Delete account on server" }).isEnabled());
    await finish(tab);
  });

  test("deleting an account the server no longer knows forgets its token and goes back to local mode", async () => {
    const tab = await open("#/settings", { fresh: true, expectedFailures: ["/v1/users/me"] });
    const { page } = tab;
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#new-token").waitFor();
    const token = await page.evaluate(() => localStorage.getItem("paperrec.token"));
    // deleted elsewhere, e.g. from the extension
    const gone = await fetch(`${server.url}/v1/users/me`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
    assert.equal(gone.status, 204);
    page.once("dialog", (dialog) => dialog.accept());

    await page.getByRole("button", { name: "Delete account on server" }).click();
    await page.locator("#settings-status", { hasText: "back in local mode" }).waitFor();

    assert.equal(await page.evaluate(() => localStorage.getItem("paperrec.token")), null);
    assert.ok(await page.locator("#mode-local").isChecked());
    assert.ok(await page.getByRole("button", { name: "Delete account on server" }).isDisabled());
    await finish(tab);
  });
});
