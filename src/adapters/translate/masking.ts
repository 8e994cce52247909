/**
 * Masking: the parts of a message whose every character matters — numbers, amounts, dates, order and
 * claim references, SKUs, codes such as tracking numbers, glossary terms — are replaced by
 * placeholders before machine translation and put back, byte for byte, afterwards. A translation in
 * which any placeholder is lost, repeated or invented is rejected, so a reader never receives a
 * translated text with a wrong number (CM-01: the original goes out instead).
 *
 * Two placeholder styles, matching the translator's input format:
 * - "html": `<span translate="no">⟦0⟧</span>`; Google Cloud Translation documents `translate="no"`
 *   as the way to keep a span untranslated (it needs format "html", so the rest of the text is
 *   HTML-escaped here and decoded on the way back, and line breaks travel as `<br>`);
 * - "text": a bare `⟦0⟧`, for translators that take plain text only.
 * The one exception to byte-for-byte: a Chinese-style date is rewritten for a reader who does not
 * read Chinese or Japanese (`tokenForReader`), since "12月5日" in an English sentence says nothing.
 */
import { canonicalLanguage } from "../../domain/shared/language-tags.js";

export type PlaceholderStyle = "html" | "text";

export interface MaskingRules {
  /** Order, claim and other case references, e.g. PO-2026-000123, CL-2026-000045. */
  readonly referencePattern: RegExp;
  /** Stock-keeping units, e.g. TS-1000-BLK. */
  readonly skuPattern: RegExp;
  /** Terms kept verbatim (matched case-sensitively as whole words), e.g. "Trade Assurance", "FOB". */
  readonly glossary: readonly string[];
}

export const DEFAULT_REFERENCE_PATTERN = /[A-Z]{2,4}-\d{4}-\d{4,8}/;
/** Upper-case letters and digits in dash-separated groups, with at least one digit: TS-1000-BLK. */
export const DEFAULT_SKU_PATTERN = /(?=[A-Z0-9-]*\d)[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,10})+/;
export const DEFAULT_GLOSSARY: readonly string[] = ["Trade Assurance", "FOB", "CIF", "EXW", "DDP", "AQL 2.5", "AQL"];

export const DEFAULT_MASKING_RULES: MaskingRules = {
  referencePattern: DEFAULT_REFERENCE_PATTERN,
  skuPattern: DEFAULT_SKU_PATTERN,
  glossary: DEFAULT_GLOSSARY,
};

const MASKED_KINDS = ["reserved", "glossary", "reference", "sku", "amount", "date", "code", "number"] as const;
export type MaskedKind = (typeof MASKED_KINDS)[number];

export interface MaskedToken {
  readonly kind: MaskedKind;
  readonly value: string;
}

export interface MaskedText {
  readonly style: PlaceholderStyle;
  /** What is sent to the translator. */
  readonly masked: string;
  /** What placeholder ⟦i⟧ stands for. */
  readonly tokens: readonly MaskedToken[];
}

export type UnmaskResult =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly missing: readonly number[];
      readonly repeated: readonly number[];
      readonly unknown: readonly number[];
    };

// --- recognisers -------------------------------------------------------------------------------

/** Latin letters and digits: a masked term must not start or end inside such a word. */
const LATIN_WORD_EDGE = { before: "(?<![A-Za-z\\p{Nd}])", after: "(?![A-Za-z\\p{Nd}])" };
const DIGIT_EDGE = { before: "(?<!\\p{Nd})", after: "(?!\\p{Nd})" };
/** An amount starts where no Latin word or number is running and ends where no number continues. */
const AMOUNT_EDGE = { before: "(?<![A-Za-z\\p{Nd}])", after: "(?!\\p{Nd})" };

