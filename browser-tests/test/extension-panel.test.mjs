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
  "https://huggingface.co/papers/2302.13939": "hf-papers-2302.13939.html",
  "https://www.alphaxiv.org/abs/2306.17670": "alphaxiv-abs-2306.17670.html",
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
  await useServer(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

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

/** Opens `url` and waits until the panel shows results; returns the page and the results. */
async function openWithResults(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  const results = page.locator("paperrec-panel .paperrec-result");
  await results.first().waitFor(WAIT);
  const shown = await results.evaluateAll((items) =>
    items.map((item) => ({
      id: item.dataset.paperId,
      title: item.querySelector(".paperrec-title").textContent,
      href: item.querySelector("a.paperrec-title")?.href,
      score: Number(item.querySelector(".paperrec-score").textContent),
      hasButtons: item.querySelectorAll(".paperrec-like, .paperrec-dislike").length === 2,
    })),
  );
  return { page, results: shown };
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

  const bar = page.locator("paperrec-panel .paperrec-this-paper");
  assert.equal(await bar.getAttribute("data-paper-id"), "2501.13492");
  assert.match(await bar.innerText(), /This paper:\s*Like\s*Not interested/);
  assert.equal(await page.locator("paperrec-panel .paperrec-panel-source").textContent(), "", "found by ID, not by text");

  await screenshot(page, "extension-arxiv-panel", { fullPage: true });
  await page.close();
});

test("a Hugging Face paper page gets the panel right after its abstract", async () => {
  const { page, results } = await openWithResults("https://huggingface.co/papers/2302.13939");
  assertCorpusResults(results, CORPUS_TITLES.get("2302.13939"));
  assert.equal(await page.locator("p.text-gray-600 + paperrec-panel").count(), 1);
  assert.ok(
    results.filter((result) => /^\d{4}\.\d{4,5}$/.test(result.id)).every((result) => result.href === `https://huggingface.co/papers/${result.id}`),
    "arXiv results link to their Hugging Face pages",
  );
  await page.close();
});

test("an alphaXiv page gets the panel as a corner card once the app has rendered, leaving the app's tree alone", async () => {
  const { page, results } = await openWithResults("https://www.alphaxiv.org/abs/2306.17670");
  assertCorpusResults(results, CORPUS_TITLES.get("2306.17670"));
  assert.equal(await page.locator("body > paperrec-panel.paperrec-corner").count(), 1);
  assert.equal(await page.locator("#root paperrec-panel").count(), 0);
  assert.equal(await page.locator("#root h1").textContent(), CORPUS_TITLES.get("2306.17670"), "the app rendered as usual");
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
