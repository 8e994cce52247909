import { describe, expect, it } from "vitest";
import { claimWindowClosesAt, claimWindowDeadlineId, deadlinesOfOrder } from "../../src/domain/orders/order-deadlines.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { confirmReceipt } from "../../src/domain/orders/use-cases/confirm-receipt.js";
import { orderDeadlinePassed } from "../../src/domain/orders/use-cases/order-deadline-passed.js";
import { recordCustomsClearance } from "../../src/domain/orders/use-cases/record-customs-clearance.js";
import { ORDER_ID, apply, asBuyer, asSystem, completeTerms, confirmedOrder, receivedOrder, shippedOrder, type OrderAndLedger } from "./orders-fixtures.js";

const preShipment = completeTerms({ coverageType: "pre-shipment" });
const WINDOW_ID = claimWindowDeadlineId(ORDER_ID);

function cleared(given: OrderAndLedger, clearedOn: string): OrderAndLedger {
  return { ...given, order: apply(given.order, recordCustomsClearance(given.order, { orderId: ORDER_ID, clearedOn }, asBuyer(`${clearedOn}T20:00:00.000Z`))) };
}

describe("claim window (the order's deadline)", () => {
  it("CL-05: pre-shipment coverage — the claim entrance closes 15 days after shipment, 23:59:59 in the buyer's zone", () => {
    const { order } = shippedOrder(preShipment);
    // Shipped 2026-03-16; 15 calendar days → 2026-03-31 23:59:59 EDT.
    expect(claimWindowClosesAt(order)).toBe("2026-04-01T03:59:59.000Z");
    expect(claimWindowClosesAt(confirmedOrder(preShipment).order)).toBeUndefined();
  });

  it("CL-06: classic post-delivery — shipment + 90 days until customs clearance is known", () => {
    const { order } = shippedOrder();
    // 2026-03-16 + 90 days = 2026-06-14, 23:59:59 EDT.
    expect(claimWindowClosesAt(order)).toBe("2026-06-15T03:59:59.000Z");
  });

  it("CL-06: classic post-delivery — the earlier of customs clearance + 15 days and shipment + 90 days", () => {
    expect(claimWindowClosesAt(cleared(shippedOrder(), "2026-04-10").order)).toBe("2026-04-26T03:59:59.000Z");
    expect(claimWindowClosesAt(cleared(shippedOrder(), "2026-06-10").order)).toBe("2026-06-15T03:59:59.000Z");
  });

  it("CL-06: express post-delivery — receipt + 30 days; no window before receipt", () => {
    expect(claimWindowClosesAt(shippedOrder(completeTerms(), "express").order)).toBeUndefined();
    // Only the receipt deadline (ORD-04: receipt is deemed after a while), no claim window yet.
    expect(deadlinesOfOrder(shippedOrder(completeTerms(), "express").order).map((d) => d.kind)).toEqual(["receipt"]);
    // Received 2026-04-20 (New York) + 30 days = 2026-05-20, 23:59:59 EDT.
    expect(claimWindowClosesAt(receivedOrder(completeTerms(), "express").order)).toBe("2026-05-21T03:59:59.000Z");
  });

  it("CL-10: the deadline closes the claim entrance by default and reminds the buyer 3 and 1 business days before", () => {
    const { order } = shippedOrder(preShipment);
    // The receipt deadline beside it (ORD-04) is delivery-completion.test.ts's subject.
    expect(deadlinesOfOrder(order).filter((d) => d.kind === "claim-window")).toEqual([
      {
        id: WINDOW_ID,
        kind: "claim-window",
        subject: { type: "order", id: ORDER_ID },
        actor: "buyer",
        actorPartyId: "buyer-1",
        dueAt: "2026-04-01T03:59:59.000Z",
        // 09:00 EDT on Thu 26 and Mon 30 March.
        reminders: ["2026-03-26T13:00:00.000Z", "2026-03-30T13:00:00.000Z"],
        defaultOutcome: "close-claim-entrance",
      },
    ]);
    expect(deadlinesOfOrder(confirmedOrder().order)).toEqual([]);
  });

  it("CL-05: when the deadline passes the claim entrance closes; a shipped order does not complete yet", () => {
    const given = shippedOrder(preShipment);
    const early = orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: WINDOW_ID }, asSystem("2026-04-01T03:00:00.000Z"));
    expect(early).toEqual([]);
    const events = orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: WINDOW_ID }, asSystem("2026-04-01T04:00:00.000Z"));
    expect(events).toEqual([
      {
        type: ORDER_EVENT.claimEntranceClosed,
        stream: { type: "order", id: ORDER_ID },
        at: "2026-04-01T04:00:00.000Z",
        actor: { kind: "system" },
        data: { deadlineId: WINDOW_ID },
      },
    ]);
    const closed = apply(given.order, events);
    expect(closed.claimWindowClosed).toBe(true);
    // Only the receipt deadline is left, due at the same moment (classic deems receipt then, ORD-04).
    expect(deadlinesOfOrder(closed).map((d) => d.kind)).toEqual(["receipt"]);
    // ORD-04: receipt afterwards completes at once.
    const receipt = confirmReceipt({ order: closed, ledger: given.ledger }, { orderId: ORDER_ID }, asBuyer("2026-04-05T12:00:00.000Z"));
    expect(receipt.map((e) => e.type)).toEqual([ORDER_EVENT.receiptConfirmed, ORDER_EVENT.completed, "LedgerAmountReleased"]);
  });

  it("ORD-04: the claim window closing on a received order completes it and releases the freeze", () => {
    const given = receivedOrder();
    const events = orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: WINDOW_ID }, asSystem("2026-06-15T04:00:00.000Z"));
    expect(events.map((e) => [e.type, e.stream.type])).toEqual([
      [ORDER_EVENT.claimEntranceClosed, "order"],
      [ORDER_EVENT.completed, "order"],
      ["LedgerAmountReleased", "ledger"],
    ]);
    expect(apply(given.order, events).status).toBe("completed");
  });

  it("CL-10: a stale or unknown deadline id is a no-op", () => {
    const given = shippedOrder(preShipment);
    const closed = {
      ...given,
      order: apply(given.order, orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: WINDOW_ID }, asSystem("2026-04-02T00:00:00.000Z"))),
    };
    expect(orderDeadlinePassed(closed, { type: "DeadlinePassed", deadlineId: WINDOW_ID }, asSystem("2026-04-03T00:00:00.000Z"))).toEqual([]);
    expect(orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: "order:ord-1:unknown:0" }, asSystem("2026-04-03T00:00:00.000Z"))).toEqual([]);
  });
});
