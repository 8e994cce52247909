/**
 * A stand-in for Google Cloud Translation v2 REST on 127.0.0.1 (random port), for tests:
 * - `POST /language/translate/v2?key=K` `{ q, target, source?, format? }`
 *   → `{ data: { translations: [{ translatedText, detectedSourceLanguage? }] } }`
 * - `POST /language/translate/v2/detect?key=K` `{ q }` → `{ data: { detections: [[{ language, confidence, isReliable }]] } }`
 * - a missing key → 403, a wrong key → 400, in Google's error format `{ error: { code, message, errors, status } }`.
 *
 * It translates from a small phrase book (zh ↔ en, zh-TW, and es/fr/de for a few phrases); anything else
 * becomes `[<target>] <text>`. Untranslatable spans — `<span translate="no">…</span>` in html format,
 * `⟦n⟧` tokens in either format — are carried over unchanged, as slots that a phrase may reorder.
 * It records every request, and can be told to fail (500/503), to hang, or to lose or repeat a placeholder.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const STAND_IN_API_KEY = "stand-in-key";
const TRANSLATE_PATH = "/language/translate/v2";
const DETECT_PATH = `${TRANSLATE_PATH}/detect`;

export interface RecordedRequest {
  readonly path: string;
  readonly key: string | null;
  readonly body: { readonly q?: string | string[]; readonly target?: string; readonly source?: string; readonly format?: string };
}

export type StandInBehaviour =
  | { readonly kind: "normal" }
  | { readonly kind: "fail"; readonly status: 500 | 503 }
  | { readonly kind: "hang" }
  | { readonly kind: "drop-placeholder" }
  | { readonly kind: "repeat-placeholder" };

export interface GoogleTranslateStandIn {
  /** The v2 base URL, for the client's baseUrl or GOOGLE_CLOUD_TRANSLATE_ENDPOINT. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Only the translate requests (not detect). */
  translateRequests(): readonly RecordedRequest[];
  behave(behaviour: StandInBehaviour): void;
  /** Forgets the recorded requests and behaves normally again. */
  reset(): void;
  close(): Promise<void>;
}

// --- phrase book -------------------------------------------------------------------------------

type BookLanguage = "en" | "zh" | "zh-TW" | "es" | "fr" | "de";
type Phrase = Partial<Record<BookLanguage, string>>;

/** `{1}`, `{2}` stand for the untranslatable spans of the input, numbered in the order they occur. */
const PHRASE_BOOK: readonly Phrase[] = [
  {
    zh: "货物已于3月5日发运，跟踪号 SF1234567890",
    en: "The goods were shipped on March 5, tracking number SF1234567890",
  },
  {
    zh: "货物已于{1}发运，跟踪号 {2}",
    "zh-TW": "貨物已於{1}出貨，追蹤號碼 {2}",
    en: "The goods were shipped on {1}, tracking number {2}",
    es: "La mercancía se envió el {1}, número de seguimiento {2}",
    fr: "La marchandise a été expédiée le {1}, numéro de suivi {2}",
    de: "Die Ware wurde am {1} versandt, Sendungsnummer {2}",
  },
  {
    zh: "我们同意为订单 {1} 退款 {2}。",
    "zh-TW": "我們同意為訂單 {1} 退款 {2}。",
    en: "We agree to refund {2} for order {1}.",
    es: "Aceptamos reembolsar {2} por el pedido {1}.",
    fr: "Nous acceptons de rembourser {2} pour la commande {1}.",
    de: "Wir erstatten {2} für die Bestellung {1}.",
  },
  {
    en: "The goods arrived damaged.",
    zh: "货物到达时已损坏。",
    es: "La mercancía llegó dañada.",
    fr: "La marchandise est arrivée endommagée.",
    de: "Die Ware kam beschädigt an.",
  },
  {
    en: "The {1} inspection found {2} defective units.",
    zh: "{1} 检验发现 {2} 件次品。",
    es: "La inspección {1} encontró {2} unidades defectuosas.",
  },
  {
    en: "It's not what we ordered.",
    zh: "这不是我们订购的货物。",
    fr: "Ce n'est pas ce que nous avons commandé.",
  },
  // A buyer's claim description and a supplier's rejection reason, quoted in notifications (CM-01).
  {
    en: "The goods were not shipped on time.",
    zh: "货物没有按时发运。",
    "zh-TW": "貨物沒有按時出貨。",
    de: "Die Ware wurde nicht rechtzeitig versandt.",
  },
  {
    en: "The goods were shipped as agreed.",
    zh: "货物已按约定发运。",
    "zh-TW": "貨物已按約定出貨。",
    de: "Die Ware wurde wie vereinbart versandt.",
  },
  { en: "Thank you", zh: "谢谢", "zh-TW": "謝謝", es: "Gracias", fr: "Merci", de: "Danke" },
  {
    en: "The goods have not arrived. Please send the tracking number.",
    zh: "货物还没有到。请提供跟踪号。",
    "zh-TW": "貨物還沒有到。請提供追蹤號碼。",
    es: "La mercancía no ha llegado. Envíen el número de seguimiento, por favor.",
    de: "Die Ware ist nicht angekommen. Bitte senden Sie die Sendungsnummer.",
  },
];

