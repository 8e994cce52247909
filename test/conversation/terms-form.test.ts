/** The order-terms form: typed values → partial terms, and each domain problem back onto its field. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bots/conversation/i18n/i18n.js";
import { SUPPORTED_LANGUAGES } from "../../src/bots/conversation/i18n/languages.js";
import type { LocalizedText } from "../../src/bots/conversation/messages.js";
import { fieldOfPath, parseTerms, termsFields, valuesOfTerms } from "../../src/bots/conversation/forms/terms-form.js";
import { REQUESTED_TERMS } from "./chat-fixtures.js";

const fieldsFor = (values: Record<string, string>) => termsFields(values);

describe("order terms form", () => {
  it("PO-02: complete values parse; total and balance left empty are derived exactly (PO-09)", () => {
    const parsed = parseTerms(REQUESTED_TERMS, fieldsFor(REQUESTED_TERMS));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.terms.total).toEqual({ amountMinor: 125_000, currency: "USD" });
    expect(parsed.value.terms.balance).toEqual({ amountMinor: 75_000, currency: "USD" });
  });

  it("PO-02: a typed total that is not Σ quantity × unit price is named on the total field", () => {
    const values = { ...REQUESTED_TERMS, total: "1200.00" };
    const parsed = parseTerms(values, fieldsFor(values));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors["total"]).toEqual({ key: "order:problem.totalMismatch" });
  });

  it("PO-02: every missing term is named by its own field, sub-fields included", () => {
    const parsed = parseTerms({}, fieldsFor({}));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    for (const name of ["currency", "lines.0.quantity", "shippingDate", "shippingAddress.country", "incoterm", "deposit", "paymentMethod"]) {
      expect(parsed.errors[name], name).toBeDefined();
    }
  });

  it("PO-06: an excluded category is named on the category field", () => {
    const values = { ...REQUESTED_TERMS, category: "vehicles" };
    const parsed = parseTerms(values, fieldsFor(values));
    expect(parsed.ok ? undefined : parsed.errors["category"]).toEqual({ key: "order:problem.excludedCategory" });
  });

  it("a problem path lands on the field itself, its first sub-field or its closest parent", () => {
    const names = termsFields({}).map((f) => f.name);
    expect(fieldOfPath("shippingDate", names)).toBe("shippingDate");
    expect(fieldOfPath("shippingAddress", names)).toBe("shippingAddress.line1");
    expect(fieldOfPath("lines.0.unitPrice.currency", names)).toBe("lines.0.unitPrice");
  });

  it("existing terms prefill the form and read back to the same terms", () => {
    const parsed = parseTerms(REQUESTED_TERMS, fieldsFor(REQUESTED_TERMS));
    if (!parsed.ok) throw new Error("fixture terms must parse");
    const again = parseTerms({ supplierId: "s", ...valuesOfTerms(parsed.value.terms) }, fieldsFor(REQUESTED_TERMS));
    expect(again.ok && again.value.terms).toEqual(parsed.value.terms);
  });
});

const translator = createTranslator();
/** A field error as each of the eight languages writes it: never a bare key, never an unfilled {{variable}}. */
function everyLanguage(error: LocalizedText): string[] {
  return SUPPORTED_LANGUAGES.map((lng) => translator.t(lng, error.key, error.params as Record<string, never>));
}
function errorsOf(values: Record<string, string>) {
  const parsed = parseTerms(values, fieldsFor(values));
  return parsed.ok ? {} : parsed.errors;
}

describe("issue 16: each field error says what is wrong, with the limit in the reader's units, in every language", () => {
  it("PO-02: a negative quantity is 'a whole number of at least 1' on that line's quantity — not 'This term is not valid.'", () => {
    const errors = errorsOf({ ...REQUESTED_TERMS, "lines.0.quantity": "-5" });
    expect(errors["lines.0.quantity"]).toEqual({ key: "common:form.wholeNumberAtLeast", params: { min: 1 } });
    expect(translator.t("en", "common:form.wholeNumberAtLeast", { min: 1 })).toBe("Please enter a whole number of at least 1.");
    expect(translator.t("zh", "common:form.wholeNumberAtLeast", { min: 1 })).toBe("请输入不小于 1 的整数。");
  });

  it("PO-02 / PO-09: negative, zero and too-large amounts are named as such, the limit formatted as an amount", () => {
    expect(errorsOf({ ...REQUESTED_TERMS, deposit: "-500.00" })["deposit"]).toEqual({ key: "common:form.notNegative" });
    expect(errorsOf({ ...REQUESTED_TERMS, protectedAmount: "0" })["protectedAmount"]).toEqual({ key: "common:form.notPositive" });
    const tooLarge = errorsOf({ ...REQUESTED_TERMS, "lines.0.unitPrice": "99999999999999999" })["lines.0.unitPrice"];
    expect(tooLarge).toMatchObject({ key: "common:form.amountTooLarge", params: { max: { currency: "USD" } } });
    expect(translator.t("en", tooLarge?.key ?? "", tooLarge?.params as Record<string, never>)).toBe(
      "This amount is too large: at most $90,071,992,547,409.91.",
    );
  });

  it("PO-02: a unit longer than the term allows says how many characters it may have; a country must be a two-letter code", () => {
    expect(errorsOf({ ...REQUESTED_TERMS, "lines.0.unit": "x".repeat(33) })["lines.0.unit"]).toEqual({ key: "order:problem.tooLong", params: { max: 32 } });
    expect(errorsOf({ ...REQUESTED_TERMS, "shippingAddress.country": "USA" })["shippingAddress.country"]).toEqual({ key: "order:problem.notCountryCode" });
    expect(errorsOf({ ...REQUESTED_TERMS, "lines.0.quantity": "2.5" })["lines.0.quantity"]).toEqual({ key: "common:form.notWholeNumber" });
  });

  it("PO-02 (fast-check): whatever is typed into any term, each error is specific and reads fully in all eight languages", () => {
    const names = termsFields(REQUESTED_TERMS).map((f) => f.name);
    const typed = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
        fc.double({ noNaN: true }).map(String),
        fc.string({ minLength: 300, maxLength: 600 }),
        fc.constantFrom("-0.01", "0", "1e9", "１２", "12,5", "abc", " ", "USA", "2026-13-40", "2026-03"),
      )
      .filter((v) => !v.includes("{")); // typed braces may be quoted back; the check is for the sentence's own
    fc.assert(
      fc.property(fc.constantFrom(...names), typed, (name, value) => {
        const errors = errorsOf({ ...REQUESTED_TERMS, [name]: value });
        for (const [field, error] of Object.entries(errors)) {
          expect(error.key, `${field} = ${JSON.stringify(value)}`).not.toBe("order:problem.invalid");
          for (const sentence of everyLanguage(error)) {
            expect(sentence, `${field} = ${JSON.stringify(value)}`).not.toMatch(/\{\{|^(order|common|errors):/);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
