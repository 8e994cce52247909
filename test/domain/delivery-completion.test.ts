/**
 * ORD-04 / CL-10 / POL-01: every delivery path completes on the policy's rule when the buyer never
 * confirms receipt — a receipt deadline (data, for the scheduler) whose default outcome deems the goods
 * received, both parties told at once (CL-15), after which the order completes and its frozen amount
 * is released (TA-04).
 */
import { describe, expect, it } from "vitest";
import { LEDGER_EVENT, ledgerBalances } from "../../src/domain/ledger/ledger.js";
import { notificationsOf } from "../../src/domain/notifications/index.js";
import { reminderNotification } from "../../src/domain/notifications/reminder-notifications.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { deadlinesOfOrder, receiptDeemedAt } from "../../src/domain/orders/order-deadlines.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { orderDeadlinePassed } from "../../src/domain/orders/use-cases/order-deadline-passed.js";
import { POLICY_VERSIONS, type PolicyProfileName } from "../../src/domain/policy/policy.js";
import type { OrderTerms } from "../../src/domain/orders/terms.js";
import { types } from "./claims-fixtures.js";
import { apply, applyLedger, asSystem, buyer, completeTerms, receivedOrder, shippedOrder, supplier, usd, type OrderAndLedger } from "./orders-fixtures.js";

const statesOf = (order: OrderState) => ({ order: (id: string) => (id === order.id ? order : undefined), claim: () => undefined });

/** Fires `kind`'s deadline one second after it is due. */
function fire(given: OrderAndLedger, kind: string): { given: OrderAndLedger; events: ReturnType<typeof orderDeadlinePassed> } {
  const deadline = deadlinesOfOrder(given.order).find((d) => d.kind === kind);
  if (!deadline) throw new Error(`no ${kind} deadline`);
  const at = new Date(Date.parse(deadline.dueAt) + 1_000).toISOString();
  const events = orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: deadline.id }, asSystem(at));
  return { given: { order: apply(given.order, events), ledger: applyLedger(given.ledger, events) }, events };
}

/** Runs the scheduler on the order until nothing is due any more; returns every event, in order. */
function runScheduler(start: OrderAndLedger, firstKind?: string): { final: OrderAndLedger; events: string[] } {
  let given = start;
  const all: string[] = [];
  for (let i = 0; i < 5; i++) {
    const due = deadlinesOfOrder(given.order).sort((a, b) => (a.kind === firstKind ? -1 : b.kind === firstKind ? 1 : a.dueAt.localeCompare(b.dueAt)))[0];
    if (!due) break;
    const fired = fire(given, due.kind);
    given = fired.given;
    all.push(...types(fired.events));
  }
  return { final: given, events: all };
}

const PATHS: readonly { profile: PolicyProfileName; coverage: OrderTerms["coverageType"]; deemedAt: string }[] = [
  // Shipped 2026-03-16 (buyer in New York). classic post-delivery: shipment + 90 days (the claim window).
  { profile: "classic", coverage: "post-delivery", deemedAt: "2026-06-15T03:59:59.000Z" },
  // classic pre-shipment: the claim entrance closes shipment + 15 days (CL-05).
  { profile: "classic", coverage: "pre-shipment", deemedAt: "2026-04-01T03:59:59.000Z" },
  // express: shipment + 60 days, whatever the coverage.
  { profile: "express", coverage: "post-delivery", deemedAt: "2026-05-16T03:59:59.000Z" },
  { profile: "express", coverage: "pre-shipment", deemedAt: "2026-05-16T03:59:59.000Z" },
];

