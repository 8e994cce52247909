import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE, deadlinesOfClaim, supplierRefundDueAt, supplierResponseDueAt } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type ClaimEscalatedData, type ClaimRefundDueData } from "../../src/domain/claims/claim-events.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { escalateClaim, escalationAvailableFrom } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { acceptProposal, propose, rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import type { PageRaisedData } from "../../src/domain/claims/claim-events.js";
import { LEDGER_EVENT } from "../../src/domain/ledger/ledger.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { applyWorld, lateShipmentClaim, only, types, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, refusal, usd } from "./orders-fixtures.js";

const RESPONDED_AT = "2026-03-20T02:00:00.000Z";

function supplierProposedPartial(): World {
  const world = lateShipmentClaim();
  return applyWorld(world, propose(world.claim, { proposal: { kind: "partial-refund", amount: usd(10_000) } }, asSupplier(RESPONDED_AT)));
}

describe("supplier response (CL-07)", () => {
  it("CL-07: the supplier has 15 business days in its own calendar (China) to respond, ending 23:59:59 Shanghai time", () => {
    const { claim } = lateShipmentClaim();
    // Filed 2026-03-18 (22:00 in Shanghai); the 15th Chinese business day after it is 2026-04-09
    // (weekends and the Qingming holiday, 4–6 April, skipped).
    expect(supplierResponseDueAt(claim)).toBe("2026-04-09T15:59:59.000Z");
    const [deadline] = deadlinesOfClaim(claim);
    expect(deadline).toMatchObject({ kind: CLAIM_DEADLINE.supplierResponse, actor: "supplier", actorPartyId: "supplier-1" });
  });

  it("CL-07: the supplier answers with a proposal; the buyer may not answer first", () => {
    const world = lateShipmentClaim();
    expect(refusal(() => propose(world.claim, { proposal: { kind: "full-refund" } }, asBuyer(RESPONDED_AT))).code).toBe("CLAIM_NOT_YOUR_TURN");
    const events = propose(world.claim, { proposal: { kind: "reship", newDate: "2026-04-01" } }, asSupplier(RESPONDED_AT));
    const next = applyWorld(world, events).claim;
    expect(next.status).toBe("negotiating");
    expect(next.supplierRespondedAt).toBe(RESPONDED_AT);
    expect(next.rounds).toEqual([
      { round: 1, by: "supplier", at: RESPONDED_AT, response: { kind: "proposal", proposal: { kind: "reship", newDate: "2026-04-01" } } },
    ]);
  });

  it("CL-07: a rejection must carry reasons", () => {
    const world = lateShipmentClaim();
    expect(refusal(() => rejectClaim(world.claim, { reasons: [] }, asSupplier(RESPONDED_AT))).code).toBe("COMMAND_INVALID");
    const events = rejectClaim(world.claim, { reasons: ["Shipped on time, see B/L"] }, asSupplier(RESPONDED_AT));
    expect(applyWorld(world, events).claim.rounds[0]?.response).toEqual({ kind: "rejection", reasons: ["Shipped on time, see B/L"] });
  });

  it("CL-07: a proposed partial refund cannot exceed the protected payment", () => {
    const world = lateShipmentClaim();
    const e = refusal(() => propose(world.claim, { proposal: { kind: "partial-refund", amount: usd(40_000) } }, asSupplier(RESPONDED_AT)));
    expect(e.code).toBe("CLAIM_REFUND_EXCEEDS_PROTECTED");
    expect(e.params).toMatchObject({ cap: usd(37_500) });
  });
});

