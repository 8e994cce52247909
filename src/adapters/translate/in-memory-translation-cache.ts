import type { CachedTranslation, TranslationCache, TranslationCacheKey } from "./translation-cache.js";

/** A TranslationCache in process memory: for tests and for running without a database. */
export class InMemoryTranslationCache implements TranslationCache {
  /** Entries by text and target, each list in insertion order (the last is the newest). */
  private readonly entries = new Map<string, CachedTranslation[]>();

  getMany(keys: readonly TranslationCacheKey[]): Promise<readonly (CachedTranslation | undefined)[]> {
    return Promise.resolve(
      keys.map((key) => {
        const candidates = this.entries.get(slot(key)) ?? [];
        const matching = key.sourceLang === null ? candidates : candidates.filter((entry) => entry.sourceLang === key.sourceLang);
        return matching.at(-1);
      }),
    );
  }

  putMany(entries: readonly CachedTranslation[]): Promise<void> {
    for (const entry of entries) {
      const candidates = this.entries.get(slot(entry)) ?? [];
      if (!candidates.some((existing) => existing.sourceLang === entry.sourceLang)) {
        this.entries.set(slot(entry), [...candidates, entry]);
      }
    }
    return Promise.resolve();
  }

  get size(): number {
    return [...this.entries.values()].reduce((total, candidates) => total + candidates.length, 0);
  }
}

function slot(key: { textSha256: string; targetLang: string }): string {
  return `${key.textSha256}\u0000${key.targetLang}`;
}