const BOOK_LANGUAGES: readonly BookLanguage[] = ["en", "zh", "zh-TW", "es", "fr", "de"];

function normalised(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Internal slot marker: private-use characters, so a literal "{1}" in a message is just text. */
const slot = (n: number | string): string => `\uE000${n}\uE001`;
const SLOT = /\uE000(\d+)\uE001/g;

function withSlots(rendering: string): string {
  return rendering.replace(/\{(\d+)\}/g, (_, n: string) => slot(n));
}

/** Google's codes to the phrase book's: zh-CN and zh are Simplified, zh-TW Traditional. */
function bookLanguageOf(googleCode: string): BookLanguage | undefined {
  const code = googleCode === "zh-CN" ? "zh" : googleCode;
  return BOOK_LANGUAGES.find((language) => language === code);
}

function googleCodeOf(language: BookLanguage): string {
  return language === "zh" ? "zh-CN" : language;
}

function findPhrase(template: string): { phrase: Phrase; language: BookLanguage } | undefined {
  const wanted = normalised(template);
  for (const phrase of PHRASE_BOOK) {
    const language = BOOK_LANGUAGES.find((candidate) => {
      const rendering = phrase[candidate];
      return rendering !== undefined && normalised(withSlots(rendering)) === wanted;
    });
    if (language) return { phrase, language };
  }
  return undefined;
}

function detectLanguage(template: string): string {
  const known = findPhrase(template);
  if (known) return googleCodeOf(known.language);
  if (/\p{Script=Han}/u.test(template)) return "zh-CN";
  if (/\p{Script=Arabic}/u.test(template)) return "ar";
  return "en";
}

// --- untranslatable spans ----------------------------------------------------------------------

const KEPT_SPANS = {
  html: /<span\b[^>]*\btranslate="no"[^>]*>[\s\S]*?<\/span>|⟦\d+⟧/g,
  text: /⟦\d+⟧/g,
} as const;

/** The input with each untranslatable span replaced by a numbered slot, and the spans themselves. */
function extractKeptSpans(input: string, format: "html" | "text"): { template: string; spans: string[] } {
  const spans: string[] = [];
  const template = input.replace(KEPT_SPANS[format], (span) => {
    spans.push(span);
    return slot(spans.length);
  });
  return { template, spans };
}

function decodeHtml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** As Google does in html format: markup characters and apostrophes come back as entities. */
function encodeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#39;");
}

function translateSegment(
  input: string,
  request: { target: string; source?: string; format: "html" | "text" },
  behaviour: StandInBehaviour,
): { translatedText: string; detectedSourceLanguage: string } {
  const { template, spans } = extractKeptSpans(input, request.format);
  const plainTemplate = request.format === "html" ? decodeHtml(template) : template;
  const detectedSourceLanguage = request.source ?? detectLanguage(plainTemplate);
  if (detectedSourceLanguage === request.target) return { translatedText: input, detectedSourceLanguage };

  const known = findPhrase(plainTemplate);
  const targetLanguage = bookLanguageOf(request.target);
  const rendering = known && targetLanguage ? known.phrase[targetLanguage] : undefined;
  let translated = rendering !== undefined ? withSlots(request.format === "html" ? encodeHtml(rendering) : rendering) : `[${request.target}] ${template}`;

  if (behaviour.kind === "drop-placeholder") translated = translated.replace(slot(1), "");
  if (behaviour.kind === "repeat-placeholder") translated = translated.replace(slot(1), `${slot(1)} ${slot(1)}`);
  return { translatedText: translated.replace(SLOT, (_, n: string) => spans[Number(n) - 1] ?? ""), detectedSourceLanguage };
}

