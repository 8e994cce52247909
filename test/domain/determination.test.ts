import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE, deadlinesOfClaim, supplierRefundDueAt } from "../../src/domain/claims/claim-deadlines.js";
import {
  CLAIM_EVENT,
  type ClaimAppealDecidedData,
  type ClaimDecidedData,
  type ClaimRefundDueData,
  type ClaimRefundedData,
  type PageRaisedData,
} from "../../src/domain/claims/claim-events.js";
import { appealDecision, decideAppeal } from "../../src/domain/claims/use-cases/appeal.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { consentToPartialRefund } from "../../src/domain/claims/use-cases/consent-partial-refund.js";
import { decideClaim, type DecideClaimCommand } from "../../src/domain/claims/use-cases/decide-claim.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { bookInspection, recordInspectionReport } from "../../src/domain/claims/use-cases/inspection.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { recordSupplierRefund } from "../../src/domain/claims/use-cases/refunds.js";
import { confirmReturn, waiveReturn } from "../../src/domain/claims/use-cases/return-goods.js";
import { LEDGER_EVENT, ledgerBalances } from "../../src/domain/ledger/ledger.js";
import type { OrderTerms } from "../../src/domain/orders/terms.js";
import { addMs } from "../../src/domain/shared/time.js";
import { claimFrom } from "../../src/domain/claims/claim-state.js";
import { fileClaim } from "../../src/domain/claims/use-cases/file-claim.js";
import { applyWorld, asStaff, evidenceFile, LATE_FILED_AT, lateShipmentClaim, only, qualityClaim, types, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, buyer, completeTerms, depositPaidOrder, refusal, supplier, usd } from "./orders-fixtures.js";

const ESCALATED_AT = "2026-03-19T14:00:00.000Z";
const DECIDED_AT = "2026-03-20T10:00:00.000Z";
const CONSENTED_AT = "2026-04-25T10:00:00.000Z";
const TRACKING = evidenceFile("tracking-data");
const REPORT = evidenceFile("inspection-report", { category: "inspection-report" });

/** A late-shipment claim the supplier rejected and the buyer escalated, with tracking data attached. */
function escalatedLateShipment(terms: OrderTerms = completeTerms()): World {
  let world = lateShipmentClaim("classic", terms);
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer(ESCALATED_AT)));
  return applyWorld(world, attachEvidence(world.claim, { file: TRACKING }, asBuyer("2026-03-19T15:00:00.000Z")));
}

/** A quality claim escalated after an SGS inspection (fee USD 299.00) whose report is attached. */
function escalatedQualityWithReport(): World {
  let world = qualityClaim();
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Within tolerance"] }, asSupplier("2026-04-22T02:00:00.000Z")));
  world = applyWorld(world, bookInspection(world.claim, { company: "SGS", fee: usd(29_900), bookingReference: "SGS-1" }, asBuyer("2026-04-22T14:00:00.000Z")));
  world = applyWorld(world, recordInspectionReport(world.claim, { file: REPORT }, asBuyer("2026-04-24T14:00:00.000Z")));
  return applyWorld(world, escalateClaim(world.claim, {}, asBuyer("2026-04-24T15:00:00.000Z")));
}

const atFault: DecideClaimCommand = { outcome: "supplier-at-fault", reasons: ["No export record by the agreed date"], evidenceConsidered: [TRACKING.sha256] };

function decided(world: World, command: DecideClaimCommand = atFault, staffId = "staff-1"): World {
  return applyWorld(world, decideClaim(world.claim, command, asStaff(DECIDED_AT, staffId)));
}

function fire(world: World, kind: string, now: string): World {
  const deadline = deadlinesOfClaim(world.claim).find((d) => d.kind === kind);
  if (!deadline) throw new Error(`no ${kind} deadline`);
  return applyWorld(world, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: deadline.id }, asSystem(now)));
}

