/**
 * PO-02: the order terms as a guided form — every term, product lines and quality requirements
 * flattened ("lines.0.quantity"). Values become partial terms; the domain's `validateTerms` names each
 * missing or invalid term by its path, and the path is mapped back to the field to ask again.
 * Total and balance may be left empty: they are then derived (Σ quantity × unit price; total − deposit).
 */
import { validateTerms, totalOfLines, type TermsProblem } from "../../../domain/orders/validate-terms.js";
import {
  COVERAGE_TYPES,
  INCOTERMS,
  PAYMENT_METHODS,
  type OrderTerms,
  type PartialOrderTerms,
  type ProductLine,
  type QualityRequirement,
} from "../../../domain/orders/terms.js";
import { SUPPORTED_CURRENCIES, subtract, toDecimalString, type Money } from "../../../domain/shared/money.js";
import { t } from "../localized.js";
import type { LocalizedText } from "../messages.js";
import { ValueReader, type FieldErrors, type FieldSpec, type FormValues, type Parsed } from "./form-kit.js";

const option = (prefix: string) => (value: string) => ({ value, label: t(`${prefix}.${value}`) });
const plain = (value: string) => ({ value, label: t("common:form.literal", { value }) });

function lineFields(index: number, currency: string | undefined): FieldSpec[] {
  const p = `lines.${index}`;
  return [
    { name: `${p}.description`, label: t("order:field.lineDescription", { line: index + 1 }), type: "text", required: true },
    { name: `${p}.sku`, label: t("order:field.lineSku", { line: index + 1 }), type: "text", required: false },
    { name: `${p}.quantity`, label: t("order:field.lineQuantity", { line: index + 1 }), type: "integer", required: true },
    { name: `${p}.unit`, label: t("order:field.lineUnit", { line: index + 1 }), type: "text", required: true },
    { name: `${p}.unitPrice`, label: t("order:field.lineUnitPrice", { line: index + 1 }), type: "money", required: true, ...(currency ? { currency } : {}) },
  ];
}

function requirementFields(index: number): FieldSpec[] {
  const p = `qualityRequirements.${index}`;
  return [
    { name: `${p}.attribute`, label: t("order:field.requirementAttribute", { number: index + 1 }), type: "text", required: false },
    { name: `${p}.target`, label: t("order:field.requirementTarget", { number: index + 1 }), type: "text", required: false },
    { name: `${p}.tolerance`, label: t("order:field.requirementTolerance", { number: index + 1 }), type: "text", required: false },
    { name: `${p}.method`, label: t("order:field.requirementMethod", { number: index + 1 }), type: "text", required: false },
  ];
}

/** How many groups ("lines.N…") the values hold: at least one. */
function groupCount(values: FormValues, group: string): number {
  const indexes = Object.keys(values)
    .map((k) => new RegExp(`^${group}\\.(\\d+)\\.`).exec(k)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number);
  return Math.max(1, ...indexes.map((i) => i + 1));
}

export function termsFields(values: FormValues): FieldSpec[] {
  const currency = SUPPORTED_CURRENCIES.find((c) => c === (values["currency"] ?? "").toUpperCase());
  const money = (name: string, labelKey: string, required = true): FieldSpec => ({
    name,
    label: t(labelKey),
    type: "money",
    required,
    ...(currency ? { currency } : {}),
  });
  return [
    { name: "category", label: t("order:term.category"), type: "text", required: true },
    { name: "currency", label: t("order:term.currency"), type: "select", required: true, options: SUPPORTED_CURRENCIES.map(plain) },
    ...Array.from({ length: groupCount(values, "lines") }, (_, i) => lineFields(i, currency)).flat(),
    money("total", "order:field.totalOptional", false),
    { name: "shippingDate", label: t("order:term.shippingDate"), type: "date", required: true, hint: t("order:field.exactDateHint") },
    { name: "shippingAddress.line1", label: t("order:field.addressLine1"), type: "text", required: true },
    { name: "shippingAddress.line2", label: t("order:field.addressLine2"), type: "text", required: false },
    { name: "shippingAddress.city", label: t("order:field.addressCity"), type: "text", required: true },
    { name: "shippingAddress.region", label: t("order:field.addressRegion"), type: "text", required: false },
    { name: "shippingAddress.postalCode", label: t("order:field.addressPostalCode"), type: "text", required: false },
    { name: "shippingAddress.country", label: t("order:field.addressCountry"), type: "text", required: true, hint: t("order:field.countryHint") },
    { name: "incoterm", label: t("order:term.incoterm"), type: "select", required: true, options: INCOTERMS.map(plain) },
    money("protectedAmount", "order:term.protectedAmount"),
    money("deposit", "order:term.deposit"),
    money("balance", "order:field.balanceOptional", false),
    { name: "coverageType", label: t("order:term.coverageType"), type: "select", required: true, options: COVERAGE_TYPES.map(option("order:coverageType")) },
    { name: "qualityAssured", label: t("order:term.qualityAssured"), type: "boolean", required: true },
    ...Array.from({ length: groupCount(values, "qualityRequirements") }, (_, i) => requirementFields(i)).flat(),
    {
      name: "paymentMethod",
      label: t("order:term.paymentMethod"),
      type: "select",
      required: true,
      options: PAYMENT_METHODS.map(option("order:paymentMethod")),
    },
  ];
}

