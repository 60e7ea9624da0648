/*
 * Result lists as DOM, shared by the extension's panel and popup and the server's web page, styled
 * by results.css (every class starts with "paperrec-"). Text goes in through textContent only, never
 * as HTML, so nothing a paper's title or a server says can run in the page. A classic script: adds
 * `paperrec.render`.
 */
(function (root) {
  "use strict";

  /** Authors shown before "et al.". */
  const MAX_AUTHORS = 3;

  const OPINION_LABELS = { like: "Like", dislike: "Not interested" };

  /** A new `tag` element of `doc` with a class and text (as textContent), both optional. */
  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /**
   * "A, B, C et al." for a paper's authors (at most `max` named), "5 authors" when only the count
   * is known, "" for none.
   */
  function authorLine(paper, max = MAX_AUTHORS) {
    const named = paper.authors || [];
    const count = Math.max(paper.authorCount || 0, named.length);
    if (named.length === 0) {
      // Corpora without author names (the demo page) still give a count; " et al." alone reads as a bug.
      return count > 0 ? `${count} author${count === 1 ? "" : "s"}` : "";
    }
    const shown = named.slice(0, max).join(", ");
    return count > Math.min(max, named.length) ? `${shown} et al.` : shown;
  }

  /**
   * `url` when it is an http(s) address (relative ones resolved against `doc`), else null: what a
   * server answers never becomes a javascript: link.
   */
  function safeHref(doc, url) {
    try {
      return ["http:", "https:"].includes(new URL(url, doc.baseURI).protocol) ? url : null;
    } catch (e) {
      return null;
    }
  }

  /** Why a result was ranked, in words, or "" when the result says nothing beyond its score. */
  function reasonLine(result) {
    const reason = result.reason || {};
    const parts = [];
    if (reason.closestLiked) {
      const liked = reason.closestLiked.title ? `“${reason.closestLiked.title}”` : reason.closestLiked.id;
      parts.push(`closest to ${liked}, which you liked (${reason.closestLiked.score.toFixed(2)})`);
    }
    if (reason.interest && reason.interest.of > 1) {
      parts.push(`interest ${reason.interest.index + 1} of ${reason.interest.of}`);
    }
    if (typeof reason.lexical === "number") {
      parts.push(`words ${reason.lexical.toFixed(2)}`);
    }
    if (typeof reason.recency === "number") {
      parts.push(`recency ${reason.recency.toFixed(2)}`);
    }
    return parts.join(" · ");
  }

  /**
   * Like and not-interested buttons for one paper. `onOpinion(id, opinion)` is awaited and
   * returns the opinion now stored; pressing a pressed button takes the opinion back ("none").
   * When it throws, the buttons keep their state and `onError(error)` is told.
   */
  function opinionButtons(doc, paperId, current, { onOpinion, onError }) {
    const box = el(doc, "span", "paperrec-actions");
    const buttons = {};
    const show = (opinion) => {
      for (const [kind, button] of Object.entries(buttons)) {
        button.setAttribute("aria-pressed", String(kind === opinion));
      }
      box.dataset.opinion = opinion;
    };
    for (const kind of Object.keys(OPINION_LABELS)) {
      const button = el(doc, "button", `paperrec-${kind}`, OPINION_LABELS[kind]);
      button.type = "button";
      button.title = kind === "like" ? "More like this" : "Fewer like this";
      button.addEventListener("click", async (event) => {
        event.preventDefault();
        event.stopPropagation();
        if (!event.isTrusted) {
          // A page script's synthetic click (panels sit inside other sites' pages) is not the reader.
          return;
        }
        const wanted = box.dataset.opinion === kind ? "none" : kind;
        for (const b of Object.values(buttons)) b.disabled = true;
        try {
          show(await onOpinion(paperId, wanted));
        } catch (error) {
          if (onError) onError(error);
        } finally {
          for (const b of Object.values(buttons)) b.disabled = false;
        }
      });
      buttons[kind] = button;
      box.append(button);
    }
    show(current || "none");
    return box;
  }

  /**
   * One result as an `li.paperrec-result`.
   *
   * @param {object} options
   * @param {(result) => string} [options.hrefOf] where the title links; the paper's URL otherwise
   * @param {(id) => string} [options.opinionOf] the reader's opinion of a paper
   * @param {Function} [options.onOpinion] see opinionButtons; no buttons without it
   * @param {Function} [options.onError] see opinionButtons
   */
  function resultItem(doc, result, options = {}) {
    const item = el(doc, "li", "paperrec-result");
    item.dataset.paperId = result.id;
    const href = safeHref(doc, options.hrefOf ? options.hrefOf(result) : result.url);
    const title = el(doc, href ? "a" : "span", "paperrec-title", result.title);
    if (href) {
      title.href = href;
    }
    item.append(title);

    const meta = el(doc, "div", "paperrec-meta");
    const authors = authorLine(result);
    if (authors) {
      meta.append(el(doc, "span", "paperrec-authors", authors));
    }
    if (result.date) {
      const date = el(doc, "time", "paperrec-date", result.date);
      date.dateTime = result.date;
      meta.append(date);
    }
    if (typeof result.score === "number") {
      const score = el(doc, "span", "paperrec-score", result.score.toFixed(2));
      score.title = "Score: higher is closer";
      meta.append(score);
    }
    item.append(meta);

    const reason = reasonLine(result);
    if (reason) {
      item.append(el(doc, "div", "paperrec-reason", reason));
    }
    if (options.onOpinion) {
      const current = options.opinionOf ? options.opinionOf(result.id) : "none";
      item.append(opinionButtons(doc, result.id, current, options));
    }
    return item;
  }

  /** Replaces the children of `container` with an `ol.paperrec-results` of `results`. */
  function resultList(container, results, options = {}) {
    const doc = container.ownerDocument;
    const list = el(doc, "ol", "paperrec-results");
    for (const result of results) {
      list.append(resultItem(doc, result, options));
    }
    container.replaceChildren(list);
    return list;
  }

  /**
   * Replaces the children of `container` with one line of text: `kind` "info" (loading, nothing
   * found) or "error" (the server is down, slow or said no).
   */
  function message(container, text, kind = "info") {
    const line = el(container.ownerDocument, "p", `paperrec-message paperrec-${kind}`, text);
    if (kind === "error") {
      line.setAttribute("role", "alert");
    }
    container.replaceChildren(line);
    return line;
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.render = { resultList, resultItem, opinionButtons, message, authorLine, reasonLine, safeHref, el };
})(globalThis);
