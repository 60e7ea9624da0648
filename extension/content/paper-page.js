/*
 * The "Similar papers" panel on a paper's page (arXiv abstract, Hugging Face, alphaXiv): reads
 * the paper with the site's reader (`paperrec.site`, loaded just before this file), asks the
 * background for similar papers and the reader's opinions, and shows them with like and
 * not-interested buttons on every result and on the page's own paper. Failures end as one line in
 * the panel; nothing is thrown into the page. A classic content script, the last one listed.
 */
(function (root) {
  "use strict";

  const { bridge, panel: panels, pageText, site } = root.paperrec;

  /** How often a site that changes papers without reloading is checked for a new URL. */
  const NAVIGATION_POLL_MS = 1000;
  /** After such a change, how long the page must stay still before it is read (see pageText.waitForQuiet). */
  const SETTLE_QUIET_MS = 400;
  const SETTLE_MAX_MS = 5000;

  let shown = null;

  async function showPanel() {
    const paper = site.read(document, location);
    if (!paper.id && !(paper.title && paper.abstract)) {
      // Not a paper page this reader understands (e.g. a site's index page): stay out of it.
      return;
    }
    if (site.whenReady) {
      await site.whenReady(document);
    }
    const panel = panels.create(document, { heading: "Similar papers" });
    shown = panel;
    if (!site.place(document, panel.host)) {
      panel.showAsCornerCard();
    }
    panel.message("Looking for similar papers…");
    try {
      await fillPanel(panel, paper);
    } catch (error) {
      panel.message(`paperrec failed on this page: ${error.message}`, "error");
    }
  }

  async function fillPanel(panel, paper) {
    let answer;
    try {
      answer = await bridge.ask("similar", paper);
    } catch (error) {
      panel.message(error.message, "error");
      return;
    }
    panel.setSource(answer.fromText ? "(from this page's text)" : "");

    const ids = answer.results.map((result) => result.id).concat(paper.id ? [paper.id] : []);
    let opinions = {};
    try {
      opinions = await bridge.ask("opinions", { ids });
    } catch (error) {
      // The results still stand; the line says why the buttons may not work (e.g. no token).
      panel.status(error.message, "error");
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

  /** Sites that swap papers without a page load: a new path means a new panel. */
  function watchNavigation() {
    let path = location.pathname;
    setInterval(() => {
      if (location.pathname === path) {
        return;
      }
      path = location.pathname;
      if (shown) {
        shown.remove();
        shown = null;
      }
      pageText
        .waitForQuiet(document, SETTLE_QUIET_MS, SETTLE_MAX_MS)
        .then(start);
    }, NAVIGATION_POLL_MS);
  }

  function start() {
    // Anything unexpected stays inside the extension: the page must never see our errors.
    showPanel().catch(() => undefined);
  }

  start();
  if (site.navigatesInPlace) {
    watchNavigation();
  }
})(globalThis);