describe("every delivery path completes without a receipt confirmation (ORD-04, CL-10, POL-01)", () => {
  it("POL-01: every policy profile version states when an unconfirmed receipt is deemed", () => {
    for (const profile of POLICY_VERSIONS) expect(["after-shipment", "when-claim-window-closes"]).toContain(profile.deemedReceipt.kind);
  });

  for (const path of PATHS) {
    it(`ORD-04 / CL-10: ${path.profile} ${path.coverage} — the receipt deadline is data for the scheduler and the order completes, releasing the frozen amount`, () => {
      const shipped = shippedOrder(completeTerms({ coverageType: path.coverage }), path.profile);
      expect(receiptDeemedAt(shipped.order)).toBe(path.deemedAt);
      expect(deadlinesOfOrder(shipped.order).find((d) => d.kind === "receipt")).toMatchObject({
        actor: "buyer",
        actorPartyId: buyer.id,
        dueAt: path.deemedAt,
        defaultOutcome: "deem-received",
      });
      expect(ledgerBalances(shipped.ledger).frozen).toEqual(usd(37_500));
      const { final, events } = runScheduler(shipped);
      expect(events).toContain(ORDER_EVENT.receiptConfirmed);
      expect(events.slice(-2)).toEqual([ORDER_EVENT.completed, LEDGER_EVENT.amountReleased]);
      expect(final.order.status).toBe("completed");
      expect(ledgerBalances(final.ledger).frozen).toEqual(usd(0));
      expect(deadlinesOfOrder(final.order)).toEqual([]);
    });
  }

  it("ORD-04: classic post-delivery completes whichever of the two deadlines due at the same moment fires first", () => {
    const shipped = shippedOrder(completeTerms(), "classic");
    for (const first of ["receipt", "claim-window"]) {
      const { final, events } = runScheduler(shipped, first);
      expect(events[0]).toBe(first === "receipt" ? ORDER_EVENT.receiptConfirmed : ORDER_EVENT.claimEntranceClosed);
      expect(final.order.status).toBe("completed");
    }
  });

  it("ORD-04 / CL-15: classic — both parties are told at once that the goods count as received; the order's completion follows", () => {
    const shipped = shippedOrder(completeTerms(), "classic");
    const { given, events } = fire(shipped, "receipt");
    expect(types(events)).toEqual([ORDER_EVENT.receiptConfirmed]);
    const told = notificationsOf(events, statesOf(given.order));
    expect(told.map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "parties:notify.receiptDeemed"],
      [{ partyId: supplier.id }, "parties:notify.receiptDeemed"],
    ]);
    // The claim entrance closes at the same moment: no "claims until" date is announced.
    expect(told[0]?.facts).toBeUndefined();
    const closed = fire(given, "claim-window");
    expect(notificationsOf(closed.events, statesOf(closed.given.order)).map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "order:notify.completed"],
      [{ partyId: supplier.id }, "order:notify.completed"],
    ]);
  });

  it("ORD-04 / CL-15: express post-delivery — the announcement names the date the claim window (receipt + 30 days) closes", () => {
    const { given, events } = fire(shippedOrder(completeTerms(), "express"), "receipt");
    const [toBuyer] = notificationsOf(events, statesOf(given.order));
    expect(toBuyer?.facts).toEqual([{ label: { key: "common:deadlineKind.claim-window" }, value: { instant: "2026-06-16T03:59:59.000Z" } }]);
  });

  it("CL-10: classic — the buyer is reminded once per moment: the claim window's reminders cover the deemed receipt", () => {
    const [receipt, window] = deadlinesOfOrder(shippedOrder(completeTerms(), "classic").order);
    expect(receipt).toMatchObject({ kind: "receipt", reminders: [] });
    expect(window).toMatchObject({ kind: "claim-window", dueAt: receipt?.dueAt });
    expect(window?.reminders).toHaveLength(2);
  });

  it("CL-10: express — the buyer is reminded before the goods are deemed received, in its own business days", () => {
    const shipped = shippedOrder(completeTerms(), "express");
    const receipt = deadlinesOfOrder(shipped.order).find((d) => d.kind === "receipt");
    const firedAt = receipt?.reminders[0] ?? "";
    const reminder = reminderNotification(
      {
        deadlineId: receipt?.id ?? "",
        kind: "receipt",
        subjectType: "order",
        subjectId: shipped.order.id,
        dueAt: receipt?.dueAt ?? "",
        actor: "buyer",
        actorPartyId: buyer.id,
        firedAt,
      },
      { order: shipped.order },
    );
    expect(reminder.recipient).toEqual({ partyId: buyer.id });
    expect(reminder.text).toMatchObject({ key: "order:notify.reminder.receipt", params: { orderId: shipped.order.id, count: 1 } });
  });

  it("ORD-04: once the buyer confirms receipt there is no receipt deadline", () => {
    for (const profile of ["classic", "express"] as const) {
      expect(deadlinesOfOrder(receivedOrder(completeTerms(), profile).order).map((d) => d.kind)).toEqual(["claim-window"]);
    }
  });
});
