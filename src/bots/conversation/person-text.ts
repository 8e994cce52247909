/**
 * CM-01: a party's free text is read in the reader's language with the original one tap away — the
 * "show original" button every rendered PersonText that was machine-translated carries.
 */
import { isSupportedLanguage } from "./i18n/languages.js";
import { USE_CASE } from "../../domain/notifications/action-ids.js";
import { t } from "./localized.js";
import { isPersonWords, type LocalizedText, type MessageParam, type PersonWords } from "./messages.js";

export const SHOW_ORIGINAL_ACTION = USE_CASE.showOriginal;

/** A language's name for the reader: the product's eight by name, any other by its code. */
export function languageName(canonicalLanguage: string): LocalizedText {
  return isSupportedLanguage(canonicalLanguage) ? t(`common:language.${canonicalLanguage}`) : t("common:language.other", { code: canonicalLanguage });
}

/** The mark a person's words carry for the reader: machine-translated, or the original because translation failed. */
export function personWordsMarkKey(words: PersonWords): string | undefined {
  if (words.machineTranslated) return "common:translation.machineTranslated";
  if (words.translationOff) return "conversation:translation.off";
  return words.translationFailed ? "common:translation.notTranslated" : undefined;
}

/**
 * CM-01: a person's words quoted in a bot sentence as the reader reads them — the shown text with its
 * mark in brackets (`mark` renders a key in the reader's language).
 */
export function personWordsText(words: PersonWords, mark: (key: string) => string): string {
  const markKey = personWordsMarkKey(words);
  return markKey ? `${words.personText} (${mark(markKey)})` : words.personText;
}

/** A sentence's params with each person's words turned into its marked text; other values unchanged. */
export function withPersonWordsText(
  params: Readonly<Record<string, MessageParam>>,
  mark: (key: string) => string,
): Record<string, Exclude<MessageParam, PersonWords>> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, isPersonWords(value) ? personWordsText(value, mark) : value]));
}
