/**
 * The eight languages the bots speak (issue 4, item 3) and how a reader's BCP-47 tag maps onto them.
 * Chinese keeps its script: Simplified ("zh") and Traditional ("zh-Hant", Taiwan usage) are different
 * languages to a reader, so zh-TW/zh-HK/zh-MO must not fall back to Simplified as i18next would.
 */
import { canonicalLanguage, UI_LANGUAGES } from "../../../domain/shared/language-tags.js";

export const SUPPORTED_LANGUAGES = UI_LANGUAGES;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set<Language>(["ar"]);

/** The Intl locale a language formats with when the reader's tag names no usable region. */
const DEFAULT_FORMATTING_LOCALE: Readonly<Record<Language, string>> = {
  en: "en",
  zh: "zh-CN",
  "zh-Hant": "zh-TW",
  es: "es",
  fr: "fr",
  de: "de",
  pt: "pt-BR",
  ar: "ar",
};

export function isSupportedLanguage(tag: string): tag is Language {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(tag);
}

/**
 * The language a reader with this BCP-47 tag reads: "zh-CN"/"zh-SG"/"zh-Hans" → "zh",
 * "zh-TW"/"zh-HK"/"zh-MO"/"zh-Hant" → "zh-Hant", "pt-BR" → "pt", "es-MX" → "es"; anything else → "en".
 */
export function resolveLanguage(bcp47Tag: string): Language {
  const language = canonicalLanguage(bcp47Tag);
  return isSupportedLanguage(language) ? language : DEFAULT_LANGUAGE;
}

export function isRightToLeft(lang: Language): boolean {
  return RIGHT_TO_LEFT.has(lang);
}

/**
 * The Intl locale to format numbers, amounts and dates for a reader: the reader's own tag when it names
 * a region and belongs to the language they read (so en-GB readers get British dates, zh-HK readers
 * Hong Kong ones), else the language's default ("zh" → "zh-CN", "zh-Hant" → "zh-TW", "pt" → "pt-BR").
 */
export function formattingLocale(bcp47Tag: string): string {
  const language = resolveLanguage(bcp47Tag);
  try {
    const locale = new Intl.Locale(bcp47Tag.trim().replace(/_/g, "-"));
    const readsOwnLanguage = locale.language === language.split("-")[0];
    if (locale.region !== undefined && readsOwnLanguage) return locale.baseName;
  } catch {
    // An invalid tag (RangeError): the language's default locale below.
  }
  return DEFAULT_FORMATTING_LOCALE[language];
}

/**
 * CM-02 / issue 16: a language tag ("zh", "de-CH") as its name in the reader's language ("中文",
 * "Schweizer Hochdeutsch") — never the bare code; an unknown tag is kept as it is.
 */
export function languageDisplayName(readerTag: string, tag: string): string {
  try {
    return new Intl.DisplayNames([formattingLocale(readerTag)], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Who a rendered message is for: the language it is read in and the zone its instants are shown in (CM-03). */
export interface Reader {
  /** BCP 47 tag the reader reads. */
  readonly locale: string;
  readonly timeZone: string;
}
