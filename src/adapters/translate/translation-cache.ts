/**
 * Storage of finished translations, keyed by (SHA-256 of the original text, source, target).
 * Designed for a table `translation_cache(text_sha256, source_lang, target_lang, translated_text,
 * created_at)` with primary key (text_sha256, source_lang, target_lang):
 * - `getMany` with a `sourceLang` looks up that exact row; with `sourceLang: null` (source unknown,
 *   it was detected when the entry was made) it takes the newest row for (text_sha256, target_lang);
 * - `putMany` inserts and ignores rows that already exist (ON CONFLICT DO NOTHING).
 */
export interface TranslationCacheKey {
  /** Lower-case hex SHA-256 of the original text's UTF-8 bytes. */
  readonly textSha256: string;
  /** The request's source language; null when it was unknown (any source matches). */
  readonly sourceLang: string | null;
  readonly targetLang: string;
}

export interface CachedTranslation {
  readonly textSha256: string;
  /** The language the text was translated from: given, or detected. */
  readonly sourceLang: string;
  readonly targetLang: string;
  readonly translatedText: string;
}

export interface TranslationCache {
  /** One answer per key, in order; undefined where nothing is cached. */
  getMany(keys: readonly TranslationCacheKey[]): Promise<readonly (CachedTranslation | undefined)[]>;
  putMany(entries: readonly CachedTranslation[]): Promise<void>;
}
