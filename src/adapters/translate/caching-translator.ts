import { createHash } from "node:crypto";
import type { Translation, Translator } from "../../domain/ports/translator.js";
import { canonicalLanguage } from "./language-tags.js";
import type { CachedTranslation, TranslationCache, TranslationCacheKey } from "./translation-cache.js";
import { TranslationFailure } from "./translation-failure.js";
import type { TranslationLogger } from "./translation-logger.js";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Decorator: answers from the cache what it can and sends only the rest — each distinct text once —
 * to the inner translator, in one call; then stores the new translations. The cache holds restored
 * translations of the original texts, so it sits outside the masking decorator.
 * A cache that fails is logged and bypassed: translation goes on without it.
 */
export function createCachingTranslator(inner: Translator, cache: TranslationCache, logger: TranslationLogger): Translator {
  return {
    async translate(request) {
      const source = request.source === undefined ? null : canonicalLanguage(request.source);
      const target = canonicalLanguage(request.target);
      const keys: TranslationCacheKey[] = request.texts.map((text) => ({ textSha256: sha256Hex(text), sourceLang: source, targetLang: target }));
      const cached = await readCache(cache, keys, logger);

      const missingTexts = new Map<string, string>(); // sha256 → text, each distinct text once
      keys.forEach((key, index) => {
        const text = request.texts[index];
        if (!cached[index] && text !== undefined) missingTexts.set(key.textSha256, text);
      });

      const fresh = new Map<string, Translation>();
      if (missingTexts.size > 0) {
        const texts = [...missingTexts.values()];
        const result = await inner.translate({ ...request, texts });
        [...missingTexts.keys()].forEach((sha, index) => {
          const translation = result.translations[index];
          if (translation) fresh.set(sha, translation);
        });
        await writeCache(
          cache,
          [...fresh].map(([textSha256, translation]) => ({
            textSha256,
            sourceLang: canonicalLanguage(translation.detectedSource),
            targetLang: target,
            translatedText: translation.text,
          })),
          logger,
        );
      }

      const translations = keys.map((key, index) => {
        const hit = cached[index];
        return hit ? { text: hit.translatedText, detectedSource: hit.sourceLang } : fresh.get(key.textSha256);
      });
      if (translations.some((translation) => translation === undefined)) {
        throw new TranslationFailure("incomplete-response", `${missingTexts.size} texts sent, fewer returned`);
      }
      return { translations: translations.filter((translation) => translation !== undefined) };
    },
    ...(inner.detect ? { detect: inner.detect.bind(inner) } : {}),
  };
}

async function readCache(
  cache: TranslationCache,
  keys: readonly TranslationCacheKey[],
  logger: TranslationLogger,
): Promise<readonly (CachedTranslation | undefined)[]> {
  try {
    return await cache.getMany(keys);
  } catch (error) {
    logger.warn({ err: error, keys: keys.length }, "translation cache read failed; translating without it");
    return keys.map(() => undefined);
  }
}

async function writeCache(cache: TranslationCache, entries: readonly CachedTranslation[], logger: TranslationLogger): Promise<void> {
  if (entries.length === 0) return;
  try {
    await cache.putMany(entries);
  } catch (error) {
    logger.warn({ err: error, entries: entries.length }, "translation cache write failed; translations not cached");
  }
}