/** 1250 · 1,250 · 1.250 · 1 250 · 1'250 — with optional decimals; any script's decimal digits. */
const NUMBER = "\\p{Nd}{1,3}(?:[,.'\\u00a0\\u202f ]\\p{Nd}{3})+(?:[.,]\\p{Nd}+)?|\\p{Nd}+(?:[.,]\\p{Nd}+)?";
const SIGNED_NUMBER = `(?:(?<![\\p{L}\\p{Nd}])[-−+])?(?:${NUMBER})`;
const CURRENCY_SYMBOL = "(?:US\\$|HK\\$|A\\$|C\\$|CN¥|R\\$|[$€£¥₩₹₽₺]|元|円)";
const CURRENCY_CODE = "[A-Z]{3}";
const AMOUNT =
  `(?:${CURRENCY_CODE}|${CURRENCY_SYMBOL})[\\u00a0\\u202f ]?${SIGNED_NUMBER}` +
  `|${SIGNED_NUMBER}[\\u00a0\\u202f ]?(?:${CURRENCY_SYMBOL}|${CURRENCY_CODE}(?![A-Za-z]))`;
const DATE = [
  "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?",
  "\\d{1,4}/\\d{1,2}/\\d{1,4}",
  "\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}",
  "\\d{1,2}-\\d{1,2}-\\d{2,4}",
  "(?:\\d{4}年)?\\d{1,2}月\\d{1,2}[日号]",
  "\\d{4}年\\d{1,2}月",
  "\\d{1,2}:\\d{2}(?::\\d{2})?",
].join("|");
/** Tracking numbers, model numbers, batch codes: letters and digits mixed, e.g. SF1234567890. */
const CODE = "(?=[A-Za-z\\p{Nd}_-]*[A-Za-z])(?=[A-Za-z\\p{Nd}_-]*\\p{Nd})[A-Za-z\\p{Nd}]+(?:[_-][A-Za-z\\p{Nd}]+)*";
/** The placeholder brackets themselves, should a message contain them: masked so they survive. */
const RESERVED = "[⟦⟧]";

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function bounded(pattern: string, edge: { before: string; after: string }): string {
  return `${edge.before}(?:${pattern})${edge.after}`;
}

/**
 * One scanner for all kinds: at each position the first alternative that matches wins, so the
 * order below is the priority (a glossary term before a reference, an amount before its number).
 */
function scannerFor(rules: MaskingRules): RegExp {
  const glossary = [...rules.glossary].filter((term) => term.length > 0).sort((a, b) => b.length - a.length);
  const alternatives: [MaskedKind, string][] = [
    ["reserved", RESERVED],
    ...(glossary.length > 0 ? [["glossary", bounded(glossary.map(escapeRegExp).join("|"), LATIN_WORD_EDGE)] as [MaskedKind, string]] : []),
    ["reference", bounded(rules.referencePattern.source, LATIN_WORD_EDGE)],
    ["sku", bounded(rules.skuPattern.source, LATIN_WORD_EDGE)],
    ["amount", bounded(AMOUNT, AMOUNT_EDGE)],
    ["date", bounded(DATE, DIGIT_EDGE)],
    ["code", bounded(CODE, LATIN_WORD_EDGE)],
    ["number", `${bounded(SIGNED_NUMBER, DIGIT_EDGE)}%?`],
  ];
  return new RegExp(alternatives.map(([kind, source]) => `(?<${kind}>${source})`).join("|"), "gu");
}

const scannerCache = new WeakMap<MaskingRules, RegExp>();

function cachedScanner(rules: MaskingRules): RegExp {
  let scanner = scannerCache.get(rules);
  if (!scanner) {
    scanner = scannerFor(rules);
    scannerCache.set(rules, scanner);
  }
  return scanner;
}

/** Throws if the rules cannot be compiled or one of their patterns matches the empty string. */
export function assertUsableMaskingRules(rules: MaskingRules): void {
  for (const [name, pattern] of [
    ["referencePattern", rules.referencePattern],
    ["skuPattern", rules.skuPattern],
  ] as const) {
    if (new RegExp(`^(?:${pattern.source})$`, "u").test("")) {
      throw new Error(`${name} matches the empty string`);
    }
  }
  scannerFor(rules);
}

// --- HTML text encoding (style "html") ---------------------------------------------------------

function encodeHtmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>");
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Inverse of `encodeHtmlText` on a translator's answer: line breaks back, added tags dropped, entities decoded. */
function decodeHtmlText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?[A-Za-z][^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
      if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(parseInt(body.slice(2), 16));
      if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
      return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
    });
}

// --- mask / unmask -----------------------------------------------------------------------------

export function placeholder(index: number, style: PlaceholderStyle): string {
  return style === "html" ? `<span translate="no">⟦${index}⟧</span>` : `⟦${index}⟧`;
}

export function mask(text: string, rules: MaskingRules, style: PlaceholderStyle): MaskedText {
  const encode = style === "html" ? encodeHtmlText : (literal: string) => literal;
  const tokens: MaskedToken[] = [];
  let masked = "";
  let literalStart = 0;
  for (const match of text.matchAll(cachedScanner(rules))) {
    if (match[0].length === 0) continue;
    const kind = MASKED_KINDS.find((name) => match.groups?.[name] !== undefined) ?? "code";
    masked += encode(text.slice(literalStart, match.index)) + placeholder(tokens.length, style);
    tokens.push({ kind, value: match[0] });
    literalStart = match.index + match[0].length;
  }
  masked += encode(text.slice(literalStart));
  return { style, masked, tokens };
}

/**
 * A placeholder as it may come back: in html style the translator may rewrite the span's
 * attributes or drop the span altogether; the index inside the brackets is what identifies it.
 */
const RETURNED_PLACEHOLDER = {
  html: /<span\b[^>]*>\s*⟦\s*(\d+)\s*⟧\s*<\/span>|⟦\s*(\d+)\s*⟧/gu,
  text: /⟦\s*(\d+)\s*⟧/gu,
} as const;

/** Puts every masked token back; fails unless each placeholder came back exactly once. */
/** Chinese/Japanese month-day dates ("12月5日", "2026年3月17日"): readable only to CJK readers. */
const CJK_DATE = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]$/u;
const CJK_READERS = new Set(["zh", "zh-Hant", "ja"]);

/**
 * A date token as the reader reads dates. Only unambiguous Chinese-style dates are rewritten, for a
 * reader outside Chinese and Japanese ("12月5日" → "December 5" / "5. Dezember"); every other token —
 * ISO dates, numeric dates whose day/month order is unknown, amounts, codes — comes back verbatim.
 */
export function tokenForReader(token: MaskedToken, targetLanguage: string | undefined): string {
  if (token.kind !== "date" || targetLanguage === undefined || CJK_READERS.has(canonicalLanguage(targetLanguage))) return token.value;
  const match = CJK_DATE.exec(token.value);
  if (!match) return token.value;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year ?? 2000), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return token.value;
  try {
    return new Intl.DateTimeFormat(targetLanguage, {
      timeZone: "UTC",
      month: "long",
      day: "numeric",
      ...(year ? { year: "numeric" } : {}),
    }).format(date);
  } catch {
    // An unknown language tag (RangeError): the date as written.
    return token.value;
  }
}

export function unmask(translated: string, masked: MaskedText, targetLanguage?: string): UnmaskResult {
  const decode = masked.style === "html" ? decodeHtmlText : (literal: string) => literal;
  const seen = new Map<number, number>();
  const unknown: number[] = [];
  let text = "";
  let literalStart = 0;
  for (const match of translated.matchAll(RETURNED_PLACEHOLDER[masked.style])) {
    const index = Number(match[1] ?? match[2]);
    const token = masked.tokens[index];
    if (!token) unknown.push(index);
    seen.set(index, (seen.get(index) ?? 0) + 1);
    text += decode(translated.slice(literalStart, match.index)) + (token ? tokenForReader(token, targetLanguage) : "");
    literalStart = match.index + match[0].length;
  }
  text += decode(translated.slice(literalStart));

  const missing = masked.tokens.map((_, index) => index).filter((index) => !seen.has(index));
  const repeated = [...seen].filter(([index, count]) => count > 1 && index < masked.tokens.length).map(([index]) => index);
  if (missing.length > 0 || repeated.length > 0 || unknown.length > 0) return { ok: false, missing, repeated, unknown };
  return { ok: true, text };
}
