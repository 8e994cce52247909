/**
 * CL-15 / CL-16 / DT-05 / DT-07: every default outcome that fires is announced to every party it
 * affects, with what happened, the date and what each may do now; whoever must act next is told, with
 * the deadline; money moving is announced to both sides with amount, method and expected arrival.
 */
import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE, deadlinesOfClaim, determinationDueAt, evidenceRequestDueAt, supplierResponseDueAt } from "../../src/domain/claims/claim-deadlines.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { decideClaim } from "../../src/domain/claims/use-cases/decide-claim.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { attachEvidence, requestEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { bookInspection, recordInspectionReport } from "../../src/domain/claims/use-cases/inspection.js";
import { propose, rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { recordSupplierRefund } from "../../src/domain/claims/use-cases/refunds.js";
import { notificationsOf, USE_CASE, type Notification } from "../../src/domain/notifications/index.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { applyWorld, asStaff, evidenceFile, lateShipmentClaim, qualityClaim, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, buyer, completeTerms, refusal, supplier, usd } from "./orders-fixtures.js";

function announce(world: World, events: readonly DomainEvent[]): { notes: Notification[]; world: World } {
  const after = applyWorld(world, events);
  const notes = notificationsOf(events, {
    order: (id) => (id === after.order.id ? after.order : undefined),
    claim: (id) => (id === after.claim.id ? after.claim : undefined),
  });
  return { notes, world: after };
}

/** Fires the running deadline of this kind at its due moment (CL-10). */
function fire(world: World, kind: string): { notes: Notification[]; world: World } {
  const deadline = deadlinesOfClaim(world.claim).find((d) => d.kind === kind);
  if (!deadline) throw new Error(`no ${kind} deadline running`);
  return announce(world, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: deadline.id }, asSystem(deadline.dueAt)));
}

const to = (notes: readonly Notification[], recipient: object) => notes.filter((n) => JSON.stringify(n.recipient) === JSON.stringify(recipient));
const BUYER = { partyId: buyer.id };
const SUPPLIER = { partyId: supplier.id };
const actionIds = (n: Notification | undefined) => (n?.actions ?? []).map((a) => a.actionId);
const factLabels = (n: Notification | undefined) => (n?.facts ?? []).map((f) => f.label.key);

const TRACKING = evidenceFile("tracking-data");

function escalatedLateClaim(protectedMinor = 37_500): World {
  let world = lateShipmentClaim("classic", completeTerms({ protectedAmount: usd(protectedMinor) }));
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer("2026-03-19T14:00:00.000Z")));
  return applyWorld(world, attachEvidence(world.claim, { file: TRACKING }, asBuyer("2026-03-19T15:00:00.000Z")));
}

function decidedAtFault(protectedMinor = 37_500): World {
  const world = escalatedLateClaim(protectedMinor);
  return applyWorld(
    world,
    decideClaim(
      world.claim,
      { outcome: "supplier-at-fault", reasons: ["No export record"], evidenceConsidered: [TRACKING.sha256] },
      asStaff("2026-03-20T10:00:00.000Z"),
    ),
  );
}

