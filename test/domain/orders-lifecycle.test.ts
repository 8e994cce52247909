import { describe, expect, it } from "vitest";
import { ledgerBalances, frozenFor, holdForClaim } from "../../src/domain/ledger/ledger.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { CLASSIC_V1 } from "../../src/domain/policy/policy.js";
import { paymentFee } from "../../src/domain/orders/payment-fees.js";
import { completeIfDone } from "../../src/domain/orders/use-cases/complete-if-done.js";
import { confirmReceipt } from "../../src/domain/orders/use-cases/confirm-receipt.js";
import { recordCustomsClearance } from "../../src/domain/orders/use-cases/record-customs-clearance.js";
import { recordDeposit, type RecordDepositCommand } from "../../src/domain/orders/use-cases/record-deposit.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import {
  ORDER_ID,
  T,
  apply,
  applyLedger,
  asBuyer,
  asSupplier,
  asSystem,
  awaitingBuyerOrder,
  cancel,
  confirmedOrder,
  depositPaidOrder,
  fundedLedger,
  receivedOrder,
  refusal,
  shippedOrder,
  usd,
} from "./orders-fixtures.js";

const claimEvent = (type: string, claimId: string, at: string): DomainEvent => ({
  type,
  stream: { type: "order", id: ORDER_ID },
  at,
  actor: { kind: "buyer", partyId: "buyer-1" },
  data: { claimId },
});

describe("PO-07: deposits, methods and fees", () => {
  const deposit = (overrides: Partial<RecordDepositCommand>): RecordDepositCommand => ({
    orderId: ORDER_ID,
    amount: usd(37_500),
    method: "card",
    throughPlatform: true,
    reference: "PAY-1",
    ...overrides,
  });

  it("PO-07: the method and its fee are recorded — card 2.95 % of the amount", () => {
    const { order } = confirmedOrder();
    const events = recordDeposit(order, deposit({ method: "card" }), asBuyer(T.depositPaid));
    const paid = apply(order, events);
    expect(paid.status).toBe("deposit-paid");
    expect(paid.payments).toEqual([
      { kind: "deposit", amount: usd(37_500), method: "card", fee: usd(1_106), throughPlatform: true, reference: "PAY-1", paidAt: T.depositPaid },
    ]);
    expect(paymentFee(CLASSIC_V1.paymentFees, "card", usd(10_000), undefined)).toEqual(usd(295));
  });

  it("PO-07: a T/T fee must lie within USD 30–50, Western Union within USD 4.90–45; pay-later is free", () => {
    expect(paymentFee(CLASSIC_V1.paymentFees, "tt", usd(37_500), usd(3_000))).toEqual(usd(3_000));
    expect(paymentFee(CLASSIC_V1.paymentFees, "tt", usd(37_500), usd(5_000))).toEqual(usd(5_000));
    const outside = refusal(() => paymentFee(CLASSIC_V1.paymentFees, "tt", usd(37_500), usd(5_001)));
    expect(outside.code).toBe("ORDER_PAYMENT_FEE_OUT_OF_RANGE");
    expect(outside.params).toEqual({ method: "tt", fee: usd(5_001), min: usd(3_000), max: usd(5_000) });
    expect(refusal(() => paymentFee(CLASSIC_V1.paymentFees, "tt", usd(37_500), undefined)).code).toBe("ORDER_PAYMENT_FEE_REQUIRED");
    expect(paymentFee(CLASSIC_V1.paymentFees, "western-union", usd(37_500), usd(490))).toEqual(usd(490));
    expect(refusal(() => paymentFee(CLASSIC_V1.paymentFees, "western-union", usd(37_500), usd(489))).code).toBe("ORDER_PAYMENT_FEE_OUT_OF_RANGE");
    expect(refusal(() => paymentFee(CLASSIC_V1.paymentFees, "western-union", usd(37_500), usd(4_501))).code).toBe("ORDER_PAYMENT_FEE_OUT_OF_RANGE");
    expect(paymentFee(CLASSIC_V1.paymentFees, "pay-later", usd(37_500), undefined)).toEqual(usd(0));
    expect(refusal(() => paymentFee(CLASSIC_V1.paymentFees, "pay-later", usd(37_500), usd(100))).code).toBe("ORDER_PAYMENT_FEE_MISMATCH");
  });

  it("PO-07: a payment made outside the platform is recorded but flagged not covered", () => {
    const { order } = confirmedOrder();
    const [recorded] = recordDeposit(order, deposit({ throughPlatform: false }), asBuyer(T.depositPaid));
    expect(recorded?.data).toMatchObject({ covered: false, payment: { throughPlatform: false } });
  });

  it("PO-09: a deposit in another currency than the order's is refused", () => {
    const { order } = confirmedOrder();
    const error = refusal(() => recordDeposit(order, deposit({ amount: { amountMinor: 37_500, currency: "EUR" } }), asBuyer(T.depositPaid)));
    expect(error.code).toBe("ORDER_PAYMENT_CURRENCY_MISMATCH");
  });

  it("ORD-02: when the deposit is recorded the supplier is told to start production", () => {
    const { order } = confirmedOrder();
    const events = recordDeposit(order, deposit({}), asSystem(T.depositPaid));
    expect(events.map((e) => e.type)).toEqual([ORDER_EVENT.depositRecorded, ORDER_EVENT.productionRequested]);
    expect(events[1]?.data).toEqual({ supplierId: "supplier-1" });
  });

  it("ORD-01: a deposit before confirmation is an illegal transition", () => {
    const error = refusal(() => recordDeposit(awaitingBuyerOrder(), deposit({}), asBuyer(T.depositPaid)));
    expect(error.params).toEqual({ from: "awaiting-buyer", action: "record-deposit" });
  });
});

