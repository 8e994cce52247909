import { describe, expect, it } from "vitest";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { isMeasurable, standardInspectionRequirement } from "../../src/domain/orders/quality-requirements.js";
import { confirmAsBuyer } from "../../src/domain/orders/use-cases/confirm-as-buyer.js";
import { draftTerms } from "../../src/domain/orders/use-cases/draft-terms.js";
import { proposeChange } from "../../src/domain/orders/use-cases/propose-change.js";
import { requestOrder } from "../../src/domain/orders/use-cases/request-order.js";
import { confirmableTerms, validateTerms } from "../../src/domain/orders/validate-terms.js";
import {
  ORDER_ID,
  T,
  apply,
  asBuyer,
  asSupplier,
  awaitingBuyerOrder,
  awaitingSupplierOrder,
  buyer,
  completeTerms,
  requestedOrder,
  refusal,
  supplier,
  usd,
} from "./orders-fixtures.js";

const codesAt = (terms: Readonly<Record<string, unknown>>) => validateTerms(terms).map((p) => `${p.path}:${p.code}`);

describe("purchase-order negotiation", () => {
  it("PO-01: buyer requests → supplier drafts → buyer confirms → supplier's turn, each step a new state", () => {
    const requested = requestedOrder();
    expect(requested.status).toBe("draft");
    expect(requested.versions).toHaveLength(1);
    expect(requested.versions[0]?.proposedBy).toBe("buyer");
    expect(requested.buyer).toEqual({ id: buyer.id, calendar: buyer.calendar, locale: buyer.locale });
    expect(requested.supplier.id).toBe(supplier.id);

    const drafted = apply(requested, draftTerms(requested, { orderId: ORDER_ID, terms: completeTerms() }, asSupplier(T.drafted)));
    expect(drafted.status).toBe("awaiting-buyer");
    expect(drafted.versions.map((v) => [v.number, v.proposedBy])).toEqual([
      [1, "buyer"],
      [2, "supplier"],
    ]);

    const buyerConfirmed = apply(drafted, confirmAsBuyer({ order: drafted, buyer }, { orderId: ORDER_ID, version: 2 }, asBuyer(T.buyerConfirmed)));
    expect(buyerConfirmed.status).toBe("awaiting-supplier");
    expect(buyerConfirmed.versions[1]?.buyerConfirmedAt).toBe(T.buyerConfirmed);
  });

  it("PO-01: an incomplete supplier draft stays a draft; the terms build up over versions", () => {
    const order = requestedOrder();
    const partial = apply(order, draftTerms(order, { orderId: ORDER_ID, terms: { total: usd(125_000) } }, asSupplier(T.drafted)));
    expect(partial.status).toBe("draft");
    expect(partial.versions[1]?.terms.lines).toEqual(completeTerms().lines);
    expect(partial.versions[1]?.terms.total).toEqual(usd(125_000));
  });

  it("PO-01: either side may propose a change before both confirmed; the buyer's proposal goes back to the supplier", () => {
    const order = awaitingSupplierOrder();
    const events = proposeChange(order, { orderId: ORDER_ID, terms: { shippingDate: "2026-03-20" }, note: "please ship later" }, asBuyer(T.supplierConfirmed));
    expect(events.map((e) => e.type)).toEqual([ORDER_EVENT.changeProposed]);
    const changed = apply(order, events);
    expect(changed.status).toBe("draft");
    expect(changed.versions.at(-1)).toMatchObject({ number: 3, proposedBy: "buyer", note: "please ship later" });
    expect(changed.versions.at(-1)?.terms.shippingDate).toBe("2026-03-20");
    expect(changed.versions.at(-1)?.buyerConfirmedAt).toBeUndefined();

    const supplierProposal = apply(order, proposeChange(order, { orderId: ORDER_ID, terms: { incoterm: "CIF" } }, asSupplier(T.supplierConfirmed)));
    expect(supplierProposal.status).toBe("awaiting-buyer");
  });

  it("PO-02: missing terms are named back; nothing is confirmed with a problem", () => {
    expect(codesAt({ currency: "USD" })).toEqual(
      expect.arrayContaining([
        "lines:missing",
        "total:missing",
        "shippingDate:missing",
        "shippingAddress:missing",
        "incoterm:missing",
        "protectedAmount:missing",
        "deposit:missing",
        "balance:missing",
        "coverageType:missing",
        "qualityAssured:missing",
        "paymentMethod:missing",
        "category:missing",
      ]),
    );
    const error = refusal(() => confirmableTerms(completeTerms({ total: usd(120_000), balance: usd(82_500), incoterm: undefined })));
    expect(error.code).toBe("ORDER_TERMS_INVALID");
    expect(error.params.problems).toEqual(["incoterm", "total"]);
  });

  it("PO-02: a draft whose total does not match its lines never reaches the buyer", () => {
    const order = awaitingBuyerOrder(completeTerms({ total: usd(120_000), balance: usd(82_500) }));
    expect(order.status).toBe("draft");
  });

  it("PO-02: total = Σ quantity × unit price, balance = total − deposit, deposit and protected ≤ total", () => {
    expect(validateTerms(completeTerms())).toEqual([]);
    expect(codesAt(completeTerms({ total: usd(125_001) }))).toEqual(expect.arrayContaining(["total:totalMismatch"]));
    expect(codesAt(completeTerms({ balance: usd(87_000) }))).toEqual(["balance:balanceMismatch"]);
    expect(codesAt(completeTerms({ deposit: usd(130_000), balance: usd(-5_000) }))).toEqual(
      expect.arrayContaining(["deposit:depositExceedsTotal", "balance:negative"]),
    );
    expect(codesAt(completeTerms({ protectedAmount: usd(125_100) }))).toEqual(["protectedAmount:protectedExceedsTotal"]);
    expect(codesAt(completeTerms({ protectedAmount: usd(0) }))).toEqual(["protectedAmount:notPositive"]);
  });

  it("PO-02: an exact shipping date, never a month; amounts in the order currency", () => {
    expect(codesAt({ ...completeTerms(), shippingDate: "2026-05" })).toEqual(["shippingDate:notExactDate"]);
    expect(codesAt({ ...completeTerms(), shippingDate: "2026-02-30" })).toEqual(["shippingDate:notExactDate"]);
    expect(codesAt(completeTerms({ deposit: { amountMinor: 37_500, currency: "EUR" } }))).toEqual(["deposit:currencyMismatch"]);
    expect(codesAt({ ...completeTerms(), lines: [{ description: "bolt", quantity: 1.5, unit: "pcs", unitPrice: usd(125) }] })).toEqual([
      "lines.0.quantity:notWholeNumber",
    ]);
  });

  it("PO-07: a payment method outside the platform is named as a problem", () => {
    expect(codesAt({ ...completeTerms(), paymentMethod: "cash" })).toEqual(["paymentMethod:notPlatformMethod"]);
  });

  it("PO-04: vague quality text is flagged not measurable; a structured requirement is not", () => {
    const vague = { attribute: "quality", target: "good quality", method: "visual" };
    expect(isMeasurable(vague)).toBe(false);
    expect(isMeasurable({ attribute: "finish", target: "high quality", method: "check" })).toBe(false);
    expect(isMeasurable({ attribute: "length", target: "40 mm", tolerance: "±0.5 mm", method: "caliper" })).toBe(true);
    expect(isMeasurable({ attribute: "colour", target: "Pantone 186 C", method: "spectrophotometer, D65" })).toBe(true);
    expect(isMeasurable(standardInspectionRequirement())).toBe(true);
    const problems = validateTerms(completeTerms({ qualityRequirements: [completeTerms().qualityRequirements[0]!, vague] }));
    expect(problems).toEqual([{ path: "qualityRequirements.1", code: "notMeasurable", severity: "warning" }]);
  });

  it("PO-04: a vague requirement does not block confirmation (in a dispute the inspector's standard applies)", () => {
    const terms = completeTerms({ qualityRequirements: [{ attribute: "quality", target: "good quality", method: "visual" }] });
    const order = awaitingBuyerOrder(terms);
    expect(order.status).toBe("awaiting-buyer");
    expect(confirmAsBuyer({ order, buyer }, { orderId: ORDER_ID, version: 2 }, asBuyer(T.buyerConfirmed))).toHaveLength(1);
  });

  it("PO-06: an excluded category is refused with the category named", () => {
    const error = refusal(() =>
      requestOrder(
        { existing: undefined, buyer, supplier },
        { orderId: ORDER_ID, supplierId: supplier.id, terms: { category: "vehicles" } },
        asBuyer(T.requested),
      ),
    );
    expect(error.code).toBe("ORDER_CATEGORY_EXCLUDED");
    expect(error.params).toEqual({ category: "vehicles" });
    const order = requestedOrder();
    expect(refusal(() => draftTerms(order, { orderId: ORDER_ID, terms: { category: "services" } }, asSupplier(T.drafted))).code).toBe(
      "ORDER_CATEGORY_EXCLUDED",
    );
    expect(codesAt(completeTerms({ category: "real-estate" }))).toEqual(["category:excludedCategory"]);
  });

  it("FR-02: a buyer whose coverage is suspended cannot request an assured order", () => {
    const suspended = { ...buyer, suspended: true };
    const error = refusal(() =>
      requestOrder({ existing: undefined, buyer: suspended, supplier }, { orderId: ORDER_ID, supplierId: supplier.id, terms: {} }, asBuyer(T.requested)),
    );
    expect(error.code).toBe("BUYER_COVERAGE_SUSPENDED");
  });

  it("ORD-01: only the order's buyer and supplier act on it; the wrong party or state is refused with a reason", () => {
    const order = awaitingBuyerOrder();
    const stranger = { now: T.buyerConfirmed, actor: { kind: "buyer" as const, partyId: "buyer-2" } };
    expect(refusal(() => confirmAsBuyer({ order, buyer }, { orderId: ORDER_ID, version: 2 }, stranger)).code).toBe("ORDER_NOT_A_PARTY");
    const wrongParty = refusal(() => confirmAsBuyer({ order, buyer }, { orderId: ORDER_ID, version: 2 }, asSupplier(T.buyerConfirmed)));
    expect(wrongParty.code).toBe("ORDER_WRONG_PARTY");
    expect(wrongParty.params).toEqual({ action: "confirm-as-buyer", expected: ["buyer"] });
    const illegal = refusal(() => draftTerms(order, { orderId: ORDER_ID, terms: {} }, asSupplier(T.buyerConfirmed)));
    expect(illegal.code).toBe("ORDER_ILLEGAL_TRANSITION");
    expect(illegal.params).toEqual({ from: "awaiting-buyer", action: "draft-terms" });
    expect(refusal(() => confirmAsBuyer({ order, buyer }, { orderId: ORDER_ID, version: 1 }, asBuyer(T.buyerConfirmed))).code).toBe("ORDER_VERSION_STALE");
  });

  it("ORD-01: every event carries the actor and the time", () => {
    const events = requestOrder({ existing: undefined, buyer, supplier }, { orderId: ORDER_ID, supplierId: supplier.id, terms: {} }, asBuyer(T.requested));
    expect(events[0]).toMatchObject({
      type: ORDER_EVENT.requested,
      stream: { type: "order", id: ORDER_ID },
      at: T.requested,
      actor: { kind: "buyer", partyId: buyer.id },
    });
  });

  it("ORD-01: a request names a supplier; any other party is refused", () => {
    const notSupplier = refusal(() =>
      requestOrder({ existing: undefined, buyer, supplier: buyer }, { orderId: ORDER_ID, supplierId: buyer.id, terms: {} }, asBuyer(T.requested)),
    );
    expect(notSupplier.code).toBe("ORDER_NOT_A_SUPPLIER");
    const onBehalf = refusal(() =>
      requestOrder({ existing: undefined, buyer, supplier }, { orderId: ORDER_ID, supplierId: supplier.id, terms: {} }, asSupplier(T.requested)),
    );
    expect(onBehalf.code).toBe("ORDER_NOT_A_PARTY");
  });

  it("ORD-01: a request for an existing order id is refused", () => {
    const existing = requestedOrder();
    expect(
      refusal(() => requestOrder({ existing, buyer, supplier }, { orderId: ORDER_ID, supplierId: supplier.id, terms: {} }, asBuyer(T.requested))).code,
    ).toBe("ORDER_ALREADY_EXISTS");
  });
});
