/**
 * The translation cache in the database (`translation_cache`), so a sentence is translated once per
 * target language across restarts and replicas (CM-01, issue 4 item 2).
 *
 * The table's key is (source_hash, target_language) with `source_hash` = the SHA-256 of the text and
 * `source_language` the language it was translated from (given or detected). One row per text and
 * target: a lookup with a known source matches only a row of that source; with an unknown source any
 * row does. A text written identically in two languages keeps the first translation made.
 */
import type { Instant } from "../../domain/shared/time.js";
import type { Clock } from "../clock/clock.js";
import type { Database } from "../db/database.js";
import type { CachedTranslation, TranslationCache, TranslationCacheKey } from "../translate/index.js";

export class PrismaTranslationCache implements TranslationCache {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /** Recorded with each row, e.g. "google-v2". */
    private readonly provider: string,
  ) {}

  async getMany(keys: readonly TranslationCacheKey[]): Promise<readonly (CachedTranslation | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.prisma.translationCache.findMany({
      where: { OR: keys.map((key) => ({ sourceHash: key.textSha256, targetLanguage: key.targetLang })) },
    });
    const byKey = new Map(rows.map((row) => [`${row.sourceHash}\u0000${row.targetLanguage}`, row]));
    return keys.map((key) => {
      const row = byKey.get(`${key.textSha256}\u0000${key.targetLang}`);
      if (!row) return undefined;
      if (key.sourceLang !== null && row.sourceLanguage !== key.sourceLang) return undefined;
      return { textSha256: row.sourceHash, sourceLang: row.sourceLanguage ?? "und", targetLang: row.targetLanguage, translatedText: row.translatedText };
    });
  }

  async putMany(entries: readonly CachedTranslation[]): Promise<void> {
    if (entries.length === 0) return;
    const createdAt: Instant = this.clock.now();
    await this.db.prisma.translationCache.createMany({
      data: entries.map((entry) => ({
        sourceHash: entry.textSha256,
        targetLanguage: entry.targetLang,
        sourceLanguage: entry.sourceLang,
        translatedText: entry.translatedText,
        provider: this.provider,
        createdAt,
      })),
      skipDuplicates: true,
    });
  }
}
