/* global EventSource, URLSearchParams, clearInterval, clearTimeout, crypto, document, fetch, sessionStorage, setInterval, setTimeout -- browser module */
// The browser's side of the web chat API: the per-tab session, turns, uploads, live events, page words.
// Sessions live in sessionStorage, so each tab may be a different person (buyer in one, supplier in another).

const TOKEN_KEY = "tab.session";
const LANG_KEY = "tab.lang";
const DRAFT_KEY = "tab.draft";
const GUEST_KEY = "tab.guest";

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  get lang() {
    return sessionStorage.getItem(LANG_KEY);
  },
  set lang(value) {
    if (value) sessionStorage.setItem(LANG_KEY, value);
    else sessionStorage.removeItem(LANG_KEY);
  },
  /** The token is a guest session's (issue 11): it may only register as a buyer. */
  get guest() {
    return sessionStorage.getItem(GUEST_KEY) === "1";
  },
  set guest(value) {
    if (value) sessionStorage.setItem(GUEST_KEY, "1");
    else sessionStorage.removeItem(GUEST_KEY);
  },
  /** Text typed but not sent (kept across a sign-in that a lost session forced). */
  get draft() {
    return sessionStorage.getItem(DRAFT_KEY);
  },
  set draft(value) {
    if (value) sessionStorage.setItem(DRAFT_KEY, value);
    else sessionStorage.removeItem(DRAFT_KEY);
  },
};

/** Server time minus browser time, so countdowns follow the server's (dev) clock. */
export const clock = {
  offsetMs: 0,
  sync(serverNow) {
    if (serverNow) this.offsetMs = Date.parse(serverNow) - Date.now();
  },
  now() {
    return Date.now() + this.offsetMs;
  },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? "HTTP_" + status;
    this.details = body?.error?.details;
  }
}