describe("negotiation rounds (CL-08)", () => {
  it("CL-08: the buyer counters, the supplier accepts: the counter-proposal becomes the resolution and the refund gets its own deadline", () => {
    let world = supplierProposedPartial();
    world = applyWorld(world, propose(world.claim, { proposal: { kind: "full-refund" } }, asBuyer("2026-03-20T15:00:00.000Z")));
    expect(refusal(() => acceptProposal(world.claim, world, { round: 2 }, asBuyer("2026-03-21T15:00:00.000Z"))).code).toBe("CLAIM_NOT_YOUR_TURN");
    const events = acceptProposal(world.claim, world, { round: 2 }, asSupplier("2026-03-23T02:00:00.000Z"));
    expect(types(events)).toEqual([CLAIM_EVENT.proposalAccepted, CLAIM_EVENT.refundDue]);
    expect(only<ClaimRefundDueData>(events, CLAIM_EVENT.refundDue).refund).toMatchObject({ amount: usd(37_500), method: "tt" });
    const after = applyWorld(world, events).claim;
    expect(after.status).toBe("refund-due");
    expect(after.agreement).toMatchObject({ round: 2, acceptedBy: "supplier", proposal: { kind: "full-refund" } });
    // classic: 15 business days in the supplier's calendar from the agreement.
    expect(supplierRefundDueAt(after)).toBe("2026-04-14T15:59:59.000Z");
    expect(deadlinesOfClaim(after).map((d) => d.kind)).toEqual([CLAIM_DEADLINE.supplierRefund]);
  });

  it("CL-08: only the current proposal can be accepted", () => {
    let world = supplierProposedPartial();
    world = applyWorld(world, propose(world.claim, { proposal: { kind: "full-refund" } }, asBuyer("2026-03-20T15:00:00.000Z")));
    world = applyWorld(world, propose(world.claim, { proposal: { kind: "partial-refund", amount: usd(20_000) } }, asSupplier("2026-03-21T02:00:00.000Z")));
    const e = refusal(() => acceptProposal(world.claim, world, { round: 1 }, asBuyer("2026-03-21T15:00:00.000Z")));
    expect(e.code).toBe("CLAIM_PROPOSAL_NOT_CURRENT");
    expect(e.params).toMatchObject({ current: 3 });
  });

  it("CL-08: an agreed reship resolves the claim; the claim hold ends (TA-04)", () => {
    const world = lateShipmentClaim();
    const proposed = applyWorld(world, propose(world.claim, { proposal: { kind: "reship", newDate: "2026-04-01" } }, asSupplier(RESPONDED_AT)));
    const events = acceptProposal(proposed.claim, proposed, { round: 1 }, asBuyer("2026-03-20T15:00:00.000Z"));
    expect(types(events)).toEqual([
      CLAIM_EVENT.proposalAccepted,
      ORDER_EVENT.amendmentProposed, // PO-05: before the claim closes, so closing cannot complete the order
      CLAIM_EVENT.closed,
      LEDGER_EVENT.claimHoldEnded,
      ORDER_EVENT.claimClosed,
    ]);
    const after = applyWorld(proposed, events);
    expect(after.claim).toMatchObject({ status: "closed", closeReason: "resolved-by-agreement" });
    expect(after.order.openClaimId).toBeUndefined();
    expect(after.ledger.claimHolds.size).toBe(0);
  });

  it("CL-08: an agreed return-and-refund first waits for the return (DT-06)", () => {
    const world = lateShipmentClaim();
    const proposed = applyWorld(world, propose(world.claim, { proposal: { kind: "return-and-refund" } }, asSupplier(RESPONDED_AT)));
    const events = acceptProposal(proposed.claim, proposed, { round: 1 }, asBuyer("2026-03-20T15:00:00.000Z"));
    expect(types(events)).toEqual([CLAIM_EVENT.proposalAccepted, CLAIM_EVENT.returnRequired]);
    expect(applyWorld(proposed, events).claim.status).toBe("awaiting-return");
  });
});

