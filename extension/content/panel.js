/*
 * The panel that content scripts show on paper sites: a `<paperrec-panel>` element whose content
 * lives in an open Shadow DOM, styled by shared/results.css and content/panel.css linked inside the
 * shadow root, so that the page's CSS cannot break the panel and the panel's cannot leak into the
 * page. The element name is not a registered custom element (content scripts cannot register
 * any); a name with a dash is simply one that selectors such as "div" or ".column > div" never
 * match, and one that may carry a shadow root. A classic content script: adds `paperrec.panel`.
 *
 * Layout inside the shadow root:
 *   header   "Similar papers" and where they come from ("(from this page's text)")
 *   bar      "This paper: Like · Not interested", hidden until the page's paper is known
 *   status   one line for failures that leave the results standing (a like that did not save)
 *   body     the results, or one line while loading or when the server is down
 */
(function (root) {
  "use strict";

  const STYLESHEETS = ["shared/results.css", "content/panel.css"];

  const { el } = root.paperrec.render;

  /** A `<paperrec-*>` element with an open shadow root holding the extension's stylesheets. */
  function shadowHost(doc, tagName) {
    const host = doc.createElement(tagName);
    const shadow = host.attachShadow({ mode: "open" });
    for (const file of STYLESHEETS) {
      const link = el(doc, "link");
      link.rel = "stylesheet";
      link.href = chrome.runtime.getURL(file);
      shadow.append(link);
    }
    return { host, shadow };
  }

  /** A new panel, not yet inserted: the site decides where it goes. */
  function create(doc, { heading }) {
    const { host, shadow } = shadowHost(doc, "paperrec-panel");
    const box = el(doc, "section", "paperrec-panel");
    box.setAttribute("aria-label", `paperrec: ${heading}`);

    const head = el(doc, "header", "paperrec-panel-head");
    head.append(el(doc, "span", "paperrec-panel-name", "paperrec"), el(doc, "span", "paperrec-panel-heading", heading));
    const source = el(doc, "span", "paperrec-panel-source");
    head.append(source);
    const bar = el(doc, "div", "paperrec-this-paper");
    bar.hidden = true;
    const status = el(doc, "div", "paperrec-panel-status");
    const body = el(doc, "div", "paperrec-panel-body");
    box.append(head, bar, status, body);
    shadow.append(box);

    return {
      host,
      /**
       * Makes the panel a fixed card in the bottom-right corner of the window, with a button to
       * fold it, and appends it to <body>: for pages with no safe place in their own flow.
       */
      showAsCornerCard() {
        host.classList.add("paperrec-corner");
        head.append(foldButton(doc, host));
        doc.body.append(host);
      },
      /** Says where the results come from, e.g. "(from this page's text)"; "" for nothing. */
      setSource(text) {
        source.textContent = text;
      },
      /** Shows "This paper: Like · Not interested" for the page's own paper. */
      showPaperBar(paperId, opinion, handlers) {
        const label = el(doc, "span", "paperrec-this-paper-label", "This paper:");
        bar.replaceChildren(label, root.paperrec.render.opinionButtons(doc, paperId, opinion, handlers));
        bar.dataset.paperId = paperId;
        bar.hidden = false;
      },
      /** One line above the results; "" clears it. */
      status(text, kind = "info") {
        if (text) {
          root.paperrec.render.message(status, text, kind);
        } else {
          status.replaceChildren();
        }
      },
      /** One line instead of the results. */
      message(text, kind = "info") {
        root.paperrec.render.message(body, text, kind);
      },
      results(results, options) {
        root.paperrec.render.resultList(body, results, options);
      },
      remove() {
        host.remove();
      },
    };
  }

  function foldButton(doc, host) {
    const button = el(doc, "button", "paperrec-fold", "–");
    button.type = "button";
    button.title = "Fold the paperrec panel";
    button.setAttribute("aria-expanded", "true");
    button.addEventListener("click", () => {
      const folded = host.classList.toggle("paperrec-folded");
      button.textContent = folded ? "+" : "–";
      button.title = folded ? "Show the paperrec panel" : "Fold the paperrec panel";
      button.setAttribute("aria-expanded", String(!folded));
    });
    return button;
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.panel = { create, shadowHost };
})(globalThis);
