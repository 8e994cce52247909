/** The bots' own words in eight languages (CM-03): sentences by key, values formatted for the reader. */
export { createTranslator, createTranslatorFromResources, FALLBACK_LANGUAGES, type Translator, type TranslateOptions } from "./i18n.js";
export {
  DEFAULT_LANGUAGE,
  formattingLocale,
  isRightToLeft,
  isSupportedLanguage,
  resolveLanguage,
  SUPPORTED_LANGUAGES,
  type Language,
  type Reader,
} from "./languages.js";
export { DEFAULT_LOCALES_DIR, loadLocaleResources, NAMESPACES, type Namespace } from "./locale-files.js";
export { formatInstant, formatList, formatLocalDate, formatMoney, formatValue, type MessageParam, type MessageParams } from "./format-values.js";
export { renderDomainError } from "./render-error.js";
