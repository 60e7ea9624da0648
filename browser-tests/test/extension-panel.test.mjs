// The "Similar papers" panel on paper pages (arXiv, Hugging Face, alphaXiv), in a real Chromium
// with the unpacked extension, against a real paperrec server with the demo corpus. Paper sites
// are answered from browser-tests/fixtures/.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { EXTENSION_DIR, ROOT, launchBrowser, screenshot, servePages, startServer } from "../lib/harness.mjs";

const WAIT = { timeout: 30_000 };
const PAGES = {
  "https://arxiv.org/abs/2501.13492": "arxiv-abs-2501.13492.html",
  "https://arxiv.org/abs/2611.00001": "arxiv-abs-2611.00001.html",
  "https://huggingface.co/papers?q=spiking": "hf-papers-list.html",
  "https://huggingface.co/papers/2302.13939": "hf-papers-2302.13939.html",
  "https://www.alphaxiv.org/": "alphaxiv-home.html",
  "https://www.alphaxiv.org/abs/2306.17670": "alphaxiv-abs-2306.17670.html",
  "https://www.alphaxiv.org/fixture-app.js": "alphaxiv-app.js",
  "https://arxiv.org/list/cs.NE/new": "arxiv-list-cs.NE-new.html",
};
const DEMO = path.join(ROOT, "server/src/main/resources/org/paperrec/server/demo");

/** The demo corpus as [title, arXiv ID or ""] rows; papers without an arXiv ID have a title-slug ID. */
const CORPUS_ROWS = readFileSync(path.join(DEMO, "daily-papers-page.arxiv-ids.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split("\t").slice(1));
const CORPUS_TITLES = new Map(CORPUS_ROWS.filter(([, id]) => id).map(([title, id]) => [id, title]));
const ALL_CORPUS_TITLES = new Set(CORPUS_ROWS.map(([title]) => title));

/** The demo corpus's abstract of `title`: the paragraph after the title line in the page's text. */
function corpusAbstract(title) {
  const text = readFileSync(path.join(DEMO, "daily-papers-page.txt"), "utf8");
  return text.slice(text.indexOf(`\n${title}\n`)).split("\n\n")[1].replace(/\s+/g, " ").trim();
}

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await servePages(browser.context, PAGES);
  await browser.context.addInitScript(recordPanels);
  await useServer(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Runs in every page's own world before its scripts: records in `window.paperrecTestRecord` when
 * the app's heading (`#root h1`) and each paperrec panel were added, in order, the most panels the
 * page ever held at once, and when the page last changed.
 */
function recordPanels() {
  const record = (window.paperrecTestRecord = { added: [], mostPanels: 0, lastChange: performance.now() });
  new MutationObserver((mutations) => {
    record.lastChange = performance.now();
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeName === "PAPERREC-PANEL") {
          record.added.push("panel");
        } else if (node.nodeType === Node.ELEMENT_NODE && node.closest("#root") && (node.matches("h1") || node.querySelector("h1"))) {
          record.added.push("app heading");
        }
      }
    }
    record.mostPanels = Math.max(record.mostPanels, document.querySelectorAll("paperrec-panel").length);
  }).observe(document, { childList: true, subtree: true });
}

/**
 * The page's record (see recordPanels) once the page has not changed for a second: longer than
 * the extension's settle windows (400 ms of quiet), so a second panel would be there by then.
 */
async function panelRecord(page) {
  await page.waitForFunction(() => performance.now() - window.paperrecTestRecord.lastChange > 1000, null, WAIT);
  return page.evaluate(() => window.paperrecTestRecord);
}

/** Points the extension at `url` through its options page, as a reader would. */
async function useServer(url) {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.locator("#local-count", { hasText: "In this browser" }).waitFor(WAIT);
  await options.locator("#server-url").fill(url);
  await options.locator("#save-server").click();
  await options.locator("#server-status", { hasText: "Saved" }).waitFor(WAIT);
  await options.locator("#test-connection").click();
  await options.locator("#server-status", { hasText: "Connected: paperrec is ready with 48 papers." }).waitFor(WAIT);
  await options.close();
}

