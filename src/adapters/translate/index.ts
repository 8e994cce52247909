/** Translation adapters (CM-01): what the composition root and the outbox use. */
export { translatorFromConfig, parseTranslatorConfig, TranslatorConfigError } from "./translator-from-config.js";
export type { TranslatorSettings, TranslatorEnvironment, TranslatorDependencies, ConfigProblem } from "./translator-from-config.js";
export { translateForReader } from "./translate-for-reader.js";
export type { MessageForReader, ReaderTranslation, TranslateForReaderOptions } from "./translate-for-reader.js";
export { createGoogleV2Translator, GOOGLE_V2_LIMITS } from "./google-v2-translator.js";
export type { GoogleV2TranslatorOptions, RequestLimits } from "./google-v2-translator.js";
export { createNoneTranslator } from "./none-translator.js";
export { createMaskingTranslator } from "./masking-translator.js";
export { mask, unmask, DEFAULT_MASKING_RULES } from "./masking.js";
export type { MaskingRules, MaskedText, PlaceholderStyle } from "./masking.js";
export { createCachingTranslator, sha256Hex } from "./caching-translator.js";
export { InMemoryTranslationCache } from "./in-memory-translation-cache.js";
export type { TranslationCache, TranslationCacheKey, CachedTranslation } from "./translation-cache.js";
export type { TranslationLogger } from "./translation-logger.js";
export { TranslationFailure, isTranslationFailure } from "./translation-failure.js";
export type { TranslationFailureReason } from "./translation-failure.js";
export { canonicalLanguage, sameLanguage } from "./language-tags.js";
export { DEFAULT_TRANSLATE_TIMEOUT_MS } from "./timeout.js";
