/**
 * CM-01: the port through which free text is machine-translated. Adapters implement it (Google Cloud
 * Translation v2, a stand-in in tests, decorators for masking and caching); the domain only defines
 * its shape. A translator rejects when the service fails or is unavailable — callers then deliver
 * the original, marked (`messages/message.ts`, `recordTranslation(..., { failed: true })`).
 */

export interface TranslationRequest {
  readonly texts: readonly string[];
  /** BCP 47 tag of the texts' language; absent = let the translator detect it. */
  readonly source?: string;
  /** BCP 47 tag of the reader's language. */
  readonly target: string;
}

export interface Translation {
  readonly text: string;
  /** The source language: as given, or as detected ("und" when undetermined). */
  readonly detectedSource: string;
}

/** One translation per requested text, in order. */
export interface TranslationResult {
  readonly translations: readonly Translation[];
}

export interface LanguageDetection {
  readonly language: string;
  readonly confidence?: number | undefined;
}

export interface Translator {
  translate(request: TranslationRequest): Promise<TranslationResult>;
  detect?(texts: readonly string[]): Promise<readonly LanguageDetection[]>;
}
