/*
 * Small helpers the site readers share for getting clean text out of a page. A classic content
 * script: adds `paperrec.pageText`.
 */
(function (root) {
  "use strict";

  /** `text` on one line: runs of white space (line breaks of wrapped abstracts) become one space. */
  function collapse(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  /** The collapsed `content` of the first element matching `selector`, or "". */
  function attribute(doc, selector, name = "content") {
    const node = doc.querySelector(selector);
    return node ? collapse(node.getAttribute(name)) : "";
  }

  /** The collapsed text of `node` without its descendants matching `skip` (e.g. "Title:" labels). */
  function textWithout(node, skip) {
    if (!node) {
      return "";
    }
    const copy = node.cloneNode(true);
    for (const unwanted of copy.querySelectorAll(skip)) {
      unwanted.remove();
    }
    return collapse(copy.textContent);
  }

  /** `JSON.parse(text)`, or undefined for text that is not JSON. */
  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return undefined;
    }
  }

  /**
   * Resolves once the page has not changed for `quietMs`, or after `maxMs` at the latest: a
   * client-rendered page is then done with its first render (hydration).
   */
  function waitForQuiet(doc, quietMs, maxMs) {
    return new Promise((resolve) => {
      let quietTimer = setTimeout(finish, quietMs);
      const deadline = setTimeout(finish, maxMs);
      const observer = new MutationObserver(() => {
        clearTimeout(quietTimer);
        quietTimer = setTimeout(finish, quietMs);
      });
      function finish() {
        observer.disconnect();
        clearTimeout(quietTimer);
        clearTimeout(deadline);
        resolve();
      }
      observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    });
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.pageText = { collapse, attribute, textWithout, parseJson, waitForQuiet };
})(globalThis);