describe("escalation (CL-09)", () => {
  it("CL-09: before the supplier's response window passed, escalation is not yet available and says from when", () => {
    const { claim } = lateShipmentClaim();
    const e = refusal(() => escalateClaim(claim, {}, asBuyer("2026-03-25T14:00:00.000Z")));
    expect(e.code).toBe("CLAIM_ESCALATION_NOT_YET_AVAILABLE");
    expect(e.params).toMatchObject({ availableFrom: "2026-04-09T15:59:59.000Z" });
  });

  it("CL-09: once the supplier did not respond in time, the buyer asks the platform to decide and staff are paged (DT-01)", () => {
    const world = lateShipmentClaim();
    const overdue = applyWorld(
      world,
      deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: "claim:clm-1:supplier-response:0" }, asSystem("2026-04-09T16:00:00.000Z")),
    );
    expect(overdue.claim.responseOverdueAt).toBe("2026-04-09T16:00:00.000Z");
    const events = escalateClaim(overdue.claim, {}, asBuyer("2026-04-10T14:00:00.000Z"));
    expect(only<ClaimEscalatedData>(events, CLAIM_EVENT.escalated).escalation).toEqual({ at: "2026-04-10T14:00:00.000Z", by: "buyer", reason: "no-response" });
    expect(only<PageRaisedData>(events, CLAIM_EVENT.pageRaised).page).toMatchObject({ level: 1, link: "/staff/cases/clm-1" });
    expect(applyWorld(overdue, events).claim.status).toBe("escalated");
  });

  it("CL-09: a supplier who offers no solution (rejection) may be escalated by the buyer at once", () => {
    const world = lateShipmentClaim();
    const rejected = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier(RESPONDED_AT)));
    const events = escalateClaim(rejected.claim, {}, asBuyer("2026-03-20T15:00:00.000Z"));
    expect(only<ClaimEscalatedData>(events, CLAIM_EVENT.escalated).escalation.reason).toBe("supplier-rejected");
    expect(refusal(() => escalateClaim(rejected.claim, {}, asSupplier("2026-03-20T15:00:00.000Z"))).code).toBe("CLAIM_ESCALATION_NOT_YET_AVAILABLE");
  });

  it("CL-09: with no agreement within the 15-day negotiation period, either party may escalate", () => {
    const world = supplierProposedPartial();
    const countered = applyWorld(world, propose(world.claim, { proposal: { kind: "full-refund" } }, asBuyer("2026-03-20T15:00:00.000Z")));
    const endsAt = escalationAvailableFrom(countered.claim, "supplier");
    expect(endsAt).toBe("2026-04-04T03:59:59.000Z"); // 15 calendar days after 2026-03-19 (New York), 23:59:59 local
    expect(refusal(() => escalateClaim(countered.claim, {}, asSupplier("2026-04-03T12:00:00.000Z"))).code).toBe("CLAIM_ESCALATION_NOT_YET_AVAILABLE");
    const events = escalateClaim(countered.claim, {}, asSupplier("2026-04-04T05:00:00.000Z"));
    expect(only<ClaimEscalatedData>(events, CLAIM_EVENT.escalated).escalation).toMatchObject({ by: "supplier", reason: "no-agreement" });
  });

  it("CL-09: express — the buyer may escalate from day 4 of the claim", () => {
    const { claim } = lateShipmentClaim("express");
    expect(escalationAvailableFrom(claim, "buyer")).toBe("2026-03-21T15:59:59.000Z"); // supplier's 3 calendar days passed first
    const world = lateShipmentClaim("express");
    const responded = applyWorld(world, propose(world.claim, { proposal: { kind: "partial-refund", amount: usd(5_000) } }, asSupplier(RESPONDED_AT)));
    expect(escalationAvailableFrom(responded.claim, "buyer")).toBe("2026-03-22T04:00:00.000Z"); // day 4 starts at midnight in New York
    const events = escalateClaim(responded.claim, {}, asBuyer("2026-03-22T04:00:00.000Z"));
    expect(only<ClaimEscalatedData>(events, CLAIM_EVENT.escalated).escalation.reason).toBe("buyer-day-reached");
  });

  it("CL-09: express — the case escalates by itself on its day 7", () => {
    const world = lateShipmentClaim("express");
    const auto = deadlinesOfClaim(world.claim).find((d) => d.kind === CLAIM_DEADLINE.autoEscalation);
    expect(auto).toMatchObject({ dueAt: "2026-03-25T04:00:00.000Z", defaultOutcome: "escalate" });
    const early = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: auto?.id ?? "" }, asSystem("2026-03-25T03:59:00.000Z"));
    expect(early).toEqual([]);
    const events = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: auto?.id ?? "" }, asSystem("2026-03-25T04:00:30.000Z"));
    expect(only<ClaimEscalatedData>(events, CLAIM_EVENT.escalated).escalation).toMatchObject({ by: "system", reason: "automatic" });
    expect(types(events)).toContain(CLAIM_EVENT.pageRaised);
    expect(
      lateShipmentClaim("classic").claim && deadlinesOfClaim(lateShipmentClaim("classic").claim).some((d) => d.kind === CLAIM_DEADLINE.autoEscalation),
    ).toBe(false);
  });
});
