/**
 * PO-05 / CL-08 / ORD-01 / CL-04: a reship agreed on a claim about goods that already shipped (a
 * quality claim on a received order) becomes an order version both parties confirm; once confirmed the
 * order goes to "reshipping" — a new shipment by the new date, with its own late-shipment protection —
 * and then shipped → received → completed as any order.
 */
import { describe, expect, it } from "vitest";
import { CLAIM_EVENT } from "../../src/domain/claims/claim-events.js";
import { acceptProposal, propose } from "../../src/domain/claims/use-cases/negotiate.js";
import { LEDGER_EVENT, ledgerBalances } from "../../src/domain/ledger/ledger.js";
import { notificationsOf } from "../../src/domain/notifications/index.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { deadlinesOfOrder } from "../../src/domain/orders/order-deadlines.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { confirmAmendment } from "../../src/domain/orders/use-cases/answer-amendment.js";
import { cancelOrder } from "../../src/domain/orders/use-cases/cancel-order.js";
import { confirmReceipt } from "../../src/domain/orders/use-cases/confirm-receipt.js";
import { orderDeadlinePassed } from "../../src/domain/orders/use-cases/order-deadline-passed.js";
import { proposeAmendment } from "../../src/domain/orders/use-cases/propose-amendment.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import { applyWorld, fileInto, qualityClaim, types, type World } from "./claims-fixtures.js";
import { apply, applyLedger, asBuyer, asSupplier, asSystem, buyer, ORDER_ID, refusal, supplier, usd } from "./orders-fixtures.js";

const NEW_DATE = "2026-05-10";

function reshipAgreedOnReceivedOrder(): { world: World; events: ReturnType<typeof acceptProposal> } {
  const filed = qualityClaim();
  expect(filed.order.status).toBe("received");
  const proposed = applyWorld(filed, propose(filed.claim, { proposal: { kind: "reship", newDate: NEW_DATE } }, asSupplier("2026-04-22T02:00:00.000Z")));
  const events = acceptProposal(proposed.claim, proposed, { round: 1 }, asBuyer("2026-04-22T15:00:00.000Z"));
  return { world: applyWorld(proposed, events), events };
}