/** What the extension keeps in chrome.storage.local, read in its service worker. */
function extensionStorage() {
  return browser.context.serviceWorkers()[0].evaluate(() => chrome.storage.local.get(null));
}

/** The results the panel in `page` shows, as far as the tests look at them. */
function shownResults(page) {
  return page.locator("paperrec-panel .paperrec-result").evaluateAll((items) =>
    items.map((item) => ({
      id: item.dataset.paperId,
      title: item.querySelector(".paperrec-title").textContent,
      href: item.querySelector("a.paperrec-title")?.href,
      authors: item.querySelector(".paperrec-authors")?.textContent,
      date: item.querySelector(".paperrec-date")?.textContent,
      score: Number(item.querySelector(".paperrec-score").textContent),
      hasButtons: item.querySelectorAll(".paperrec-like, .paperrec-dislike").length === 2,
    })),
  );
}

/** Opens `url` and waits until the panel shows results; returns the page and the results. */
async function openWithResults(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.locator("paperrec-panel .paperrec-result").first().waitFor(WAIT);
  return { page, results: await shownResults(page) };
}

/** Waits until the panel's "This paper" bar names `id` and its results are shown. */
async function panelFor(page, id) {
  await page.locator(`paperrec-panel .paperrec-this-paper[data-paper-id="${id}"]`).waitFor(WAIT);
  await page.locator("paperrec-panel .paperrec-result").first().waitFor(WAIT);
}

function assertCorpusResults(results, ownTitle) {
  assert.ok(results.length > 0, "the panel shows results");
  for (const result of results) {
    assert.ok(ALL_CORPUS_TITLES.has(result.title), `"${result.title}" is a demo corpus title`);
    assert.notEqual(result.title, ownTitle, "the page's own paper is not among its neighbours");
    assert.ok(result.score >= -1 && result.score <= 1, `score ${result.score} is in [-1, 1]`);
    assert.ok(result.hasButtons, `"${result.title}" has like and not-interested buttons`);
  }
  const scores = results.map((result) => result.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "best first");
}

test("an arXiv abstract page of a corpus paper gets a panel of similar corpus papers in its right column", async () => {
  const { page, results } = await openWithResults("https://arxiv.org/abs/2501.13492");
  assertCorpusResults(results, "Quantized Spike-driven Transformer");
  assert.ok(results.every((result) => result.href.startsWith("https://arxiv.org/abs/")), "titles link to arXiv");
  assert.equal(await page.locator(".extra-services > paperrec-panel").count(), 1, "the panel sits in the right column");
  assert.equal((await panelRecord(page)).added.filter((what) => what === "panel").length, 1, "one panel, added once");

  const bar = page.locator("paperrec-panel .paperrec-this-paper");
  assert.equal(await bar.getAttribute("data-paper-id"), "2501.13492");
  assert.match(await bar.innerText(), /This paper:\s*Like\s*Not interested/);
  assert.equal(await page.locator("paperrec-panel .paperrec-panel-source").textContent(), "", "found by ID, not by text");

  await screenshot(page, "extension-arxiv-panel", { fullPage: true });
  await page.close();
});

test("panel results show the server's authors and date for each paper", async () => {
  const { page, results } = await openWithResults("https://arxiv.org/abs/2501.13492");
  const answer = await (await fetch(`${server.url}/v1/papers/2501.13492/similar?limit=10`)).json();
  // The demo corpus names no authors, only their number: the line says "4 authors".
  assert.ok(answer.results.every((result) => result.authors.length === 0 && result.authorCount > 0 && result.date));
  assert.deepEqual(
    results.map(({ id, authors, date }) => ({ id, authors, date })),
    answer.results.map((result) => ({ id: result.id, authors: `${result.authorCount} authors`, date: result.date })),
  );
  await page.close();
});

