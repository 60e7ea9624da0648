/*
 * arXiv paper IDs as the pages show them, in the normal form the server uses: no "arXiv:" prefix,
 * no version, old-style archives in lower case ("hep-th/9901001", "cs/9901011"). The server accepts
 * every spelling; the browser side normalises too so that a like given on "2501.13492v2" and one
 * given on "2501.13492" are the same like. A classic script: adds `paperrec.ids`.
 */
(function (root) {
  "use strict";

  const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;
  const OLD_STYLE = /^([a-z][a-z-]*)(?:\.[a-z]{2})?\/(\d{7})(?:v\d+)?$/i;

  /** The normal form of `raw`, or null when it is not an arXiv ID. */
  function normalise(raw) {
    if (typeof raw !== "string") {
      return null;
    }
    const text = raw.trim().replace(/^arxiv:/i, "");
    const modern = NEW_STYLE.exec(text);
    if (modern) {
      return modern[1];
    }
    const old = OLD_STYLE.exec(text);
    return old ? `${old[1].toLowerCase()}/${old[2]}` : null;
  }

  /** IDs the server gives papers without an arXiv ID (README: "doi:…" and "title:…" slugs). */
  const SERVER_ONLY = /^(?:doi|title):\S+$/i;

  /**
   * The key under which feedback on `raw` is kept and sent: the normal form of an arXiv ID, or a
   * "doi:…" / "title:…" ID exactly as the server gave it, so that such results can be liked too.
   * Null for anything else.
   */
  function paperKey(raw) {
    if (typeof raw !== "string") {
      return null;
    }
    const text = raw.trim();
    return normalise(text) || (SERVER_ONLY.test(text) ? text : null);
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.ids = { normalise, paperKey };
})(globalThis);
