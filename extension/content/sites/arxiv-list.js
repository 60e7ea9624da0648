/*
 * Reads an arXiv listing page (https://arxiv.org/list/<category>/<period>): its entries and where
 * the listing bar and the badges go. Each section (new, cross-lists, replacements, or one day on
 * /recent) is its own `dl#articles`, so the ID is duplicated on purpose and every one of them is
 * read; an entry is a `dt` (links, ID) followed by its `dd` (title, authors, abstract on /new).
 * A classic content script: sets `paperrec.listingSite`.
 */
(function (root) {
  "use strict";

  const { normalise } = root.paperrec.ids;

  const ABS_HREF = /\/abs\/(.+?)\/?$/;

  function entryId(dt) {
    const abstractLink = dt.querySelector('a[title="Abstract"]');
    if (abstractLink) {
      const fromHref = ABS_HREF.exec(abstractLink.getAttribute("href") || "");
      const id = normalise(abstractLink.id) || (fromHref && normalise(decodeURIComponent(fromHref[1])));
      if (id) {
        return id;
      }
    }
    const pdfLink = dt.querySelector('a[id^="pdf-"]');
    return pdfLink ? normalise(pdfLink.id.slice("pdf-".length)) : null;
  }

  /** Every entry of every section, in page order: `{id, dt, dd}`. */
  function entries(doc) {
    const found = [];
    for (const list of doc.querySelectorAll("dl#articles")) {
      for (const dt of list.querySelectorAll(":scope > dt")) {
        const dd = dt.nextElementSibling;
        const id = entryId(dt);
        if (id && dd && dd.tagName === "DD") {
          found.push({ id, dt, dd });
        }
      }
    }
    return found;
  }

  /** At the top of the listing (under its heading); false when the page has no listing. */
  function placeBar(doc, host) {
    const page = doc.querySelector("#dlpage");
    if (!page) {
      return false;
    }
    const heading = page.querySelector(":scope > h1");
    if (heading) {
      heading.after(host);
    } else {
      page.prepend(host);
    }
    return true;
  }

  /** At the start of the entry's metadata block (title, authors, …). */
  function placeBadge(entry, host) {
    const meta = entry.dd.querySelector(":scope > div.meta") || entry.dd;
    meta.prepend(host);
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.listingSite = { entries, placeBar, placeBadge };
})(globalThis);