describe("default outcomes announced (CL-15)", () => {
  it("CL-15: the supplier's silence is told to both sides — the buyer may escalate now, the supplier's window is closed — with the date", () => {
    const world = lateShipmentClaim();
    const dueAt = supplierResponseDueAt(world.claim);
    const { notes } = fire(world, CLAIM_DEADLINE.supplierResponse);
    const [toBuyer] = to(notes, BUYER);
    const [toSupplier] = to(notes, SUPPLIER);
    expect(toBuyer?.text).toEqual({
      key: "conversation:notify.responseOverdue.buyer",
      params: { claimId: world.claim.id, orderId: world.order.id, dueAt: { instant: dueAt } },
    });
    expect(actionIds(toBuyer)).toEqual([USE_CASE.escalate, USE_CASE.whatNow]);
    expect(toSupplier?.text.key).toBe("conversation:notify.responseOverdue.supplier");
    expect(toSupplier?.text.params?.["dueAt"]).toEqual({ instant: dueAt });
    expect(actionIds(toSupplier)).toEqual([USE_CASE.respondToClaim, USE_CASE.whatNow]);
  });

  it("CL-15: the end of the negotiation period is told to both, with its date, and either may escalate", () => {
    let world = lateShipmentClaim();
    world = applyWorld(world, propose(world.claim, { proposal: { kind: "partial-refund", amount: usd(5_000) } }, asSupplier("2026-03-19T02:00:00.000Z")));
    const { notes } = fire(world, CLAIM_DEADLINE.negotiation);
    expect(notes.map((n) => n.recipient)).toEqual([BUYER, SUPPLIER]);
    for (const n of notes) {
      expect(n.text.key).toBe("conversation:notify.negotiationEnded");
      expect(n.text.params?.["endedAt"]).toHaveProperty("instant");
      expect(actionIds(n)).toContain(USE_CASE.escalate);
    }
  });

  it("CL-15: an automatic escalation (express, day 7) says it happened by itself, and when, to both", () => {
    const { notes } = fire(lateShipmentClaim("express"), CLAIM_DEADLINE.autoEscalation);
    const parties = notes.filter((n) => "partyId" in n.recipient);
    expect(parties.map((n) => [n.recipient, n.text.key])).toEqual([
      [BUYER, "conversation:notify.escalatedAutomatically"],
      [SUPPLIER, "conversation:notify.escalatedAutomatically"],
    ]);
    expect(parties[0]?.text.params?.["at"]).toEqual({ instant: "2026-03-25T04:00:00.000Z" });
    expect(parties[0]?.deadline?.dueAt).toBeDefined();
  });

  it("CL-15: a missed decision target is told to both parties (staff are paged)", () => {
    const world = escalatedLateClaim();
    const { notes } = fire(world, CLAIM_DEADLINE.determinationTarget);
    expect(to(notes, BUYER).map((n) => n.text.key)).toEqual(["conversation:notify.decisionLate"]);
    expect(to(notes, SUPPLIER)[0]?.text.params?.["dueAt"]).toEqual({ instant: determinationDueAt(world.claim) });
    expect(notes.some((n) => "staff" in n.recipient)).toBe(true);
  });

  it("CL-15: evidence asked of the supplier that never came is told to the supplier, the buyer and staff, with the date", () => {
    let world = lateShipmentClaim();
    world = applyWorld(
      world,
      requestEvidence(world.claim, { requestId: "ev-1", from: "supplier", description: "Bill of lading" }, asStaff("2026-03-19T14:00:00.000Z")),
    );
    const request = world.claim.evidenceRequests[0];
    if (!request) throw new Error("no request");
    const { notes } = fire(world, CLAIM_DEADLINE.evidenceRequest);
    expect(notes.map((n) => [n.recipient, n.text.key])).toEqual([
      [SUPPLIER, "conversation:notify.evidenceLapsed.supplier"],
      [BUYER, "conversation:notify.evidenceLapsed.buyer"],
      [{ staff: true }, "conversation:notify.evidenceLapsed.staff"],
    ]);
    expect(notes[0]?.text.params?.["dueAt"]).toEqual({ instant: evidenceRequestDueAt(world.claim, request) });
    expect(actionIds(notes[0])).toContain(USE_CASE.attachEvidence);
  });

  it("CL-15: a return not arranged in time is waived for both, and the refund deadline follows", () => {
    let world = escalatedLateClaim();
    world = applyWorld(
      world,
      decideClaim(
        world.claim,
        { outcome: "supplier-at-fault", reasons: ["No export record"], evidenceConsidered: [TRACKING.sha256], returnRequired: true },
        asStaff("2026-03-20T10:00:00.000Z"),
      ),
    );
    const { notes } = fire(world, CLAIM_DEADLINE.returnShipment);
    const waived = notes.filter((n) => n.text.key === "conversation:notify.returnWaived.return-not-arranged-in-time");
    expect(waived.map((n) => n.recipient)).toEqual([BUYER, SUPPLIER]);
    expect(notes.find((n) => n.text.key === "claim:refundDue")?.deadline?.dueAt).toBeDefined();
  });

  it("CL-15: an appeal window that closes with no appeal tells both that the decision is final", () => {
    const world = decidedAtFault();
    const refunded = applyWorld(world, recordSupplierRefund(world.claim, world, { reference: "R-1" }, asSupplier("2026-03-23T02:00:00.000Z")));
    const { notes } = fire(refunded, CLAIM_DEADLINE.appealWindow);
    const closed = notes.filter((n) => n.text.key === "conversation:notify.appealWindowClosed");
    expect(closed.map((n) => n.recipient)).toEqual([BUYER, SUPPLIER]);
    expect(closed[0]?.text.params?.["closedAt"]).toEqual({ instant: refunded.claim.appealWindowEndsAt });
  });
});

