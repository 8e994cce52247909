/** Who is told what, for each event of a command (architecture step 5). */
import { describe, expect, it } from "vitest";
import { applyToClaim } from "../../src/domain/claims/claim-state.js";
import { CLAIM_DEADLINE, deadlinesOfClaim, determinationDueAt, supplierRefundDueAt, supplierResponseDueAt } from "../../src/domain/claims/claim-deadlines.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { decideClaim } from "../../src/domain/claims/use-cases/decide-claim.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { extendWindow } from "../../src/domain/claims/use-cases/extend-window.js";
import { fileChargeback } from "../../src/domain/claims/use-cases/file-chargeback.js";
import { propose, rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { recordSupplierRefund } from "../../src/domain/claims/use-cases/refunds.js";
import { appealDecision, decideAppeal } from "../../src/domain/claims/use-cases/appeal.js";
import { requestEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { sendMessage } from "../../src/domain/messages/message.js";
import {
  businessDaysLeft,
  notificationsOf,
  reminderNotification,
  USE_CASE,
  type Notification,
  type NotificationStates,
} from "../../src/domain/notifications/index.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { confirmAmendment, declineAmendment } from "../../src/domain/orders/use-cases/answer-amendment.js";
import { cancelOrder } from "../../src/domain/orders/use-cases/cancel-order.js";
import { confirmAsBuyer } from "../../src/domain/orders/use-cases/confirm-as-buyer.js";
import { confirmAsSupplier } from "../../src/domain/orders/use-cases/confirm-as-supplier.js";
import { draftTerms } from "../../src/domain/orders/use-cases/draft-terms.js";
import { proposeChange } from "../../src/domain/orders/use-cases/propose-change.js";
import { recordDeposit } from "../../src/domain/orders/use-cases/record-deposit.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { applyWorld, asStaff, evidenceFile, fileInto, LATE_FILED_AT, lateShipmentClaim, type World } from "./claims-fixtures.js";
import {
  apply,
  asBuyer,
  asSupplier,
  asSystem,
  awaitingBuyerOrder,
  awaitingSupplierOrder,
  buyer,
  completeTerms,
  confirmedOrder,
  depositPaidOrder,
  fundedLedger,
  ORDER_ID,
  requestedOrder,
  supplier,
  T,
  usd,
} from "./orders-fixtures.js";

function statesOf(order: OrderState, world?: World): NotificationStates {
  return {
    order: (id) => (id === order.id ? order : undefined),
    claim: (id) => (world && id === world.claim.id ? world.claim : undefined),
  };
}

/** Notifications of an order command: its events, read against the order after them. */
function ofOrder(before: OrderState | undefined, events: readonly DomainEvent[]): Notification[] {
  return notificationsOf(events, statesOf(apply(before, events)));
}

/** Notifications of a claim command: its events, read against the world after them; and that world. */
function ofClaim(world: World, events: readonly DomainEvent[]): { notes: Notification[]; world: World } {
  const after = applyWorld(world, events);
  return { notes: notificationsOf(events, statesOf(after.order, after)), world: after };
}

const recipients = (notes: readonly Notification[]) => notes.map((n) => n.recipient);
const keys = (notes: readonly Notification[]) => notes.map((n) => n.text.key);
const actionIds = (n: Notification | undefined) => (n?.actions ?? []).map((a) => a.actionId);

const TRACKING = evidenceFile("tracking-data");
const ESCALATED_AT = "2026-03-19T14:00:00.000Z";
const DECIDED_AT = "2026-03-20T10:00:00.000Z";

function escalated(): World {
  let world = lateShipmentClaim();
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer(ESCALATED_AT)));
  return applyWorld(world, attachEvidence(world.claim, { file: TRACKING }, asBuyer("2026-03-19T15:00:00.000Z")));
}

function decidedAtFault(): { notes: Notification[]; world: World } {
  return ofClaim(
    escalated(),
    decideClaim(
      escalated().claim,
      { outcome: "supplier-at-fault", reasons: ["No export record by the agreed date"], evidenceConsidered: [TRACKING.sha256] },
      asStaff(DECIDED_AT),
    ),
  );
}