// --- HTTP --------------------------------------------------------------------------------------

function googleError(code: number, message: string, reason: string, status: string): object {
  return { error: { code, message, errors: [{ message, domain: "global", reason }], status } };
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw.length === 0 ? {} : JSON.parse(raw);
}

function asList(q: string | string[] | undefined): string[] {
  if (q === undefined) return [];
  return Array.isArray(q) ? q : [q];
}

export async function startGoogleTranslateStandIn(options: { apiKey?: string } = {}): Promise<GoogleTranslateStandIn> {
  const apiKey = options.apiKey ?? STAND_IN_API_KEY;
  const requests: RecordedRequest[] = [];
  let behaviour: StandInBehaviour = { kind: "normal" };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      send(response, 400, googleError(400, `Invalid JSON payload received. ${String(error)}`, "invalid", "INVALID_ARGUMENT"));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = (await readJson(request)) as RecordedRequest["body"];
    const key = url.searchParams.get("key");
    requests.push({ path: url.pathname, key, body });

    if (request.method !== "POST" || (url.pathname !== TRANSLATE_PATH && url.pathname !== DETECT_PATH)) {
      send(response, 404, googleError(404, "Not Found", "notFound", "NOT_FOUND"));
      return;
    }
    if (key === null) {
      send(response, 403, googleError(403, "The request is missing a valid API key.", "forbidden", "PERMISSION_DENIED"));
      return;
    }
    if (key !== apiKey) {
      send(response, 400, googleError(400, "API key not valid. Please pass a valid API key.", "badRequest", "INVALID_ARGUMENT"));
      return;
    }
    if (behaviour.kind === "hang") return; // never answers; close() drops the connection
    if (behaviour.kind === "fail") {
      const unavailable = behaviour.status === 503;
      send(
        response,
        behaviour.status,
        googleError(
          behaviour.status,
          unavailable ? "The service is currently unavailable." : "Internal error encountered.",
          unavailable ? "backendError" : "internalError",
          unavailable ? "UNAVAILABLE" : "INTERNAL",
        ),
      );
      return;
    }

    const texts = asList(body.q);
    if (url.pathname === DETECT_PATH) {
      send(response, 200, {
        data: { detections: texts.map((text) => [{ language: detectLanguage(text), confidence: 0.98, isReliable: false }]) },
      });
      return;
    }
    if (!body.target) {
      send(response, 400, googleError(400, "Missing required field target", "required", "INVALID_ARGUMENT"));
      return;
    }
    const format = body.format === "text" ? "text" : "html";
    const target = body.target;
    const translations = texts.map((text) => translateSegment(text, { target, format, ...(body.source ? { source: body.source } : {}) }, behaviour));
    send(response, 200, {
      data: {
        translations: translations.map((translation) => (body.source ? { translatedText: translation.translatedText } : translation)),
      },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${TRANSLATE_PATH}`,
    apiKey,
    requests,
    translateRequests: () => requests.filter((recorded) => recorded.path === TRANSLATE_PATH),
    behave(next) {
      behaviour = next;
    },
    reset() {
      requests.length = 0;
      behaviour = { kind: "normal" };
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * One stand-in for the calling test file: started before its tests, reset before each, closed after
 * them; `use` receives it once it listens.
 */
export function useGoogleTranslateStandIn(use: (standIn: GoogleTranslateStandIn) => void): void {
  let started: GoogleTranslateStandIn | undefined;
  beforeAll(async () => {
    started = await startGoogleTranslateStandIn();
    use(started);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => started?.reset());
}
