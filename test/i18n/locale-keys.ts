/**
 * Reads a locale resource as flat `namespace:key.path` → sentence entries, groups plural forms into one
 * family (`key_one`, `key_other` … → `key`) and lists a sentence's interpolation variables.
 */
import type { Resource } from "i18next";

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

export type FlatLocale = ReadonlyMap<string, string>;

function flattenInto(prefix: string, value: unknown, out: Map<string, string>): void {
  if (typeof value === "string") {
    out.set(prefix, value);
    return;
  }
  if (typeof value !== "object" || value === null) throw new Error(`${prefix}: a locale value must be a string or an object`);
  const separator = prefix.endsWith(":") ? "" : ".";
  for (const [key, child] of Object.entries(value)) flattenInto(`${prefix}${separator}${key}`, child, out);
}

/** Every sentence of one language, keyed `namespace:key.path`. */
export function flatLocale(resources: Resource, language: string): FlatLocale {
  const out = new Map<string, string>();
  for (const [namespace, tree] of Object.entries(resources[language] ?? {})) flattenInto(`${namespace}:`, tree, out);
  return out;
}

export function pluralFamily(key: string): string {
  return key.replace(PLURAL_SUFFIX, "");
}

export function pluralForm(key: string): string | undefined {
  return PLURAL_SUFFIX.exec(key)?.[1];
}

/** family → { form (or "" when not plural) → sentence } */
export function families(locale: FlatLocale): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, sentence] of locale) {
    const family = pluralFamily(key);
    const forms = out.get(family) ?? new Map<string, string>();
    forms.set(pluralForm(key) ?? "", sentence);
    out.set(family, forms);
  }
  return out;
}

/** The variable names of `{{name}}` / `{{name, format}}` in a sentence, sorted and without repeats. */
export function interpolationVariables(sentence: string): string[] {
  const names = [...sentence.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1] ?? "");
  return [...new Set(names)].sort();
}
