/*
 * Reads an arXiv abstract page (https://arxiv.org/abs/<id>) and says where the panel goes.
 * The citation_* meta tags come first: they are what arXiv generates for Google Scholar and they
 * hold the raw abstract, while the visible one has URLs turned into "this http URL" links and
 * TeX left for MathJax. The page has several h1 elements (the first is the subject header), so
 * the visible title is only read from "#abs h1.title". A classic content script: sets `paperrec.site`.
 */
(function (root) {
  "use strict";

  const { collapse, attribute, textWithout } = root.paperrec.pageText;
  const { normalise } = root.paperrec.ids;

  const ABS_PATH = /^\/abs\/(.+?)\/?$/;

  function idFromPath(pathname) {
    const match = ABS_PATH.exec(pathname);
    return match ? normalise(decodeURIComponent(match[1])) : null;
  }

  function read(doc, location) {
    const canonical = attribute(doc, 'link[rel="canonical"]', "href");
    const id =
      normalise(attribute(doc, 'meta[name="citation_arxiv_id"]')) ||
      idFromPath(location.pathname) ||
      (canonical ? idFromPath(new URL(canonical, location.href).pathname) : null);
    const title =
      attribute(doc, 'meta[name="citation_title"]') || textWithout(doc.querySelector("#abs h1.title"), ".descriptor");
    const abstract =
      attribute(doc, 'meta[name="citation_abstract"]') ||
      textWithout(doc.querySelector("#abs blockquote.abstract"), ".descriptor");
    return { id, title: collapse(title), abstract: collapse(abstract) };
  }

  /** In the right column under "Access Paper", else after the abstract block; false if neither exists. */
  function place(doc, host) {
    const services = doc.querySelector(".extra-services");
    if (services) {
      const fullText = services.querySelector(":scope > .full-text");
      if (fullText) {
        fullText.after(host);
      } else {
        services.prepend(host);
      }
      return true;
    }
    const abs = doc.querySelector("#abs");
    if (abs) {
      abs.after(host);
      return true;
    }
    return false;
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.site = {
    read,
    place,
    hrefOf: (id) => (normalise(id) ? `https://arxiv.org/abs/${id}` : null),
  };
})(globalThis);
