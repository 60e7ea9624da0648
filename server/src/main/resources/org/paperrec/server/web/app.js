/*
 * The page paperrec serves at "/" for readers without the extension: search, a paper with its
 * neighbours, "For you" and settings, one view per hash route (#/search?q=, #/paper/<id>,
 * #/for-you, #/settings) so that it works from static files. Talking to the server, keeping likes
 * and drawing result lists is the shared code's job (shared/api.js, feedback.js, render.js); this
 * file only wires views to it. Every failure ends as one line on the page, never in the console.
 */
(function () {
  "use strict";

  const { api, feedback, render, ids } = globalThis.paperrec;

  /** localStorage keys; the page's whole memory of the reader. */
  const KEYS = { mode: "paperrec.mode", token: "paperrec.token", feedback: "paperrec.feedback" };
  const LIMIT = 20;
  /** Liked and not-interested papers listed on "For you", newest first (one request each). */
  const MAX_LISTED = 50;
  const NEEDS_TOKEN = "Account mode needs a token: create an account or paste a token in Settings.";
  const PAPER_NOT_FOUND = "urn:paperrec:problem:paper-not-found";
  const USER_UNAUTHORIZED = "urn:paperrec:problem:user-unauthorized";

  /** Whether the next view takes keyboard focus: after in-page navigation, not on first load. */
  let focusNextView = false;

  // ---- storage and settings ----

  function readStorage(key) {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function writeStorage(key, value) {
    try {
      if (value === null) {
        localStorage.removeItem(key);
      } else {
        localStorage.setItem(key, value);
      }
    } catch (e) {
      throw new Error("This browser does not let the page keep data here (localStorage is blocked).");
    }
  }

  function settings() {
    const token = readStorage(KEYS.token) || "";
    const mode = readStorage(KEYS.mode) === "account" ? "account" : "local";
    return { mode, token, serverUrl: "" };
  }

  /** Where local mode keeps `{likes, dislikes}`: this site's localStorage. */
  const localStore = {
    async load() {
      try {
        return JSON.parse(readStorage(KEYS.feedback) || "null") || undefined;
      } catch (e) {
        return undefined;
      }
    },
    async save(state) {
      writeStorage(KEYS.feedback, JSON.stringify(state));
    },
  };

  function client(token = settings().token) {
    return api.createClient({ baseUrl: "", token });
  }

  /** The reader's feedback in the current mode; throws NEEDS_TOKEN for account mode without one. */
  function currentFeedback() {
    const now = settings();
    if (now.mode === "account" && !now.token) {
      throw new Error(NEEDS_TOKEN);
    }
    return feedback.createFeedback({ settings: now, store: localStore });
  }

  /** Reads the reader's opinions into `view`; false when the reader has left the view meanwhile. */
  async function loadOpinions(view) {
    try {
      view.opinions = await currentFeedback().state();
    } catch (error) {
      showError(view.notice, error);
    }
    return view.isCurrent();
  }

  async function setOpinion(view, paperId, wanted) {
    view.opinions = await currentFeedback().set(paperId, wanted);
    return feedback.opinionOf(view.opinions, paperId);
  }

  /**
   * Numbers renders that may overlap: `start()` returns `isLatest()`, true until `start()` is
   * called again. A render checks it after each await and drops what it fetched once a newer one
   * has started, so a slow answer never overwrites what the reader moved on to.
   */
  function renders() {
    let latest = 0;
    return () => {
      const mine = ++latest;
      return () => mine === latest;
    };
  }

  const startView = renders();

  // ---- DOM helpers ----

  /** `h("p", {class: "hint"}, "text", child)`: properties where the element has them, else attributes. */
  function h(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key.startsWith("on")) {
        node.addEventListener(key.slice(2), value);
      } else if (key in node) {
        node[key] = value;
      } else {
        node.setAttribute(key, value);
      }
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function showError(container, error) {
    render.message(container, (error && error.message) || String(error), "error");
  }

  function paperHref(id) {
    return "#/paper/" + encodeURIComponent(id);
  }

  /**
   * A fresh view in <main>: its heading, a line for failed actions, and the title bar. Its
   * `opinions` are the reader's as `feedback.state()` gives them; `isCurrent()` turns false once
   * another view has replaced it.
   */
  function newView(title, route) {
    const isCurrent = startView();
    document.title = `${title} · paperrec`;
    for (const link of document.querySelectorAll("nav a")) {
      if (link.dataset.route === route) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    }
    const heading = h("h1", { tabIndex: -1 }, title);
    const notice = h("div", { class: "notice", "aria-live": "polite" });
    document.getElementById("view").replaceChildren(heading, notice);
    if (focusNextView) {
      focusNextView = false;
      heading.focus();
    }
    const append = (...nodes) => document.getElementById("view").append(...nodes);
    return { heading, notice, append, isCurrent, opinions: feedback.EMPTY };
  }

  /**
   * Draws `results` with like / not-interested buttons into `container`; `onChange` runs after
   * an opinion was stored.
   */
  function showResults(container, results, { view, empty, onChange }) {
    if (results.length === 0) {
      render.message(container, empty);
      return;
    }
    render.resultList(container, results, {
      hrefOf: (result) => paperHref(result.id),
      ...opinionHandlers(view, onChange),
    });
  }

  /** What render needs for like / not-interested buttons; a failure goes to the view's notice. */
  function opinionHandlers(view, onChange) {
    return {
      opinionOf: (id) => feedback.opinionOf(view.opinions, id),
      onOpinion: async (id, wanted) => {
        const now = await setOpinion(view, id, wanted);
        view.notice.replaceChildren();
        if (onChange) onChange(id, wanted);
        return now;
      },
      onError: (error) => showError(view.notice, error),
    };
  }

  // ---- views ----

  async function showSearch(query) {
    document.getElementById("search-q").value = query;
    const view = newView(query ? `Results for “${query}”` : "Search", "search");
    const results = h("div", { id: "results", class: "results" });
    view.append(results);
    if (!query) {
      render.message(results, "Type a topic, a method or a title in the search box.");
      return;
    }
    render.message(results, "Searching…");
    if (!(await loadOpinions(view))) return;
    try {
      const answer = await client().search(query, { limit: LIMIT });
      if (view.isCurrent()) showResults(results, answer.results, { view, empty: `Nothing found for “${query}”.` });
    } catch (error) {
      showError(results, error);
    }
  }

  async function showPaper(rawId) {
    const id = ids.paperKey(rawId) || rawId;
    const view = newView(id, "paper");
    const body = h("div", { id: "paper" });
    view.append(body);
    render.message(body, "Loading…");
    if (!(await loadOpinions(view))) return;
    let paper;
    try {
      paper = await client().paper(id);
    } catch (error) {
      // Only the API's own "no such paper" means that: a proxy's or a wrong route's 404 does not.
      if (error.type === PAPER_NOT_FOUND) {
        render.message(body, `No paper ${id} in this corpus`, "error");
      } else {
        showError(body, error);
      }
      return;
    }
    if (!view.isCurrent()) return;
    view.heading.textContent = paper.title;
    document.title = `${paper.title} · paperrec`;
    body.replaceChildren(...paperDetails(paper, view));

    const similar = h("div", { id: "similar", class: "results" });
    body.append(h("section", { "aria-labelledby": "similar-heading" },
      h("h2", { id: "similar-heading" }, "Similar papers"), similar));
    render.message(similar, "Finding similar papers…");
    try {
      const answer = await client().similar(paper.id, { limit: 10 });
      if (view.isCurrent()) showResults(similar, answer.results, { view, empty: "No similar papers in this corpus." });
    } catch (error) {
      showError(similar, error);
    }
  }

  /** A paper's metadata, its buttons and its abstract as nodes for the paper view. */
  function paperDetails(paper, view) {
    const parts = [render.authorLine(paper, 10), paper.date, paper.categories.join(", ")].filter(Boolean);
    const meta = h("p", { class: "paper-meta" }, parts.join(" · "));
    const actions = h("div", { class: "paper-actions" });
    const current = feedback.opinionOf(view.opinions, paper.id);
    actions.append(render.opinionButtons(document, paper.id, current, opinionHandlers(view)));
    if (paper.url && render.safeHref(document, paper.url)) {
      const onArxiv = /^https:\/\/(www\.)?arxiv\.org\//.test(paper.url);
      actions.append(h("a", { href: paper.url, class: "source" }, onArxiv ? "Read on arXiv" : "Open the source page"));
    }
    return [meta, actions, h("p", { class: "abstract" }, paper.abstract || "No abstract.")];
  }

  async function showForYou() {
    const view = newView("For you", "for-you");
    const mode = settings().mode;
    const recommendations = h("div", { id: "recommendations", class: "results" });
    const liked = h("div", { id: "liked", class: "results" });
    const disliked = h("div", { id: "disliked", class: "results" });
    view.append(
      h("p", { class: "hint" },
        mode === "local"
          ? "Local mode: your likes are kept in this browser and sent with each request. "
          : "Account mode: your likes are kept in your profile on this server. ",
        h("a", { href: "#/settings" }, "Change")),
      recommendations,
      h("section", { "aria-labelledby": "liked-heading" }, h("h2", { id: "liked-heading" }, "Liked"), liked),
      h("section", { "aria-labelledby": "disliked-heading" },
        h("h2", { id: "disliked-heading" }, "Not interested"), disliked),
      h("p", { class: "hint" }, "Press a pressed button again to take it back."));
    render.message(recommendations, "Finding papers for you…");
    await fillForYou(view, { recommendations, liked, disliked, startFill: renders() });
  }

  /**
   * Fills the For you lists; again after every like or not-interested given on them. Quick clicks
   * start fills that overlap: only the latest one draws, since it read the newest opinions.
   * Resolves to whether this fill drew.
   */
  async function fillForYou(view, parts) {
    const isLatest = parts.startFill();
    const current = () => isLatest() && view.isCurrent();
    const refresh = (id, wanted) => fillForYou(view, parts).then((drawn) => drawn && refocus(id, wanted));
    const options = { view, onChange: refresh };
    let state;
    let answer;
    try {
      const reader = currentFeedback();
      [state, answer] = await Promise.all([reader.state(), reader.recommend({ limit: LIMIT })]);
    } catch (error) {
      if (current()) {
        showError(parts.recommendations, error);
        parts.liked.replaceChildren();
        parts.disliked.replaceChildren();
      }
      return false;
    }
    if (!current()) return false;
    const [likedPapers, dislikedPapers] = await Promise.all([papersOf(state.likes), papersOf(state.dislikes)]);
    if (!current()) return false;
    view.opinions = state;
    if (answer.needsLikes) {
      render.message(parts.recommendations,
        answer.message || "Like a few papers first: search for a topic and press Like on the papers you want more of.");
    } else {
      showResults(parts.recommendations, answer.results, { ...options, empty: "Nothing left to recommend in this corpus." });
    }
    showResults(parts.liked, likedPapers, { ...options, empty: "Nothing liked yet." });
    showResults(parts.disliked, dislikedPapers, { ...options, empty: "Nothing marked as not interesting." });
    return true;
  }

  /** The papers of `{id: epochMs}`, newest first; a paper the server cannot give shows as its ID. */
  function papersOf(byId) {
    const newest = Object.entries(byId).sort((a, b) => b[1] - a[1]).slice(0, MAX_LISTED);
    return Promise.all(newest.map(([id]) =>
      client().paper(id).catch(() => ({ id, title: id, authors: [], authorCount: 0 }))));
  }

  /** After a list is drawn again, keyboard focus goes back to the pressed button if it is still there. */
  function refocus(id, wanted) {
    const kind = wanted === "none" ? "like" : wanted;
    const button = document.querySelector(`.paperrec-result[data-paper-id="${CSS.escape(id)}"] .paperrec-${kind}`);
    const lost = !document.activeElement || document.activeElement === document.body;
    if (button && lost) button.focus();
  }

  function showSettings() {
    const view = newView("Settings", "settings");
    const status = h("div", { id: "settings-status", class: "notice", "aria-live": "polite" });
    const ok = (text) => render.message(status, text, "info");
    const fail = (error) => showError(status, error);

    // Kept as nodes, not looked up by ID: a request may end after the reader has left this view.
    const radios = {};
    for (const value of feedback.MODES) {
      radios[value] = h("input", { type: "radio", name: "mode", id: `mode-${value}`, value,
        checked: settings().mode === value, onchange: () => chooseMode(value) });
    }
    const modeChoice = (value, label, explanation) =>
      h("div", { class: "choice" }, radios[value],
        h("label", { for: `mode-${value}` }, h("strong", {}, label), h("span", {}, explanation)));

    function chooseMode(mode) {
      try {
        writeStorage(KEYS.mode, mode);
        ok(mode === "account" && !settings().token
          ? "Account mode is on: create an account or paste a token below."
          : `${mode === "local" ? "Local" : "Account"} mode is on.`);
      } catch (error) {
        fail(error);
      }
    }

    function useAccount(token) {
      writeStorage(KEYS.token, token);
      writeStorage(KEYS.mode, "account");
      radios.account.checked = true;
    }

    const createButton = h("button", { type: "button", id: "create-account", onclick: createAccount }, "Create account");
    const useButton = h("button", { type: "submit" }, "Use token");
    const deleteButton = h("button", { type: "button", class: "danger", disabled: !settings().token, onclick: deleteAccount },
      "Delete account on server");

    /**
     * Runs one account request with the account buttons disabled: a double click on "Create
     * account" would otherwise make two accounts, the second token orphaning the first.
     */
    async function request(action) {
      for (const button of [createButton, useButton, deleteButton]) button.disabled = true;
      try {
        await action();
      } catch (error) {
        fail(error);
      } finally {
        createButton.disabled = false;
        useButton.disabled = false;
        deleteButton.disabled = !settings().token;
      }
    }

    const tokenOutput = h("input", { id: "new-token", readOnly: true, spellcheck: false, class: "token" });
    const copyButton = h("button", { type: "button", onclick: copyToken }, "Copy");
    const tokenBox = h("div", { class: "token-box", hidden: true },
      h("label", { for: "new-token" }, "Your token"),
      h("div", { class: "row" }, tokenOutput, copyButton),
      h("p", { class: "hint" }, "Shown only this once: copy it somewhere safe, such as a password manager. "
        + "Paste it under “Use an existing token” to reach the same likes from another browser."));

    async function copyToken() {
      try {
        await navigator.clipboard.writeText(tokenOutput.value);
        ok("Token copied.");
      } catch (e) {
        tokenOutput.select();
        ok("The token is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
      }
    }

    function createAccount() {
      if (settings().token && !confirm("This browser already keeps a token. Replace it? The old account stays on the server.")) {
        return;
      }
      request(async () => {
        const created = await client().createUser();
        useAccount(created.token);
        tokenOutput.value = created.token;
        tokenBox.hidden = false;
        tokenOutput.focus();
        tokenOutput.select();
        ok("Account created; account mode is on.");
      });
    }

    const tokenInput = h("input", { id: "token-input", autocomplete: "off", spellcheck: false, class: "token", required: true });
    function pasteToken(event) {
      event.preventDefault();
      const token = tokenInput.value.trim();
      request(async () => {
        const profile = await client(token).me();
        useAccount(token);
        tokenInput.value = "";
        ok(`Token accepted: ${profile.likes.length} liked and ${profile.dislikes.length} not-interested papers on this server.`);
      });
    }

    function deleteAccount() {
      if (!confirm("Delete your profile and all its likes on this server? This cannot be undone.")) return;
      request(async () => {
        // Only a token the server once accepted is kept, so one it no longer knows was deleted
        // elsewhere (the extension, another browser): forget it here too instead of failing forever.
        await client().deleteMe().catch((error) => {
          if (error.type !== USER_UNAUTHORIZED) throw error;
        });
        writeStorage(KEYS.token, null);
        writeStorage(KEYS.mode, "local");
        radios.local.checked = true;
        ok("Account deleted on the server; this browser is back in local mode.");
      });
    }

    const localCount = h("p", {}, localSummary());
    function clearLocal() {
      if (!confirm("Forget the likes kept in this browser?")) return;
      try {
        writeStorage(KEYS.feedback, null);
        localCount.textContent = localSummary();
        ok("Local likes cleared.");
      } catch (error) {
        fail(error);
      }
    }

    view.append(
      h("fieldset", {},
        h("legend", {}, "Where your likes are kept"),
        modeChoice("local", "Local", "Your likes and not-interested marks stay in this browser’s localStorage "
          + "for this site. They are sent along with each request for recommendations; the server keeps nothing."),
        modeChoice("account", "Account", "Your likes are stored in a profile on this server. This browser keeps "
          + "only the profile’s token, which also reaches the profile from other browsers and the extension."),
        h("p", { class: "hint" }, "Likes are not copied when you switch modes.")),
      status,
      h("section", { "aria-labelledby": "account-heading" },
        h("h2", { id: "account-heading" }, "Account"),
        createButton,
        tokenBox,
        h("form", { class: "token-form", onsubmit: pasteToken },
          h("label", { for: "token-input" }, "Use an existing token"),
          h("div", { class: "row" }, tokenInput, useButton)),
        deleteButton),
      h("section", { "aria-labelledby": "local-heading" },
        h("h2", { id: "local-heading" }, "Likes in this browser"),
        localCount,
        h("button", { type: "button", class: "danger", onclick: clearLocal }, "Clear local likes")));
  }

  function localSummary() {
    let state = {};
    try {
      state = JSON.parse(readStorage(KEYS.feedback) || "{}") || {};
    } catch (e) {
      // unreadable: counted as empty
    }
    const count = (byId) => Object.keys(byId || {}).length;
    return `${count(state.likes)} liked and ${count(state.dislikes)} not-interested papers kept in this browser.`;
  }

  // ---- header, routing, start ----

  async function showCorpusSize() {
    const line = document.getElementById("corpus");
    try {
      const health = await client().health();
      line.textContent = `${health.papers} papers`;
    } catch (error) {
      line.textContent = "corpus size unknown";
      line.title = error.message;
    }
  }

  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (e) {
      return text;
    }
  }

  function route() {
    const hash = location.hash;
    let match;
    if ((match = /^#\/search(?:\?(.*))?$/.exec(hash))) {
      return showSearch((new URLSearchParams(match[1] || "").get("q") || "").trim());
    }
    if ((match = /^#\/paper\/(.+)$/.exec(hash))) {
      return showPaper(decode(match[1]));
    }
    return hash === "#/settings" ? showSettings() : showForYou();
  }

  function navigate(moveFocus) {
    focusNextView = moveFocus;
    Promise.resolve()
      .then(route)
      .catch((error) => showError(document.getElementById("view"), error));
  }

  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const hash = "#/search?q=" + encodeURIComponent(document.getElementById("search-q").value.trim());
    if (location.hash === hash) {
      navigate(true); // the same search again: no hashchange
    } else {
      location.hash = hash;
    }
  });
  window.addEventListener("hashchange", () => navigate(true));
  showCorpusSize();
  navigate(false);
})();
