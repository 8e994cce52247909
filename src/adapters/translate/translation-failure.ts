/**
 * Why a text could not be translated. Stable codes: they end up in logs and in the
 * `failed.reason` of a reader's message (CM-01), never as a sentence shown to users.
 */
export type TranslationFailureReason =
  /** TRANSLATOR=none: translation is switched off by configuration. */
  | "translator-disabled"
  /** The service answered 5xx, or could not be reached. */
  | "translator-unavailable"
  /** The service refused the request (4xx: bad key, quota, unsupported language). */
  | "translator-rejected"
  /** No answer within the configured time. */
  | "timeout"
  /** A masked number, amount, date, reference, SKU or glossary term did not come back exactly once. */
  | "placeholder-mismatch"
  /** The answer did not hold one translation per text. */
  | "incomplete-response";

/** Thrown by the translation adapters; `reason` says what went wrong without exposing the text. */
export class TranslationFailure extends Error {
  constructor(
    readonly reason: TranslationFailureReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${detail}`, options);
    this.name = "TranslationFailure";
  }
}

export function isTranslationFailure(error: unknown): error is TranslationFailure {
  return error instanceof TranslationFailure;
}
