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

  /** Fills the text fields from the stored settings (once: later refreshes keep what is being typed). */
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
    $("delete-account").disabled = !current.token;
    $("copy-local").disabled = !current.token || counts.likes + counts.dislikes === 0;
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
   * Saves the server URL. The permission request comes first and without an await before it:
   * browsers only show the prompt while the click's user gesture lasts.
   */
  function saveServer() {
    const serverUrl = fieldUrl();
    if (!serverUrl) {
      return;
    }
    const granted = settings.isBuiltInHost(serverUrl)
      ? Promise.resolve(true)
      : chrome.permissions.request({ origins: [settings.originPattern(serverUrl)] }).catch(() => false);
    granted
      .then(async (ok) => {
        await settings.save({ serverUrl });
        await refresh();
        say(
          "server-status",
          ok
            ? `Saved: the extension now asks ${serverUrl}.`
            : `Saved ${serverUrl} without the browser's permission for it: requests rely on the server's CORS answer to extensions.`,
          "ok",
        );
      })
      .catch((error) => say("server-status", error.message, "error"));
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

  async function createAccount() {
    if (!(await serverIsSaved())) {
      return;
    }
    say("account-status", "Creating an account…");
    try {
      const created = await bridge.ask("createAccount");
      const current = await settings.save({ token: created.token, mode: "account" });
      tokenField.value = created.token;
      await refresh();
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
      await refresh();
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

  // Not through onClick: the permission prompt needs the click's gesture, see saveServer.
  $("save-server").addEventListener("click", saveServer);
  onClick("test-connection", "server-status", testConnection);
  onClick("create-account", "account-status", createAccount);
  onClick("use-token", "account-status", useToken);
  onClick("copy-local", "account-status", copyLocal);
  onClick("delete-account", "account-status", deleteAccount);
  onClick("show-token", "account-status", toggleTokenVisibility);
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.addEventListener("change", () => switchMode(radio.value).catch((error) => say("mode-status", error.message, "error")));
  }
  fillFields()
    .then(refresh)
    .catch((error) => say("server-status", error.message, "error"));
})();
