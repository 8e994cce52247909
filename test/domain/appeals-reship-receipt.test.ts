import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE, deadlinesOfClaim } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type ClaimAppealMoneyCorrectedData } from "../../src/domain/claims/claim-events.js";
import { shippingEvidence } from "../../src/domain/claims/shipping-evidence.js";
import { appealDecision, decideAppeal } from "../../src/domain/claims/use-cases/appeal.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { decideClaim, type DecideClaimCommand } from "../../src/domain/claims/use-cases/decide-claim.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { acceptProposal, propose, rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { recordSupplierRefund } from "../../src/domain/claims/use-cases/refunds.js";
import { LEDGER_EVENT, ledgerBalances, recordReimbursement } from "../../src/domain/ledger/ledger.js";
import { notificationsOf } from "../../src/domain/notifications/index.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { deadlinesOfOrder, receiptDeemedAt } from "../../src/domain/orders/order-deadlines.js";
import { confirmAmendment, declineAmendment } from "../../src/domain/orders/use-cases/answer-amendment.js";
import { orderDeadlinePassed } from "../../src/domain/orders/use-cases/order-deadline-passed.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { applyWorld, asStaff, evidenceFile, fileInto, lateShipmentClaim, only, types, type World } from "./claims-fixtures.js";
import { apply, applyLedger, asBuyer, asSupplier, asSystem, buyer, completeTerms, ORDER_ID, refusal, shippedOrder, supplier, usd } from "./orders-fixtures.js";

const TRACKING = evidenceFile("tracking-data");
const DECIDED_AT = "2026-03-20T10:00:00.000Z";
const atFault: DecideClaimCommand = { outcome: "supplier-at-fault", reasons: ["No export record by the agreed date"], evidenceConsidered: [TRACKING.sha256] };
const notAtFault: DecideClaimCommand = { outcome: "supplier-not-at-fault", reasons: ["Shipped on time"], evidenceConsidered: [TRACKING.sha256] };

function escalated(): World {
  let world = lateShipmentClaim();
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer("2026-03-19T14:00:00.000Z")));
  return applyWorld(world, attachEvidence(world.claim, { file: TRACKING }, asBuyer("2026-03-19T15:00:00.000Z")));
}

function decidedAndAppealed(
  command: DecideClaimCommand,
  by: "buyer" | "supplier",
  before: (w: World) => World = (w) => w,
  appealAt = "2026-04-10T14:00:00.000Z",
): World {
  let world = applyWorld(escalated(), decideClaim(escalated().claim, command, asStaff(DECIDED_AT)));
  world = before(world);
  const ctx = by === "buyer" ? asBuyer(appealAt) : asSupplier(appealAt);
  return applyWorld(world, appealDecision(world.claim, { reasons: ["The evidence was misread"] }, ctx));
}

const overturn = (world: World): DomainEvent[] =>
  decideAppeal(world.claim, world, { outcome: "overturned", reasons: ["Customs record shows otherwise"] }, asStaff("2026-04-12T10:00:00.000Z", "staff-2"));

function notified(world: World, events: readonly DomainEvent[], type: string) {
  const after = applyWorld(world, events);
  return notificationsOf(
    events.filter((e) => e.type === type),
    statesOf(after),
  );
}

function statesOf(world: Pick<World, "order"> & Partial<Pick<World, "claim">>) {
  return {
    order: (id: string) => (id === world.order.id ? world.order : undefined),
    claim: (id: string) => (id === world.claim?.id ? world.claim : undefined),
  };
}

