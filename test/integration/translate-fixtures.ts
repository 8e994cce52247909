import type { Translator } from "../../src/domain/ports/translator.js";
import { InMemoryTranslationCache } from "../../src/adapters/translate/in-memory-translation-cache.js";
import type { TranslationCache } from "../../src/adapters/translate/translation-cache.js";
import type { TranslationLogger } from "../../src/adapters/translate/translation-logger.js";
import { parseTranslatorConfig, translatorFromConfig } from "../../src/adapters/translate/translator-from-config.js";
import type { GoogleTranslateStandIn } from "../support/standins/google-translate.js";

/** A logger that keeps what it was told, so a test can see that a failure was not swallowed. */
export function recordingLogger(): TranslationLogger & { readonly warnings: { details: Record<string, unknown>; message: string }[] } {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  return {
    warnings,
    warn(details, message) {
      warnings.push({ details, message });
    },
  };
}

/** The production stack (cache → masking → real Google v2 client), pointed at the stand-in. */
export function productionTranslator(
  standIn: GoogleTranslateStandIn,
  options: { timeoutMs?: number; cache?: TranslationCache; logger?: TranslationLogger } = {},
): Translator {
  const settings = parseTranslatorConfig({
    TRANSLATOR: "google-v2",
    GOOGLE_TRANSLATE_API_KEY: standIn.apiKey,
    GOOGLE_CLOUD_TRANSLATE_ENDPOINT: standIn.baseUrl,
    TRANSLATE_TIMEOUT_MS: String(options.timeoutMs ?? 3_000),
  });
  return translatorFromConfig(settings, {
    logger: options.logger ?? recordingLogger(),
    cache: options.cache ?? new InMemoryTranslationCache(),
  });
}