describe("order notifications", () => {
  it("ORD-01 / TA-06 / PO-03 / PO-08: a complete draft asks the buyer to review and confirm it — through the review, never a one-tap confirm", () => {
    const order = requestedOrder();
    const notes = ofOrder(order, draftTerms(order, { orderId: ORDER_ID, terms: completeTerms() }, asSupplier(T.drafted)));
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }]);
    expect(notes[0]?.text).toEqual({ key: "order:notify.readyToConfirm", params: { orderId: ORDER_ID, version: 2 } });
    expect(actionIds(notes[0])).toEqual([USE_CASE.viewOrder]);
    expect(notes[0]?.actions?.[0]).toMatchObject({ label: { key: "conversation:action.reviewAndConfirm" }, payload: { orderId: ORDER_ID, version: 2 } });
  });

  it("ORD-01: the buyer's confirmation asks the supplier to confirm; the supplier's tells both parties", () => {
    const awaitingBuyer = awaitingBuyerOrder();
    const byBuyer = ofOrder(awaitingBuyer, confirmAsBuyer({ order: awaitingBuyer, buyer }, { orderId: ORDER_ID, version: 2 }, asBuyer(T.buyerConfirmed)));
    expect(recipients(byBuyer)).toEqual([{ partyId: supplier.id }]);
    expect(keys(byBuyer)).toEqual(["order:notify.buyerConfirmed"]);
    expect(actionIds(byBuyer[0])).toEqual([USE_CASE.viewOrder, USE_CASE.confirmAsSupplier]);
    expect(byBuyer[0]?.actions?.[1]?.payload).toEqual({ orderId: ORDER_ID, version: 2 });

    const awaitingSupplier = awaitingSupplierOrder();
    const events = confirmAsSupplier(
      { order: awaitingSupplier, supplier, ledger: fundedLedger() },
      { orderId: ORDER_ID, version: 2, policy: "classic" },
      asSupplier(T.supplierConfirmed),
    );
    const both = ofOrder(awaitingSupplier, events);
    expect(recipients(both)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    expect(keys(both)).toEqual(["order:confirmedByBoth", "order:confirmedByBoth"]);
    expect(both[0]?.facts?.[0]?.value).toEqual(usd(37_500));
  });

  it("ORD-02: when the deposit is recorded, the supplier is told to start production", () => {
    const { order } = confirmedOrder();
    const events = recordDeposit(
      order,
      { orderId: ORDER_ID, amount: usd(37_500), method: "tt", fee: usd(3_500), throughPlatform: true, reference: "TT-1" },
      asBuyer(T.depositPaid),
    );
    const notes = ofOrder(order, events);
    const production = notes.find((n) => n.text.key === "order:notify.startProduction");
    expect(production?.recipient).toEqual({ partyId: supplier.id });
    expect(production?.facts).toEqual([{ label: { key: "order:term.shippingDate" }, value: { date: "2026-03-16" } }]);
    expect(actionIds(production)).toEqual([USE_CASE.recordShipment]);
  });

  it("ORD-03: a recorded shipment tells the buyer the carrier and tracking number", () => {
    const { order } = depositPaidOrder();
    const notes = ofOrder(
      order,
      recordShipment(order, { orderId: ORDER_ID, shippedOn: "2026-03-16", carrier: "COSCO", trackingNumber: "COSU123" }, asSupplier(T.shipmentRecorded)),
    );
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }]);
    expect(notes[0]?.text.params).toMatchObject({ carrier: "COSCO", trackingNumber: "COSU123" });
    expect(actionIds(notes[0])).toEqual([USE_CASE.confirmReceipt]);
  });
});