describe("late shipment (DT-02)", () => {
  it("DT-02: staff decide on the shipping evidence; a decision without evidence, or with evidence not attached, is refused", () => {
    const world = escalatedLateShipment();
    expect(refusal(() => decideClaim(world.claim, { ...atFault, evidenceConsidered: [] }, asStaff(DECIDED_AT))).code).toBe("COMMAND_INVALID");
    const unknown = refusal(() => decideClaim(world.claim, { ...atFault, evidenceConsidered: [evidenceFile("elsewhere").sha256] }, asStaff(DECIDED_AT)));
    expect(unknown.code).toBe("CLAIM_EVIDENCE_UNKNOWN");
    expect(refusal(() => decideClaim(world.claim, atFault, asBuyer(DECIDED_AT))).code).toBe("STAFF_ONLY");
  });

  it("DT-02: the decision target is 7 days after escalation; when it passes, staff are paged again", () => {
    const world = escalatedLateShipment();
    const target = deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.determinationTarget);
    expect(target).toMatchObject({ actor: "staff", defaultOutcome: "page-staff", dueAt: "2026-03-27T03:59:59.000Z" });
    const events = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: target?.id ?? "" }, asSystem("2026-03-27T04:00:00.000Z"));
    expect(types(events)).toEqual([CLAIM_EVENT.determinationOverdue, CLAIM_EVENT.pageRaised]);
    expect(only<PageRaisedData>(events, CLAIM_EVENT.pageRaised).page).toMatchObject({ reason: "determination-overdue", level: 1, pageId: "clm-1/page/2" });
  });
});

describe("quality (DT-03)", () => {
  it("DT-03: the buyer books one of the designated inspection companies and pays the fee upfront", () => {
    const { claim } = qualityClaim();
    const ctx = asBuyer("2026-04-22T14:00:00.000Z");
    expect(refusal(() => bookInspection(claim, { company: "Acme Labs" as "SGS", fee: usd(10_000), bookingReference: "A-1" }, ctx)).code).toBe(
      "COMMAND_INVALID",
    );
    expect(refusal(() => bookInspection(claim, { company: "Bureau Veritas", fee: usd(0), bookingReference: "BV-1" }, ctx)).code).toBe(
      "CLAIM_INSPECTION_FEE_REQUIRED",
    );
    expect(
      refusal(() => bookInspection(claim, { company: "TÜV Rheinland", fee: usd(10_000), bookingReference: "T-1" }, asSupplier("2026-04-22T02:00:00.000Z")))
        .code,
    ).toBe("CLAIM_INSPECTION_BOOKED_BY_BUYER_ONLY");
    const events = bookInspection(claim, { company: "TÜV Rheinland", fee: usd(10_000), bookingReference: "T-1" }, ctx);
    expect(only(events, CLAIM_EVENT.inspectionBooked)).toMatchObject({ inspection: { company: "TÜV Rheinland", fee: usd(10_000) } });
  });

  it("DT-03: the inspection report is the evidence a quality decision against the supplier rests on", () => {
    let world = qualityClaim();
    world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Fine"] }, asSupplier("2026-04-22T02:00:00.000Z")));
    world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer("2026-04-22T14:00:00.000Z")));
    const photo = evidenceFile("photo", { mediaType: "image/jpeg", category: "photo" });
    world = applyWorld(world, attachEvidence(world.claim, { file: photo }, asBuyer("2026-04-22T15:00:00.000Z")));
    const e = refusal(() =>
      decideClaim(world.claim, { outcome: "supplier-at-fault", reasons: ["Photos"], evidenceConsidered: [photo.sha256] }, asStaff(DECIDED_AT)),
    );
    expect(e.code).toBe("CLAIM_INSPECTION_REPORT_REQUIRED");
  });
});