describe("ORD-03: shipment", () => {
  it("ORD-03: shipment is recorded with date, carrier, tracking and customs export data; lateness against the agreed date", () => {
    const { order } = depositPaidOrder();
    const events = recordShipment(
      order,
      {
        orderId: ORDER_ID,
        shippedOn: "2026-03-19",
        carrier: "COSCO",
        trackingNumber: "COSU123",
        customsExport: { declarationNumber: "EXP-7", exportedOn: "2026-03-18" },
      },
      asSupplier("2026-03-19T10:00:00.000Z"),
    );
    const shipped = apply(order, events);
    expect(shipped.status).toBe("shipped");
    expect(shipped.shipment).toEqual({
      shippedOn: "2026-03-19",
      recordedAt: "2026-03-19T10:00:00.000Z",
      carrier: "COSCO",
      trackingNumber: "COSU123",
      customsExport: { declarationNumber: "EXP-7", exportedOn: "2026-03-18" },
      daysLate: 3,
      freightArrangedByBuyer: false,
    });
    expect(shippedOrder(undefined, "classic", "2026-03-14").order.shipment?.daysLate).toBe(-2);
  });

  it("ORD-03: a shipping date after today (supplier's calendar) is refused", () => {
    const { order } = depositPaidOrder();
    const error = refusal(() =>
      recordShipment(order, { orderId: ORDER_ID, shippedOn: "2026-03-17", carrier: "COSCO", trackingNumber: "X" }, asSupplier("2026-03-16T10:00:00.000Z")),
    );
    expect(error.code).toBe("ORDER_DATE_IN_FUTURE");
    expect(error.params).toEqual({ date: "2026-03-17", today: "2026-03-16" });
  });

  it("CL-06: the import customs clearance date is recorded, never before shipment", () => {
    const { order } = shippedOrder();
    const cleared = apply(order, recordCustomsClearance(order, { orderId: ORDER_ID, clearedOn: "2026-04-10" }, asBuyer("2026-04-10T20:00:00.000Z")));
    expect(cleared.customsClearedOn).toBe("2026-04-10");
    expect(refusal(() => recordCustomsClearance(order, { orderId: ORDER_ID, clearedOn: "2026-03-01" }, asBuyer("2026-04-10T20:00:00.000Z"))).code).toBe(
      "ORDER_CUSTOMS_BEFORE_SHIPMENT",
    );
  });
});

