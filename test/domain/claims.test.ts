import { describe, expect, it } from "vitest";
import { CLAIM_EVENT } from "../../src/domain/claims/claim-events.js";
import { fileClaim } from "../../src/domain/claims/use-cases/file-claim.js";
import { LEDGER_EVENT } from "../../src/domain/ledger/ledger.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { CLAIM_ID, LATE_FILED_AT, QUALITY_FILED_AT, asStaff, fileInto, lateShipmentClaim, only, types } from "./claims-fixtures.js";
import {
  asBuyer,
  asSupplier,
  awaitingSupplierOrder,
  buyer,
  completeTerms,
  confirmedOrder,
  depositPaidOrder,
  fundedLedger,
  receivedOrder,
  refusal,
  shippedOrder,
  supplier,
  usd,
  type OrderAndLedger,
} from "./orders-fixtures.js";

describe("filing a claim", () => {
  it("CL-01: a late-shipment claim is filed with its order snapshot; TA-04: the frozen amount is set aside", () => {
    const { world, events } = fileInto(depositPaidOrder(), {}, asBuyer(LATE_FILED_AT));
    expect(types(events)).toEqual([CLAIM_EVENT.filed, ORDER_EVENT.claimOpened, LEDGER_EVENT.claimHoldPlaced]);
    expect(world.claim).toMatchObject({ id: CLAIM_ID, type: "late-shipment", status: "awaiting-response" });
    expect(world.claim.order).toMatchObject({
      orderId: "ord-1",
      orderVersion: 2,
      policy: { name: "classic", version: 1 },
      protectedAmount: usd(37_500),
      amountPaid: usd(37_500),
      paymentMethod: "tt",
      coverageType: "post-delivery",
    });
    expect(world.claim.order.supplier.calendar.timeZone).toBe("Asia/Shanghai");
    expect(world.order.openClaimId).toBe(CLAIM_ID);
    expect(world.ledger.claimHolds.get("ord-1")).toBe(CLAIM_ID);
  });

  it("CL-01: a quality claim is filed for goods that differ from the written requirements", () => {
    const { world } = fileInto(receivedOrder(), { reason: "quality-differs-from-requirements" }, asBuyer(QUALITY_FILED_AT));
    expect(world.claim.type).toBe("quality");
  });

  it("CL-02: only the order's buyer may file", () => {
    expect(refusal(() => fileInto(depositPaidOrder(), {}, asSupplier(LATE_FILED_AT))).code).toBe("CLAIM_NOT_ELIGIBLE_NOT_BUYER");
    const stranger = { now: LATE_FILED_AT, actor: { kind: "buyer" as const, partyId: "buyer-9" } };
    expect(refusal(() => fileInto(depositPaidOrder(), {}, stranger)).code).toBe("CLAIM_NOT_ELIGIBLE_NOT_BUYER");
  });

  it("CL-02: an order not yet confirmed by both parties cannot be claimed", () => {
    const given: OrderAndLedger = { order: awaitingSupplierOrder(), ledger: fundedLedger() };
    const e = refusal(() => fileInto(given, {}, asBuyer(LATE_FILED_AT)));
    expect(e.code).toBe("CLAIM_NOT_ELIGIBLE_ORDER_NOT_CONFIRMED");
    expect(e.params).toMatchObject({ status: "awaiting-supplier" });
  });

  it("CL-02: nothing paid through the platform, nothing covered", () => {
    expect(refusal(() => fileInto(confirmedOrder(), {}, asBuyer(LATE_FILED_AT))).code).toBe("CLAIM_NOT_ELIGIBLE_NOT_PAID_THROUGH_PLATFORM");
    const given = depositPaidOrder();
    const offPlatform = { ...given, order: { ...given.order, payments: given.order.payments.map((p) => ({ ...p, throughPlatform: false })) } };
    expect(refusal(() => fileInto(offPlatform, {}, asBuyer(LATE_FILED_AT))).code).toBe("CLAIM_NOT_ELIGIBLE_NOT_PAID_THROUGH_PLATFORM");
  });

  it("CL-02: a quality claim needs an order whose quality is assured", () => {
    const given = receivedOrder(completeTerms({ qualityAssured: false, qualityRequirements: [] }));
    expect(refusal(() => fileInto(given, { reason: "quality-differs-from-requirements" }, asBuyer(QUALITY_FILED_AT))).code).toBe(
      "CLAIM_NOT_ELIGIBLE_QUALITY_NOT_ASSURED",
    );
  });

  it("CL-02: no claim while a chargeback is in progress", () => {
    const given = depositPaidOrder();
    const withChargeback = { ...given, order: { ...given.order, chargebackFiledAt: "2026-03-17T10:00:00.000Z" } };
    expect(refusal(() => fileInto(withChargeback, {}, asBuyer(LATE_FILED_AT))).code).toBe("CLAIM_NOT_ELIGIBLE_CHARGEBACK_IN_PROGRESS");
  });

  it("CL-02: a closed claim entrance refuses claims", () => {
    const given = receivedOrder();
    const closed = { ...given, order: { ...given.order, claimWindowClosed: true } };
    expect(refusal(() => fileInto(closed, { reason: "quality-differs-from-requirements" }, asBuyer(QUALITY_FILED_AT))).code).toBe(
      "CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED",
    );
  });

  it("CL-03: excluded reasons are refused, each with its own code", () => {
    const cases = [
      ["reshipped-to-another-address", "CLAIM_EXCLUDED_RESHIPPED"],
      ["bought-outside-platform", "CLAIM_EXCLUDED_OUTSIDE_PLATFORM"],
      ["other", "CLAIM_EXCLUDED_OTHER_REASON"],
    ] as const;
    for (const [reason, code] of cases) {
      expect(refusal(() => fileInto(receivedOrder(), { reason }, asBuyer(QUALITY_FILED_AT))).code).toBe(code);
    }
  });

  it("CL-03: damage in freight the buyer arranged is excluded; in the supplier's freight it is a quality claim", () => {
    const given = receivedOrder();
    const shipment = given.order.shipment;
    if (!shipment) throw new Error("no shipment");
    const buyerFreight = { ...given, order: { ...given.order, shipment: { ...shipment, freightArrangedByBuyer: true } } };
    expect(refusal(() => fileInto(buyerFreight, { reason: "damaged-in-freight" }, asBuyer(QUALITY_FILED_AT))).code).toBe(
      "CLAIM_EXCLUDED_BUYER_ARRANGED_FREIGHT",
    );
    expect(fileInto(given, { reason: "damaged-in-freight" }, asBuyer(QUALITY_FILED_AT)).world.claim.type).toBe("quality");
  });

  it("CL-03: a duplicate claim is refused while one is open", () => {
    const world = lateShipmentClaim();
    const e = refusal(() => fileInto(world, { claimId: "clm-2" }, asBuyer(LATE_FILED_AT)));
    expect(e.code).toBe("CLAIM_EXCLUDED_DUPLICATE");
    expect(e.params).toMatchObject({ openClaimId: CLAIM_ID });
  });

  it("CL-04: a late-shipment claim opens the day after the agreed date, in the buyer's time zone", () => {
    // 2026-03-17 03:00 UTC is still 2026-03-16 in New York: the agreed shipping date itself.
    const e = refusal(() => fileInto(depositPaidOrder(), {}, asBuyer("2026-03-17T03:00:00.000Z")));
    expect(e.code).toBe("CLAIM_LATE_SHIPMENT_TOO_EARLY");
    expect(e.params).toMatchObject({ availableFrom: "2026-03-17" });
    expect(fileInto(depositPaidOrder(), {}, asBuyer("2026-03-17T05:00:00.000Z")).world.claim.type).toBe("late-shipment");
  });

  it("CL-04: no late-shipment claim once a shipment is recorded", () => {
    const e = refusal(() => fileInto(shippedOrder(), {}, asBuyer("2026-03-17T15:00:00.000Z")));
    expect(e.code).toBe("CLAIM_LATE_SHIPMENT_ALREADY_SHIPPED");
  });

  it("CL-05: pre-shipment coverage — a quality claim before shipment, and up to 15 days after shipment", () => {
    const terms = completeTerms({ coverageType: "pre-shipment" });
    const beforeShipment = fileInto(depositPaidOrder(terms), { reason: "quality-differs-from-requirements" }, asBuyer("2026-03-10T14:00:00.000Z"));
    expect(beforeShipment.world.claim.type).toBe("quality");
    const inWindow = fileInto(shippedOrder(terms), { reason: "quality-differs-from-requirements" }, asBuyer("2026-03-31T20:00:00.000Z"));
    expect(inWindow.world.claim.status).toBe("awaiting-response");
    const e = refusal(() => fileInto(shippedOrder(terms), { reason: "quality-differs-from-requirements" }, asBuyer("2026-04-01T04:00:00.000Z")));
    expect(e.code).toBe("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED");
  });

  it("CL-06: post-delivery (classic) — the earlier of customs clearance + 15 days and shipment + 90 days", () => {
    const quality = { reason: "quality-differs-from-requirements" } as const;
    expect(refusal(() => fileInto(receivedOrder(), quality, asBuyer("2026-06-15T14:00:00.000Z"))).code).toBe("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED");
    expect(fileInto(receivedOrder(), quality, asBuyer("2026-06-14T14:00:00.000Z")).world.claim.type).toBe("quality");
    const given = receivedOrder();
    const cleared = { ...given, order: { ...given.order, customsClearedOn: "2026-04-01" } };
    expect(refusal(() => fileInto(cleared, quality, asBuyer(QUALITY_FILED_AT))).code).toBe("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED");
  });

  it("CL-06: post-delivery (express) — until receipt + 30 days", () => {
    const quality = { reason: "quality-differs-from-requirements" } as const;
    const express = (): OrderAndLedger => receivedOrder(completeTerms(), "express");
    expect(fileInto(express(), quality, asBuyer("2026-05-20T20:00:00.000Z")).world.claim.type).toBe("quality");
    expect(refusal(() => fileInto(express(), quality, asBuyer("2026-05-21T14:00:00.000Z"))).code).toBe("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED");
  });

  it("FR-02: a buyer whose coverage is suspended cannot open a claim", () => {
    const given = depositPaidOrder();
    const suspendedBuyer = { ...buyer, suspended: true };
    const e = refusal(() =>
      fileClaim(
        given.order,
        suspendedBuyer,
        supplier,
        given.ledger,
        { claimId: CLAIM_ID, reason: "not-shipped-on-time", description: "late" },
        asBuyer(LATE_FILED_AT),
      ),
    );
    expect(e.code).toBe("BUYER_COVERAGE_SUSPENDED");
  });

  it("TA-07: staff open a claim on the buyer's behalf only when the supplier is suspended, and it goes straight to a decision", () => {
    const given = depositPaidOrder();
    const command = { claimId: CLAIM_ID, reason: "not-shipped-on-time" as const, description: "supplier vanished" };
    expect(refusal(() => fileClaim(given.order, buyer, supplier, given.ledger, command, asStaff(LATE_FILED_AT))).code).toBe(
      "CLAIM_ON_BEHALF_SUPPLIER_NOT_SUSPENDED",
    );
    const events = fileClaim(given.order, buyer, { ...supplier, suspended: true }, given.ledger, command, asStaff(LATE_FILED_AT));
    expect(only(events, CLAIM_EVENT.filed)).toMatchObject({ onBehalfOfBuyer: true });
    expect(only(events, CLAIM_EVENT.escalated)).toMatchObject({ escalation: { by: "staff", reason: "supplier-suspended" } });
  });
});
