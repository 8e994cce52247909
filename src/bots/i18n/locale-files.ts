/**
 * Reads the i18next JSON files `locales/<language>/<namespace>.json` from disk, synchronously, once at
 * start: a missing or malformed file stops the process before any user sees a raw key.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Resource, ResourceLanguage } from "i18next";
import { SUPPORTED_LANGUAGES } from "./languages.js";

export const NAMESPACES = ["common", "order", "claim", "staff", "errors", "conversation"] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** The repository's `locales/` folder. */
export const DEFAULT_LOCALES_DIR = fileURLToPath(new URL("../../../locales/", import.meta.url));

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
      Object.fromEntries(NAMESPACES.map((namespace) => [namespace, readNamespace(localeFilePath(localesDir, language, namespace))])),
    ]),
  );
}
