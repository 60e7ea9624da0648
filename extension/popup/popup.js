/*
 * The toolbar popup: the reader's "For you" list, from the background (like every server call in
 * the extension), with like and not-interested buttons. The list stays as it is after a click, so
 * a slip can be taken back; the next opening shows the new ranking.
 */
(function () {
  "use strict";

  const { bridge, render, settings } = paperrec;

  const list = document.getElementById("for-you");
  const status = document.getElementById("status");

  async function showMode() {
    const current = await settings.load();
    document.getElementById("mode").textContent =
      current.mode === "account"
        ? `Account mode: your likes are kept in your profile on ${current.serverUrl}.`
        : `Local mode: your likes are kept in this browser and sent to ${current.serverUrl} with each request.`;
  }

  /** Result links open in a tab: inside the popup they would replace the list. */
  function openLinksInTabs() {
    for (const link of list.querySelectorAll("a.paperrec-title")) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  }

  async function showForYou() {
    render.message(list, "Loading your recommendations…");
    let answer;
    try {
      answer = await bridge.ask("forYou");
    } catch (error) {
      render.message(list, error.message, "error");
      return;
    }
    if (answer.needsLikes) {
      render.message(list, answer.message || "Nothing liked yet: like a few papers on arXiv, Hugging Face or alphaXiv to fill this list.");
      return;
    }
    if (answer.results.length === 0) {
      render.message(list, "No recommendations yet: paperrec's corpus has nothing new for your likes.");
      return;
    }
    render.resultList(list, answer.results, {
      opinionOf: () => "none",
      onOpinion: (id, opinion) => {
        status.replaceChildren();
        return bridge.ask("opinion", { id, opinion });
      },
      onError: (error) => render.message(status, error.message, "error"),
    });
    openLinksInTabs();
  }

  document.getElementById("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    chrome.runtime.openOptionsPage();
  });
  showMode().catch(() => undefined);
  showForYou();
})();
