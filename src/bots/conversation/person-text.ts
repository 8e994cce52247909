/**
 * CM-01: a party's free text is read in the reader's language with the original one tap away — the
 * "show original" button every rendered PersonText that was machine-translated carries.
 */
import { isSupportedLanguage } from "../i18n/languages.js";
import { button, t } from "./localized.js";
import type { Action, LocalizedText, OutboundMessage, PersonText } from "./messages.js";

export const SHOW_ORIGINAL_ACTION = "message.showOriginal";

/** The button that shows the original of this message (its id and the order or claim thread it is in). */
export function showOriginalButton(personText: PersonText, subject: NonNullable<OutboundMessage["subject"]>): Action {
  return button(SHOW_ORIGINAL_ACTION, "common:translation.showOriginal", { messageId: personText.messageId, subjectType: subject.type, subjectId: subject.id });
}

/** A language's name for the reader: the product's eight by name, any other by its code. */
export function languageName(canonicalLanguage: string): LocalizedText {
  return isSupportedLanguage(canonicalLanguage) ? t(`common:language.${canonicalLanguage}`) : t("common:language.other", { code: canonicalLanguage });
}