describe("order amendments and endings", () => {
  it("PO-05: a proposed amendment asks the other party to accept or decline; the answer reaches both", () => {
    const { order } = confirmedOrder();
    const events = proposeChange(order, { orderId: ORDER_ID, terms: { shippingDate: "2026-03-30" } }, asSupplier("2026-02-10T02:00:00.000Z"));
    const proposed = ofOrder(order, events);
    expect(recipients(proposed)).toEqual([{ partyId: buyer.id }]);
    expect(proposed[0]?.text).toEqual({ key: "order:notify.amendmentProposed", params: { orderId: ORDER_ID, version: 3 } });
    expect(actionIds(proposed[0])).toEqual([USE_CASE.viewOrder, USE_CASE.declineAmendment]); // PO-05: confirmed from the review only
    expect(proposed[0]?.actions?.[1]?.payload).toEqual({ orderId: ORDER_ID, version: 3 });

    const pending = apply(order, events);
    const accepted = ofOrder(pending, confirmAmendment(pending, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-02-10T15:00:00.000Z")));
    expect(keys(accepted)).toEqual(["order:notify.amendmentConfirmed", "order:notify.amendmentConfirmed"]);
    const declined = ofOrder(pending, declineAmendment(pending, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-02-10T15:00:00.000Z")));
    expect(keys(declined)).toEqual(["order:notify.amendmentDeclined", "order:notify.amendmentDeclined"]);
  });

  it("ORD-01 / CM-01: a cancellation reaches both parties with its reason, as the canceller's words in its language", () => {
    const given = confirmedOrder();
    const notes = ofOrder(given.order, cancelOrder(given, { orderId: ORDER_ID, reason: "changed plans" }, asBuyer("2026-02-06T15:00:00.000Z")));
    expect(notes.filter((n) => n.text.key === "order:notify.cancelled").map((n) => [n.recipient, n.text.params?.["reason"]])).toEqual([
      [{ partyId: buyer.id }, { personText: "changed plans", language: "en-US" }],
      [{ partyId: supplier.id }, { personText: "changed plans", language: "en-US" }],
    ]);
  });
});

describe("claim notifications", () => {
  it("CL-07: a filed claim tells the supplier, with its response deadline and the ways to answer", () => {
    const { world, events } = fileInto(depositPaidOrder(), {}, asBuyer(LATE_FILED_AT));
    const filed = notificationsOf(events, statesOf(world.order, world));
    expect(recipients(filed)).toEqual([{ partyId: supplier.id }]);
    expect(filed[0]?.deadline?.dueAt).toBe(supplierResponseDueAt(world.claim));
    expect(filed[0]?.text.params).toMatchObject({ claimId: world.claim.id, orderId: ORDER_ID, dueAt: { instant: supplierResponseDueAt(world.claim) } });
    // CM-01: the buyer's description is the buyer's words, to be translated for the supplier.
    expect(filed[0]?.facts?.[1]?.value).toEqual({ personText: world.claim.description, language: "en-US" });
    // Both answers are the respond form; [Reject] opens it with the rejection chosen.
    expect(filed[0]?.actions?.map((a) => [a.actionId, a.payload])).toEqual([
      [USE_CASE.respondToClaim, { claimId: world.claim.id }],
      [USE_CASE.respondToClaim, { claimId: world.claim.id, response: "reject" }],
    ]);
  });

  it("CL-08: a supplier's proposal reaches the buyer with accept, counter and escalate", () => {
    const world = lateShipmentClaim();
    const { notes } = ofClaim(
      world,
      propose(world.claim, { proposal: { kind: "partial-refund", amount: usd(20_000) } }, asSupplier("2026-03-19T02:00:00.000Z")),
    );
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }]);
    expect(notes[0]?.facts?.[0]?.value).toEqual({ key: "claim:proposal.partial-refund", params: { amount: usd(20_000) } });
    expect(actionIds(notes[0])).toEqual([USE_CASE.acceptProposal, USE_CASE.respondToClaim, USE_CASE.escalate]);
    expect(notes[0]?.actions?.[0]?.payload).toEqual({ claimId: world.claim.id, round: 1 });
  });

  it("CL-07 / CM-01: a reasoned rejection reaches the buyer with the supplier's reasons in the supplier's language; CL-09: an overdue answer lets the buyer escalate", () => {
    const world = lateShipmentClaim();
    const { notes } = ofClaim(world, rejectClaim(world.claim, { reasons: ["已按约定发货", "Shipped on time"] }, asSupplier("2026-03-19T02:00:00.000Z")));
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }]);
    expect(notes[0]?.facts).toEqual([
      { label: { key: "claim:notify.fact.reasons" }, value: { personText: "已按约定发货\nShipped on time", language: "zh-CN" } },
    ]);
    expect(actionIds(notes[0])).toEqual([USE_CASE.respondToClaim, USE_CASE.escalate]);

    const response = deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.supplierResponse);
    if (!response) throw new Error("no response deadline");
    const overdue = ofClaim(world, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: response.id }, asSystem(response.dueAt))).notes;
    expect(overdue.map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "conversation:notify.responseOverdue.buyer"],
      [{ partyId: supplier.id }, "conversation:notify.responseOverdue.supplier"],
    ]);
    expect(actionIds(overdue[0])).toEqual([USE_CASE.escalate, USE_CASE.whatNow]);
  });

  it("CL-10: requested evidence is asked of that party, with its own deadline", () => {
    const world = lateShipmentClaim();
    const { notes, world: after } = ofClaim(
      world,
      requestEvidence(world.claim, { requestId: "ev-1", from: "supplier", description: "Bill of lading" }, asStaff("2026-03-19T14:00:00.000Z")),
    );
    const asked = notes.filter((n) => n.text.key === "claim:notify.evidenceRequested");
    expect(recipients(asked)).toEqual([{ partyId: supplier.id }]);
    expect(asked[0]?.deadline?.dueAt).toBe(deadlinesOfClaim(after.claim).find((d) => d.kind === CLAIM_DEADLINE.evidenceRequest)?.dueAt);
    expect(actionIds(asked[0])).toEqual([USE_CASE.attachEvidence]);
    expect(asked[0]?.facts?.[0]?.value).toEqual({ personText: "Bill of lading", language: "en" });
  });

  it("DT-01: an escalation tells both parties and pages staff on call with a link to the case", () => {
    let world = lateShipmentClaim();
    world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
    const { notes, world: after } = ofClaim(world, escalateClaim(world.claim, {}, asBuyer(ESCALATED_AT)));
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }, { staff: true, level: 1 }]);
    expect(notes[0]?.deadline?.dueAt).toBe(determinationDueAt(after.claim));
    expect(notes[2]?.text).toEqual({ key: "staff:notify.page.escalated", params: { claimId: after.claim.id, orderId: ORDER_ID, link: "/staff/cases/clm-1" } });
    expect(actionIds(notes[2])).toEqual([USE_CASE.acknowledge]);
  });

  it("DT-01: an unacknowledged page escalated to the next level reaches staff of that level", () => {
    let world = escalated();
    // The page's one next step at a time: two repeats, then the escalation.
    const nextStep = () => deadlinesOfClaim(world.claim).find((d) => d.subject.type === "claim" && d.id.startsWith("page:"));
    for (const expected of ["repeat-page", "repeat-page"]) {
      const step = nextStep();
      expect(step?.defaultOutcome).toBe(expected);
      world = {
        ...world,
        claim: applyToClaim(world.claim, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: step?.id ?? "" }, asSystem(step?.dueAt ?? ""))),
      };
    }
    const escalate = nextStep();
    if (escalate?.defaultOutcome !== "escalate-page") throw new Error("no page escalation deadline");
    const { notes } = ofClaim(world, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: escalate.id }, asSystem(escalate.dueAt)));
    expect(recipients(notes)).toEqual([{ staff: true, level: 2 }]);
    expect(keys(notes)).toEqual(["staff:notify.page.unacknowledged"]);
  });

  it("CL-13: an extended window is announced to both parties at the same time, with the new date", () => {
    const world = lateShipmentClaim();
    const newDueAt = "2026-04-20T15:59:59.000Z";
    const { notes } = ofClaim(
      world,
      extendWindow(
        world.claim,
        { deadlineKind: CLAIM_DEADLINE.supplierResponse, newDate: "2026-04-20", reason: "Spring Festival closure" },
        asStaff("2026-03-20T10:00:00.000Z"),
      ),
    );
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    for (const note of notes) {
      expect(note.text).toEqual({
        key: "claim:notify.windowExtended",
        params: { claimId: world.claim.id, orderId: ORDER_ID, newDueAt: { instant: newDueAt } },
      });
      expect(note.facts?.map((f) => f.value)).toContainEqual({ personText: "Spring Festival closure", language: "en" });
    }
  });

  it("DT-08: a decision reaches both parties with its reasons and the appeal deadline; the supplier learns its refund deadline", () => {
    const { notes, world } = decidedAtFault();
    const decided = notes.filter((n) => n.text.key === "claim:notify.decided");
    expect(recipients(decided)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    // CM-01: staff reasons are words to translate; a staff member's language is not recorded, so English.
    expect(decided[0]?.facts).toContainEqual({
      label: { key: "claim:notify.fact.reasons" },
      value: { personText: "No export record by the agreed date", language: "en" },
    });
    expect(decided[0]?.deadline?.dueAt).toBe(world.claim.appealWindowEndsAt);
    expect(actionIds(decided[0])).toEqual([USE_CASE.appeal]);
    const refundDue = notes.find((n) => n.text.key === "claim:refundDue");
    expect(refundDue?.recipient).toEqual({ partyId: supplier.id });
    expect(refundDue?.deadline?.dueAt).toBe(supplierRefundDueAt(world.claim));
  });

  it("DT-08: an appeal reaches the other party and staff; its decision reaches both parties with reasons", () => {
    const { world } = decidedAtFault();
    const appealed = ofClaim(world, appealDecision(world.claim, { reasons: ["Strike at the port"] }, asSupplier("2026-03-25T02:00:00.000Z")));
    // CM-01: the supplier's appeal reasons, in the supplier's language, for each reader to read translated.
    expect(appealed.notes.map((n) => n.facts?.[0]?.value)).toEqual([
      { personText: "Strike at the port", language: "zh-CN" },
      { personText: "Strike at the port", language: "zh-CN" },
    ]);
    expect(appealed.notes.map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "claim:notify.appealed"],
      [{ staff: true }, "staff:notify.appealed"],
    ]);
    const decided = ofClaim(
      appealed.world,
      decideAppeal(appealed.world.claim, appealed.world, { outcome: "upheld", reasons: ["Evidence stands"] }, asStaff("2026-03-26T10:00:00.000Z", "staff-2")),
    );
    const answered = decided.notes.filter((n) => n.text.key === "claim:notify.appeal.upheld");
    expect(recipients(answered)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    expect(answered[0]?.facts).toEqual([{ label: { key: "claim:notify.fact.reasons" }, value: { personText: "Evidence stands", language: "en" } }]);
  });

  it("DT-07: a paid refund tells the buyer how it comes back and when it is expected", () => {
    const { world } = decidedAtFault();
    const { notes, world: after } = ofClaim(world, recordSupplierRefund(world.claim, world, { reference: "R-1" }, asSupplier("2026-03-23T02:00:00.000Z")));
    const paid = notes.find((n) => n.text.key === "claim:refundPaid");
    expect(paid?.recipient).toEqual({ partyId: buyer.id });
    const arrival = after.claim.refundPaid?.expectedArrival;
    expect(paid?.facts).toContainEqual({ label: { key: "claim:notify.fact.method" }, value: { key: "order:paymentMethod.tt" } });
    expect(paid?.facts).toContainEqual({
      label: { key: "claim:notify.fact.expectedArrival" },
      value: { key: "claim:notify.arrivalWindow", params: { earliest: { instant: arrival?.earliest }, latest: { instant: arrival?.latest } } },
    });
  });

  it("DT-05: a platform payout tells the buyer, and tells the supplier the sum it now owes", () => {
    const { world } = decidedAtFault();
    const refund = deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.supplierRefund);
    if (!refund) throw new Error("no refund deadline");
    const { notes } = ofClaim(world, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: refund.id }, asSystem(refund.dueAt)));
    expect(notes.find((n) => n.text.key === "claim:notify.platformPaid")?.recipient).toEqual({ partyId: buyer.id });
    const owed = notes.find((n) => n.text.key === "claim:notify.payoutOwed");
    expect(owed?.recipient).toEqual({ partyId: supplier.id });
    expect(owed?.text.params).toMatchObject({ amount: usd(37_500) });
  });

  it("CL-12: a chargeback closes the open claim and both parties are told why", () => {
    const world = lateShipmentClaim();
    const events = fileChargeback(world.order, world.claim, world.ledger, { reference: "CB-42" }, asSystem("2026-03-20T10:00:00.000Z"));
    const { notes } = ofClaim(world, events);
    const closed = notes.filter((n) => n.text.key === "claim:notify.closed.chargeback");
    expect(recipients(closed)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
  });
});

