// When paperrec is down, slow or answers an error, the extension says so in one line and leaves
// the page alone: the page's own content is unchanged and nothing reaches the page's console.
// No paperrec server here: the extension is pointed at a closed port, and at stand-ins made with
// node:http (one that answers a problem, one that never answers, one without CORS).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { after, before, test } from "node:test";
import { FIXTURES_DIR, launchBrowser, servePages } from "../lib/harness.mjs";

const WAIT = { timeout: 30_000 };
const ABS = "https://arxiv.org/abs/2501.13492";
const LISTING = "https://arxiv.org/list/cs.NE/new";
const PAGES = { [ABS]: "arxiv-abs-2501.13492.html", [LISTING]: "arxiv-list-cs.NE-new.html" };

let browser;
let options;
const standIns = [];

/**
 * `handler` behind CORS as paperrec answers it (server/.../http/Cors.java): an extension origin
 * gets Access-Control-Allow-Origin, and its preflights a 204. The extension has no host
 * permissions, so without these headers it cannot read any answer.
 */
function withCors(handler) {
  return (request, response) => {
    const origin = request.headers.origin;
    response.setHeader("Vary", "Origin");
    if (origin && /^(?:chrome|moz)-extension:\/\/[A-Za-z0-9-]+$/.test(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      if (request.method === "OPTIONS" && request.headers["access-control-request-method"]) {
        response.writeHead(204, {
          "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE",
          "Access-Control-Allow-Headers": "Content-Type, Authorization",
        });
        response.end();
        return;
      }
    }
    handler(request, response);
  };
}

/** A paperrec stand-in whose every answer is a 500 problem with `detail`. */
function problemAnswer(detail) {
  return withCors((request, response) => {
    response.writeHead(500, { "Content-Type": "application/problem+json" });
    response.end(JSON.stringify({ type: "urn:paperrec:problem:internal-error", title: "Internal error", status: 500, detail }));
  });
}

/** A local HTTP server that handles every request with `handler`; resolves to its base URL. */
async function standIn(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIns.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

/** A URL where nothing listens: a port the system just handed out and took back. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

before(async () => {
  browser = await launchBrowser();
  await servePages(browser.context, PAGES);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  // A stored like, as a reader would have from earlier: without one, local mode asks the server
  // nothing for the listing and the popup ("like a few papers"), and there would be no error to show.
  await options.evaluate(() => chrome.storage.local.set({ localFeedback: { likes: { "2302.13939": Date.now() }, dislikes: {} } }));
  await options.reload();
  await options.locator("#local-count", { hasText: "In this browser: 1 like" }).waitFor(WAIT);
});

after(async () => {
  await browser?.close();
  for (const server of standIns) {
    server.closeAllConnections();
    server.close();
  }
});

async function useServer(url) {
  await options.locator("#server-url").fill(url);
  await options.locator("#save-server").click();
  await options.locator("#server-status", { hasText: `Saved: the extension now asks ${url}` }).waitFor(WAIT);
}

/** A new page that records everything the page itself throws or logs as an error or warning. */
async function watchedPage() {
  const page = await browser.context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  return { page, problems };
}

/** `selector`'s outerHTML in the fixture `file` as parsed by the browser, before any script ran. */
function fixtureHtml(page, file, selector) {
  const html = readFileSync(path.join(FIXTURES_DIR, file), "utf8");
  return page.evaluate(
    ([text, css]) => [...new DOMParser().parseFromString(text, "text/html").querySelectorAll(css)].map((node) => node.outerHTML),
    [html, selector],
  );
}

function currentHtml(page, selector) {
  return page.locator(selector).evaluateAll((nodes) => nodes.map((node) => node.outerHTML));
}

/** Opens the abstract page, waits for the panel's error line and checks that it is the only trace. */
async function assertPanelSaysOnly(expected) {
  const { page, problems } = await watchedPage();
  await page.goto(ABS);
  const error = page.locator("paperrec-panel .paperrec-panel-body .paperrec-message.paperrec-error");
  await error.waitFor(WAIT);
  assert.equal(await error.textContent(), expected);
  assert.equal(await page.locator("paperrec-panel .paperrec-message").count(), 1, "one line, nothing else");
  assert.equal(await page.locator("paperrec-panel .paperrec-result").count(), 0);
  assert.equal(await page.locator("paperrec-panel .paperrec-this-paper").isHidden(), true);
  assert.deepEqual(await currentHtml(page, "#abs"), await fixtureHtml(page, PAGES[ABS], "#abs"), "the paper's own content is unchanged");
  assert.deepEqual(problems, [], "the page's console stays clean");
  await page.close();
}

/** Opens the listing, waits for the bar's error line and checks that it is the only trace. */
async function assertListingSaysOnly(expected) {
  const { page, problems } = await watchedPage();
  await page.goto(LISTING);
  const error = page.locator("paperrec-bar .paperrec-message.paperrec-error");
  await error.waitFor(WAIT);
  assert.equal(await error.textContent(), expected);
  assert.equal(await page.locator("paperrec-bar .paperrec-message").count(), 1, "one line, nothing else");
  assert.equal(await page.locator("paperrec-badge").count(), 0);
  assert.equal(await page.locator("paperrec-bar .paperrec-toggle").count(), 0);
  assert.deepEqual(await currentHtml(page, "dl#articles"), await fixtureHtml(page, PAGES[LISTING], "dl#articles"), "the listing is unchanged");
  assert.deepEqual(problems, [], "the page's console stays clean");
  await page.close();
}

test("with nothing listening at the server URL, the panel, the listing and the popup say so in one line", async () => {
  const url = await closedPort();
  await useServer(url);
  const line = `paperrec is not reachable at ${url}: is the server running?`;
  await options.locator("#test-connection").click();
  await options.locator("#server-status.error", { hasText: line }).waitFor(WAIT);
  await assertPanelSaysOnly(line);

  await assertListingSaysOnly(line);

  const { page: popup, problems } = await watchedPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await popup.locator("#for-you .paperrec-message.paperrec-error", { hasText: line }).waitFor(WAIT);
  assert.equal(await popup.locator("#for-you .paperrec-message").count(), 1, "one line, nothing else");
  assert.deepEqual(problems, [], "the popup's console stays clean");
  await popup.close();
});

test("a server that answers with a problem gets its detail shown in one line in the panel", async () => {
  const url = await standIn(problemAnswer("the index is being rebuilt; try again in a minute (errorId 42)"));
  await useServer(url);
  await assertPanelSaysOnly("paperrec: the index is being rebuilt; try again in a minute (errorId 42)");
});

test("a server that answers with a problem gets its detail shown in one line in the listing bar, with the listing as it was", async () => {
  const url = await standIn(problemAnswer("ranking is switched off on this server (errorId 43)"));
  await useServer(url);
  await assertListingSaysOnly("paperrec: ranking is switched off on this server (errorId 43)");
});

test("a server that does not answer extensions through CORS looks unreachable: the extension has no host permission to read it anyway", async () => {
  const url = await standIn((request, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ paper: "2501.13492", results: [] }));
  });
  await useServer(url);
  await assertPanelSaysOnly(`paperrec is not reachable at ${url}: is the server running?`);
});

test("a server that never answers gets a timeout line", async () => {
  // Holds every request open; the extension's client gives up after its timeout (8 s).
  const url = await standIn(() => undefined);
  await useServer(url);
  await assertPanelSaysOnly(`paperrec at ${url} did not answer within 8 s`);
});