describe("money announced to both sides (DT-05, DT-07)", () => {
  it("DT-05 / DT-07: a platform payout tells the buyer amount, method, arrival and what the supplier still owes; the supplier what it owes the platform and the buyer", () => {
    // Protected 300.00 of a 375.00 deposit: the platform pays 300.00; the supplier still owes the buyer 75.00.
    const world = decidedAtFault(30_000);
    const { notes, world: after } = fire(world, CLAIM_DEADLINE.supplierRefund);
    const paid = after.claim.refundPaid;
    expect(paid).toMatchObject({ by: "platform", amount: usd(30_000), supplierStillOwesBuyer: usd(7_500) });
    const [toBuyer] = to(notes, BUYER).filter((n) => n.text.key === "claim:notify.platformPaid");
    const [toSupplier] = to(notes, SUPPLIER).filter((n) => n.text.key === "claim:notify.payoutOwed");
    expect(toBuyer?.text.params?.["amount"]).toEqual(usd(30_000));
    expect(factLabels(toBuyer)).toEqual(["claim:notify.fact.method", "claim:notify.fact.expectedArrival", "claim:notify.fact.supplierStillOwes"]);
    expect(toBuyer?.facts?.[0]?.value).toEqual({ key: "order:paymentMethod.tt" });
    expect(toBuyer?.facts?.[2]?.value).toEqual(usd(7_500));
    expect(factLabels(toSupplier)).toEqual([
      "conversation:notify.fact.owesPlatform",
      "claim:notify.fact.method",
      "claim:notify.fact.expectedArrival",
      "claim:notify.fact.stillOwesBuyer",
    ]);
    expect(toSupplier?.facts?.[0]?.value).toEqual(usd(30_000));
    expect(toSupplier?.facts?.[3]?.value).toEqual(usd(7_500));
    // DT-07: 7–15 working days in the buyer's calendar.
    expect(toSupplier?.facts?.[2]?.value).toEqual({
      key: "claim:notify.arrivalWindow",
      params: { earliest: { instant: paid?.expectedArrival.earliest }, latest: { instant: paid?.expectedArrival.latest } },
    });
  });

  it("DT-07: a supplier refund recorded by staff is told to the supplier too; one the supplier records itself is its own answer", () => {
    const world = decidedAtFault();
    const byStaff = announce(world, recordSupplierRefund(world.claim, world, { reference: "R-1" }, asStaff("2026-03-23T02:00:00.000Z")));
    expect(to(byStaff.notes, SUPPLIER).map((n) => n.text.key)).toContain("conversation:notify.refundRecorded");
    expect(factLabels(to(byStaff.notes, SUPPLIER).find((n) => n.text.key === "conversation:notify.refundRecorded"))).toEqual([
      "claim:notify.fact.method",
      "claim:notify.fact.expectedArrival",
    ]);
    const bySupplier = announce(world, recordSupplierRefund(world.claim, world, { reference: "R-1" }, asSupplier("2026-03-23T02:00:00.000Z")));
    expect(to(bySupplier.notes, SUPPLIER).map((n) => n.text.key)).not.toContain("conversation:notify.refundRecorded");
    expect(to(bySupplier.notes, BUYER).map((n) => n.text.key)).toContain("claim:refundPaid");
  });
});

describe("whoever must act next is told (CL-16)", () => {
  function escalatedQualityClaim(): World {
    let world = qualityClaim();
    world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Within tolerance"] }, asSupplier("2026-04-22T02:00:00.000Z")));
    return world;
  }

  it("CL-16: a quality claim that reaches the platform without an inspection report tells the buyer how to book one, by the decision target; staff may request it", () => {
    const world = escalatedQualityClaim();
    const { notes, world: after } = announce(world, escalateClaim(world.claim, {}, asBuyer("2026-04-22T14:00:00.000Z")));
    const needed = notes.find((n) => n.text.key === "conversation:notify.inspectionNeeded");
    expect(needed?.recipient).toEqual(BUYER);
    expect(needed?.deadline?.dueAt).toBe(determinationDueAt(after.claim));
    expect(actionIds(needed)).toEqual([USE_CASE.bookInspection]);
    const page = notes.find((n) => n.text.key === "staff:notify.page.escalated");
    expect(page?.actions?.find((a) => a.actionId === USE_CASE.requestEvidence)).toMatchObject({
      label: { key: "conversation:action.requestInspectionReport" },
      payload: { claimId: world.claim.id, from: "buyer", about: "inspection-report" },
    });
  });

  it("CL-16: an inspection booked but not reported asks for the report; the report in tells staff they may decide", () => {
    let world = escalatedQualityClaim();
    world = applyWorld(
      world,
      bookInspection(world.claim, { company: "SGS", fee: usd(30_000), bookingReference: "SGS-1" }, asBuyer("2026-04-22T13:00:00.000Z")),
    );
    // The booking paused the case; the report arrives before the escalation here, so escalate after it.
    const escalated = announce(world, escalateClaim(world.claim, {}, asBuyer("2026-04-22T14:00:00.000Z")));
    expect(escalated.notes.find((n) => "partyId" in n.recipient && n.text.key === "conversation:notify.inspectionReportNeeded")?.actions?.[0]?.actionId).toBe(
      USE_CASE.inspectionReport,
    );
    const reported = announce(
      escalated.world,
      recordInspectionReport(
        escalated.world.claim,
        { file: evidenceFile("sgs-report", { category: "inspection-report" }) },
        asBuyer("2026-04-24T10:00:00.000Z"),
      ),
    );
    const toStaff = reported.notes.find((n) => n.text.key === "conversation:notify.inspectionReported.staff");
    expect(toStaff?.recipient).toEqual({ staff: true });
    expect(actionIds(toStaff)).toEqual([USE_CASE.decide]);
    expect(to(reported.notes, SUPPLIER).map((n) => n.text.key)).toContain("conversation:notify.inspectionReported.supplier");
  });

  it("CL-16: asking the platform to decide too early names the date from which it is open", () => {
    const world = lateShipmentClaim();
    const error = refusal(() => escalateClaim(world.claim, {}, asBuyer("2026-03-19T10:00:00.000Z")));
    expect(error.code).toBe("CLAIM_ESCALATION_NOT_YET_AVAILABLE");
    expect(error.params).toEqual({ claimId: world.claim.id, availableFrom: supplierResponseDueAt(world.claim) });
  });
});
