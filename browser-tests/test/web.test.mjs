// The web page the server hosts at "/", in real Chromium against a real server with the bundled
// 48-paper demo corpus: search, a paper with its neighbours, "For you" in local and account mode,
// an unknown paper, the phone layout. Every test fails on any console error or uncaught exception.

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

  test("searchByTextFindsTheRelevantCorpusPaper", async () => {
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

  test("openingAPaperShowsItAndItsSimilarPapers", async () => {
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

  test("paperViewFitsA375PixelWideScreen", async () => {
    const tab = await open(`#/paper/${QUANTIZED.id}`);
    const { page } = tab;
    await page.setViewportSize({ width: 375, height: 812 });
    await listedIds(page, "#similar");

    const width = await page.evaluate(() => document.documentElement.scrollWidth);

    assert.ok(width <= 375, `page is ${width} px wide`);
    await screenshot(page, "web-page-mobile");
    await finish(tab);
  });

  test("unknownPaperIdShowsOneLine", async () => {
    const tab = await open(`#/paper/${UNKNOWN_ID}`, { expectedFailures: [`/v1/papers/${UNKNOWN_ID}`] });
    const { page } = tab;

    await page.locator("#paper .paperrec-error").waitFor();

    assert.equal(await messageIn(page, "#paper"), `No paper ${UNKNOWN_ID} in this corpus`);
    assert.equal(await page.locator("#view .paperrec-message").count(), 1);
    await finish(tab);
  });

  test("localModeLikesAndNotInterestedChangeForYou", async () => {
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

  test("accountModeKeepsLikesOnTheServerAndChangesForYou", async () => {
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
});