describe("overturned appeals move money (DT-09)", () => {
  it("DT-09: not at fault overturned — the full refund becomes due with its deadline, and both parties are told", () => {
    const world = decidedAndAppealed(notAtFault, "buyer");
    const events = overturn(world);
    expect(types(events)).toEqual([CLAIM_EVENT.appealDecided, CLAIM_EVENT.appealMoneyCorrected, CLAIM_EVENT.refundDue]);
    expect(only<ClaimAppealMoneyCorrectedData>(events, CLAIM_EVENT.appealMoneyCorrected).correction).toEqual({ kind: "refund-due", amount: usd(37_500) });
    const after = applyWorld(world, events);
    expect(after.claim.status).toBe("refund-due");
    expect(deadlinesOfClaim(after.claim).map((d) => d.kind)).toContain(CLAIM_DEADLINE.supplierRefund);
    // The frozen amount is still set aside for the claim: a payout stays possible (TA-04).
    expect(after.ledger.claimHolds.get(ORDER_ID)).toBe(after.claim.id);
    const told = notified(world, events, CLAIM_EVENT.appealMoneyCorrected);
    expect(told.map((n) => n.recipient)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    expect(told[0]?.text).toEqual({ key: "parties:notify.appealMoney.refundDue", params: { claimId: after.claim.id, orderId: ORDER_ID, amount: usd(37_500) } });
  });

  it("DT-09: at fault overturned after the platform paid out — a compensating entry takes the payout off what the supplier owes", () => {
    let payoutAt = "";
    const world = decidedAndAppealed(
      atFault,
      "supplier",
      (w) => {
        const refund = deadlinesOfClaim(w.claim).find((d) => d.kind === CLAIM_DEADLINE.supplierRefund);
        payoutAt = new Date(Date.parse(refund?.dueAt ?? "") + 1_000).toISOString();
        return applyWorld(w, deadlinePassed(w.claim, w.order, w.ledger, { deadlineId: refund?.id ?? "" }, asSystem(payoutAt)));
      },
      "2026-04-16T02:00:00.000Z",
    );
    expect(payoutAt < "2026-04-16T02:00:00.000Z").toBe(true);
    expect(ledgerBalances(world.ledger).owed).toEqual(usd(37_500));
    const entriesBefore = world.ledger.entries;
    const events = overturn(world);
    expect(types(events)).toEqual([
      CLAIM_EVENT.appealDecided,
      LEDGER_EVENT.entryCorrected, // the payout
      LEDGER_EVENT.entryCorrected, // the release the payout made: the order's amount is frozen again (TA-04)
      CLAIM_EVENT.appealMoneyCorrected,
      CLAIM_EVENT.closed,
      ORDER_EVENT.claimClosed,
    ]);
    const after = applyWorld(world, events);
    expect(ledgerBalances(after.ledger).owed).toEqual(usd(0));
    // Never edited or deleted: the old entries stay as they were, one correction is appended.
    expect(after.ledger.entries.slice(0, entriesBefore.length)).toEqual(entriesBefore);
    const payout = entriesBefore.find((e) => e.kind === "payout");
    expect(ledgerBalances(after.ledger).frozen).toEqual(usd(37_500));
    expect(after.ledger.entries.find((e) => e.kind === "correction" && e.correctsEntryId === payout?.id)).toMatchObject({
      kind: "correction",
      correctsEntryId: payout?.id,
      owedChange: usd(-37_500),
      reason: `appeal overturned: ${world.claim.id}`,
    });
    expect(after.claim.appealCorrection).toMatchObject({ kind: "payout-reversed", amount: usd(37_500), correctedEntryId: payout?.id });
    expect(after.claim.status).toBe("closed");
    expect(notified(world, events, CLAIM_EVENT.appealMoneyCorrected)).toHaveLength(2);
  });

  it("DT-09: at fault overturned while the refund is still due — the refund is cancelled and the claim closes", () => {
    const world = decidedAndAppealed(atFault, "supplier");
    expect(world.claim.status).toBe("refund-due");
    const events = overturn(world);
    expect(only<ClaimAppealMoneyCorrectedData>(events, CLAIM_EVENT.appealMoneyCorrected).correction).toEqual({ kind: "refund-cancelled", amount: usd(37_500) });
    const after = applyWorld(world, events);
    expect(after.claim).toMatchObject({ status: "closed", closeReason: "settled" });
    expect(after.claim.refundDue).toBeUndefined();
    expect(deadlinesOfClaim(after.claim)).toEqual([]);
    expect(ledgerBalances(after.ledger).owed).toEqual(usd(0));
  });

  it("DT-09: at fault overturned after the supplier refunded — the buyer returns it; no ledger entry is touched", () => {
    const world = decidedAndAppealed(atFault, "supplier", (w) =>
      applyWorld(w, recordSupplierRefund(w.claim, w, { reference: "TT-REFUND-1" }, asSupplier("2026-03-25T02:00:00.000Z"))),
    );
    const events = overturn(world);
    expect(events.some((e) => e.stream.type === "ledger" && e.type === LEDGER_EVENT.entryCorrected)).toBe(false);
    expect(only<ClaimAppealMoneyCorrectedData>(events, CLAIM_EVENT.appealMoneyCorrected).correction).toEqual({
      kind: "refund-returned-by-buyer",
      amount: usd(37_500),
    });
  });

  function paidOutAndAppealed(reimburse?: number): World {
    return decidedAndAppealed(
      atFault,
      "supplier",
      (w) => {
        const refund = deadlinesOfClaim(w.claim).find((d) => d.kind === CLAIM_DEADLINE.supplierRefund);
        const payoutAt = new Date(Date.parse(refund?.dueAt ?? "") + 1_000).toISOString();
        const paid = applyWorld(w, deadlinePassed(w.claim, w.order, w.ledger, { deadlineId: refund?.id ?? "" }, asSystem(payoutAt)));
        if (reimburse === undefined) return paid;
        return applyWorld(paid, recordReimbursement(paid.ledger, { amount: usd(reimburse), reference: "TT-REIMB-1" }, asSystem("2026-04-15T02:00:00.000Z")));
      },
      "2026-04-16T02:00:00.000Z",
    );
  }

  it("DT-09 / TA-05: at fault overturned after the supplier reimbursed the payout — the platform pays the reimbursement back and the payout is corrected, by compensating entries only", () => {
    const world = paidOutAndAppealed(37_500);
    expect(ledgerBalances(world.ledger)).toMatchObject({ owed: usd(0), frozen: usd(0) });
    const before = world.ledger.entries;
    const events = overturn(world);
    expect(types(events).slice(0, 5)).toEqual([
      CLAIM_EVENT.appealDecided,
      LEDGER_EVENT.reimbursementReturned,
      LEDGER_EVENT.entryCorrected,
      LEDGER_EVENT.entryCorrected,
      CLAIM_EVENT.appealMoneyCorrected,
    ]);
    const after = applyWorld(world, events);
    expect(after.ledger.entries.slice(0, before.length)).toEqual(before);
    // Nothing owed, the reimbursement returned, the order's protected amount committed again (TA-04).
    expect(ledgerBalances(after.ledger)).toMatchObject({ owed: usd(0), frozen: usd(37_500) });
    expect(after.ledger.entries.find((e) => e.kind === "reimbursement-returned")).toMatchObject({ amount: usd(37_500), owedChange: usd(37_500) });
    expect(only<ClaimAppealMoneyCorrectedData>(events, CLAIM_EVENT.appealMoneyCorrected).correction).toMatchObject({
      kind: "payout-reversed",
      buyerOwesPlatform: usd(37_500),
      reimbursementReturned: usd(37_500),
      refrozen: usd(37_500),
    });
  });

  it("DT-09 / CL-15: the buyer is told what it pays back to the platform, the supplier what it no longer owes, gets back and has committed again — with amounts", () => {
    const world = paidOutAndAppealed(10_000);
    const events = overturn(world);
    const told = notified(world, events, CLAIM_EVENT.appealMoneyCorrected);
    expect(told.map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "parties:notify.appealMoney.payoutReversedBuyer"],
      [{ partyId: supplier.id }, "parties:notify.appealMoney.payoutReversedSupplier"],
    ]);
    expect(told[0]?.text.params).toMatchObject({ amount: usd(37_500), claimId: world.claim.id, orderId: ORDER_ID });
    expect(told[0]?.facts).toEqual([{ label: { key: "parties:notify.fact.buyerPaysBack" }, value: usd(37_500) }]);
    expect(told[1]?.facts).toEqual([
      { label: { key: "parties:notify.fact.noLongerOwed" }, value: usd(37_500) },
      { label: { key: "parties:notify.fact.reimbursementReturned" }, value: usd(10_000) },
      { label: { key: "parties:notify.fact.frozenAgain" }, value: usd(37_500) },
    ]);
    expect(ledgerBalances(applyWorld(world, events).ledger).owed).toEqual(usd(0));
  });

  it("DT-09: an upheld appeal moves nothing", () => {
    const world = decidedAndAppealed(atFault, "supplier");
    const events = decideAppeal(world.claim, world, { outcome: "upheld", reasons: ["Evidence stands"] }, asStaff("2026-04-12T10:00:00.000Z", "staff-2"));
    expect(types(events)).toEqual([CLAIM_EVENT.appealDecided]);
  });
});

