import type { Translator } from "../../domain/ports/translator.js";
import { TranslationFailure } from "./translation-failure.js";

/**
 * TRANSLATOR=none: translates nothing. Every call fails with reason "translator-disabled", so a reader
 * receives the original, marked as not translated (CM-01), and no service is ever contacted.
 */
export function createNoneTranslator(): Translator {
  return {
    translate() {
      return Promise.reject(new TranslationFailure("translator-disabled", "translation is switched off (TRANSLATOR=none)"));
    },
  };
}
