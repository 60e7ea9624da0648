// The real parts the browser tests run against: a paperrec server started from the built jar on
// a free port with the bundled demo corpus, and Debian's Chromium driven by playwright-core, with
// the unpacked extension loaded. Paper sites are never reached: `servePages` answers their URLs
// from this folder's own fixtures, so content scripts match exactly as they do in real use.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "../..");
export const EXTENSION_DIR = path.join(ROOT, "extension");
export const FIXTURES_DIR = path.join(ROOT, "browser-tests", "fixtures");
/** Where screenshots go, for a person to look at (named in the README). */
export const SCREENSHOT_DIR = path.join(ROOT, "browser-tests", "target", "screenshots");

const JAR = process.env.PAPERREC_JAR || path.join(ROOT, "server", "target", "paperrec.jar");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const SERVER_START_TIMEOUT_MS = 120_000;

/**
 * Starts `java -jar paperrec.jar serve` on a free port with a fresh data folder, which makes it
 * ingest the bundled demo corpus, and waits until /health says ready.
 *
 * @returns {Promise<{url: string, stop: () => Promise<void>, output: () => string}>}
 */
export async function startServer() {
  if (!existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build it first (mvn -DskipTests package)`);
  }
  const data = mkdtempSync(path.join(tmpdir(), "paperrec-browser-"));
  const child = spawn(
    "java",
    ["-Xmx1g", "-Dai.djl.offline=true", "-jar", JAR, "serve", "--data", data, "--port", "0", "--threads", "1"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`paperrec did not start in time:\n${output}`)), SERVER_START_TIMEOUT_MS);
    child.stdout.on("data", () => {
      const match = /paperrec listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`paperrec exited with ${code} before listening:\n${output}`));
    });
  });
  await waitUntilReady(url, () => output);

  let stopped = false;
  return {
    url,
    output: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(url, output) {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`paperrec at ${url} never became ready:\n${output()}`);
}

/**
 * Headless Chromium with a fresh profile, with the unpacked extension loaded unless
 * `withExtension` is false.
 *
 * @returns {Promise<{context: import('playwright-core').BrowserContext, extensionId?: string,
 *     close: () => Promise<void>}>}
 */
export async function launchBrowser({ withExtension = true } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), "paperrec-chromium-"));
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ];
  if (withExtension) {
    args.push(`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
  });
  let extensionId;
  if (withExtension) {
    const worker = context.serviceWorkers()[0] || (await context.waitForEvent("serviceworker", { timeout: 30_000 }));
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    extensionId,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Answers requests for `pages` (URL → fixture file name in fixtures/) from the fixtures, and every
 * other request to the same sites with an empty 200, so no test ever reaches the internet.
 *
 * @param {import('playwright-core').BrowserContext} context
 * @param {Record<string, string>} pages
 */
export async function servePages(context, pages) {
  const sites = ["https://arxiv.org/**", "https://www.arxiv.org/**", "https://huggingface.co/**",
    "https://alphaxiv.org/**", "https://www.alphaxiv.org/**"];
  for (const site of sites) {
    await context.route(site, (route) => {
      const url = route.request().url().split("#")[0];
      const file = pages[url];
      if (file) {
        return route.fulfill({
          status: 200,
          contentType: file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
          body: readFileSync(path.join(FIXTURES_DIR, file)),
        });
      }
      return route.fulfill({ status: 200, contentType: "text/plain", body: "" });
    });
  }
}

/** Writes a full-page screenshot to SCREENSHOT_DIR/name.png and returns its path. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}