function confirmedByBoth(world: World): { order: OrderState; events: ReturnType<typeof confirmAmendment> } {
  const half = apply(world.order, confirmAmendment(world.order, { orderId: ORDER_ID, version: 3 }, asSupplier("2026-04-23T02:00:00.000Z")));
  const events = confirmAmendment(half, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-04-23T14:00:00.000Z"));
  return { order: apply(half, events), events };
}

const statesOf = (order: OrderState) => ({ order: (id: string) => (id === order.id ? order : undefined), claim: () => undefined });

describe("a reship agreed after the goods shipped (PO-05, CL-08, ORD-01)", () => {
  it("PO-05 / CL-08: the reship on a received order is a new version with the new date, proposed before the claim closes; the order does not complete", () => {
    const { world, events } = reshipAgreedOnReceivedOrder();
    expect(types(events)).toEqual([
      CLAIM_EVENT.proposalAccepted,
      ORDER_EVENT.amendmentProposed,
      CLAIM_EVENT.closed,
      LEDGER_EVENT.claimHoldEnded,
      ORDER_EVENT.claimClosed,
    ]);
    expect(world.order.status).toBe("received");
    expect(world.order.versions.at(-1)).toMatchObject({ number: 3, reshipOfClaim: world.claim.id, terms: { shippingDate: NEW_DATE } });
    // TA-04: the protected amount stays frozen for the reship.
    expect(ledgerBalances(world.ledger).frozen).toEqual(usd(37_500));
  });

  it("ORD-04 / PO-05: while the reship version waits for confirmations, the claim window closing does not complete the order", () => {
    const { world } = reshipAgreedOnReceivedOrder();
    const window = deadlinesOfOrder(world.order).find((d) => d.kind === "claim-window");
    const events = orderDeadlinePassed(world, { type: "DeadlinePassed", deadlineId: window?.id ?? "" }, asSystem("2026-06-16T04:00:00.000Z"));
    expect(types(events)).toEqual([ORDER_EVENT.claimEntranceClosed]);
  });

  it("ORD-01 / PO-05: confirmed by both, the order goes to reshipping — the earlier shipment kept, receipt and the claim entrance start afresh", () => {
    const { world } = reshipAgreedOnReceivedOrder();
    const { order } = confirmedByBoth(world);
    expect(order.status).toBe("reshipping");
    expect(order.confirmedVersion).toBe(3);
    expect(order.confirmedTerms?.shippingDate).toBe(NEW_DATE);
    expect(order.shipment).toBeUndefined();
    expect(order.receivedAt).toBeUndefined();
    expect(order.earlierShipments).toEqual([world.order.shipment]);
    expect(order.claimWindowClosed).toBe(false);
    // Nothing ships yet: no receipt or claim-window deadline; no cancellation after shipping (ORD-01).
    expect(deadlinesOfOrder(order)).toEqual([]);
    expect(refusal(() => cancelOrder({ order, ledger: world.ledger }, { orderId: ORDER_ID, reason: "no" }, asBuyer("2026-04-24T14:00:00.000Z"))).code).toBe(
      "ORDER_ILLEGAL_TRANSITION",
    );
  });

  it("CL-04 / PO-05: the reship has its own late-shipment protection from the day after the new date", () => {
    const { world } = reshipAgreedOnReceivedOrder();
    const { order } = confirmedByBoth(world);
    const given = { order, ledger: world.ledger };
    const early = refusal(() => fileInto(given, { claimId: "clm-2" }, asBuyer("2026-05-10T14:00:00.000Z")));
    expect(early).toMatchObject({ code: "CLAIM_LATE_SHIPMENT_TOO_EARLY", params: { availableFrom: "2026-05-11" } });
    const late = fileInto(given, { claimId: "clm-2" }, asBuyer("2026-05-11T14:00:00.000Z")).world;
    expect(late.claim).toMatchObject({ type: "late-shipment", order: { orderVersion: 3, shippingDate: NEW_DATE } });
    expect(late.ledger.claimHolds.get(ORDER_ID)).toBe("clm-2");
  });

  it("ORD-03 / ORD-04: the supplier ships again, checked against the new date; receipt and the claim window then complete the order", () => {
    const { world } = reshipAgreedOnReceivedOrder();
    const { order } = confirmedByBoth(world);
    const shippedEvents = recordShipment(
      order,
      { orderId: ORDER_ID, shippedOn: "2026-05-12", carrier: "COSCO", trackingNumber: "COSU777" },
      asSupplier("2026-05-12T10:00:00.000Z"),
    );
    let given = { order: apply(order, shippedEvents), ledger: world.ledger };
    expect(given.order).toMatchObject({ status: "shipped", shipment: { trackingNumber: "COSU777", daysLate: 2 } });
    given = { ...given, order: apply(given.order, confirmReceipt(given, { orderId: ORDER_ID }, asBuyer("2026-06-01T14:00:00.000Z"))) };
    expect(given.order.status).toBe("received");
    const window = deadlinesOfOrder(given.order).find((d) => d.kind === "claim-window");
    // classic post-delivery: the new shipment + 90 days.
    expect(window?.dueAt).toBe("2026-08-11T03:59:59.000Z");
    const done = orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: window?.id ?? "" }, asSystem("2026-08-11T04:00:00.000Z"));
    expect(types(done)).toEqual([ORDER_EVENT.claimEntranceClosed, ORDER_EVENT.completed, LEDGER_EVENT.amountReleased]);
    expect(ledgerBalances(applyLedger(world.ledger, done)).frozen).toEqual(usd(0));
  });

  it("CL-16 / PO-05: once in force, the supplier is told to ship by the new date (with the button) and the buyer from when it may claim", () => {
    const { world } = reshipAgreedOnReceivedOrder();
    const { order, events } = confirmedByBoth(world);
    const told = notificationsOf(events, statesOf(order));
    expect(told.map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "parties:notify.reshipConfirmed.buyer"],
      [{ partyId: supplier.id }, "parties:notify.reshipConfirmed.supplier"],
    ]);
    expect(told[0]?.facts?.map((f) => f.value)).toEqual([{ date: NEW_DATE }, { date: "2026-05-11" }]);
    expect(told[1]?.actions?.map((a) => a.actionId)).toEqual(["order.recordShipment"]);
  });

  it("PO-05: after shipping, only a reship version is possible — an ordinary amendment is still refused", () => {
    const { world } = reshipAgreedOnReceivedOrder();
    const { order } = confirmedByBoth(world);
    const shipped = apply(
      order,
      recordShipment(
        order,
        { orderId: ORDER_ID, shippedOn: "2026-05-09", carrier: "COSCO", trackingNumber: "COSU778" },
        asSupplier("2026-05-09T10:00:00.000Z"),
      ),
    );
    expect(
      refusal(() => proposeAmendment(shipped, { orderId: ORDER_ID, terms: { shippingDate: "2026-06-01" } }, asBuyer("2026-05-10T14:00:00.000Z"))).code,
    ).toBe("ORDER_ILLEGAL_TRANSITION");
  });
});
