/**
 * A domain refusal as the sentence its reader understands (CM-03): `errors:<CODE>` in the reader's
 * language with the error's params formatted — amounts, instants in the reader's zone, lists — and
 * coded values (statuses, roles, payment methods) replaced by their localized names.
 */
import type { DomainError, ErrorParam } from "../../../domain/shared/errors.js";
import type { Translator } from "./i18n.js";

/** Where the localized name of a coded param value lives: `<prefix>.<value>`. */
type LabelPrefix = string;

const ORDER_STATUS: LabelPrefix = "order:status";
const CLAIM_STATUS: LabelPrefix = "claim:status";
const PARTY_ROLE: LabelPrefix = "common:party";
const PAYMENT_METHOD: LabelPrefix = "order:paymentMethod";

/** Coded params by name, and per error code where the same name means something else. */
const LABELLED_PARAMS: Readonly<Record<string, LabelPrefix>> = {
  from: ORDER_STATUS,
  status: ORDER_STATUS,
  toMove: PARTY_ROLE,
  by: PARTY_ROLE,
  expected: PARTY_ROLE,
  role: PARTY_ROLE,
  kind: PARTY_ROLE,
  method: PAYMENT_METHOD,
};
const LABELLED_PARAMS_BY_CODE: Readonly<Record<string, Readonly<Record<string, LabelPrefix | null>>>> = {
  CLAIM_WRONG_STATUS: { status: CLAIM_STATUS },
  // Here `expected`/`given` are currencies or version numbers, not roles.
  ORDER_PAYMENT_CURRENCY_MISMATCH: { expected: null },
  ORDER_VERSION_STALE: { expected: null },
  ORDER_PAYMENT_FEE_MISMATCH: { expected: null },
};

/** The label prefix of a coded param, or null when the value is shown as it is (an id, an amount…). */
function labelPrefix(code: string, param: string): LabelPrefix | null {
  const byCode = LABELLED_PARAMS_BY_CODE[code];
  if (byCode && param in byCode) return byCode[param] ?? null;
  return LABELLED_PARAMS[param] ?? null;
}

function localizeLabel(translator: Translator, lang: string, prefix: LabelPrefix, value: string): string {
  const key = `${prefix}.${value}`;
  return translator.exists(lang, key) ? translator.t(lang, key) : value;
}

/** PO-02: a term's path ("lines.0.quantity") as the term's name in the reader's language ("products"). */
function termNames(translator: Translator, lang: string, paths: readonly string[]): string[] {
  const terms = [...new Set(paths.map((p) => p.split(".")[0] ?? p).map((k) => (k === "lines" ? "productLines" : k)))];
  return terms.map((k) => localizeLabel(translator, lang, "order:term", k));
}

function localizedParam(translator: Translator, lang: string, code: string, name: string, value: ErrorParam): ErrorParam {
  if (code === "ORDER_TERMS_INVALID" && name === "problems" && Array.isArray(value)) return termNames(translator, lang, value as readonly string[]);
  const prefix = labelPrefix(code, name);
  if (!prefix) return value;
  if (typeof value === "string") return localizeLabel(translator, lang, prefix, value);
  if (Array.isArray(value)) return value.map((item: string) => localizeLabel(translator, lang, prefix, item));
  return value;
}

/** A refusal's sentence naming its date: `errors:<CODE>_dated`, used when the refusal carries one of DATE_PARAMS. */
export const DATED_SUFFIX = "_dated";
const DATE_PARAMS = ["closedAt"] as const;

/**
 * The localized sentence for a refusal, for a reader with this BCP-47 tag and IANA time zone. A code
 * without a sentence yet (the CM-03 locale test prevents it) still reads as a polite sentence naming it.
 */
export function renderDomainError(translator: Translator, lang: string, timeZone: string, error: DomainError): string {
  if (!translator.exists(lang, error.i18nKey)) return translator.t(lang, "common:refusedWithCode", { code: error.code });
  const params = Object.fromEntries(Object.entries(error.params).map(([name, value]) => [name, localizedParam(translator, lang, error.code, name, value)]));
  // CL-16 / issue 16: a refusal that carries the date a window closed says it (`<CODE>_dated`), not only "has ended".
  const dated = `${error.i18nKey}${DATED_SUFFIX}`;
  const key = DATE_PARAMS.some((name) => name in error.params) && translator.exists(lang, dated) ? dated : error.i18nKey;
  return translator.t(lang, key, params, { timeZone });
}
