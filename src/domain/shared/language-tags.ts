/**
 * Language tags as readers and writers use them. Text arrives tagged loosely (a chat client's
 * "en-US", a translator's "zh-CN"), so comparisons go through `canonicalLanguage`: Chinese keeps its
 * script — Simplified ("zh") and Traditional ("zh-Hant": Taiwan, Hong Kong, Macao) are different
 * languages to a reader — and every other tag is reduced to its primary subtag.
 */
const TRADITIONAL_CHINESE_REGIONS = new Set(["tw", "hk", "mo"]);

export function canonicalLanguage(tag: string): string {
  const subtags = tag.trim().replace(/_/g, "-").toLowerCase().split("-");
  const primary = subtags[0] ?? "";
  if (primary !== "zh") return primary;
  const rest = subtags.slice(1);
  if (rest.includes("hant")) return "zh-Hant";
  if (rest.includes("hans")) return "zh";
  return rest.some((s) => TRADITIONAL_CHINESE_REGIONS.has(s)) ? "zh-Hant" : "zh";
}

export function sameLanguage(a: string, b: string): boolean {
  return canonicalLanguage(a) === canonicalLanguage(b);
}

/** A BCP 47 language tag as clients send them ("en", "zh-Hant", "pt-BR"): the one check at every boundary. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function isLanguageTag(value: string): boolean {
  return LANGUAGE_TAG.test(value);
}