describe("an agreed reship is a new order version (PO-05)", () => {
  function reshipAgreed(): { world: World; events: DomainEvent[] } {
    const world = lateShipmentClaim();
    const proposed = applyWorld(world, propose(world.claim, { proposal: { kind: "reship", newDate: "2026-04-01" } }, asSupplier("2026-03-19T02:00:00.000Z")));
    const events = acceptProposal(proposed.claim, proposed, { round: 1 }, asBuyer("2026-03-20T15:00:00.000Z"));
    return { world: applyWorld(proposed, events), events };
  }

  it("PO-05: the reship creates the version with the new shipping date, which both parties must confirm", () => {
    const { world, events } = reshipAgreed();
    expect(types(events)).toEqual([
      CLAIM_EVENT.proposalAccepted,
      // Proposed before the claim closes, so closing cannot complete the order under it.
      ORDER_EVENT.amendmentProposed,
      CLAIM_EVENT.closed,
      LEDGER_EVENT.claimHoldEnded,
      ORDER_EVENT.claimClosed,
    ]);
    const version = world.order.versions.at(-1);
    expect(version).toMatchObject({ number: 3, proposedBy: "supplier", reshipOfClaim: world.claim.id, terms: { shippingDate: "2026-04-01" } });
    expect(version?.buyerConfirmedAt).toBeUndefined();
    expect(version?.supplierConfirmedAt).toBeUndefined();
    expect(world.order.confirmedTerms?.shippingDate).toBe("2026-03-16");
    // Both parties are asked, with the new date.
    const told = notificationsOf(
      events.filter((e) => e.type === ORDER_EVENT.amendmentProposed),
      statesOf(world),
    );
    expect(told.map((n) => n.recipient)).toEqual([{ partyId: buyer.id }, { partyId: supplier.id }]);
    expect(told[0]?.facts).toEqual([{ label: { key: "order:term.shippingDate" }, value: { date: "2026-04-01" } }]);

    // The supplier confirms first: recorded, not yet in force.
    const bySupplier = confirmAmendment(world.order, { orderId: ORDER_ID, version: 3 }, asSupplier("2026-03-21T02:00:00.000Z"));
    expect(types(bySupplier)).toEqual([ORDER_EVENT.amendmentConfirmedByParty]);
    const half = apply(world.order, bySupplier);
    expect(half.confirmedVersion).toBe(2);
    expect(refusal(() => confirmAmendment(half, { orderId: ORDER_ID, version: 3 }, asSupplier("2026-03-21T03:00:00.000Z"))).code).toBe("ORDER_WRONG_PARTY");
    // The buyer confirms: the version is in force, content-hashed.
    const full = apply(half, confirmAmendment(half, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-03-21T14:00:00.000Z")));
    expect(full.confirmedVersion).toBe(3);
    expect(full.confirmedTerms?.shippingDate).toBe("2026-04-01");
    expect(full.versions.at(-1)).toMatchObject({
      supplierConfirmedAt: "2026-03-21T02:00:00.000Z",
      buyerConfirmedAt: "2026-03-21T14:00:00.000Z",
      contentHash: expect.any(String),
    });
  });

  it("PO-05 / CL-04: the reship carries its own late-shipment protection from the day after the new date", () => {
    const { world } = reshipAgreed();
    let order = apply(world.order, confirmAmendment(world.order, { orderId: ORDER_ID, version: 3 }, asSupplier("2026-03-21T02:00:00.000Z")));
    order = apply(order, confirmAmendment(order, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-03-21T14:00:00.000Z")));
    const given = { order, ledger: world.ledger };
    const early = refusal(() => fileInto(given, { claimId: "clm-2" }, asBuyer("2026-04-01T14:00:00.000Z")));
    expect(early).toMatchObject({ code: "CLAIM_LATE_SHIPMENT_TOO_EARLY", params: { availableFrom: "2026-04-02" } });
    const second = fileInto(given, { claimId: "clm-2" }, asBuyer("2026-04-02T14:00:00.000Z")).world;
    expect(second.claim.order).toMatchObject({ orderVersion: 3, shippingDate: "2026-04-01" });
    // The frozen amount is set aside again for the new claim (TA-04).
    expect(second.ledger.claimHolds.get(ORDER_ID)).toBe("clm-2");
  });

  it("PO-05: either party may decline the reship version; the earlier version stays in force", () => {
    const { world } = reshipAgreed();
    const declined = apply(world.order, declineAmendment(world.order, { orderId: ORDER_ID, version: 3 }, asBuyer("2026-03-21T14:00:00.000Z")));
    expect(declined.confirmedTerms?.shippingDate).toBe("2026-03-16");
    expect(declined.versions.at(-1)?.declinedAt).toBe("2026-03-21T14:00:00.000Z");
  });
});

describe("express post-delivery with no receipt confirmation (ORD-04, CL-10)", () => {
  it("ORD-04 / CL-15: receipt is deemed 60 days after shipment under express, both parties told at once; the receipt window then runs and the order completes", () => {
    const given = shippedOrder(completeTerms(), "express");
    // Shipped 2026-03-16 (buyer in New York) + 60 days = 2026-05-15, 23:59:59 EDT.
    expect(receiptDeemedAt(given.order)).toBe("2026-05-16T03:59:59.000Z");
    const [receipt] = deadlinesOfOrder(given.order);
    expect(receipt).toMatchObject({
      kind: "receipt",
      actor: "buyer",
      actorPartyId: buyer.id,
      defaultOutcome: "deem-received",
      dueAt: "2026-05-16T03:59:59.000Z",
    });
    expect(orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: receipt?.id ?? "" }, asSystem("2026-05-16T03:00:00.000Z"))).toEqual([]);
    const deemed = orderDeadlinePassed(given, { type: "DeadlinePassed", deadlineId: receipt?.id ?? "" }, asSystem("2026-05-16T04:00:00.000Z"));
    expect(types(deemed)).toEqual([ORDER_EVENT.receiptConfirmed]);
    expect(deemed[0]).toMatchObject({ actor: { kind: "system" }, data: { deemed: true } });
    const received = apply(given.order, deemed);
    expect(received).toMatchObject({ status: "received", receivedAt: "2026-05-16T04:00:00.000Z" });
    // Both parties are told at once (CL-15).
    const told = notificationsOf(deemed, statesOf({ order: received }));
    expect(told.map((n) => [n.recipient, n.text.key])).toEqual([
      [{ partyId: buyer.id }, "parties:notify.receiptDeemed"],
      [{ partyId: supplier.id }, "parties:notify.receiptDeemed"],
    ]);
    // Receipt + 30 days: the claim window closes and the order completes, releasing the frozen amount.
    const [window] = deadlinesOfOrder(received);
    expect(window).toMatchObject({ kind: "claim-window", dueAt: "2026-06-16T03:59:59.000Z" });
    const done = orderDeadlinePassed(
      { order: received, ledger: given.ledger },
      { type: "DeadlinePassed", deadlineId: window?.id ?? "" },
      asSystem("2026-06-16T04:00:00.000Z"),
    );
    expect(types(done)).toEqual([ORDER_EVENT.claimEntranceClosed, ORDER_EVENT.completed, LEDGER_EVENT.amountReleased]);
    expect(ledgerBalances(applyLedger(given.ledger, done)).frozen).toEqual(usd(0));
  });

  it("ORD-04: classic orders deem receipt when the claim entrance closes (delivery-completion.test.ts covers every path)", () => {
    const classic = shippedOrder(completeTerms(), "classic").order;
    expect(receiptDeemedAt(classic)).toBe(deadlinesOfOrder(classic).find((d) => d.kind === "claim-window")?.dueAt);
  });
});

describe("customs export data for staff (ORD-03, DT-02)", () => {
  it("DT-02 / ORD-03: a shipment's customs export data is part of the shipping evidence staff weigh on a late-shipment claim", () => {
    const world = lateShipmentClaim();
    expect(shippingEvidence(world.order)).toEqual({ agreedShippingDate: "2026-03-16" });
    const shipped = apply(
      world.order,
      recordShipment(
        world.order,
        {
          orderId: ORDER_ID,
          shippedOn: "2026-03-18",
          carrier: "COSCO",
          trackingNumber: "COSU999",
          customsExport: { declarationNumber: "EXP-2026-0042", exportedOn: "2026-03-18" },
        },
        asSupplier("2026-03-19T01:00:00.000Z"),
      ),
    );
    expect(shippingEvidence(shipped)).toEqual({
      agreedShippingDate: "2026-03-16",
      shipment: {
        shippedOn: "2026-03-18",
        carrier: "COSCO",
        trackingNumber: "COSU999",
        daysLate: 2,
        recordedAt: "2026-03-19T01:00:00.000Z",
        customsExport: { declarationNumber: "EXP-2026-0042", exportedOn: "2026-03-18" },
      },
    });
  });
});
