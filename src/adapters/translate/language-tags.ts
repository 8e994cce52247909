/**
 * The product's language tags are its locale names: en, zh (Simplified), zh-Hant, es, fr, de, pt, ar.
 * Text arrives tagged loosely (a chat client's "en-US", a translator's "zh-CN"), so comparisons go
 * through `canonicalLanguage`: Chinese keeps its script (zh vs zh-Hant are different languages to a
 * reader), every other tag is reduced to its primary subtag.
 */
const TRADITIONAL_CHINESE = new Set(["zh-hant", "zh-tw", "zh-hk", "zh-mo"]);

export function canonicalLanguage(tag: string): string {
  const lower = tag.trim().replace(/_/g, "-").toLowerCase();
  const primary = lower.split("-")[0] ?? lower;
  if (primary !== "zh") return primary;
  if (TRADITIONAL_CHINESE.has(lower) || lower.startsWith("zh-hant")) return "zh-Hant";
  return "zh";
}

export function sameLanguage(a: string, b: string): boolean {
  return canonicalLanguage(a) === canonicalLanguage(b);
}

/** BCP-47 "undetermined": the source language of a text nobody could identify. */
export const UNDETERMINED_LANGUAGE = "und";
