import { describe, expect, it } from "vitest";
import { ledgerBalances } from "../../src/domain/ledger/ledger.js";
import { confirmationAdvice } from "../../src/domain/orders/confirmation-advice.js";
import { claimWindowClosesAt, deadlinesOfOrder } from "../../src/domain/orders/order-deadlines.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { pendingAmendment } from "../../src/domain/orders/order-versions.js";
import { standardInspectionRequirement } from "../../src/domain/orders/quality-requirements.js";
import { confirmAmendment, declineAmendment } from "../../src/domain/orders/use-cases/answer-amendment.js";
import { confirmAsSupplier } from "../../src/domain/orders/use-cases/confirm-as-supplier.js";
import { proposeChange } from "../../src/domain/orders/use-cases/propose-change.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import { CLASSIC_V1, type PolicyProfile } from "../../src/domain/policy/policy.js";
import { canonicalJson } from "../../src/domain/shared/canonical-json.js";
import { sha256Hex } from "../../src/domain/shared/sha256.js";
import {
  ORDER_ID,
  T,
  apply,
  applyLedger,
  asBuyer,
  asSupplier,
  awaitingBuyerOrder,
  awaitingSupplierOrder,
  completeTerms,
  confirmedOrder,
  depositPaidOrder,
  fundedLedger,
  refusal,
  supplier,
  usd,
} from "./orders-fixtures.js";

const ample = { available: usd(1_000_000) };

describe("before the buyer confirms: confirmation advice", () => {
  it("TA-06: the buyer is told exactly how much of the deposit is not protected", () => {
    const order = awaitingBuyerOrder(completeTerms({ deposit: usd(50_000), balance: usd(75_000), protectedAmount: usd(37_500) }));
    expect(confirmationAdvice(order, ample).unprotectedDeposit).toEqual(usd(12_500));
    expect(confirmationAdvice(awaitingBuyerOrder(), ample).unprotectedDeposit).toBeUndefined();
  });

  it("PO-03: quality assured without a written requirement → reminder, the standard AQL 2.5 / level II offer, or ask the supplier", () => {
    const order = awaitingBuyerOrder(completeTerms({ qualityRequirements: [] }));
    const advice = confirmationAdvice(order, ample);
    expect(advice.missingQualityRequirement).toEqual({
      standardOffer: standardInspectionRequirement(),
      options: ["add-standard-inspection", "ask-supplier-to-add-requirements"],
    });
    expect(standardInspectionRequirement().target).toContain("AQL 2.5");
    expect(standardInspectionRequirement().method).toContain("general inspection level II");
    expect(confirmationAdvice(awaitingBuyerOrder(), ample).missingQualityRequirement).toBeUndefined();
    // Taking the offer is a change request: the version with the standard requirement goes back to the supplier.
    const taken = apply(
      order,
      proposeChange(order, { orderId: ORDER_ID, terms: { qualityRequirements: [standardInspectionRequirement()] } }, asBuyer(T.buyerConfirmed)),
    );
    expect(taken.status).toBe("draft");
    expect(taken.versions.at(-1)?.terms.qualityRequirements).toEqual([standardInspectionRequirement()]);
    expect(
      confirmationAdvice(awaitingBuyerOrder(completeTerms({ qualityAssured: false, qualityRequirements: [] })), ample).missingQualityRequirement,
    ).toBeUndefined();
  });

  it("PO-08: the buyer is advised to make the deposit equal to the protected amount", () => {
    const order = awaitingBuyerOrder(completeTerms({ deposit: usd(50_000), balance: usd(75_000) }));
    expect(confirmationAdvice(order, ample).depositAdvice).toEqual({ deposit: usd(50_000), advisedDeposit: usd(37_500) });
    expect(confirmationAdvice(awaitingBuyerOrder(), ample).depositAdvice).toBeUndefined();
  });

  it("PO-08: the buyer is told when the supplier's available amount cannot cover the whole order", () => {
    const order = awaitingBuyerOrder();
    expect(confirmationAdvice(order, { available: usd(100_000) }).supplierShortfall).toEqual({
      available: usd(100_000),
      orderTotal: usd(125_000),
      coversProtectedAmount: true,
    });
    expect(confirmationAdvice(order, { available: usd(10_000) }).supplierShortfall?.coversProtectedAmount).toBe(false);
    expect(confirmationAdvice(order, ledgerBalances(fundedLedger())).supplierShortfall).toBeUndefined();
  });
});

