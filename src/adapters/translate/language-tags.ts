/**
 * Language tags for translation: comparisons use the domain's canonical form (Chinese keeps its
 * script, other tags their primary subtag).
 */
export { canonicalLanguage, sameLanguage } from "../../domain/shared/language-tags.js";

/** BCP-47 "undetermined": the source language of a text nobody could identify. */
export const UNDETERMINED_LANGUAGE = "und";
