/*
 * A reader's likes and dislikes and the recommendations they lead to, in one of two modes:
 *
 * - "local": the feedback stays in the browser (extension storage or the page's localStorage) and
 *   goes with each stateless POST /v1/recommendations; the server keeps nothing about the reader.
 * - "account": a profile stored on the server, reached with the bearer token POST /v1/users gave.
 *
 * Both modes answer the same calls, so the panel, the popup and the web page never ask which mode
 * is on. A classic script: adds `paperrec.feedback` (needs `paperrec.api` and `paperrec.ids`).
 */
(function (root) {
  "use strict";

  const MODES = ["local", "account"];
  /** The most likes (and dislikes) one stateless request may carry, as the API allows. */
  const MAX_SENT = 500;

  const EMPTY = Object.freeze({ likes: {}, dislikes: {} });
  const NO_KNOWN_LIKES = "urn:paperrec:problem:no-known-likes";
  const LIKES_OUTSIDE_CORPUS =
    "None of your liked papers is in this paperrec corpus yet: like one of its papers, such as a similar-papers result.";

  /**
   * @param {object} options
   * @param {{mode: string, serverUrl: string, token?: string}} options.settings
   * @param {{load: () => Promise<object|undefined>, save: (state: object) => Promise<void>}} options.store
   *     where local mode keeps `{likes: {id: epochMs}, dislikes: {id: epochMs}}`
   * @param {object} [options.client] a `paperrec.api` client; made from the settings otherwise
   * @param {() => number} [options.now] epoch milliseconds, for tests
   */
  function createFeedback({ settings, store, client, now = Date.now }) {
    if (!MODES.includes(settings.mode)) {
      throw new Error(`unknown mode "${settings.mode}": use one of ${MODES.join(", ")}`);
    }
    const api = client || root.paperrec.api.createClient({ baseUrl: settings.serverUrl, token: settings.token });
    return settings.mode === "local" ? localMode(api, store, now) : accountMode(api);
  }

  function localMode(api, store, now) {
    async function load() {
      const saved = await store.load();
      return {
        likes: { ...((saved && saved.likes) || {}) },
        dislikes: { ...((saved && saved.dislikes) || {}) },
      };
    }

    return {
      mode: "local",
      /** `{likes: {id: epochMs}, dislikes: {id: epochMs}}`. */
      state: load,

      /** Sets the reader's opinion of one paper: "like", "dislike" or "none". */
      async set(paperId, opinion) {
        const id = requireId(paperId);
        const state = await load();
        delete state.likes[id];
        delete state.dislikes[id];
        if (opinion === "like") {
          state.likes[id] = now();
        } else if (opinion === "dislike") {
          state.dislikes[id] = now();
        } else if (opinion !== "none") {
          throw new Error(`unknown opinion "${opinion}"`);
        }
        await store.save(state);
        return state;
      },

      /**
       * Recommendations for the stored feedback, or a `needsLikes` answer (see orNeedsLikes) when
       * nothing is liked yet, without asking the server. `options` may hold `limit` and
       * `candidates` (a listing page's IDs).
       */
      async recommend(options = {}) {
        const state = await load();
        const liked = newest(state.likes).map(([id, at]) => ({ id, at: new Date(at).toISOString() }));
        if (liked.length === 0) {
          return needsLikes(false);
        }
        const negative = newest(state.dislikes).map(([id]) => id);
        return withLikedTitles(api, await orNeedsLikes(api.recommend({ liked, negative, ...withoutEmpty(options) })));
      },
    };
  }

  function accountMode(api) {
    return {
      mode: "account",

      async state() {
        const profile = await api.me();
        const byId = (entries) => Object.fromEntries(entries.map((e) => [e.id, Date.parse(e.time)]));
        return { likes: byId(profile.likes), dislikes: byId(profile.dislikes) };
      },

      async set(paperId, opinion) {
        const id = requireId(paperId);
        if (opinion === "like") {
          await api.like(id);
        } else if (opinion === "dislike") {
          await api.dislike(id);
        } else if (opinion === "none") {
          await Promise.all([api.unlike(id), api.undislike(id)]);
        } else {
          throw new Error(`unknown opinion "${opinion}"`);
        }
        return this.state();
      },

      async recommend(options = {}) {
        // The profile first, so that the usual "nothing liked yet" costs no 400 answer, which
        // browsers log in the page's console.
        const profile = await api.me();
        if (!profile.likes.some((entry) => entry.inCorpus !== false)) {
          return needsLikes(profile.likes.length > 0);
        }
        return withLikedTitles(api, await orNeedsLikes(api.myRecommendations(withoutEmpty(options))));
      },
    };
  }

  /**
   * The empty answer that asks the reader to like a paper of the corpus, which is not an error.
   * With `likedOutsideCorpus` (the reader liked only papers the corpus does not have yet, such as
   * one published an hour ago) `message` says so; callers show their own "like a few papers" line
   * otherwise.
   */
  function needsLikes(likedOutsideCorpus) {
    const answer = { results: [], unknownIds: [], needsLikes: true };
    return likedOutsideCorpus ? { ...answer, message: LIKES_OUTSIDE_CORPUS } : answer;
  }

  /**
   * The answer of `request`, which sends at least one like, or needsLikes(true) when the server
   * says none of them is in its corpus (problem type no-known-likes).
   */
  async function orNeedsLikes(request) {
    try {
      return await request;
    } catch (error) {
      if (error.type === NO_KNOWN_LIKES) {
        return needsLikes(true);
      }
      throw error;
    }
  }

  /**
   * `answer` with the title of each result's closest liked paper (`reason.closestLiked.title`), so
   * that a reason reads "closest to <title>, which you liked" rather than an ID. One request per
   * distinct liked paper; one that fails leaves that reason with its ID.
   */
  async function withLikedTitles(api, answer) {
    const closestOf = (result) => (result.reason && result.reason.closestLiked) || null;
    const likedIds = new Set(answer.results.map(closestOf).filter(Boolean).map((closest) => closest.id));
    const titles = new Map();
    await Promise.all(
      [...likedIds].map((id) => api.paper(id).then((paper) => titles.set(id, paper.title), () => undefined)),
    );
    for (const closest of answer.results.map(closestOf)) {
      if (closest && titles.has(closest.id)) {
        closest.title = titles.get(closest.id);
      }
    }
    return answer;
  }

  /** The reader's opinion of `paperId` in a `state()` answer: "like", "dislike" or "none". */
  function opinionOf(state, paperId) {
    if (Object.prototype.hasOwnProperty.call(state.likes, paperId)) {
      return "like";
    }
    return Object.prototype.hasOwnProperty.call(state.dislikes, paperId) ? "dislike" : "none";
  }

  function requireId(paperId) {
    const id = root.paperrec.ids.paperKey(paperId);
    if (!id) {
      throw new Error(`"${paperId}" is not an arXiv paper ID (nor a doi: or title: ID the server gave)`);
    }
    return id;
  }

  /** The entries of `{id: epochMs}`, newest first, at most MAX_SENT. */
  function newest(byId) {
    return Object.entries(byId)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_SENT);
  }

  function withoutEmpty(options) {
    const copy = { ...options };
    if (Array.isArray(copy.candidates) && copy.candidates.length === 0) {
      delete copy.candidates;
    }
    return copy;
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.feedback = { createFeedback, opinionOf, MODES, MAX_SENT, EMPTY };
})(globalThis);