describe("ORD-04: receipt and completion", () => {
  it("ORD-04: the buyer confirms receipt; the order waits for the claim window before completing", () => {
    const given = receivedOrder();
    expect(given.order.status).toBe("received");
    expect(given.order.receivedAt).toBe(T.received);
    expect(completeIfDone(given.order, given.ledger, asSystem(T.received))).toEqual([]);
  });

  it("ORD-04: received, no open claim and the claim window closed → completed, and the frozen amount released", () => {
    const given = receivedOrder();
    const closed: OrderState = { ...given.order, claimWindowClosed: true };
    const events = completeIfDone(closed, given.ledger, asSystem("2026-06-15T00:00:00.000Z"));
    expect(events.map((e) => e.type)).toEqual([ORDER_EVENT.completed, "LedgerAmountReleased"]);
    expect(apply(closed, events).status).toBe("completed");
    const ledger = applyLedger(given.ledger, events);
    expect(frozenFor(ledger, ORDER_ID)).toEqual(usd(0));
    expect(ledgerBalances(ledger).available).toEqual(usd(1_000_000));
  });

  it("ORD-04: receipt after the claim window already closed completes at once", () => {
    const given = shippedOrder();
    const closed: OrderState = { ...given.order, claimWindowClosed: true };
    const events = confirmReceipt({ order: closed, ledger: given.ledger }, { orderId: ORDER_ID }, asBuyer(T.received));
    expect(events.map((e) => e.type)).toEqual([ORDER_EVENT.receiptConfirmed, ORDER_EVENT.completed, "LedgerAmountReleased"]);
  });

  it("TA-04: an open claim keeps the order from completing; when it closes, completion follows", () => {
    const given = receivedOrder();
    const withClaim = apply({ ...given.order, claimWindowClosed: true }, [claimEvent(ORDER_EVENT.claimOpened, "claim-1", T.received)]);
    expect(withClaim.openClaimId).toBe("claim-1");
    expect(completeIfDone(withClaim, given.ledger, asSystem(T.received))).toEqual([]);
    const closedClaim = apply(withClaim, [claimEvent(ORDER_EVENT.claimClosed, "claim-1", "2026-05-01T00:00:00.000Z")]);
    expect(closedClaim.openClaimId).toBeUndefined();
    expect(closedClaim.claimIds).toEqual(["claim-1"]);
    expect(completeIfDone(closedClaim, given.ledger, asSystem("2026-05-01T00:00:00.000Z")).map((e) => e.type)).toEqual([
      ORDER_EVENT.completed,
      "LedgerAmountReleased",
    ]);
  });

  it("CL-12: a chargeback filed for the order is recorded on it", () => {
    const given = receivedOrder();
    const after = apply(given.order, [{ ...claimEvent(ORDER_EVENT.chargebackFiled, "", "2026-04-25T00:00:00.000Z"), data: {} }]);
    expect(after.chargebackFiledAt).toBe("2026-04-25T00:00:00.000Z");
  });
});

describe("ORD-01: cancellation", () => {
  it("ORD-01: either party cancels before shipping; a confirmed order's freeze is released", () => {
    const given = depositPaidOrder();
    const events = cancel(given, asSupplier("2026-02-20T00:00:00.000Z"));
    expect(events.map((e) => [e.type, e.stream.type])).toEqual([
      [ORDER_EVENT.cancelled, "order"],
      ["LedgerAmountReleased", "ledger"],
    ]);
    expect(apply(given.order, events)).toMatchObject({ status: "cancelled", cancelledAt: "2026-02-20T00:00:00.000Z" });
    expect(ledgerBalances(applyLedger(given.ledger, events)).frozen).toEqual(usd(0));
    expect(events[0]).toMatchObject({ at: "2026-02-20T00:00:00.000Z", actor: { kind: "supplier", partyId: "supplier-1" } });
  });

  it("ORD-01: cancelling a draft releases nothing", () => {
    const order = awaitingBuyerOrder();
    expect(cancel({ order, ledger: fundedLedger() }, asBuyer(T.drafted)).map((e) => e.type)).toEqual([ORDER_EVENT.cancelled]);
  });

  it("ORD-01: no cancellation once shipped, nor while a claim is open", () => {
    const shipped = shippedOrder();
    const error = refusal(() => cancel(shipped, asBuyer("2026-03-20T00:00:00.000Z")));
    expect(error.code).toBe("ORDER_ILLEGAL_TRANSITION");
    expect(error.params).toEqual({ from: "shipped", action: "cancel" });

    const given = depositPaidOrder();
    const withClaim = apply(given.order, [claimEvent(ORDER_EVENT.claimOpened, "claim-9", "2026-03-17T12:00:00.000Z")]);
    const ledger = applyLedger(given.ledger, holdForClaim(given.ledger, { orderId: ORDER_ID, claimId: "claim-9" }, asSystem("2026-03-17T12:00:00.000Z")));
    expect(refusal(() => cancel({ order: withClaim, ledger }, asBuyer("2026-03-18T00:00:00.000Z"))).code).toBe("ORDER_CLAIM_OPEN");
  });
});
