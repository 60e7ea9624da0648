/*
 * Reads a Hugging Face paper page (https://huggingface.co/papers/<id>) and says where the panel
 * goes; the lists under /papers read as no paper. The abstract comes from the JSON the page hands
 * to its Svelte component (`[data-target="PaperContent"]` data-props, `paper.summary`): in the DOM,
 * keyword links are woven into the abstract and an AI-generated summary paragraph sits between the
 * "Abstract" heading and the abstract itself. The site navigates between papers without reloading,
 * so the JSON is only trusted when it describes the paper in the URL. A classic content script:
 * sets `paperrec.site`.
 */
(function (root) {
  "use strict";

  const { collapse, attribute, textWithout, parseJson } = root.paperrec.pageText;
  const { normalise } = root.paperrec.ids;

  const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5})(?:v\d+)?\/?$/;
  const OG_TITLE_PREFIX = /^Paper page - /;

  function idFromPath(pathname) {
    const match = PAPER_PATH.exec(pathname);
    return match ? normalise(match[1]) : null;
  }

  /** `paper` from the PaperContent props when they describe `id`, else null. */
  function propsPaper(doc, id) {
    const node = doc.querySelector('[data-target="PaperContent"][data-props]');
    const props = node ? parseJson(node.getAttribute("data-props")) : undefined;
    const paper = props && props.paper;
    return paper && normalise(String(paper.id)) === id ? paper : null;
  }

  /** The block under the "Abstract" heading, whose last paragraph with the abstract's class is the abstract. */
  function abstractBlock(doc) {
    const heading = [...doc.querySelectorAll("main h2")].find((h2) => collapse(h2.textContent) === "Abstract");
    return heading ? heading.parentElement : null;
  }

  function abstractParagraph(doc) {
    const block = abstractBlock(doc);
    return block ? block.querySelector(":scope > p.text-gray-600") : null;
  }

  function read(doc, location) {
    const id = idFromPath(location.pathname);
    if (!id) {
      // The content script also runs on the paper lists (the site navigates from them in place),
      // whose head may still describe the last paper shown: only a paper path is a paper.
      return { id: null, title: "", abstract: "" };
    }
    const paper = propsPaper(doc, id);
    const title =
      (paper && paper.title) ||
      attribute(doc, 'meta[property="og:title"]').replace(OG_TITLE_PREFIX, "") ||
      textWithout(doc.querySelector("main h1"), "a, button");
    const abstract = (paper && paper.summary) || textWithout(abstractParagraph(doc), "script, style");
    return { id, title: collapse(title), abstract: collapse(abstract) };
  }

  /** Right after the abstract; false when the page has no abstract block (the panel goes to a corner). */
  function place(doc, host) {
    const paragraph = abstractParagraph(doc);
    if (paragraph) {
      paragraph.after(host);
      return true;
    }
    return false;
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.site = {
    read,
    place,
    navigatesInPlace: true,
    hrefOf: (id) => (/^\d{4}\.\d{4,5}$/.test(id) ? `https://huggingface.co/papers/${id}` : null),
  };
})(globalThis);
