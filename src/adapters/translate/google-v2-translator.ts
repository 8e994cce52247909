import type { v2 } from "@google-cloud/translate";
import { z } from "zod";
import type { LanguageDetection, TranslationRequest, TranslationResult, Translator } from "../../domain/ports/translator.js";
import { canonicalLanguage, UNDETERMINED_LANGUAGE } from "./language-tags.js";
import type { PlaceholderStyle } from "./masking.js";
import { DEFAULT_TRANSLATE_TIMEOUT_MS, withTimeout } from "./timeout.js";
import { isTranslationFailure, TranslationFailure } from "./translation-failure.js";

/**
 * Google Cloud Translation v2 (REST) through the real `@google-cloud/translate` client; only its base
 * URL changes (a stand-in on 127.0.0.1 in tests). Many texts travel in one request, split at Google's
 * per-request limits; without a source language Google detects it (and says which, per text).
 */
export interface GoogleV2TranslatorOptions {
  /** Always required: without a key the client spends ~16 s looking for cloud credentials. */
  readonly apiKey: string;
  /** Base URL of the v2 API, e.g. `http://127.0.0.1:PORT/language/translate/v2`; default Google's. */
  readonly endpoint?: string;
  /** A call (all its requests together) fails with reason "timeout" after this long. */
  readonly timeoutMs?: number;
  /** Input format; "html" when the texts are masked with html placeholders (see masking.ts). */
  readonly format?: PlaceholderStyle;
  readonly limits?: RequestLimits;
}

export interface RequestLimits {
  readonly maxSegmentsPerRequest: number;
  readonly maxCharactersPerRequest: number;
}

/** Google's recommendation for v2: at most 128 text segments and about 30k characters per request. */
export const GOOGLE_V2_LIMITS: RequestLimits = { maxSegmentsPerRequest: 128, maxCharactersPerRequest: 30_000 };

/** The part of the v2 response the client hands back as metadata, which carries the detections. */
const translateResponseSchema = z.object({
  data: z.object({
    translations: z.array(z.object({ translatedText: z.string(), detectedSourceLanguage: z.string().optional() })),
  }),
});

export function createGoogleV2Translator(options: GoogleV2TranslatorOptions): Translator {
  // No automatic retries: the client's exponential backoff would not fit in the timeout, and a
  // failed translation is not lost — the reader gets the original, marked (CM-01).
  // Abandoned requests (after our timeout) end at the client's own 60 s socket timeout.
  // The client library (~30 MB resident) is loaded only when this translator is configured (issue 15),
  // starting now so the first translation does not wait for it.
  const clientLoading: Promise<v2.Translate> = import("@google-cloud/translate").then(({ v2: google }) => {
    const created = new google.Translate({ key: options.apiKey, autoRetry: false });
    // The v2 client builds `https://<apiEndpoint>/language/translate/v2`; a full base URL (scheme
    // included, as a stand-in needs) can only be given through `baseUrl`.
    if (options.endpoint) created.baseUrl = options.endpoint.replace(/\/+$/, "");
    return created;
  });
  // Seen by the first call that awaits it; without this a failed load would be an unhandled rejection meanwhile.
  clientLoading.catch(() => undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TRANSLATE_TIMEOUT_MS;
  const format = options.format ?? "html";
  const limits = options.limits ?? GOOGLE_V2_LIMITS;

  async function translateBatch(texts: readonly string[], request: TranslationRequest): Promise<TranslationResult> {
    const client = await clientLoading;
    const [translated, metadata] = await client.translate([...texts], {
      to: toGoogleLanguage(request.target),
      format,
      ...(request.source ? { from: toGoogleLanguage(request.source) } : {}),
    });
    const response = translateResponseSchema.safeParse(metadata);
    if (translated.length !== texts.length || !response.success) {
      throw new TranslationFailure("incomplete-response", `${texts.length} texts sent, answer unusable`);
    }
    const detections = response.data.data.translations;
    return {
      translations: translated.map((text, index) => ({
        text,
        detectedSource: request.source ?? fromGoogleLanguage(detections[index]?.detectedSourceLanguage),
      })),
    };
  }

  async function detectBatch(texts: readonly string[]): Promise<LanguageDetection[]> {
    const client = await clientLoading;
    const [results] = await client.detect([...texts]);
    return results.map((result) => ({ language: fromGoogleLanguage(result.language), confidence: result.confidence }));
  }

  return {
    async translate(request) {
      if (request.texts.length === 0) return { translations: [] };
      const batches = splitIntoRequests(request.texts, limits);
      const answers = await guarded(Promise.all(batches.map((texts) => translateBatch(texts, request))), timeoutMs, "translate");
      return { translations: answers.flatMap((answer) => answer.translations) };
    },
    async detect(texts) {
      if (texts.length === 0) return [];
      const batches = splitIntoRequests(texts, limits);
      const answers = await guarded(Promise.all(batches.map(detectBatch)), timeoutMs, "detect");
      return answers.flat();
    },
  };
}

/** Bounds the call in time and turns the client's errors into TranslationFailures. */
async function guarded<T>(work: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  try {
    return await withTimeout(work, timeoutMs, `Google Cloud Translation ${operation}`);
  } catch (error) {
    if (isTranslationFailure(error)) throw error;
    const status = httpStatusOf(error);
    const reason = status !== undefined && status >= 400 && status < 500 ? "translator-rejected" : "translator-unavailable";
    const detail = `Google Cloud Translation ${operation} failed${status !== undefined ? ` with HTTP ${status}` : ""}`;
    throw new TranslationFailure(reason, detail, { cause: error });
  }
}

function httpStatusOf(error: unknown): number | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "number" ? code : undefined;
}

/** Consecutive runs of texts, each within the per-request segment and character limits. */
export function splitIntoRequests(texts: readonly string[], limits: RequestLimits): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let characters = 0;
  for (const text of texts) {
    const full = current.length >= limits.maxSegmentsPerRequest || characters + text.length > limits.maxCharactersPerRequest;
    if (full && current.length > 0) {
      batches.push(current);
      current = [];
      characters = 0;
    }
    current.push(text);
    characters += text.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Google names Chinese by region: zh-CN is Simplified, zh-TW Traditional. */
function toGoogleLanguage(tag: string): string {
  const language = canonicalLanguage(tag);
  if (language === "zh") return "zh-CN";
  if (language === "zh-Hant") return "zh-TW";
  return language;
}

function fromGoogleLanguage(code: string | undefined): string {
  return code ? canonicalLanguage(code) : UNDETERMINED_LANGUAGE;
}
