/*
 * The options page: which server, which mode, and the account. It writes the settings itself
 * (settings.js) and reaches the server through the background like the rest of the extension.
 * Every action ends in one status line that says what happened to the reader's data: switching
 * modes never moves likes silently, copying them to the account is a button of its own.
 */
(function () {
  "use strict";

  const { bridge, settings } = paperrec;

  /** What POST /v1/users hands out: 32 random bytes, base64url without padding. */
  const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

  const $ = (id) => document.getElementById(id);
  const urlField = $("server-url");
  const tokenField = $("token");
  /** IDs of the buttons whose request is running (see exclusive): refresh() keeps them disabled. */
  const running = new Set();

  /** "1 like", "3 likes". */
  function count(n, noun) {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
  }

  function say(id, text, kind = "info") {
    const line = $(id);
    line.textContent = text;
    line.className = `status ${kind}`;
    line.setAttribute("role", kind === "error" ? "alert" : "status");
  }

  async function localCounts() {
    const local = (await settings.localFeedbackStore.load()) || {};
    return { likes: Object.keys(local.likes || {}).length, dislikes: Object.keys(local.dislikes || {}).length };
  }

  /**
   * Fills the text fields from the stored settings (once: later refreshes keep what is being typed;
   * the token field follows the saved server, see saveServer).
   */
  async function fillFields() {
    const current = await settings.load();
    urlField.value = current.serverUrl;
    tokenField.value = current.token;
  }

  /** Shows the stored mode and local counts, and enables what makes sense in that state. */
  async function refresh() {
    const current = await settings.load();
    for (const radio of document.querySelectorAll('input[name="mode"]')) {
      radio.checked = radio.value === current.mode;
    }
    const counts = await localCounts();
    $("local-count").textContent = `In this browser: ${count(counts.likes, "like")}, ${count(counts.dislikes, "dislike")}.`;
    $("create-account").disabled = running.has("create-account");
    $("delete-account").disabled = running.has("delete-account") || !current.token;
    $("copy-local").disabled = running.has("copy-local") || !current.token || counts.likes + counts.dislikes === 0;
    return current;
  }

  /** The URL in the field, or null after saying what is wrong with it. */
  function fieldUrl() {
    const parsed = settings.parseServerUrl(urlField.value);
    if (parsed instanceof Error) {
      say("server-status", parsed.message, "error");
      return null;
    }
    return parsed;
  }

  /**
   * Saves the server URL. The token field then shows that server's own token, if this browser has
   * one: tokens are kept per server, so a token never travels to a server that did not issue it.
   */
  async function saveServer() {
    const serverUrl = fieldUrl();
    if (!serverUrl) {
      return;
    }
    const current = await settings.save({ serverUrl });
    tokenField.value = current.token;
    await refresh();
    let account = "";
    if (current.mode === "account") {
      account = current.token
        ? " Account mode uses the token this browser keeps for it."
        : " Account mode has no token for this server: create an account or paste its token below.";
    }
    say("server-status", `Saved: the extension now asks ${serverUrl}.${account}`, current.mode === "account" && !current.token ? "info" : "ok");
  }

  async function testConnection() {
    const serverUrl = fieldUrl();
    if (!serverUrl) {
      return;
    }
    say("server-status", `Asking ${serverUrl}…`);
    try {
      const health = await bridge.ask("health", { serverUrl });
      say("server-status", `Connected: paperrec is ${health.status} with ${health.papers} papers.`, "ok");
    } catch (error) {
      say("server-status", error.message, "error");
    }
  }

  async function switchMode(mode) {
    const current = await settings.save({ mode });
    const counts = await localCounts();
    const local = `${count(counts.likes, "like")} and ${count(counts.dislikes, "dislike")}`;
    if (mode === "account") {
      const next = current.token
        ? "Copy my local likes to the account uploads them if you want them there."
        : "Create an account or paste a token below: until then recommendations cannot be shown.";
      say("mode-status", `Account mode: new likes go to your profile on the server. The ${local} in this browser stay here, unused until you switch back. ${next}`);
    } else {
      say("mode-status", `Local mode: the ${local} in this browser are used again; nothing is sent to or deleted from your account${current.token ? ", whose token stays stored here" : ""}.`);
    }
    await refresh();
  }

  /** Says so and returns false when the field's URL is not the saved one: accounts live on the saved server. */
  async function serverIsSaved() {
    const current = await settings.load();
    if (settings.parseServerUrl(urlField.value) !== current.serverUrl) {
      say("account-status", `Save the server URL first: accounts are made on the saved server (${current.serverUrl}).`, "error");
      return false;
    }
    return true;
  }

  /**
   * Runs the action of button `id` with the button disabled until it ends, so that a second click
   * cannot start it again meanwhile (a second account would orphan the first, whose token it
   * replaces). The button is disabled before anything is awaited: a click event that follows is
   * dispatched only after this, and then finds the button disabled.
   */
  async function exclusive(id, action) {
    running.add(id);
    $(id).disabled = true;
    try {
      await action();
    } finally {
      running.delete(id);
      await refresh();
    }
  }

  async function createAccount() {
    if (!(await serverIsSaved())) {
      return;
    }
    const existing = await settings.load();
    if (existing.token && !confirm(`This browser already keeps an account token for ${existing.serverUrl}. A new account replaces it here; the old account stays on the server, reachable only with a copy of its token. Create a new account?`)) {
      return;
    }
    say("account-status", "Creating an account…");
    try {
      const created = await bridge.ask("createAccount");
      const current = await settings.save({ token: created.token, mode: "account" });
      tokenField.value = created.token;
      say("account-status", `Account created on ${current.serverUrl} and Account mode is on. Its token, stored in this browser only, is the one way into it: keep a copy.`, "ok");
    } catch (error) {
      say("account-status", error.message, "error");
    }
  }

  async function useToken() {
    const token = tokenField.value.trim();
    if (!TOKEN_PATTERN.test(token)) {
      say("account-status", "That is not a paperrec token: expected 43 letters, digits, - or _.", "error");
      return;
    }
    if (!(await serverIsSaved())) {
      return;
    }
    await settings.save({ token, mode: "account" });
    try {
      const profile = await bridge.ask("profile");
      say("account-status", `Token works: Account mode is on, with ${count(profile.likes.length, "like")} and ${count(profile.dislikes.length, "dislike")} on the server.`, "ok");
    } catch (error) {
      say("account-status", `Token saved, but the server said: ${error.message}`, "error");
    }
    await refresh();
  }

  async function copyLocal() {
    say("account-status", "Copying your local likes to the account…");
    try {
      const copied = await bridge.ask("copyLocalToAccount");
      say("account-status", `Copied ${count(copied.likes, "like")} and ${count(copied.dislikes, "dislike")} to the account; they also stay in this browser.`, "ok");
    } catch (error) {
      say("account-status", error.message, "error");
    }
  }

  async function deleteAccount() {
    if (!confirm("Delete your paperrec account, with its likes and dislikes, from the server? This cannot be undone.")) {
      return;
    }
    try {
      await bridge.ask("deleteAccount");
      await settings.save({ token: "", mode: "local" });
      tokenField.value = "";
      say("account-status", "Account deleted on the server. Local mode is on again, with the likes kept in this browser.", "ok");
    } catch (error) {
      say("account-status", error.message, "error");
    }
  }

  function toggleTokenVisibility() {
    const show = tokenField.type === "password";
    tokenField.type = show ? "text" : "password";
    $("show-token").setAttribute("aria-pressed", String(show));
    $("show-token").textContent = show ? "Hide" : "Show";
  }

  /** Runs `action` on clicks, turning anything unexpected into the section's status line. */
  function onClick(id, statusId, action) {
    $(id).addEventListener("click", () => {
      Promise.resolve()
        .then(action)
        .catch((error) => say(statusId, error.message, "error"));
    });
  }

  onClick("save-server", "server-status", saveServer);
  onClick("test-connection", "server-status", testConnection);
  onClick("create-account", "account-status", () => exclusive("create-account", createAccount));
  onClick("use-token", "account-status", useToken);
  onClick("copy-local", "account-status", () => exclusive("copy-local", copyLocal));
  onClick("delete-account", "account-status", () => exclusive("delete-account", deleteAccount));
  onClick("show-token", "account-status", toggleTokenVisibility);
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener("change", () => switchMode(radio.value).catch((error) => say("mode-status", error.message, "error")));
  }
  fillFields()
    .then(refresh)
    .catch((error) => say("server-status", error.message, "error"));
})();
