/**
 * PO-02 / PO-04 / PO-06 / PO-07 / PO-09: every problem of a (possibly partial) set of terms, named by
 * its path (e.g. `lines.0.quantity`) and a stable code a channel renders in the reader's language.
 * Errors block confirmation ("ORDER_TERMS_INVALID"); warnings (PO-04 not measurable) are shown only.
 */
import type { z } from "zod";
import { isDomainError, refuse } from "../shared/errors.js";
import { compare, isNegative, isPositive, subtract, sum, times, type Money } from "../shared/money.js";
import { isMeasurable } from "./quality-requirements.js";
import { EXCLUDED_CATEGORIES, orderTermsSchema, type OrderTerms, type PartialOrderTerms, type ProductLine } from "./terms.js";

export const TERMS_PROBLEM_CODES = [
  "missing", // PO-02: a required term is absent
  "invalid", // PO-02: the term does not have the required form
  "notExactDate", // PO-02: a month or a malformed date instead of an exact date
  "notPlatformMethod", // PO-07: not a method paid through the platform
  "notPositive", // PO-02: an amount or price that must be above zero
  "negative", // PO-02: the balance is below zero
  "currencyMismatch", // PO-09: an amount not in the order currency
  "amountTooLarge", // PO-09: quantity × unit price leaves the safe integer range
  "totalMismatch", // PO-02: total ≠ Σ quantity × unit price
  "balanceMismatch", // PO-02: balance ≠ total − deposit
  "depositExceedsTotal",
  "protectedExceedsTotal",
  "excludedCategory", // PO-06
  "notMeasurable", // PO-04 (warning)
  "wholeNumberAtLeast", // PO-02: a quantity below its minimum ({min})
  "notWholeNumber", // PO-02: a quantity with a fraction
  "tooLong", // PO-02: more characters than the term allows ({max})
  "notCountryCode", // PO-02: a country that is not a two-letter ISO 3166 code
  "notAnOption", // PO-02: a currency, Incoterm or coverage type outside the list
] as const;
export type TermsProblemCode = (typeof TERMS_PROBLEM_CODES)[number];

export interface TermsProblem {
  readonly path: string;
  readonly code: TermsProblemCode;
  readonly severity: "error" | "warning";
  /** The limit the term broke, in the units the reader types (characters, a count): `min` or `max`. */
  readonly params?: Readonly<Record<string, number>>;
}

type TermKey = keyof typeof orderTermsSchema.shape;

/** PO-02: terms that must be present; quality requirements may be empty (PO-03 offers a standard one). */
const OPTIONAL_TERMS: ReadonlySet<TermKey> = new Set(["qualityRequirements"]);

const error = (path: string, code: TermsProblemCode, params?: Readonly<Record<string, number>>): TermsProblem => ({
  path,
  code,
  severity: "error",
  ...(params ? { params } : {}),
});
const warning = (path: string, code: TermsProblemCode): TermsProblem => ({ path, code, severity: "warning" });

export function isExcludedCategory(category: string): boolean {
  return (EXCLUDED_CATEGORIES as readonly string[]).includes(category.trim().toLowerCase());
}

/** Every problem of the terms: missing and malformed terms first, then the arithmetic between them. */
export function validateTerms(terms: Readonly<Record<string, unknown>>): TermsProblem[] {
  const { problems, valid } = validateEachTerm(terms);
  return [...problems, ...amountProblems(valid), ...categoryProblems(valid), ...qualityProblems(valid)];
}

/** The blocking problems' paths, without repeats. */
export function blockingProblemPaths(problems: readonly TermsProblem[]): string[] {
  return [...new Set(problems.filter((p) => p.severity === "error").map((p) => p.path))];
}

/** The complete terms, or ORDER_TERMS_INVALID { problems: paths } — nothing is confirmed (PO-02). */
export function confirmableTerms(terms: Readonly<Record<string, unknown>>): OrderTerms {
  const problems = validateTerms(terms);
  const paths = blockingProblemPaths(problems);
  // `details`: what is wrong with each path ("lines.0.quantity=wholeNumberAtLeast:min=1"), so a form can name it on its field.
  if (paths.length > 0) refuse("ORDER_TERMS_INVALID", { problems: paths, details: problems.filter((p) => p.severity === "error").map(problemDetail) });
  return orderTermsSchema.parse({ qualityRequirements: [], ...terms });
}

/** A problem as one string (error params hold strings): `path=code[:name=value,…]`. */
export function problemDetail(p: TermsProblem): string {
  const params = Object.entries(p.params ?? {}).map(([k, v]) => `${k}=${v}`);
  return `${p.path}=${p.code}${params.length > 0 ? `:${params.join(",")}` : ""}`;
}

/** The problem a `problemDetail` string spells (undefined for anything else). */
export function problemOfDetail(detail: string): TermsProblem | undefined {
  const m = /^([^=]+)=([A-Za-z]+)(?::(.*))?$/.exec(detail);
  const code = TERMS_PROBLEM_CODES.find((c) => c === m?.[2]);
  if (!m?.[1] || !code) return undefined;
  const params = Object.fromEntries(
    (m[3] ?? "")
      .split(",")
      .filter((kv) => kv.includes("="))
      .map((kv) => [kv.split("=")[0] ?? "", Number(kv.split("=")[1])]),
  );
  return { path: m[1], code, severity: "error", ...(Object.keys(params).length > 0 ? { params } : {}) };
}

export function isComplete(terms: Readonly<Record<string, unknown>>): boolean {
  return blockingProblemPaths(validateTerms(terms)).length === 0;
}

