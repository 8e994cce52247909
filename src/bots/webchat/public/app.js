/* global URLSearchParams, document, history, location, navigator, setInterval -- browser module */
// The web chat page: sign in (demo identity or one-time code), then chat with the bot. Replies and
// notifications arrive already rendered in the tab's language; new ones are announced (role=log).
import { api, applyPageWords, clock, closestLanguage, connectEvents, LANGUAGES, loadPageWords, sendTurn, session } from "./api.js";
import { el, renderEntry, tickCountdowns } from "./chat-render.js";

const $ = (id) => document.getElementById(id);
const state = { words: {}, party: null, seen: new Set(), lastSeq: 0, closeEvents: null, uploadLimits: null };

function ctx() {
  return {
    words: state.words,
    uploadLimits: state.uploadLimits,
    onAction: (action) => turn({ kind: "action", actionId: action.actionId, payload: action.payload ?? {} }, action.label),
    onForm: (payload, label) => turn(payload, label),
  };
}

function append(entry, { focusForm = false } = {}) {
  if (state.seen.has(entry.seq)) return;
  state.seen.add(entry.seq);
  state.lastSeq = Math.max(state.lastSeq, entry.seq);
  const item = renderEntry(entry, ctx());
  $("log").append(item);
  item.scrollIntoView({ block: "end" });
  // A form asking again focuses its first refused field, a new form its first field.
  if (focusForm) (item.querySelector("form [aria-invalid='true']") ?? item.querySelector("form input, form textarea, form select"))?.focus();
}

async function turn(payload, echo) {
  try {
    const answer = await sendTurn(payload, echo);
    clock.sync(answer.serverNow);
    answer.entries.forEach((entry, i) => append(entry, { focusForm: i === answer.entries.length - 1 }));
  } catch (error) {
    if (error.status === 401) return signOut();
    append({ seq: -Date.now(), kind: "bot", message: { tone: "error", text: error.message } });
  }
}

function connect() {
  state.closeEvents?.();
  state.closeEvents = connectEvents({
    after: state.lastSeq,
    onEntry: (entry) => append(entry),
    onClock: (serverNow) => {
      clock.sync(serverNow);
      tickCountdowns(state.words);
    },
    onState: (s) => ($("connection").textContent = s === "live" ? state.words.live : state.words.reconnecting),
  });
}

/** Shows the page in `lang`; `remember` makes it the tab's reading language (sent with every turn). */
async function setLanguage(lang, remember = true) {
  if (remember) session.lang = lang;
  const page = await loadPageWords(lang);
  state.words = page.words;
  applyPageWords(page);
  $("language").value = closestLanguage(lang);
  if (state.party) {
    // Re-render the whole transcript in the new language from the server's mailbox.
    $("log").replaceChildren();
    state.seen.clear();
    state.lastSeq = 0;
    connect();
  }
}

function showSignedIn(party) {
  state.party = party;
  $("sign-in").hidden = true;
  $("chat").hidden = false;
  $("sign-out").hidden = false;
  $("who").hidden = false;
  $("who").textContent = `${state.words.signedInAs}: ${party.displayName}`;
  $("staff-link").hidden = party.role !== "staff";
}

async function signedIn(party) {
  if (!session.lang) await setLanguage(party.locale);
  showSignedIn(party);
  connect();
  if (state.lastSeq === 0) await turn({ kind: "action", actionId: "common.whatNow", payload: {} });
  $("composer-text").focus();
}

async function signOut() {
  session.token = null;
  session.lang = null;
  state.closeEvents?.();
  state.party = null;
  state.seen.clear();
  state.lastSeq = 0;
  $("log").replaceChildren();
  $("chat").hidden = true;
  $("sign-out").hidden = true;
  $("who").hidden = true;
  $("staff-link").hidden = true;
  await showSignIn();
}

async function showSignIn() {
  $("sign-in").hidden = false;
  const options = await api("GET", `/auth/options?lang=${encodeURIComponent(document.documentElement.lang)}`);
  $("demo-identities").hidden = !options.demo;
  $("demo-list").replaceChildren(
    ...options.identities.map((identity) =>
      el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            class: "button identity",
            "data-party": identity.partyId,
            onclick: async () => {
              const answer = await api("POST", "/auth/demo", { partyId: identity.partyId });
              session.token = answer.token;
              await signedIn(answer.party);
            },
          },
          `${identity.displayName} — ${identity.roleLabel} (${identity.locale})`,
        ),
      ),
    ),
  );
  (options.demo ? $("demo-list").querySelector("button") : $("code"))?.focus();
}

async function signInWithCode(code) {
  try {
    const answer = await api("POST", "/auth/link", { code });
    session.token = answer.token;
    history.replaceState(null, "", "/");
    await signedIn(answer.party);
  } catch (error) {
    $("sign-in-error").textContent = error.message;
  }
}

async function start() {
  $("language").replaceChildren(...LANGUAGES.map(([tag, name]) => el("option", { value: tag, lang: tag }, name)));
  $("language").addEventListener("change", (event) => setLanguage(event.target.value));
  $("sign-out").addEventListener("click", () => signOut());
  $("code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void signInWithCode($("code").value);
  });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("composer-text").value.trim();
    if (!text) return;
    $("composer-text").value = "";
    void turn({ kind: "text", text });
  });
  $("composer-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("what-now").addEventListener("click", () => turn({ kind: "action", actionId: "common.whatNow", payload: {} }, state.words.whatNow));
  setInterval(() => tickCountdowns(state.words), 1000);
  api("GET", "/chat/upload-limits").then((limits) => (state.uploadLimits = limits));

  await setLanguage(session.lang ?? navigator.language ?? "en-US", false);
  const code = new URLSearchParams(location.search).get("code");
  if (session.token) {
    try {
      const me = await api("GET", "/auth/me");
      clock.sync(me.serverNow);
      return await signedIn(me.party);
    } catch {
      session.token = null;
    }
  }
  await showSignIn();
  if (code) {
    $("code").value = code;
    await signInWithCode(code);
  }
}

void start();
