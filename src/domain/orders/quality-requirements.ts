/**
 * PO-03 / PO-04: quality requirements are structured (attribute, target, tolerance, check method).
 * A requirement is measurable when its target states a figure or cites a standard and its method
 * names how it is checked; vague text ("good quality") is flagged, and in a dispute the inspector's
 * industry standard applies to it.
 */
import type { QualityRequirement } from "./terms.js";

/** PO-03: the standard inspection requirement offered when quality is assured but none is written. */
export function standardInspectionRequirement(): QualityRequirement {
  return {
    attribute: "finished goods, sampled per ISO 2859-1",
    target: "AQL 2.5 (major defects)",
    tolerance: "accept/reject numbers of ISO 2859-1 single sampling, normal inspection",
    method: "pre-shipment inspection, ISO 2859-1 general inspection level II",
  };
}

/** Words that qualify without measuring. */
const VAGUE_WORDS = /\b(good|high|excellent|best|nice|fine|great|premium|superior|perfect|ok|okay|acceptable|standard|normal|usual|decent|proper|top)\b/i;
/** A figure (2 mm, 98 %, Pantone 186 C) or a cited standard (AQL, ISO 9001, ASTM D4236, EN 71, GB/T …). */
const FIGURE_OR_STANDARD = /\d|\b(AQL|ISO|ASTM|EN|IEC|ANSI|DIN|JIS|GB|BS|UL|CE|RoHS|REACH|FDA|SGS)\b/i;
/** A method that only says "look" or "check" without naming an instrument, standard or test. */
const VAGUE_METHOD = /^\s*(visual(ly)?|look(ing)?|check(ing)?|inspect(ion)?|see|by eye|as usual|standard)\s*\.?\s*$/i;

/** PO-04: whether a requirement can be checked objectively. */
export function isMeasurable(requirement: QualityRequirement): boolean {
  const target = requirement.target.trim();
  const targetMeasurable = FIGURE_OR_STANDARD.test(target) || !VAGUE_WORDS.test(target);
  const methodMeasurable = !VAGUE_METHOD.test(requirement.method);
  return targetMeasurable && methodMeasurable;
}
