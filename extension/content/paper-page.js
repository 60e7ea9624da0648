/*
 * The "Similar papers" panel on a paper's page (arXiv abstract, Hugging Face, alphaXiv): reads
 * the paper with the site's reader (`paperrec.site`, loaded just before this file), asks the
 * background for similar papers and the reader's opinions, and shows them with like and
 * not-interested buttons on every result and on the page's own paper. Once the panel is in the
 * page, every failure ends as one line in it; a page the reader does not understand (a site's
 * index page, or markup that makes the reader throw) gets no panel at all. Nothing is thrown into
 * the page. A classic content script, the last one listed.
 *
 * Sites that swap papers without a page load get a fresh start for every new path. Each start
 * takes a new generation number, and after every await the work goes on only while that number is
 * still the latest and the path is still the one it started on: a slow answer or a long settle
 * wait for the previous paper can neither add a second panel nor fill the current one.
 */
(function (root) {
  "use strict";

  const { bridge, panel: panels, pageText, site } = root.paperrec;

  /** How often a site that changes papers without reloading is checked for a new URL. */
  const NAVIGATION_POLL_MS = 1000;
  /** After such a change, how long the page must stay still before it is read (see pageText.waitForQuiet). */
  const SETTLE_QUIET_MS = 400;
  const SETTLE_MAX_MS = 5000;

  /** The latest start's number; work of an older start is dropped at its next check. */
  let generation = 0;

  /** Takes every panel out of the page: there is only ever one, for the paper in the URL. */
  function removePanels() {
    for (const host of document.querySelectorAll("paperrec-panel")) {
      host.remove();
    }
  }

  /** Drops whatever an earlier start still awaits and removes its panel. */
  function newGeneration() {
    generation += 1;
    removePanels();
    return generation;
  }

  /** Shows the panel for the page as it is now. */
  function start() {
    const own = newGeneration();
    const path = location.pathname;
    const current = () => own === generation && location.pathname === path;
    // Anything unexpected stays inside the extension: the page must never see our errors.
    showPanel(current).catch(() => undefined);
  }

  /** @param {() => boolean} current false once this start is outdated */
  async function showPanel(current) {
    const paper = site.read(document, location);
    if (!paper.id && !(paper.title && paper.abstract)) {
      // Not a paper page this reader understands (e.g. a site's index page): stay out of it.
      return;
    }
    if (site.whenReady) {
      await site.whenReady(document);
      if (!current()) {
        return;
      }
    }
    removePanels();
    const panel = panels.create(document, { heading: "Similar papers" });
    if (!site.place(document, panel.host)) {
      panel.showAsCornerCard();
    }
    panel.message("Looking for similar papers…");
    try {
      await fillPanel(panel, paper, current);
    } catch (error) {
      if (current()) {
        panel.message(`paperrec failed on this page: ${error.message}`, "error");
      }
    }
  }

  async function fillPanel(panel, paper, current) {
    let answer;
    try {
      answer = await bridge.ask("similar", paper);
    } catch (error) {
      if (current()) {
        panel.message(error.message, "error");
      }
      return;
    }
    if (!current()) {
      return;
    }
    panel.setSource(answer.fromText ? "(from this page's text)" : "");

    const ids = answer.results.map((result) => result.id).concat(paper.id ? [paper.id] : []);
    let opinions = {};
    let opinionsFailed = null;
    try {
      opinions = await bridge.ask("opinions", { ids });
    } catch (error) {
      opinionsFailed = error;
    }
    if (!current()) {
      return;
    }
    if (opinionsFailed) {
      // The results still stand; the line says why the buttons may not work (e.g. no token).
      panel.status(opinionsFailed.message, "error");
    }
    const opinionOf = (id) => opinions[id] || "none";
    const handlers = {
      onOpinion: (id, opinion) => {
        panel.status("");
        return bridge.ask("opinion", { id, opinion });
      },
      onError: (error) => panel.status(error.message, "error"),
    };

    if (paper.id) {
      panel.showPaperBar(paper.id, opinionOf(paper.id), handlers);
    }
    if (answer.results.length === 0) {
      panel.message("paperrec has no similar papers for this one yet.");
      return;
    }
    panel.results(answer.results, {
      hrefOf: (result) => site.hrefOf(result.id) || result.url,
      opinionOf,
      ...handlers,
    });
  }

  /** Sites that swap papers without a page load: a new path means a new panel, once the page settled. */
  function watchNavigation() {
    let path = location.pathname;
    setInterval(() => {
      if (location.pathname === path) {
        return;
      }
      path = location.pathname;
      const own = newGeneration();
      pageText.waitForQuiet(document, SETTLE_QUIET_MS, SETTLE_MAX_MS).then(() => {
        // A later change started its own wait; only the last one starts.
        if (own === generation) {
          start();
        }
      });
    }, NAVIGATION_POLL_MS);
  }

  start();
  if (site.navigatesInPlace) {
    watchNavigation();
  }
})(globalThis);