describe("case messages", () => {
  it("CM-01: a party's message goes to the counterparty with the original text and language", () => {
    const world = lateShipmentClaim();
    const events = sendMessage(
      { buyerId: buyer.id, supplierId: supplier.id },
      { messageId: "m-1", subject: { type: "claim", id: world.claim.id }, text: "货物已于3月5日发运", language: "zh-CN" },
      asSupplier("2026-03-19T02:00:00.000Z"),
    );
    const notes = notificationsOf(events, statesOf(world.order, world));
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }]);
    expect(notes[0]?.personMessage).toEqual({
      messageId: "m-1",
      senderPartyId: supplier.id,
      senderKind: "supplier",
      text: "货物已于3月5日发运",
      language: "zh-CN",
      sentAt: "2026-03-19T02:00:00.000Z",
    });
    expect(notes[0]?.text.key).toBe("common:notify.messageFrom.supplier");
  });

  it("CM-05: a message is addressed to the counterparty's account, not to a channel; staff messages reach both parties", () => {
    const world = lateShipmentClaim();
    const events = sendMessage(
      { buyerId: buyer.id, supplierId: supplier.id },
      { messageId: "m-2", subject: { type: "order", id: ORDER_ID }, text: "Please send the tracking data", language: "en" },
      asStaff("2026-03-19T02:00:00.000Z"),
    );
    const notes = notificationsOf(events, statesOf(world.order, world));
    expect(recipients(notes)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    expect(notes.every((n) => n.subject.type === "order" && n.subject.id === ORDER_ID)).toBe(true);
  });
});