test("Like on a result in the panel stores the like in this browser and shows the button pressed; a second press takes it back", async () => {
  const { page, results } = await openWithResults("https://arxiv.org/abs/2501.13492");
  const id = results[1].id;
  const result = page.locator(`paperrec-panel .paperrec-result[data-paper-id="${id}"]`);
  await result.locator(".paperrec-like").click();
  await result.locator('.paperrec-like[aria-pressed="true"]').waitFor(WAIT);
  assert.equal(await result.locator(".paperrec-dislike").getAttribute("aria-pressed"), "false");
  assert.deepEqual(Object.keys((await extensionStorage()).localFeedback.likes), [id], "only that result is liked");

  await result.locator(".paperrec-like").click();
  await result.locator('.paperrec-like[aria-pressed="false"]').waitFor(WAIT);
  assert.deepEqual((await extensionStorage()).localFeedback, { likes: {}, dislikes: {} });
  await page.close();
});

test("a Hugging Face paper page gets the panel right after its abstract", async () => {
  const { page, results } = await openWithResults("https://huggingface.co/papers/2302.13939");
  assertCorpusResults(results, CORPUS_TITLES.get("2302.13939"));
  assert.equal(await page.locator("p.text-gray-600 + paperrec-panel").count(), 1);
  const arxivResults = results.filter((result) => /^\d{4}\.\d{4,5}$/.test(result.id));
  assert.ok(arxivResults.length > 0, "some results have arXiv IDs");
  assert.ok(
    arxivResults.every((result) => result.href === `https://huggingface.co/papers/${result.id}`),
    "arXiv results link to their Hugging Face pages",
  );
  await page.close();
});

test("a Hugging Face paper opened from the paper list without a page load gets its panel", async () => {
  const page = await browser.context.newPage();
  // A search list: Chromium lets "/papers/*" match "/papers" itself, but not "/papers?q=…".
  await page.goto("https://huggingface.co/papers?q=spiking");
  await page.locator('main a[href="/papers/2302.13939"]').click();
  await panelFor(page, "2302.13939");
  assert.equal(page.url(), "https://huggingface.co/papers/2302.13939");
  assert.equal(await page.locator("p.text-gray-600 + paperrec-panel").count(), 1, "after the abstract, as on a loaded page");
  assert.equal((await panelRecord(page)).mostPanels, 1);
  await page.close();
});

test("an alphaXiv page gets the panel as a corner card once the app has rendered, leaving the app's tree alone", async () => {
  const { page, results } = await openWithResults("https://www.alphaxiv.org/abs/2306.17670");
  assertCorpusResults(results, CORPUS_TITLES.get("2306.17670"));
  assert.equal(await page.locator("body > paperrec-panel.paperrec-corner").count(), 1);
  assert.equal(await page.locator("#root paperrec-panel").count(), 0);
  assert.equal(await page.locator("#root h1").textContent(), CORPUS_TITLES.get("2306.17670"), "the app rendered as usual");
  assert.deepEqual((await panelRecord(page)).added, ["app heading", "panel"], "the panel came after the app's render, once");
  await page.close();
});

test("an alphaXiv paper opened from the home page without a page load gets its panel", async () => {
  const page = await browser.context.newPage();
  await page.goto("https://www.alphaxiv.org/");
  await page.locator('#root a[href="/abs/2302.13939"]').click();
  await panelFor(page, "2302.13939");
  assert.equal(await page.locator("body > paperrec-panel.paperrec-corner").count(), 1);
  assert.deepEqual((await panelRecord(page)).added, ["app heading", "panel"]);
  await page.close();
});

test("moving between alphaXiv papers in place leaves exactly one panel, for the paper in the URL", async () => {
  const page = await browser.context.newPage();
  await page.goto("https://www.alphaxiv.org/abs/2306.17670");
  // While the first paper is still loading, so the panel for it is not there yet.
  await page.locator('#root a[href="/abs/2302.13939"]').click();
  await panelFor(page, "2302.13939");
  assert.equal((await panelRecord(page)).mostPanels, 1, "no panel for the paper left behind");
  assert.equal(await page.locator("paperrec-panel").count(), 1);

  // After the panel showed: twice in a row, the second time while the page is still settling.
  await page.locator('#root a[href="/abs/2501.13492"]').click();
  await page.locator("#root h1", { hasText: "Quantized Spike-driven Transformer" }).waitFor(WAIT);
  await page.locator('#root a[href="/abs/2311.10802"]').click();
  await panelFor(page, "2311.10802");
  assert.equal((await panelRecord(page)).mostPanels, 1, "never two panels at once");
  assert.equal(await page.locator("paperrec-panel").count(), 1);
  await page.close();
});