function validateEachTerm(terms: Readonly<Record<string, unknown>>): { problems: TermsProblem[]; valid: PartialOrderTerms } {
  const problems: TermsProblem[] = [];
  const valid: Record<string, unknown> = {};
  const shape = orderTermsSchema.shape;
  for (const key of Object.keys(shape) as TermKey[]) {
    const value: unknown = terms[key];
    if (value === undefined) {
      if (!OPTIONAL_TERMS.has(key)) problems.push(error(key, "missing"));
      continue;
    }
    const result = (shape[key] as z.ZodType).safeParse(value);
    if (result.success) valid[key] = result.data;
    else for (const issue of result.error.issues) problems.push(problemOfIssue(key, issue));
  }
  return { problems, valid: valid as PartialOrderTerms };
}

/**
 * Issue 16 / CM-03: what exactly is wrong with a term, with its limit in the reader's units — never a
 * bare "not valid" (a negative quantity is "a whole number of at least 1", a long unit "at most 32
 * characters").
 */
function problemOfIssue(key: TermKey, issue: z.core.$ZodIssue): TermsProblem {
  const path = [key, ...issue.path.map(String)].join(".");
  if (key === "shippingDate") return error(path, "notExactDate");
  if (key === "paymentMethod") return error(path, "notPlatformMethod");
  switch (issue.code) {
    case "too_small": {
      if (issue.origin === "string" || issue.origin === "array") return error(path, "missing");
      if (issue.origin === "number") {
        const min = Number(issue.minimum);
        return error(path, "wholeNumberAtLeast", { min: issue.inclusive ? Math.ceil(min) : Math.floor(min) + 1 });
      }
      return error(path, "invalid");
    }
    case "too_big":
      return issue.origin === "string" ? error(path, "tooLong", { max: Number(issue.maximum) }) : error(path, "invalid");
    case "invalid_type":
      return issue.expected === "int" || issue.expected === "number" ? error(path, "notWholeNumber") : error(path, "invalid");
    case "invalid_format":
      return path.endsWith("country") ? error(path, "notCountryCode") : error(path, "invalid");
    case "invalid_value":
      return error(path, "notAnOption");
    default:
      return error(path, "invalid");
  }
}

const AMOUNT_TERMS = ["total", "deposit", "balance", "protectedAmount"] as const;

/** PO-02 / PO-09: currencies, signs and the arithmetic between amounts — integer minor units only. */
function amountProblems(terms: PartialOrderTerms): TermsProblem[] {
  const currency = terms.currency;
  if (currency === undefined) return [];
  const problems: TermsProblem[] = [];
  const inCurrency = (path: string, m: Money | undefined): m is Money => {
    if (m === undefined) return false;
    if (m.currency === currency) return true;
    problems.push(error(path, "currencyMismatch"));
    return false;
  };

  const lines = terms.lines ?? [];
  const linesInCurrency = lines.map((line, i) => inCurrency(`lines.${i}.unitPrice`, line.unitPrice));
  const linesUsable = terms.lines !== undefined && linesInCurrency.every(Boolean);
  lines.forEach((line, i) => {
    if (line.unitPrice.currency === currency && !isPositive(line.unitPrice)) problems.push(error(`lines.${i}.unitPrice`, "notPositive"));
  });

  const amounts: Partial<Record<(typeof AMOUNT_TERMS)[number], Money>> = {};
  for (const key of AMOUNT_TERMS) {
    const m = terms[key];
    if (inCurrency(key, m)) amounts[key] = m;
  }
  const { total, deposit, balance, protectedAmount } = amounts;
  for (const [key, m] of [
    ["total", total],
    ["deposit", deposit],
    ["protectedAmount", protectedAmount],
  ] as const) {
    if (m && !isPositive(m)) problems.push(error(key, "notPositive"));
  }
  if (balance && isNegative(balance)) problems.push(error("balance", "negative"));

  if (linesUsable && total) {
    const linesTotal = totalOfLines(lines, currency);
    if (linesTotal === undefined) problems.push(error("lines", "amountTooLarge"));
    else if (compare(linesTotal, total) !== 0) problems.push(error("total", "totalMismatch"));
  }
  if (total && deposit && compare(deposit, total) > 0) problems.push(error("deposit", "depositExceedsTotal"));
  if (total && protectedAmount && compare(protectedAmount, total) > 0) problems.push(error("protectedAmount", "protectedExceedsTotal"));
  if (total && deposit && balance && compare(balance, subtract(total, deposit)) !== 0) problems.push(error("balance", "balanceMismatch"));
  return problems;
}

/** Σ quantity × unit price, or undefined when it leaves the safe integer range (PO-09). */
export function totalOfLines(lines: readonly ProductLine[], currency: string): Money | undefined {
  try {
    return sum(
      lines.map((line) => times(line.unitPrice, line.quantity)),
      currency,
    );
  } catch (e) {
    if (isDomainError(e) && e.code === "MONEY_NOT_INTEGER") return undefined;
    throw e;
  }
}

/** PO-06 */
function categoryProblems(terms: PartialOrderTerms): TermsProblem[] {
  return terms.category !== undefined && isExcludedCategory(terms.category) ? [error("category", "excludedCategory")] : [];
}

/** PO-04: vague requirements are flagged, not refused; in a dispute the inspector's standard applies. */
function qualityProblems(terms: PartialOrderTerms): TermsProblem[] {
  return (terms.qualityRequirements ?? []).flatMap((requirement, i) =>
    isMeasurable(requirement) ? [] : [warning(`qualityRequirements.${i}`, "notMeasurable")],
  );
}
