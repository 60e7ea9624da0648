/*
 * Ranks a listing page for the reader: every listed ID goes to the background as candidates, the
 * top entries get a "★ For you #N" badge with their score, and a "Read best-first" toggle moves
 * the ranked entries, best first, into a section of their own above the listing (and back).
 * Entries that are not in the corpus (the server's unknownIds) are never ranked and stay where
 * they are. Failures end as one line in the bar; the listing itself is only changed on success.
 * A classic content script, listed after the site's reader (`paperrec.listingSite`).
 */
(function (root) {
  "use strict";

  const { bridge, panel: panels, render, listingSite } = root.paperrec;

  /** Entries that get a badge. */
  const BADGED = 10;

  /** An element of this page, see render.el. */
  const el = (tag, className, text) => render.el(document, tag, className, text);

  /** Entry by ID; a paper listed twice counts where it first appears. */
  function firstEntryById(entries) {
    const byId = new Map();
    for (const entry of entries) {
      if (!byId.has(entry.id)) byId.set(entry.id, entry);
    }
    return byId;
  }

  /** The bar at the top of the listing: one line of text and, once ranked, the toggle. */
  function createBar() {
    const { host, shadow } = panels.shadowHost(document, "paperrec-bar");
    const bar = el("div", "paperrec-bar");
    bar.setAttribute("aria-label", "paperrec: this listing for you");
    const line = el("div", "paperrec-bar-line");
    bar.append(el("span", "paperrec-panel-name", "paperrec"), line);
    shadow.append(bar);
    return {
      host,
      message: (text, kind = "info") => render.message(line, text, kind),
      addToggle: (toggle) => bar.insertBefore(toggle, line),
    };
  }

  function badge(rank, result) {
    const { host, shadow } = panels.shadowHost(document, "paperrec-badge");
    host.classList.add("paperrec-inline");
    host.dataset.rank = String(rank);
    const label = el("span", "paperrec-badge", `★ For you #${rank}`);
    label.title = "paperrec: ranked for you among this listing (score: higher is closer)";
    label.append(el("span", "paperrec-score", result.score.toFixed(2)));
    shadow.append(label);
    return host;
  }

  /**
   * Moves the ranked entries into a list of their own before the first section, and back to
   * exactly where they were: each entry's original section and order are remembered up front.
   */
  function createOrdering(entries, rankedIds) {
    const firstSection = entries[0].dt.parentNode;
    const originalPlaces = entries.map((entry) => ({ ...entry, section: entry.dt.parentNode }));
    const byId = firstEntryById(entries);
    const ranked = rankedIds.map((id) => byId.get(id)).filter(Boolean);
    let bestFirstList = null;

    return {
      showBestFirst() {
        bestFirstList = el("dl", "paperrec-best-first");
        bestFirstList.append(el("h3", null, `Best first for you (paperrec, ${ranked.length} papers)`));
        for (const entry of ranked) {
          bestFirstList.append(entry.dt, entry.dd);
        }
        firstSection.before(bestFirstList);
      },
      showOriginal() {
        for (const entry of originalPlaces) {
          entry.section.append(entry.dt, entry.dd);
        }
        if (bestFirstList) bestFirstList.remove();
        bestFirstList = null;
      },
    };
  }

  function toggleButton(ordering) {
    const button = el("button", "paperrec-toggle", "Read best-first");
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      const bestFirst = button.getAttribute("aria-pressed") !== "true";
      if (bestFirst) {
        ordering.showBestFirst();
      } else {
        ordering.showOriginal();
      }
      button.setAttribute("aria-pressed", String(bestFirst));
      button.textContent = bestFirst ? "Back to arXiv's order" : "Read best-first";
    });
    return button;
  }

  /**
   * "7 of 10 papers ranked for you; 2 not in paperrec's corpus yet; 1 you already rated." The
   * server ranks at most `limit` papers and never the ones a request likes or dislikes, so the
   * rest are those.
   */
  function summary(answer, listed) {
    const unknown = answer.unknownIds.length;
    const rest = listed - answer.results.length - unknown;
    const parts = [`${answer.results.length} of ${listed} papers ranked for you`];
    if (unknown > 0) parts.push(`${unknown} not in paperrec's corpus yet`);
    if (rest > 0) parts.push(answer.results.length === answer.limit ? `${rest} not ranked (already rated, or past the top ${answer.limit})` : `${rest} you already rated`);
    return parts.join("; ") + ".";
  }

  async function rankListing() {
    const entries = listingSite.entries(document);
    if (entries.length === 0) {
      return;
    }
    const bar = createBar();
    if (!listingSite.placeBar(document, bar.host)) {
      return;
    }
    bar.message("Ranking this listing for you…");
    const ids = [...new Set(entries.map((entry) => entry.id))];
    let answer;
    try {
      answer = await bridge.ask("rank", { ids });
    } catch (error) {
      bar.message(error.message, "error");
      return;
    }
    if (answer.needsLikes) {
      bar.message(answer.message || "Like a few papers to rank this listing.");
      return;
    }
    if (answer.results.length === 0) {
      bar.message("None of these papers is in paperrec's corpus yet.");
      return;
    }
    const byId = firstEntryById(entries);
    answer.results.slice(0, BADGED).forEach((result, index) => {
      const entry = byId.get(result.id);
      if (entry) listingSite.placeBadge(entry, badge(index + 1, result));
    });
    bar.addToggle(toggleButton(createOrdering(entries, answer.results.map((result) => result.id))));
    bar.message(summary(answer, ids.length));
  }

  // Anything unexpected stays inside the extension: the page must never see our errors.
  rankListing().catch(() => undefined);
})(globalThis);