describe("outcomes (DT-04)", () => {
  it("DT-04: supplier at fault — it must refund 100% of the protected payment, and the inspection fee is refunded", () => {
    const world = escalatedQualityWithReport();
    const events = decideClaim(
      world.claim,
      { outcome: "supplier-at-fault", reasons: ["Length 38 mm, AQL failed"], evidenceConsidered: [REPORT.sha256] },
      asStaff(DECIDED_AT),
    );
    expect(types(events)).toEqual([CLAIM_EVENT.decided, CLAIM_EVENT.refundDue]);
    expect(only<ClaimDecidedData>(events, CLAIM_EVENT.decided).decision).toMatchObject({ refund: usd(37_500), inspectionFeeRefunded: usd(29_900) });
    expect(only<ClaimRefundDueData>(events, CLAIM_EVENT.refundDue).refund.amount).toEqual(usd(37_500));
  });

  it("DT-04: supplier not at fault — no refund and the fee is not refunded", () => {
    const world = escalatedQualityWithReport();
    const events = decideClaim(
      world.claim,
      { outcome: "supplier-not-at-fault", reasons: ["Within tolerance"], evidenceConsidered: [REPORT.sha256] },
      asStaff(DECIDED_AT),
    );
    expect(types(events)).toEqual([CLAIM_EVENT.decided]);
    const decision = only<ClaimDecidedData>(events, CLAIM_EVENT.decided).decision;
    expect(decision.refund).toEqual(usd(0));
    expect(decision.inspectionFeeRefunded).toBeUndefined();
    expect(applyWorld(world, events).claim.status).toBe("settled");
  });

  it("DT-04: a partial refund for the differences needs the buyer's consent and stays within the protected payment", () => {
    const world = escalatedQualityWithReport();
    const partial: DecideClaimCommand = {
      outcome: "partial-refund",
      reasons: ["2 of 10 attributes off"],
      evidenceConsidered: [REPORT.sha256],
      partialRefund: usd(7_500),
    };
    expect(refusal(() => decideClaim(world.claim, partial, asStaff(DECIDED_AT))).code).toBe("CLAIM_PARTIAL_REFUND_NEEDS_BUYER_CONSENT");
    const consented = applyWorld(world, consentToPartialRefund(world.claim, { upTo: usd(7_500) }, asBuyer(CONSENTED_AT)));
    expect(refusal(() => decideClaim(consented.claim, { ...partial, partialRefund: usd(37_501) }, asStaff(DECIDED_AT))).code).toBe(
      "CLAIM_REFUND_EXCEEDS_PROTECTED",
    );
    const events = decideClaim(consented.claim, partial, asStaff(DECIDED_AT));
    expect(only<ClaimRefundDueData>(events, CLAIM_EVENT.refundDue).refund.amount).toEqual(usd(7_500));
    expect(only<ClaimDecidedData>(events, CLAIM_EVENT.decided).decision.buyerConsented).toBe(true);
  });

  it("DT-04: the buyer consents to a partial refund up to an amount, recorded on the claim with its time", () => {
    const world = escalatedQualityWithReport();
    const events = consentToPartialRefund(world.claim, { upTo: usd(10_000) }, asBuyer(CONSENTED_AT));
    expect(types(events)).toEqual([CLAIM_EVENT.partialRefundConsented]);
    expect(applyWorld(world, events).claim.partialRefundConsent).toEqual({ upTo: usd(10_000), at: CONSENTED_AT });
  });

  it("DT-04: only the buyer consents, only on an escalated claim, to a positive amount within the protected payment", () => {
    const world = escalatedQualityWithReport();
    expect(refusal(() => consentToPartialRefund(world.claim, { upTo: usd(10_000) }, asSupplier(CONSENTED_AT))).code).toBe("CLAIM_CONSENT_BY_BUYER_ONLY");
    expect(refusal(() => consentToPartialRefund(world.claim, { upTo: usd(10_000) }, asStaff(CONSENTED_AT))).code).toBe("CLAIM_NOT_A_PARTY");
    expect(refusal(() => consentToPartialRefund(world.claim, { upTo: usd(0) }, asBuyer(CONSENTED_AT))).code).toBe("CLAIM_CONSENT_AMOUNT_REQUIRED");
    expect(refusal(() => consentToPartialRefund(world.claim, { upTo: usd(37_501) }, asBuyer(CONSENTED_AT))).code).toBe("CLAIM_REFUND_EXCEEDS_PROTECTED");
    const notEscalated = qualityClaim();
    expect(refusal(() => consentToPartialRefund(notEscalated.claim, { upTo: usd(10_000) }, asBuyer("2026-04-22T14:00:00.000Z"))).code).toBe(
      "CLAIM_WRONG_STATUS",
    );
  });

  it("DT-04: a partial refund above the amount the buyer consented to is refused; a later, larger consent replaces it", () => {
    let world = escalatedQualityWithReport();
    world = applyWorld(world, consentToPartialRefund(world.claim, { upTo: usd(5_000) }, asBuyer(CONSENTED_AT)));
    const partial: DecideClaimCommand = {
      outcome: "partial-refund",
      reasons: ["2 of 10 attributes off"],
      evidenceConsidered: [REPORT.sha256],
      partialRefund: usd(7_500),
    };
    const above = refusal(() => decideClaim(world.claim, partial, asStaff(DECIDED_AT)));
    expect(above.code).toBe("CLAIM_PARTIAL_REFUND_NEEDS_BUYER_CONSENT");
    expect(above.params).toMatchObject({ amount: usd(7_500), consentedUpTo: usd(5_000) });
    world = applyWorld(world, consentToPartialRefund(world.claim, { upTo: usd(7_500) }, asBuyer("2026-04-25T14:00:00.000Z")));
    expect(types(decideClaim(world.claim, partial, asStaff(DECIDED_AT)))).toEqual([CLAIM_EVENT.decided, CLAIM_EVENT.refundDue]);
  });
});

