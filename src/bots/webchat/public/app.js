/* global ResizeObserver, URLSearchParams, crypto, document, history, location, navigator, setInterval, setTimeout -- browser module */
// The web chat page: sign in (demo identity or one-time code) or register as a buyer (a guest session
// whose only use is the registration form, swapped for the buyer's session once registered), then chat with the bot. Replies and
// notifications arrive already rendered in the tab's language; new ones are announced (role=log).
import { api, applyPageWords, clock, closestLanguage, connectEvents, isRetryable, LANGUAGES, loadPageWords, sendTurn, session } from "./api.js";
import { el, renderEntry, tickCountdowns } from "./chat-render.js";

const $ = (id) => document.getElementById(id);
const state = { words: {}, party: null, shown: new Map(), lastSeq: 0, closeEvents: null, uploadLimits: null, sending: false, thread: null };

function ctx() {
  return {
    words: state.words,
    uploadLimits: state.uploadLimits,
    onAction: (action) => turn({ kind: "action", actionId: action.actionId, payload: action.payload ?? {} }, action.label),
    onForm: (payload, label) => turn(payload, label),
  };
}

/** Waits before retrying a turn that got no answer (the same eventId, so the server runs it once). */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Shows an entry once. Only entries from the live stream move `lastSeq` (where a new stream resumes):
 * a turn's answer may be newer than an entry the stream has not delivered yet.
 */
function append(entry, { focusForm = false, fromStream = false } = {}) {
  if (fromStream) state.lastSeq = Math.max(state.lastSeq, entry.seq);
  // A turn's answer may already have come by the live stream: it is shown once, and still gets the focus.
  let item = state.shown.get(entry.seq);
  if (!item) {
    item = renderEntry(entry, ctx());
    state.shown.set(entry.seq, item);
    $("log").append(item);
    // The newest message stays visible above the sticky message box (scroll-padding, see keepComposerClear).
    item.scrollIntoView({ block: "end" });
  }
  // A form asking again focuses its first refused field, a new form its first field (which scrolls it into view).
  if (focusForm) (item.querySelector("form [aria-invalid='true']") ?? item.querySelector("form input, form textarea, form select"))?.focus();
}

/** CM-06: which case thread, if any, the message box writes to — shown above it, with the way out. */
function showThread(thread) {
  state.thread = thread ?? null;
  const words = state.words;
  $("thread-text").textContent = state.thread ? (words.writingToThread ?? "").replace("{{subjectId}}", state.thread.id) : (words.writingToBot ?? "");
  $("thread").classList.toggle("in-thread", state.thread !== null);
  $("leave-thread").hidden = state.thread === null;
}

/** The page scrolls with room for the sticky message box, so nothing hides behind it. */
function keepComposerClear() {
  const composer = $("composer");
  const update = () => document.documentElement.style.setProperty("--composer-height", `${composer.offsetHeight + 16}px`);
  new ResizeObserver(update).observe(composer);
  update();
}

/**
 * Sends a turn; when no answer comes (network, 5xx, 429) it is sent again with the same eventId,
 * with backoff. `draft` is the composer text being sent: it stays in the composer until the turn is
 * answered, is kept when sending fails, and survives a sign-in that an ended session forces.
 */
async function turn(payload, echo, { draft } = {}) {
  const eventId = crypto.randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await sendTurn(payload, echo, eventId);
      clock.sync(answer.serverNow);
      $("send-status").textContent = "";
      if (draft !== undefined && $("composer-text").value === draft) $("composer-text").value = "";
      if ("thread" in answer) showThread(answer.thread);
      // The form this turn opened (a button's form may come before a closing note) gets the focus.
      const formAt = answer.entries.findLastIndex((entry) => entry.message?.form);
      answer.entries.forEach((entry, i) => append(entry, { focusForm: i === (formAt >= 0 ? formAt : answer.entries.length - 1) }));
      // Issue 11: the guest registered — the server answers the buyer's own session; the tab continues as the buyer.
      if (answer.session) {
        session.token = answer.session.token;
        session.guest = false;
        await signedIn(answer.session.party);
      }
      return;
    } catch (error) {
      if (error.status === 401) {
        if (draft) session.draft = draft;
        return signOut();
      }
      if (isRetryable(error) && attempt < RETRY_DELAYS_MS.length) {
        $("send-status").textContent = state.words.retrying ?? "";
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      $("send-status").textContent = draft !== undefined ? (state.words.sendFailed ?? "") : "";
      append({ seq: -Date.now(), kind: "bot", message: { tone: "error", text: error.message } });
      return;
    }
  }
}