describe("the supplier confirms last", () => {
  it("TA-03: confirming freezes the protected amount against the supplier's available amount", () => {
    const order = awaitingSupplierOrder();
    const ledger = fundedLedger();
    const events = confirmAsSupplier({ order, supplier, ledger }, { orderId: ORDER_ID, version: 2 }, asSupplier(T.supplierConfirmed));
    expect(events.map((e) => [e.type, e.stream.type])).toEqual([
      [ORDER_EVENT.confirmed, "order"],
      ["LedgerAmountFrozen", "ledger"],
    ]);
    expect(apply(order, events).status).toBe("confirmed");
    expect(ledgerBalances(applyLedger(ledger, events)).available).toEqual(usd(1_000_000 - 37_500));
  });

  it("TA-03: confirmation is refused, showing the available figure, when it is not enough", () => {
    const order = awaitingSupplierOrder();
    const ledger = fundedLedger(30_000);
    const error = refusal(() => confirmAsSupplier({ order, supplier, ledger }, { orderId: ORDER_ID, version: 2 }, asSupplier(T.supplierConfirmed)));
    expect(error.code).toBe("LEDGER_INSUFFICIENT_AVAILABLE");
    expect(error.params).toEqual({ available: usd(30_000), required: usd(37_500) });
  });

  it("TA-01 / TA-07: a supplier not enrolled or suspended cannot confirm", () => {
    const order = awaitingSupplierOrder();
    const ledger = fundedLedger();
    const confirmWith = (s: typeof supplier) => () =>
      confirmAsSupplier({ order, supplier: s, ledger }, { orderId: ORDER_ID, version: 2 }, asSupplier(T.supplierConfirmed));
    expect(refusal(confirmWith({ ...supplier, enrolled: false })).code).toBe("SUPPLIER_NOT_ENROLLED");
    expect(refusal(confirmWith({ ...supplier, suspended: true })).code).toBe("SUPPLIER_SUSPENDED");
  });

  it("POL-02: the order records the policy profile and version at confirmation (classic by default)", () => {
    expect(confirmedOrder().order.policy).toEqual({ name: "classic", version: 1 });
    expect(confirmedOrder(completeTerms(), "express").order.policy).toEqual({ name: "express", version: 1 });
  });

  it("POL-02: a later policy version never changes the deadlines of an order already confirmed", () => {
    const classicV2: PolicyProfile = { ...CLASSIC_V1, version: 2, effectiveFrom: "2026-06-01", postDeliveryAfterShipment: { days: 60, unit: "calendar" } };
    const { order } = depositPaidOrder();
    const shipped = apply(
      order,
      recordShipment(order, { orderId: ORDER_ID, shippedOn: "2026-03-16", carrier: "COSCO", trackingNumber: "X1" }, asSupplier(T.shipmentRecorded)),
    );
    const before = claimWindowClosesAt(shipped, [CLASSIC_V1]);
    expect(claimWindowClosesAt(shipped, [CLASSIC_V1, classicV2])).toBe(before);
    expect(deadlinesOfOrder(shipped, [CLASSIC_V1, classicV2])[0]?.dueAt).toBe(before);

    const confirmedUnderV2 = awaitingSupplierOrder();
    const events = confirmAsSupplier(
      { order: confirmedUnderV2, supplier, ledger: fundedLedger(), policyVersions: [CLASSIC_V1, classicV2] },
      { orderId: ORDER_ID, version: 2 },
      asSupplier(T.supplierConfirmed),
    );
    expect(apply(confirmedUnderV2, events).policy).toEqual({ name: "classic", version: 2 });
  });

  it("PO-05: the confirmed version is content-hashed: SHA-256 of the canonical JSON of its terms", () => {
    const { order } = confirmedOrder();
    const confirmed = order.versions.find((v) => v.number === order.confirmedVersion);
    expect(order.confirmedVersion).toBe(2);
    expect(confirmed?.contentHash).toBe(sha256Hex(canonicalJson(completeTerms())));
    expect(confirmed?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(confirmed?.supplierConfirmedAt).toBe(T.supplierConfirmed);
    expect(order.confirmedTerms).toEqual(completeTerms());
  });
});

describe("PO-05: amendments after confirmation", () => {
  const newDate = { shippingDate: "2026-03-30" };

  it("PO-05: a new shipping date is a new version both must confirm; until then the confirmed version stays", () => {
    const { order } = confirmedOrder();
    const proposed = apply(order, proposeChange(order, { orderId: ORDER_ID, terms: newDate }, asSupplier("2026-02-10T02:00:00.000Z")));
    expect(proposed.status).toBe("confirmed");
    expect(proposed.confirmedVersion).toBe(2);
    expect(proposed.confirmedTerms?.shippingDate).toBe("2026-03-16");
    expect(pendingAmendment(proposed)).toMatchObject({ number: 3, proposedBy: "supplier", supplierConfirmedAt: "2026-02-10T02:00:00.000Z" });

    const events = confirmAmendment(proposed, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-02-10T15:00:00.000Z"));
    const amended = apply(proposed, events);
    expect(amended.confirmedVersion).toBe(3);
    expect(amended.confirmedTerms?.shippingDate).toBe("2026-03-30");
    const v3 = amended.versions[2];
    expect(v3?.buyerConfirmedAt).toBe("2026-02-10T15:00:00.000Z");
    expect(v3?.contentHash).toBe(sha256Hex(canonicalJson({ ...completeTerms(), ...newDate })));
    // The earlier confirmed version is untouched (immutable).
    expect(amended.versions[1]).toEqual(order.versions[1]);
    expect(pendingAmendment(amended)).toBeUndefined();
  });

  it("PO-05: the proposer cannot confirm its own amendment; a declined amendment leaves the confirmed version in force", () => {
    const { order } = confirmedOrder();
    const proposed = apply(order, proposeChange(order, { orderId: ORDER_ID, terms: newDate }, asBuyer("2026-02-10T02:00:00.000Z")));
    expect(refusal(() => confirmAmendment(proposed, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-02-10T03:00:00.000Z"))).code).toBe("ORDER_WRONG_PARTY");
    const declined = apply(proposed, declineAmendment(proposed, { orderId: ORDER_ID, version: 3 }, asSupplier("2026-02-10T04:00:00.000Z")));
    expect(declined.confirmedVersion).toBe(2);
    expect(declined.confirmedTerms?.shippingDate).toBe("2026-03-16");
    expect(pendingAmendment(declined)).toBeUndefined();
    expect(refusal(() => confirmAmendment(declined, { orderId: ORDER_ID, version: 3 }, asSupplier("2026-02-10T05:00:00.000Z"))).code).toBe(
      "ORDER_NO_PENDING_AMENDMENT",
    );
  });

  it("PO-05: an amendment with invalid terms is refused with the problems named; the protected amount is fixed", () => {
    const { order } = confirmedOrder();
    const invalid = refusal(() => proposeChange(order, { orderId: ORDER_ID, terms: { deposit: usd(200_000) } }, asBuyer("2026-02-10T02:00:00.000Z")));
    expect(invalid.code).toBe("ORDER_TERMS_INVALID");
    expect(invalid.params.problems).toEqual(["deposit", "balance"]);
    const protectedChange = refusal(() =>
      proposeChange(order, { orderId: ORDER_ID, terms: { protectedAmount: usd(50_000) } }, asBuyer("2026-02-10T02:00:00.000Z")),
    );
    expect(protectedChange.code).toBe("ORDER_PROTECTED_AMOUNT_FIXED");
    expect(protectedChange.params).toEqual({ confirmed: usd(37_500), proposed: usd(50_000) });
    expect(refusal(() => proposeChange(order, { orderId: ORDER_ID, terms: {} }, asBuyer("2026-02-10T02:00:00.000Z"))).code).toBe(
      "ORDER_AMENDMENT_WITHOUT_CHANGE",
    );
  });

  it("PO-05: no amendment once shipped or while a claim is open", () => {
    const { order } = depositPaidOrder();
    const withClaim = apply(order, [
      {
        type: ORDER_EVENT.claimOpened,
        stream: { type: "order", id: ORDER_ID },
        at: T.depositPaid,
        actor: { kind: "buyer", partyId: "buyer-1" },
        data: { claimId: "c-1" },
      },
    ]);
    expect(refusal(() => proposeChange(withClaim, { orderId: ORDER_ID, terms: newDate }, asBuyer("2026-02-10T02:00:00.000Z"))).code).toBe("ORDER_CLAIM_OPEN");
    const shipped = apply(
      order,
      recordShipment(order, { orderId: ORDER_ID, shippedOn: "2026-03-16", carrier: "COSCO", trackingNumber: "X1" }, asSupplier(T.shipmentRecorded)),
    );
    const illegal = refusal(() => proposeChange(shipped, { orderId: ORDER_ID, terms: newDate }, asBuyer("2026-03-17T02:00:00.000Z")));
    expect(illegal.params).toEqual({ from: "shipped", action: "propose-change" });
  });
});