export async function api(method, path, body) {
  const headers = { accept: "application/json" };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/**
 * One turn: a text, a button (action) or a form. `echo` is what the person did, for the transcript.
 * `eventId` names the turn: sending it again (a retry after a failure) is a no-op on the server.
 */
export function sendTurn(payload, echo, eventId = crypto.randomUUID()) {
  // A guest has no party language yet: the page's (the browser's) is sent, and the browser's time zone,
  // which the registration form offers as defaults (issue 11). A party's own time zone is used otherwise.
  const locale = session.lang ?? (session.guest ? document.documentElement.lang : undefined);
  return api("POST", "/chat/inbound", { eventId, locale: locale || undefined, timeZone: browserTimeZone(), ...(echo ? { echo } : {}), payload });
}

function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** A failure worth retrying with the same eventId: no answer at all, a timeout, 429 or a server error. */
export function isRetryable(error) {
  return !(error instanceof ApiError) || error.status === 408 || error.status === 429 || error.status >= 500;
}

/** Uploads one evidence file; resolves with the UploadedFile the form names. */
export async function uploadFile(file) {
  const res = await fetch("/chat/upload", {
    method: "POST",
    headers: {
      authorization: `Bearer ${session.token}`,
      "content-type": file.type || "application/octet-stream",
      "x-file-name": encodeURIComponent(file.name),
    },
    body: file,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  return json.file;
}

export function withToken(href) {
  return `${href}${href.includes("?") ? "&" : "?"}token=${encodeURIComponent(session.token ?? "")}`;
}

/** The server sends the clock at least every 15 s: silence for longer means a dead connection. */
const SILENCE_MS = 40_000;
/** After this long without a live stream the page says so (it keeps trying). */
const OFFLINE_AFTER_MS = 30_000;

/**
 * Live events (SSE): `onEntry(entry)` for each message, `onClock(serverNow)`,
 * `onState("live" | "reconnecting" | "offline")`. The browser reconnects by itself with Last-Event-ID;
 * when it gives up (the server answered something other than a stream, e.g. 401 or 503) or the
 * stream falls silent, a new stream is opened after the last entry received — after asking
 * `onGaveUp()`, which resolves false when the session has ended (nothing more is opened).
 * Returns a function that closes the stream.
 */
export function connectEvents({ after, onEntry, onClock, onState, onGaveUp }) {
  let lastSeq = after ?? 0;
  let source;
  let stopped = false;
  let lastHeardAt = Date.now();
  let downSince;
  let reopenTimer;
  const state = (value) => {
    if (value === "live") downSince = undefined;
    else downSince ??= Date.now();
    onState?.(value === "live" || Date.now() - downSince < OFFLINE_AFTER_MS ? value : "offline");
  };
  const heard = () => {
    lastHeardAt = Date.now();
    state("live");
  };
  const reopen = (delayMs) => {
    source?.close();
    clearTimeout(reopenTimer);
    reopenTimer = setTimeout(async () => {
      if (stopped) return;
      if ((await Promise.resolve(onGaveUp?.()).catch(() => true)) === false) return;
      if (!stopped) open();
    }, delayMs);
  };
  const open = () => {
    const params = new URLSearchParams({ token: session.token ?? "", after: String(lastSeq) });
    if (session.lang) params.set("lang", session.lang);
    lastHeardAt = Date.now();
    source = new EventSource(`/chat/events?${params}`);
    source.addEventListener("open", heard);
    source.addEventListener("error", () => {
      state("reconnecting");
      if (source.readyState === EventSource.CLOSED) reopen(2_000 + Math.random() * 2_000);
    });
    source.addEventListener("entry", (event) => {
      heard();
      const entry = JSON.parse(event.data);
      lastSeq = Math.max(lastSeq, entry.seq);
      onEntry(entry);
    });
    source.addEventListener("clock", (event) => {
      heard();
      onClock?.(JSON.parse(event.data).serverNow);
    });
  };
  const watchdog = setInterval(() => {
    if (Date.now() - lastHeardAt > SILENCE_MS) {
      state("reconnecting");
      lastHeardAt = Date.now();
      reopen(0);
    }
  }, 5_000);
  open();
  return () => {
    stopped = true;
    clearInterval(watchdog);
    clearTimeout(reopenTimer);
    source?.close();
  };
}

export async function loadPageWords(lang) {
  return api("GET", `/chat/page-words?lang=${encodeURIComponent(lang)}`);
}

/** Applies the page's language and direction (RTL for Arabic) and fills every [data-word] element. */
export function applyPageWords(page) {
  document.documentElement.lang = page.lang;
  document.documentElement.dir = page.dir;
  for (const element of document.querySelectorAll("[data-word]")) {
    const word = page.words[element.dataset.word];
    if (word !== undefined) element.textContent = word;
  }
  for (const element of document.querySelectorAll("[data-word-placeholder]")) {
    const word = page.words[element.dataset.wordPlaceholder];
    if (word !== undefined) element.setAttribute("placeholder", word);
  }
}

export const LANGUAGES = [
  ["en-US", "English"],
  ["zh-CN", "中文（简体）"],
  ["zh-TW", "中文（繁體）"],
  ["es", "Español"],
  ["fr", "Français"],
  ["de", "Deutsch"],
  ["pt-BR", "Português"],
  ["ar", "العربية"],
];

/** The language menu's entry for a BCP 47 tag: the same tag, else the same language ("en-GB" → "en-US"). */
export function closestLanguage(tag) {
  const exact = LANGUAGES.find(([t]) => t.toLowerCase() === String(tag).toLowerCase());
  if (exact) return exact[0];
  const lower = String(tag).toLowerCase();
  if (lower.startsWith("zh")) return /-(tw|hk|mo|hant)/.test(lower) ? "zh-TW" : "zh-CN";
  return LANGUAGES.find(([t]) => t.split("-")[0] === lower.split("-")[0])?.[0] ?? "en-US";
}