function linesOf(r: ValueReader, currency: string | undefined): ProductLine[] {
  return Array.from({ length: groupCount(r.values, "lines") }, (_, i) => {
    const p = `lines.${i}`;
    const sku = r.text(`${p}.sku`, false);
    return {
      description: r.text(`${p}.description`),
      quantity: r.integer(`${p}.quantity`, true, 1),
      unit: r.text(`${p}.unit`),
      unitPrice: r.money(`${p}.unitPrice`, currency, true, true),
      ...(sku ? { sku } : {}),
    } as ProductLine;
  });
}

function requirementsOf(r: ValueReader): QualityRequirement[] {
  return Array.from({ length: groupCount(r.values, "qualityRequirements") }, (_, i) => `qualityRequirements.${i}`)
    .filter((p) => ["attribute", "target", "tolerance", "method"].some((k) => r.has(`${p}.${k}`)))
    .map((p) => {
      const tolerance = r.text(`${p}.tolerance`, false);
      return {
        attribute: r.text(`${p}.attribute`),
        target: r.text(`${p}.target`),
        method: r.text(`${p}.method`),
        ...(tolerance ? { tolerance } : {}),
      } as QualityRequirement;
    });
}

function derivedTotal(lines: readonly ProductLine[], currency: string | undefined): Money | undefined {
  if (!currency || lines.some((l) => l.quantity === undefined || l.unitPrice === undefined)) return undefined;
  return totalOfLines(lines, currency);
}

/** The partial terms the values spell, with an error on each value that could not be read. */
export function readTerms(values: FormValues): { terms: PartialOrderTerms; reader: ValueReader } {
  const r = new ValueReader(values);
  const currency = r.choice("currency", SUPPORTED_CURRENCIES);
  const lines = linesOf(r, currency);
  const total = r.money("total", currency, false, true) ?? derivedTotal(lines, currency);
  const deposit = r.money("deposit", currency, true, true);
  const balance = r.money("balance", currency, false) ?? (total && deposit && total.currency === deposit.currency ? subtract(total, deposit) : undefined);
  const line2 = r.text("shippingAddress.line2", false);
  const region = r.text("shippingAddress.region", false);
  const postalCode = r.text("shippingAddress.postalCode", false);
  const terms: Record<string, unknown> = {
    category: r.text("category"),
    currency,
    lines,
    total,
    shippingDate: r.date("shippingDate"),
    shippingAddress: {
      line1: r.text("shippingAddress.line1"),
      city: r.text("shippingAddress.city"),
      country: r.text("shippingAddress.country")?.toUpperCase(),
      ...(line2 ? { line2 } : {}),
      ...(region ? { region } : {}),
      ...(postalCode ? { postalCode } : {}),
    },
    incoterm: r.choice("incoterm", INCOTERMS),
    protectedAmount: r.money("protectedAmount", currency, true, true),
    deposit,
    balance,
    coverageType: r.choice("coverageType", COVERAGE_TYPES),
    qualityAssured: r.boolean("qualityAssured"),
    qualityRequirements: requirementsOf(r),
    paymentMethod: r.choice("paymentMethod", PAYMENT_METHODS),
  };
  const defined = Object.fromEntries(Object.entries(terms).filter(([, v]) => v !== undefined));
  return { terms: defined as PartialOrderTerms, reader: r };
}