test("a paper missing from the corpus gets similar papers computed from its page's title and abstract", async () => {
  const { page, results } = await openWithResults("https://arxiv.org/abs/2611.00001");
  assert.ok(results.length > 0);
  assert.equal(await page.locator("paperrec-panel .paperrec-panel-source").textContent(), "(from this page's text)");
  assert.match(results[0].title, /spik|SNN/i, `the closest paper to a spiking-Transformer abstract is a spiking paper, not "${results[0].title}"`);
  assert.equal(await page.locator("paperrec-panel .paperrec-this-paper").getAttribute("data-paper-id"), "2611.00001");
  await page.close();
});

/** Runs the extension's page readers in the page's main world (same DOM as the content scripts see). */
async function readWith(page, files, expression) {
  for (const file of ["shared/ids.js", "content/page-text.js", ...files]) {
    await page.addScriptTag({ path: path.join(EXTENSION_DIR, file) });
  }
  return page.evaluate(expression);
}

test("the page readers take ID, title and abstract from the robust sources, not the look-alikes in the DOM", async () => {
  const arxiv = await openWithResults("https://arxiv.org/abs/2501.13492");
  const fromArxiv = await readWith(arxiv.page, ["content/sites/arxiv-abs.js"], () => paperrec.site.read(document, location));
  assert.deepEqual(fromArxiv, {
    id: "2501.13492",
    title: "Quantized Spike-driven Transformer",
    abstract: corpusAbstract("Quantized Spike-driven Transformer"),
  }, "citation_* metas: not the subject h1, not the abstract with 'this http URL' links");
  await arxiv.page.close();

  const hf = await openWithResults("https://huggingface.co/papers/2302.13939");
  const fromHf = await readWith(hf.page, ["content/sites/huggingface.js"], () => paperrec.site.read(document, location));
  const spikeGpt = CORPUS_TITLES.get("2302.13939");
  assert.deepEqual(fromHf, { id: "2302.13939", title: spikeGpt, abstract: corpusAbstract(spikeGpt) }, "data-props summary, not the AI summary");
  await hf.page.close();

  const alphaxiv = await openWithResults("https://www.alphaxiv.org/abs/2306.17670");
  const fromAlphaxiv = await readWith(alphaxiv.page, ["content/sites/alphaxiv.js"], () => paperrec.site.read(document, location));
  const delays = CORPUS_TITLES.get("2306.17670");
  assert.deepEqual(fromAlphaxiv, { id: "2306.17670", title: delays, abstract: corpusAbstract(delays) });
  await alphaxiv.page.close();

  const listing = await browser.context.newPage();
  await listing.goto("https://arxiv.org/list/cs.NE/new");
  const ids = await readWith(listing, ["content/sites/arxiv-list.js"], () =>
    paperrec.listingSite.entries(document).map((entry) => entry.id),
  );
  assert.deepEqual(ids, [
    "2202.00666", "2303.10276", "2305.08013", "2408.16467", "2412.07360", "2611.00002",
    "2007.14966", "2306.17670", "2311.10802", "2611.00003",
  ], "entries of both dl#articles sections, in page order");
  await listing.close();
});

test("the site readers find no paper on the sites' other pages, even with the last paper's head tags still there", async () => {
  const home = await browser.context.newPage();
  await home.goto("https://www.alphaxiv.org/abs/2306.17670");
  await home.evaluate(() => history.pushState(null, "", "/explore"));
  const fromAlphaxiv = await readWith(home, ["content/sites/alphaxiv.js"], () => paperrec.site.read(document, location));
  assert.deepEqual(fromAlphaxiv, { id: null, title: "", abstract: "" });
  await home.close();

  const hf = await browser.context.newPage();
  await hf.goto("https://huggingface.co/papers/2302.13939");
  await hf.evaluate(() => history.pushState(null, "", "/papers/trending"));
  const fromHf = await readWith(hf, ["content/sites/huggingface.js"], () => paperrec.site.read(document, location));
  assert.deepEqual(fromHf, { id: null, title: "", abstract: "" });
  await hf.close();
});