describe("platform payout (DT-05)", () => {
  it("DT-05: the supplier does not refund by its deadline — the platform pays min(protected, paid), owed by the supplier; the rest of the deposit stays owed to the buyer", () => {
    // Protected 300.00 of a 375.00 deposit.
    const world = decided(escalatedLateShipment(completeTerms({ protectedAmount: usd(30_000) })));
    expect(world.claim.refundDue).toMatchObject({ amount: usd(30_000), unprotectedRemainder: usd(7_500) });
    const dueAt = supplierRefundDueAt(world.claim) ?? "";
    const deadline = deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.supplierRefund);
    expect(deadline).toMatchObject({ actor: "supplier", defaultOutcome: "platform-payout", dueAt });
    const events = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: deadline?.id ?? "" }, asSystem(addMs(dueAt, 1000)));
    expect(only(events, LEDGER_EVENT.payoutRecorded)).toMatchObject({ amount: usd(30_000), claimId: "clm-1" });
    expect(only<ClaimRefundedData>(events, CLAIM_EVENT.refunded).payment).toMatchObject({
      by: "platform",
      amount: usd(30_000),
      supplierStillOwesBuyer: usd(7_500),
    });
    const after = applyWorld(world, events);
    expect(ledgerBalances(after.ledger).owed).toEqual(usd(30_000));
    expect(after.claim.status).toBe("settled"); // the appeal window is still open
  });
});

describe("returns (DT-06)", () => {
  const withReturn: DecideClaimCommand = { ...atFault, returnRequired: true };

  it("DT-06: a required return comes first; the refund follows the confirmed return", () => {
    const world = decided(escalatedLateShipment(), withReturn);
    expect(world.claim.status).toBe("awaiting-return");
    expect(deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.returnShipment)).toMatchObject({
      actor: "supplier",
      defaultOutcome: "refund-without-return",
    });
    expect(refusal(() => confirmReturn(world.claim, {}, asBuyer("2026-03-25T14:00:00.000Z"))).code).toBe("CLAIM_RETURN_CONFIRMED_BY_SUPPLIER_OR_STAFF");
    const events = confirmReturn(world.claim, {}, asSupplier("2026-03-30T02:00:00.000Z"));
    expect(types(events)).toEqual([CLAIM_EVENT.returnConfirmed, CLAIM_EVENT.refundDue]);
    expect(applyWorld(world, events).claim.refundDue).toMatchObject({ amount: usd(37_500), startedAt: "2026-03-30T02:00:00.000Z" });
  });

  it("DT-06: no return when shipping back is hazardous (staff), or when the supplier refuses it", () => {
    const world = decided(escalatedLateShipment(), withReturn);
    expect(types(waiveReturn(world.claim, { exemption: "hazardous" }, asStaff("2026-03-25T10:00:00.000Z")))).toEqual([
      CLAIM_EVENT.returnWaived,
      CLAIM_EVENT.refundDue,
    ]);
    expect(types(waiveReturn(world.claim, { exemption: "supplier-refused-return" }, asSupplier("2026-03-25T02:00:00.000Z")))).toEqual([
      CLAIM_EVENT.returnWaived,
      CLAIM_EVENT.refundDue,
    ]);
    expect(refusal(() => waiveReturn(world.claim, { exemption: "no-value" }, asBuyer("2026-03-25T14:00:00.000Z"))).code).toBe("STAFF_ONLY");
    expect(refusal(() => decideClaim(escalatedLateShipment().claim, { ...withReturn, returnExemption: "no-value" }, asStaff(DECIDED_AT))).code).toBe(
      "CLAIM_RETURN_EXEMPTION_CONFLICT",
    );
  });

  it("DT-06: a return the supplier never arranged in time leads to the refund without it", () => {
    const world = fire(decided(escalatedLateShipment(), withReturn), CLAIM_DEADLINE.returnShipment, "2026-05-01T00:00:00.000Z");
    expect(world.claim.returnOfGoods?.exemption).toBe("return-not-arranged-in-time");
    expect(world.claim.status).toBe("refund-due");
  });
});

