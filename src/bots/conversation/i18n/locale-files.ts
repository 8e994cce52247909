/**
 * Reads the i18next JSON files `locales/<language>/<namespace>.json` from disk, synchronously, once at
 * start: a missing or malformed file stops the process before any user sees a raw key.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Resource, ResourceLanguage } from "i18next";
import { SUPPORTED_LANGUAGES } from "./languages.js";

/** The repository's `locales/` folder. */
export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL("../../../../locales/", import.meta.url));

/** A namespace is one JSON file per language; English, the reference language, names them all. */
export type Namespace = string;

/** The namespaces of a locales folder: the files of its English folder (every language must have each). */
export function namespacesIn(localesDir: string): Namespace[] {
  return readdirSync(`${localesDir.replace(/\/$/, "")}/en`)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

export const NAMESPACES: readonly Namespace[] = namespacesIn(DEFAULT_LOCALES_DIR);

export function localeFilePath(localesDir: string, language: string, namespace: Namespace): string {
  return `${localesDir.replace(/\/$/, "")}/${language}/${namespace}.json`;
}

function readNamespace(path: string): ResourceLanguage[string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new Error(`locale file ${path} is missing or not valid JSON`, { cause });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`locale file ${path} must hold a JSON object of keys`);
  }
  return parsed as ResourceLanguage[string];
}

/** Every namespace of every supported language, as i18next resources. */
export function loadLocaleResources(localesDir: string = DEFAULT_LOCALES_DIR): Resource {
  return Object.fromEntries(
    SUPPORTED_LANGUAGES.map((language) => [
      language,
      Object.fromEntries(namespacesIn(localesDir).map((namespace) => [namespace, readNamespace(localeFilePath(localesDir, language, namespace))])),
    ]),
  );
}
