/* global EventSource, URLSearchParams, crypto, document, fetch, sessionStorage -- browser module */
// The browser's side of the web chat API: the per-tab session, turns, uploads, live events, page words.
// Sessions live in sessionStorage, so each tab may be a different person (buyer in one, supplier in another).

const TOKEN_KEY = "tab.session";
const LANG_KEY = "tab.lang";

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

/** One turn: a text, a button (action) or a form. `echo` is what the person did, for the transcript. */
export function sendTurn(payload, echo) {
  return api("POST", "/chat/inbound", { eventId: crypto.randomUUID(), locale: session.lang ?? undefined, ...(echo ? { echo } : {}), payload });
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

/**
 * Live events (SSE): `onEntry(entry)` for each message, `onClock(serverNow)`, `onState("live" | "reconnecting")`.
 * Returns a function that closes the stream.
 */
export function connectEvents({ after, onEntry, onClock, onState }) {
  const params = new URLSearchParams({ token: session.token ?? "", after: String(after ?? 0) });
  if (session.lang) params.set("lang", session.lang);
  const source = new EventSource(`/chat/events?${params}`);
  source.addEventListener("open", () => onState?.("live"));
  source.addEventListener("error", () => onState?.("reconnecting"));
  source.addEventListener("entry", (event) => onEntry(JSON.parse(event.data)));
  source.addEventListener("clock", (event) => onClock?.(JSON.parse(event.data).serverNow));
  return () => source.close();
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
