/*
 * The paperrec HTTP API as a small client, shared by the extension (background, popup, options)
 * and the web page the server hosts at "/". A classic script, not a module, so that the same file
 * loads in a content script, a service worker, an extension page, a web page and Node's tests: it
 * adds `paperrec.api` to the global object.
 *
 * Every failure is an ApiError whose message is one line a reader can act on: the server's own
 * problem `detail` (RFC 9457) for an error answer, or what could not be reached for a network
 * failure or a timeout. Nothing here logs or throws anything else.
 */
(function (root) {
  "use strict";

  const DEFAULT_TIMEOUT_MS = 8000;

  /**
   * A failed call. `kind` is "unreachable", "timeout" or "http"; `status` is set for "http", and
   * `type` when the server answered a problem (e.g. "urn:paperrec:problem:paper-not-found", which
   * tells an unknown paper apart from a wrong URL's route-not-found 404).
   */
  class ApiError extends Error {
    constructor(kind, message, status, type) {
      super(message);
      this.name = "ApiError";
      this.kind = kind;
      this.status = status;
      this.type = type;
    }
  }

  /**
   * A client for the server at `baseUrl` ("" for the page's own origin).
   *
   * @param {object} options
   * @param {string} options.baseUrl e.g. "http://localhost:7070"; a trailing slash is dropped
   * @param {string} [options.token] the account's bearer token, for the /v1/users/me routes
   * @param {number} [options.timeoutMs] per request
   * @param {Function} [options.fetch] for tests; the global fetch otherwise
   */
  function createClient({ baseUrl, token, timeoutMs = DEFAULT_TIMEOUT_MS, fetch = root.fetch.bind(root) }) {
    const base = String(baseUrl || "").replace(/\/+$/, "");
    const where = base || "this server";

    async function call(method, path, { body, query, auth = false } = {}) {
      const url = base + path + queryString(query);
      const headers = { Accept: "application/json, application/problem+json" };
      if (body !== undefined) {
        headers["Content-Type"] = "application/json";
      }
      if (auth) {
        if (!token) {
          throw new ApiError("http", "account mode needs a token: create an account or paste your token in the settings", 401);
        }
        headers.Authorization = "Bearer " + token;
      }
      // The timeout covers the whole answer, body included: a server that sends headers and then
      // stalls is as slow as one that never answers.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      let response;
      let text;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: abort.signal,
        });
        text = response.status === 204 ? "" : await response.text();
      } catch (e) {
        if (abort.signal.aborted) {
          throw new ApiError("timeout", `paperrec at ${where} did not answer within ${timeoutMs / 1000} s`);
        }
        if (response) {
          throw new ApiError("unreachable", `paperrec at ${where} broke off its answer: try again`);
        }
        throw new ApiError("unreachable", `paperrec is not reachable at ${where}: is the server running?`);
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 204) {
        return null;
      }
      const json = parseJson(text);
      if (!response.ok) {
        const detail = json && typeof json.detail === "string" ? json.detail : `HTTP ${response.status}`;
        const type = json && typeof json.type === "string" ? json.type : undefined;
        throw new ApiError("http", `paperrec: ${oneLine(detail)}`, response.status, type);
      }
      if (json === undefined) {
        throw new ApiError("http", `paperrec at ${where} answered something that is not JSON`, response.status);
      }
      return json;
    }

    const id = (paperId) => encodeURIComponent(paperId);

    return {
      baseUrl: base,
      health: () => call("GET", "/health"),
      paper: (paperId) => call("GET", `/v1/papers/${id(paperId)}`),
      similar: (paperId, { limit } = {}) => call("GET", `/v1/papers/${id(paperId)}/similar`, { query: { limit } }),
      similarToText: ({ title, abstract, limit }) => call("POST", "/v1/similar", { body: { title, abstract, limit } }),
      search: (q, { limit } = {}) => call("GET", "/v1/search", { query: { q, limit } }),
      /** Stateless: the body of POST /v1/recommendations, likes and all. */
      recommend: (body) => call("POST", "/v1/recommendations", { body }),
      // Sent as JSON on purpose: the server refuses a sign-up that a web page could send without CORS.
      createUser: () => call("POST", "/v1/users", { body: {} }),
      me: () => call("GET", "/v1/users/me", { auth: true }),
      deleteMe: () => call("DELETE", "/v1/users/me", { auth: true }),
      like: (paperId) => call("PUT", `/v1/users/me/likes/${id(paperId)}`, { auth: true }),
      unlike: (paperId) => call("DELETE", `/v1/users/me/likes/${id(paperId)}`, { auth: true }),
      dislike: (paperId) => call("PUT", `/v1/users/me/dislikes/${id(paperId)}`, { auth: true }),
      undislike: (paperId) => call("DELETE", `/v1/users/me/dislikes/${id(paperId)}`, { auth: true }),
      /** The stored profile's recommendations; `body` holds options and `candidates`. */
      myRecommendations: (body = {}) => call("POST", "/v1/users/me/recommendations", { body, auth: true }),
    };
  }

  function queryString(query) {
    if (!query) {
      return "";
    }
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== "") {
        params.set(key, String(value));
      }
    }
    const text = params.toString();
    return text ? "?" + text : "";
  }

  function parseJson(text) {
    try {
      return text ? JSON.parse(text) : undefined;
    } catch (e) {
      return undefined;
    }
  }

  function oneLine(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  const paperrec = (root.paperrec = root.paperrec || {});
  paperrec.api = { createClient, ApiError, DEFAULT_TIMEOUT_MS };
})(globalThis);