describe("reminders", () => {
  it("CL-10: the supplier is reminded 3 and 1 business days before its response deadline, counted in its calendar", () => {
    const world = lateShipmentClaim();
    const response = deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.supplierResponse);
    if (!response) throw new Error("no response deadline");
    const notes = response.reminders.map((firedAt) =>
      reminderNotification(
        {
          deadlineId: response.id,
          kind: response.kind,
          subjectType: "claim",
          subjectId: world.claim.id,
          dueAt: response.dueAt,
          actor: "supplier",
          actorPartyId: supplier.id,
          firedAt,
        },
        { claim: world.claim },
      ),
    );
    expect(notes.map((n) => n.text.params?.["count"])).toEqual([3, 1]);
    expect(notes.map((n) => n.text.key)).toEqual(["claim:notify.reminder.supplier-response", "claim:notify.reminder.supplier-response"]);
    expect(recipients(notes)).toEqual([{ partyId: supplier.id }, { partyId: supplier.id }]);
  });

  it("CL-10: business days left skip the actor's weekends and public holidays", () => {
    // Wed 2026-09-23 09:00 local → Fri 10-09: for the supplier, the Mid-Autumn Festival (09-25) and the
    // National Day week (10-01…10-07) do not count; for the buyer, only weekends are skipped.
    expect(businessDaysLeft("2026-09-23T01:00:00.000Z", "2026-10-09T15:59:59.000Z", supplier.calendar)).toBe(6);
    expect(businessDaysLeft("2026-09-23T13:00:00.000Z", "2026-10-09T23:59:59.000Z", buyer.calendar)).toBe(12);
    // A deadline on a Sunday, reminded on the Wednesday "3 business days before": Wed, Thu, Fri.
    expect(businessDaysLeft("2026-06-10T13:00:00.000Z", "2026-06-15T03:59:59.000Z", buyer.calendar)).toBe(3);
    // Fri 09:00 → Mon: the weekend is skipped.
    expect(businessDaysLeft("2026-03-06T14:00:00.000Z", "2026-03-09T20:00:00.000Z", buyer.calendar)).toBe(1);
  });

  it("CL-10: an order's claim-window reminder goes to the buyer in the order namespace", () => {
    const { order } = depositPaidOrder();
    const note = reminderNotification(
      {
        deadlineId: "d",
        kind: "claim-window",
        subjectType: "order",
        subjectId: ORDER_ID,
        dueAt: "2026-03-10T20:00:00.000Z",
        actor: "buyer",
        actorPartyId: buyer.id,
        firedAt: "2026-03-09T14:00:00.000Z",
      },
      { order },
    );
    expect(note.recipient).toEqual({ partyId: buyer.id });
    expect(note.text).toEqual({
      key: "order:notify.reminder.claim-window",
      params: { orderId: ORDER_ID, count: 1, dueAt: { instant: "2026-03-10T20:00:00.000Z" } },
    });
  });
});
