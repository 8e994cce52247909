import type { Translator } from "../../domain/ports/translator.js";
import { canonicalLanguage, sameLanguage, UNDETERMINED_LANGUAGE } from "./language-tags.js";
import { DEFAULT_TRANSLATE_TIMEOUT_MS, withTimeout } from "./timeout.js";
import { isTranslationFailure, type TranslationFailureReason } from "./translation-failure.js";
import type { TranslationLogger } from "./translation-logger.js";

export interface MessageForReader {
  readonly text: string;
  /** The writer's language when known; otherwise the translator detects it. */
  readonly sourceLang?: string;
  readonly readerLang: string;
}

/** What a reader is shown (CM-01), with what it was made from (CM-02). */
export interface ReaderTranslation {
  /** The text to show: the translation, or the original when not translated. */
  readonly text: string;
  /** The original text, one action away from the translation. */
  readonly original: string;
  /** The original's language: given, detected, or "und" when neither. */
  readonly sourceLang: string;
  /** True only when `text` is a machine translation (the reader sees it marked so). */
  readonly machineTranslated: boolean;
  /** Present when a translation was wanted but not made; the original is delivered, marked. */
  readonly failed?: { readonly reason: TranslationFailureReason };
}

export interface TranslateForReaderOptions {
  readonly logger: TranslationLogger;
  /** Upper bound on the whole call, cache included; default 3 s. */
  readonly timeoutMs?: number;
}

/**
 * CM-01: translates a party's free text into the reader's language. Never throws and never waits
 * past the timeout: on any failure the original is returned, marked with the reason, and the failure
 * is logged (without the text). Text already in the reader's language is not sent anywhere.
 */
export async function translateForReader(translator: Translator, message: MessageForReader, options: TranslateForReaderOptions): Promise<ReaderTranslation> {
  const original = message.text;
  const knownSource = message.sourceLang === undefined ? undefined : canonicalLanguage(message.sourceLang);
  const untranslated = (sourceLang: string): ReaderTranslation => ({ text: original, original, sourceLang, machineTranslated: false });

  if (original.trim().length === 0) return untranslated(knownSource ?? UNDETERMINED_LANGUAGE);
  if (knownSource !== undefined && sameLanguage(knownSource, message.readerLang)) return untranslated(knownSource);

  const timeoutMs = options.timeoutMs ?? DEFAULT_TRANSLATE_TIMEOUT_MS;
  try {
    const result = await withTimeout(
      translator.translate({ texts: [original], target: message.readerLang, ...(knownSource ? { source: knownSource } : {}) }),
      timeoutMs,
      "translation for a reader",
    );
    const translation = result.translations[0];
    if (!translation) return failedOriginal(original, knownSource, "incomplete-response", options.logger, message.readerLang);
    const sourceLang = canonicalLanguage(translation.detectedSource);
    if (sameLanguage(sourceLang, message.readerLang)) return untranslated(sourceLang);
    return { text: translation.text, original, sourceLang, machineTranslated: true };
  } catch (error) {
    const reason = isTranslationFailure(error) ? error.reason : "translator-unavailable";
    return failedOriginal(original, knownSource, reason, options.logger, message.readerLang, error);
  }
}

function failedOriginal(
  original: string,
  knownSource: string | undefined,
  reason: TranslationFailureReason,
  logger: TranslationLogger,
  readerLang: string,
  error?: unknown,
): ReaderTranslation {
  if (reason !== "translator-disabled") {
    logger.warn(
      { reason, sourceLang: knownSource ?? UNDETERMINED_LANGUAGE, readerLang, textLength: original.length, err: error },
      "translation failed; delivering the original, marked",
    );
  }
  return { text: original, original, sourceLang: knownSource ?? UNDETERMINED_LANGUAGE, machineTranslated: false, failed: { reason } };
}
