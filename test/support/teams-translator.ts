/**
 * The bots' translator with the Teams namespace (`locales/<lng>/teams.json`) loaded next to the five
 * base namespaces — what the app's loader gives once it picks up every namespace file.
 */
import { readFileSync } from "node:fs";
import type { Resource } from "i18next";
import { createTranslatorFromResources, DEFAULT_LOCALES_DIR, loadLocaleResources, SUPPORTED_LANGUAGES, type Translator } from "../../src/bots/i18n/index.js";

export function translatorWithTeams(): Translator {
  const resources: Resource = loadLocaleResources();
  for (const language of SUPPORTED_LANGUAGES) {
    const teams = JSON.parse(readFileSync(`${DEFAULT_LOCALES_DIR.replace(/\/$/, "")}/${language}/teams.json`, "utf8")) as Resource[string][string];
    resources[language] = { ...resources[language], teams };
  }
  return createTranslatorFromResources(resources);
}
