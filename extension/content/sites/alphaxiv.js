/*
 * Reads an alphaXiv paper page (https://www.alphaxiv.org/abs/<id>, also /overview/<id>) and says
 * where the panel goes; every other path of the site reads as no paper. alphaXiv renders its body
 * on the client and its DOM is not documented, so nothing here relies on body markup: the ID comes
 * from the URL, the title from og:title, the abstract from the ScholarlyArticle ld+json when the
 * page has one. The panel is a fixed corner card appended to <body> once the page has stopped
 * changing: inserting into the app's own tree before or during hydration makes the framework
 * throw the node away (or fail to hydrate). A classic content script: sets `paperrec.site`.
 */
(function (root) {
  "use strict";

  const { collapse, attribute, parseJson, waitForQuiet } = root.paperrec.pageText;
  const { normalise } = root.paperrec.ids;

  const PAPER_PATH = /^\/(?:abs|overview)\/(.+?)(?:\/metadata)?\/?$/;
  const TITLE_SUFFIX = / \| alphaXiv$/;
  /** How long the page may keep changing before the panel is shown anyway. */
  const HYDRATION_TIMEOUT_MS = 5000;
  /** A page that has not changed for this long counts as rendered. */
  const QUIET_MS = 400;

  function idFromPath(pathname) {
    const match = PAPER_PATH.exec(pathname);
    return match ? normalise(decodeURIComponent(match[1])) : null;
  }

  /** The first ScholarlyArticle in the page's ld+json scripts (single object, array or @graph). */
  function scholarlyArticle(doc) {
    for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
      const json = parseJson(script.textContent);
      const items = Array.isArray(json) ? json : json && json["@graph"] ? json["@graph"] : [json];
      const article = items.find((item) => item && item["@type"] === "ScholarlyArticle");
      if (article) {
        return article;
      }
    }
    return null;
  }

  function read(doc, location) {
    if (!PAPER_PATH.test(location.pathname)) {
      // The content script runs on the whole site, which navigates in place: a page that is not a
      // paper's may still carry the last paper's head tags.
      return { id: null, title: "", abstract: "" };
    }
    const article = scholarlyArticle(doc) || {};
    const title =
      attribute(doc, 'meta[property="og:title"]') || collapse(doc.title).replace(TITLE_SUFFIX, "") || article.headline;
    return { id: idFromPath(location.pathname), title: collapse(title), abstract: collapse(article.abstract) };
  }

  /** Never in the page's own flow: the caller shows the panel as a corner card. */
  function place() {
    return false;
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.site = {
    read,
    whenReady: (doc) => waitForQuiet(doc, QUIET_MS, HYDRATION_TIMEOUT_MS),
    place,
    navigatesInPlace: true,
    hrefOf: (id) => (normalise(id) ? `https://www.alphaxiv.org/abs/${id}` : null),
  };
})(globalThis);
