/**
 * The bots' one i18next instance (no global): sentences by key in the reader's language, values
 * formatted for the reader's locale and time zone. zh-TW/zh-HK readers get Traditional Chinese, which
 * falls back to Simplified, then English (platform notes, i18next).
 */
import { createInstance, type i18n as I18nInstance, type Resource } from "i18next";
import { formatParams, type MessageParams } from "./format-values.js";
import { formattingLocale, isRightToLeft, resolveLanguage, SUPPORTED_LANGUAGES } from "./languages.js";
import { loadLocaleResources, NAMESPACES } from "./locale-files.js";

/** Traditional Chinese falls back to Simplified before English; every other language to English. */
export const FALLBACK_LANGUAGES = { "zh-Hant": ["zh", "en"], default: ["en"] };

export interface TranslateOptions {
  /**
   * IANA zone the reader lives in: instants are shown as their wall-clock time there. Default "UTC";
   * pass the reader's zone whenever the params may hold an instant.
   */
  readonly timeZone?: string;
}

export interface Translator {
  /**
   * The sentence `namespace:key` for a reader with this BCP-47 tag (e.g. "zh-TW", "en-US"). Params are
   * formatted first (Money, instants, dates, lists, numbers); a numeric `count` also picks the plural
   * form (`_one`/`_other`, Arabic `_zero`…`_many`).
   */
  t(readerLocale: string, key: string, params?: MessageParams, options?: TranslateOptions): string;
  /** Whether the key exists in the reader's language or one of its fallbacks. */
  exists(readerLocale: string, key: string): boolean;
  /** The i18next instance, for renderers that need i18next itself. */
  readonly i18next: I18nInstance;
}

/** Builds the instance from resources already in memory (tests) — see `createTranslator` for disk. */
export function createTranslatorFromResources(resources: Resource): Translator {
  const instance = createInstance();
  void instance.init({
    resources,
    initAsync: false,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: FALLBACK_LANGUAGES,
    ns: [...NAMESPACES],
    defaultNS: "common",
    // Chat text, not HTML: each channel renderer escapes for its own markup.
    interpolation: { escapeValue: false },
    returnNull: false,
  });

  return {
    i18next: instance,
    exists: (readerLocale, key) => instance.exists(key, { lng: resolveLanguage(readerLocale) }),
    t(readerLocale, key, params = {}, options = {}) {
      const lng = resolveLanguage(readerLocale);
      const values = formatParams(params, {
        locale: formattingLocale(readerLocale),
        timeZone: options.timeZone ?? "UTC",
        isolateValues: isRightToLeft(lng),
      });
      // `replace` keeps params apart from i18next's own options; the raw `count` picks the plural form.
      const count = params["count"];
      return instance.t(key, { replace: values, ...(typeof count === "number" ? { count } : {}), lng });
    },
  };
}

/** Reads `locales/<language>/<namespace>.json` for the eight languages and builds the translator. */
export function createTranslator(localesDir?: string): Translator {
  return createTranslatorFromResources(loadLocaleResources(localesDir));
}
