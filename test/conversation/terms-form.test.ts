/** The order-terms form: typed values → partial terms, and each domain problem back onto its field. */
import { describe, expect, it } from "vitest";
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
