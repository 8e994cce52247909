import { withTimeLimit } from "../time-limit.js";
import { TranslationFailure } from "./translation-failure.js";

/** How long a reader's message may wait for its translation (TRANSLATE_TIMEOUT_MS). */
export const DEFAULT_TRANSLATE_TIMEOUT_MS = 3_000;

/**
 * Settles with `work`, or rejects with a `timeout` TranslationFailure after `timeoutMs`,
 * whichever comes first — the caller never waits longer (CM-01: nothing waits on a translator).
 * The abandoned work keeps running; its eventual result or error is ignored.
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return withTimeLimit(work, timeoutMs, () => new TranslationFailure("timeout", `${what} took longer than ${timeoutMs} ms`));
}
