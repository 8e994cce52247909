/**
 * The intent phrases of each language, read once from the locale files (`conversation:intent.*`).
 * A reader's text is matched against its own language and English, which people mix in (CM-06).
 */
import { createTranslator, resolveLanguage, type Language, type Translator } from "./i18n/index.js";
import { vocabularyFrom, type IntentVocabulary } from "./intents.js";

let translator: Translator | undefined;
const byLanguage = new Map<Language, IntentVocabulary>();

/** The locale files, read once, for the few words the engine itself must write down (not only show). */
export function localeTranslator(): Translator {
  translator ??= createTranslator();
  return translator;
}

function vocabularyOf(language: Language): IntentVocabulary {
  let vocabulary = byLanguage.get(language);
  if (!vocabulary) {
    const reader = localeTranslator();
    vocabulary = vocabularyFrom((key) => reader.t(language, key));
    byLanguage.set(language, vocabulary);
  }
  return vocabulary;
}

/** The vocabularies a reader with this BCP-47 tag is understood in: its language, then English. */
export function vocabulariesFor(readerLocale: string): IntentVocabulary[] {
  const language = resolveLanguage(readerLocale);
  return language === "en" ? [vocabularyOf("en")] : [vocabularyOf(language), vocabularyOf("en")];
}