/** The form field a problem path belongs to: the field itself, its first sub-field, or its closest parent. */
export function fieldOfPath(path: string, fieldNames: readonly string[]): string | undefined {
  if (fieldNames.includes(path)) return path;
  const child = fieldNames.find((f) => f.startsWith(`${path}.`));
  if (child) return child;
  return [...fieldNames].filter((f) => path.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
}

/** PO-04: "qualityRequirements.0.target" → requirement 1, as the form numbers them (never the path). */
export function requirementNumber(path: string): { number: number } {
  return { number: Number(/^qualityRequirements\.(\d+)/.exec(path)?.[1] ?? 0) + 1 };
}

/** What is wrong with the term, with its limit (characters, a minimum) when it has one. */
export function problemText(problem: Pick<TermsProblem, "code" | "params">): LocalizedText {
  return t(`order:problem.${problem.code}`, problem.params);
}

/** Field errors for the domain's term problems (errors only; PO-04 warnings are shown, not asked again). */
export function termsProblemErrors(problems: readonly TermsProblem[], fieldNames: readonly string[]): Record<string, LocalizedText> {
  const errors: Record<string, LocalizedText> = {};
  for (const p of problems) {
    if (p.severity !== "error") continue;
    const field = fieldOfPath(p.path, fieldNames) ?? fieldNames[0];
    if (field) errors[field] ??= problemText(p);
  }
  return errors;
}

/** PO-02: complete, valid terms — or the fields to ask again, each naming what was wrong. */
export function parseTerms(values: FormValues, fields: readonly FieldSpec[]): Parsed<{ terms: PartialOrderTerms; warnings: TermsProblem[] }> {
  const { terms, reader } = readTerms(values);
  const problems = validateTerms(terms);
  const names = fields.map((f) => f.name);
  const errors: FieldErrors = { ...termsProblemErrors(problems, names), ...reader.errors };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { terms, warnings: problems.filter((p) => p.severity === "warning") } };
}

/** The values of existing terms, to prefill a change or draft form. */
export function valuesOfTerms(terms: PartialOrderTerms | OrderTerms): Record<string, string> {
  const values: Record<string, string> = {};
  const put = (name: string, value: string | number | boolean | undefined): void => {
    if (value !== undefined) values[name] = String(value);
  };
  const amount = (m: Money | undefined): string | undefined => (m ? toDecimalString(m) : undefined);
  put("category", terms.category);
  put("currency", terms.currency);
  (terms.lines ?? []).forEach((l, i) => {
    put(`lines.${i}.description`, l.description);
    put(`lines.${i}.sku`, l.sku);
    put(`lines.${i}.quantity`, l.quantity);
    put(`lines.${i}.unit`, l.unit);
    put(`lines.${i}.unitPrice`, amount(l.unitPrice));
  });
  put("total", amount(terms.total));
  put("shippingDate", terms.shippingDate);
  const a = terms.shippingAddress;
  put("shippingAddress.line1", a?.line1);
  put("shippingAddress.line2", a?.line2);
  put("shippingAddress.city", a?.city);
  put("shippingAddress.region", a?.region);
  put("shippingAddress.postalCode", a?.postalCode);
  put("shippingAddress.country", a?.country);
  put("incoterm", terms.incoterm);
  put("protectedAmount", amount(terms.protectedAmount));
  put("deposit", amount(terms.deposit));
  put("balance", amount(terms.balance));
  put("coverageType", terms.coverageType);
  put("qualityAssured", terms.qualityAssured === undefined ? undefined : terms.qualityAssured ? "yes" : "no");
  (terms.qualityRequirements ?? []).forEach((q, i) => {
    put(`qualityRequirements.${i}.attribute`, q.attribute);
    put(`qualityRequirements.${i}.target`, q.target);
    put(`qualityRequirements.${i}.tolerance`, q.tolerance);
    put(`qualityRequirements.${i}.method`, q.method);
  });
  put("paymentMethod", terms.paymentMethod);
  return values;
}