describe("refund route (DT-07)", () => {
  it("DT-07: the refund goes back the way the buyer paid, with the expected arrival in the buyer's working days", () => {
    const world = decided(escalatedLateShipment());
    expect(refusal(() => recordSupplierRefund(world.claim, world, { reference: "R-1" }, asBuyer("2026-03-23T14:00:00.000Z"))).code).toBe(
      "CLAIM_REFUND_BY_SUPPLIER_OR_STAFF",
    );
    const events = recordSupplierRefund(world.claim, world, { reference: "R-1" }, asSupplier("2026-03-23T02:00:00.000Z"));
    // Paid Sunday 2026-03-22 22:00 in New York: the 7th and 15th US working days after are 03-31 and 04-10.
    expect(only<ClaimRefundedData>(events, CLAIM_EVENT.refunded).payment).toMatchObject({
      by: "supplier",
      method: "tt",
      amount: usd(37_500),
      expectedArrival: { earliest: "2026-04-01T03:59:59.000Z", latest: "2026-04-11T03:59:59.000Z" },
    });
  });
});

describe("reasons and appeals (DT-08)", () => {
  it("DT-08: a decision records its reasons and the appeal window (30 days)", () => {
    const world = decided(escalatedLateShipment());
    expect(world.claim.decision).toMatchObject({ staffId: "staff-1", reasons: ["No export record by the agreed date"], evidenceConsidered: [TRACKING.sha256] });
    // 30 days in each party's calendar; the later end counts (New York, 2026-04-19 23:59:59 local).
    expect(world.claim.appealWindowEndsAt).toBe("2026-04-20T03:59:59.000Z");
    expect(refusal(() => decideClaim(world.claim, { ...atFault, reasons: [] }, asStaff(DECIDED_AT))).code).toBe("COMMAND_INVALID");
  });

  it("DT-08: either party may appeal within the window; the appeal is decided by another staff member", () => {
    const world = decided(escalatedLateShipment());
    const appealed = applyWorld(world, appealDecision(world.claim, { reasons: ["Strike at the port"] }, asSupplier("2026-03-25T02:00:00.000Z")));
    expect(appealed.claim.appeal).toMatchObject({ by: "supplier", reasons: ["Strike at the port"] });
    expect(refusal(() => appealDecision(appealed.claim, { reasons: ["Me too"] }, asBuyer("2026-03-25T14:00:00.000Z"))).code).toBe("CLAIM_ALREADY_APPEALED");
    const same = refusal(() =>
      decideAppeal(appealed.claim, appealed, { outcome: "upheld", reasons: ["Evidence stands"] }, asStaff("2026-03-26T10:00:00.000Z", "staff-1")),
    );
    expect(same.code).toBe("APPEAL_SAME_STAFF");
    const events = decideAppeal(appealed.claim, appealed, { outcome: "upheld", reasons: ["Evidence stands"] }, asStaff("2026-03-26T10:00:00.000Z", "staff-2"));
    expect(only<ClaimAppealDecidedData>(events, CLAIM_EVENT.appealDecided).decision).toMatchObject({ staffId: "staff-2", outcome: "upheld" });
  });

  it("DT-08: after the window, no appeal; a settled decision then becomes final and the claim closes", () => {
    const world = decided(escalatedLateShipment(), { outcome: "supplier-not-at-fault", reasons: ["Shipped on time"], evidenceConsidered: [TRACKING.sha256] });
    expect(refusal(() => appealDecision(world.claim, { reasons: ["late"] }, asBuyer("2026-04-20T14:00:00.000Z"))).code).toBe("CLAIM_APPEAL_WINDOW_CLOSED");
    const closed = fire(world, CLAIM_DEADLINE.appealWindow, "2026-04-20T04:00:00.000Z");
    expect(closed.claim).toMatchObject({ status: "closed", closeReason: "settled", appealWindowClosed: true });
    expect(closed.order.openClaimId).toBeUndefined();
  });
});

describe("suspended supplier (TA-07)", () => {
  it("TA-07: staff decide a claim they opened on the buyer's behalf", () => {
    const given = depositPaidOrder();
    const filed = fileClaim(
      given.order,
      buyer,
      { ...supplier, suspended: true },
      given.ledger,
      { claimId: "clm-1", reason: "not-shipped-on-time", description: "Supplier suspended for fraud" },
      asStaff(LATE_FILED_AT),
    );
    const claim = claimFrom(filed);
    if (!claim) throw new Error("no claim");
    let world: World = applyWorld(
      { order: given.order, ledger: given.ledger, claim },
      filed.filter((e) => e.stream.type !== "claim"),
    );
    expect(world.claim.status).toBe("escalated");
    world = applyWorld(world, attachEvidence(world.claim, { file: TRACKING }, asStaff("2026-03-19T15:00:00.000Z")));
    const events = decideClaim(world.claim, atFault, asStaff(DECIDED_AT));
    expect(types(events)).toEqual([CLAIM_EVENT.decided, CLAIM_EVENT.refundDue]);
  });
});
