/**
 * The bots' translator with the Slack channel's own namespace (`locales/<lng>/slack.json`) loaded next
 * to the shared ones, as the product's loader does once it reads every namespace file.
 */
import { readFileSync } from "node:fs";
import { createTranslatorFromResources, DEFAULT_LOCALES_DIR, loadLocaleResources, SUPPORTED_LANGUAGES, type Translator } from "../../../src/bots/i18n/index.js";

export function translatorWithSlack(): Translator {
  const resources = loadLocaleResources();
  for (const language of SUPPORTED_LANGUAGES) {
    const slack = JSON.parse(readFileSync(`${DEFAULT_LOCALES_DIR}${language}/slack.json`, "utf8")) as Record<string, unknown>;
    resources[language] = { ...resources[language], slack };
  }
  return createTranslatorFromResources(resources);
}