function connect() {
  state.closeEvents?.();
  state.closeEvents = connectEvents({
    after: state.lastSeq,
    onEntry: (entry) => append(entry, { fromStream: true }),
    // The stream was refused: a 401 means the session ended (sign in again, keeping any draft).
    onGaveUp: async () => {
      try {
        await api("GET", "/auth/me");
        return true;
      } catch (error) {
        if (error.status !== 401) return true;
        if ($("composer-text").value.trim()) session.draft = $("composer-text").value;
        await signOut();
        return false;
      }
    },
    onClock: (serverNow) => {
      clock.sync(serverNow);
      tickCountdowns(state.words);
    },
    onState: (s) => ($("connection").textContent = state.words[s] ?? state.words.reconnecting),
  });
}

/** Shows the page in `lang`; `remember` makes it the tab's reading language (sent with every turn). */
async function setLanguage(lang, remember = true) {
  if (remember) session.lang = lang;
  const page = await loadPageWords(lang);
  state.words = page.words;
  applyPageWords(page);
  $("language").value = closestLanguage(lang);
  showThread(state.thread);
  if (session.guest) $("who").textContent = state.words.registering ?? "";
  if (state.party) {
    showWho();
    // Re-render the whole transcript in the new language from the server's mailbox.
    $("log").replaceChildren();
    state.shown.clear();
    state.lastSeq = 0;
    connect();
  }
}

/** "Signed in as" in the page's language, the name isolated (a Latin name on an Arabic page, and back). */
function showWho() {
  $("who").replaceChildren(`${state.words.signedInAs}: `, el("bdi", {}, state.party?.displayName ?? ""));
}

function showSignedIn(party) {
  state.party = party;
  $("sign-in").hidden = true;
  $("chat").hidden = false;
  $("sign-out").hidden = false;
  $("who").hidden = false;
  $("what-now").hidden = false;
  showWho();
  $("staff-link").hidden = party.role !== "staff";
}

/** Issue 11: a guest session — the chat shows the registration form, and nothing else is offered. */
async function startGuest() {
  $("sign-in").hidden = true;
  $("chat").hidden = false;
  $("sign-out").hidden = false;
  $("who").hidden = false;
  $("who").textContent = state.words.registering ?? "";
  $("staff-link").hidden = true;
  $("what-now").hidden = true;
  await turn({ kind: "action", actionId: "party.registerBuyer", payload: {} }, state.words.registerAsBuyer);
}

async function registerAsGuest() {
  $("register-error").textContent = "";
  try {
    const answer = await api("POST", "/auth/guest", {});
    session.token = answer.token;
    session.guest = true;
    await startGuest();
  } catch (error) {
    $("register-error").textContent = error.status === 429 ? (state.words.tooManyRegistrations ?? error.message) : error.message;
  }
}

async function signedIn(party) {
  session.guest = false;
  if (!session.lang) await setLanguage(party.locale);
  showSignedIn(party);
  api("GET", "/chat/thread").then((answer) => showThread(answer.thread));
  connect();
  if (state.lastSeq === 0) await turn({ kind: "action", actionId: "common.whatNow", payload: {} });
  if (session.draft) {
    $("composer-text").value = session.draft;
    session.draft = null;
  }
  $("composer-text").focus();
}

async function signOut() {
  session.token = null;
  session.guest = false;
  session.lang = null;
  state.closeEvents?.();
  state.party = null;
  state.shown.clear();
  state.lastSeq = 0;
  $("log").replaceChildren();
  $("chat").hidden = true;
  $("sign-out").hidden = true;
  $("who").hidden = true;
  $("staff-link").hidden = true;
  $("what-now").hidden = false;
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
    const answer = await api("POST", "/auth/link", { code, lang: document.documentElement.lang });
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
  $("register-button").addEventListener("click", () => void registerAsGuest());
  $("code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void signInWithCode($("code").value);
  });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const draft = $("composer-text").value;
    const text = draft.trim();
    // One text at a time: while it is being sent (and retried) it stays in the composer.
    if (!text || state.sending) return;
    state.sending = true;
    void turn({ kind: "text", text }, undefined, { draft }).finally(() => (state.sending = false));
  });
  $("composer-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("what-now").addEventListener("click", () => turn({ kind: "action", actionId: "common.whatNow", payload: {} }, state.words.whatNow));
  $("leave-thread").addEventListener("click", () => turn({ kind: "action", actionId: "common.leaveThread", payload: {} }, state.words.leaveThread));
  keepComposerClear();
  setInterval(() => tickCountdowns(state.words), 1000);
  api("GET", "/chat/upload-limits").then((limits) => (state.uploadLimits = limits));

  await setLanguage(session.lang ?? navigator.language ?? "en-US", false);
  const code = new URLSearchParams(location.search).get("code");
  // A reload while registering opens the form again (or, when it was already submitted, continues as the buyer).
  if (session.token && session.guest && !code) return await startGuest();
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
