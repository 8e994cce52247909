/**
 * DT-01 / DT-02 "Take case": a staff member assigns an escalated case to themselves. The page follows
 * the case: repeats to others stop, and the DT-02 re-page goes to the taker (also after a take-over).
 */
import { describe, expect, it } from "vitest";
import { deadlinesOfClaim } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type PageRoundData } from "../../src/domain/claims/claim-events.js";
import { acknowledgePageInPagerDuty } from "../../src/domain/claims/paging.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { CASE_ASSIGNMENT_EVENT, evolveCaseAssignment, takeCase, type CaseAssignment } from "../../src/domain/paging/case-assignment.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { applyWorld, asStaff, evidenceFile, lateShipmentClaim, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, refusal } from "./orders-fixtures.js";

const ESCALATED_AT = "2026-03-19T14:00:00.000Z";
const PAGE_ID = "clm-1/page/1";

function escalated(): World {
  let world = lateShipmentClaim("classic");
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer(ESCALATED_AT)));
  return applyWorld(world, attachEvidence(world.claim, { file: evidenceFile("tracking-data") }, asBuyer(ESCALATED_AT)));
}

const assignmentOf = (events: readonly DomainEvent[], before?: CaseAssignment) => events.reduce(evolveCaseAssignment, before);
const pageStep = (world: World) => deadlinesOfClaim(world.claim).find((d) => d.id.startsWith("page:"));

describe("take case (DT-01/DT-02)", () => {
  it("DT-01: taking a case acknowledges its page as the taker's: no more repeats to others; DT-02 re-pages the taker", () => {
    const world = escalated();
    expect(pageStep(world)?.kind).toBe("repeat-page");
    const events = takeCase(world.claim, undefined, { via: "slack" }, asStaff("2026-03-19T14:05:00.000Z", "staff-7"));
    expect(events.map((e) => e.type)).toEqual([CASE_ASSIGNMENT_EVENT.taken, CLAIM_EVENT.pageAcknowledged]);
    expect(events[0]).toMatchObject({ stream: { type: "case-assignment", id: "clm-1" }, data: { claimId: "clm-1", staffId: "staff-7", via: "slack" } });
    const taken = applyWorld(world, events);
    expect(taken.claim.pages[0]).toMatchObject({ acknowledgedBy: "staff-7", acknowledgedVia: "slack" });
    const step = pageStep(taken);
    expect(step?.kind).toBe("repage-acknowledger");
    const repaged = deadlinePassed(taken.claim, taken.order, taken.ledger, { deadlineId: step?.id ?? "" }, asSystem(step?.dueAt ?? ""));
    expect((repaged[0]?.data as PageRoundData).newRound.targets.staffIds).toEqual(["staff-7"]);
  });

  it("DT-01: taking is idempotent; a second staff member is refused with who has it; an explicit take-over moves the page to them", () => {
    const world = escalated();
    const first = takeCase(world.claim, undefined, {}, asStaff("2026-03-19T14:05:00.000Z", "staff-7"));
    const taken = applyWorld(world, first);
    const assignment = assignmentOf(first);
    expect(assignment).toMatchObject({ takenBy: "staff-7", via: "console" });
    expect(takeCase(taken.claim, assignment, {}, asStaff("2026-03-19T14:06:00.000Z", "staff-7"))).toEqual([]);
    const refused = refusal(() => takeCase(taken.claim, assignment, {}, asStaff("2026-03-19T14:07:00.000Z", "staff-9")));
    expect(refused).toMatchObject({ code: "CASE_ALREADY_TAKEN", params: { claimId: "clm-1", takenBy: "staff-7" } });

    const over = takeCase(taken.claim, assignment, { takeOver: true }, asStaff("2026-03-19T14:08:00.000Z", "staff-9"));
    expect(over[0]?.data).toEqual({ claimId: "clm-1", staffId: "staff-9", via: "console", takenOverFrom: "staff-7" });
    const handedOver = applyWorld(taken, over);
    expect(assignmentOf(over, assignment)?.history.map((h) => h.staffId)).toEqual(["staff-7", "staff-9"]);
    const step = pageStep(handedOver);
    const repaged = deadlinePassed(handedOver.claim, handedOver.order, handedOver.ledger, { deadlineId: step?.id ?? "" }, asSystem(step?.dueAt ?? ""));
    expect((repaged[0]?.data as PageRoundData).newRound.targets.staffIds).toEqual(["staff-9"]);
  });

  it("DT-01: a page acknowledged in PagerDuty becomes the taker's (the re-page needs a staff member); only staff, only an escalated case", () => {
    const world = escalated();
    const pd = applyWorld(world, acknowledgePageInPagerDuty(world.claim, { pageId: PAGE_ID, round: 1, agent: "Ana" }, asSystem("2026-03-19T14:02:00.000Z")));
    const events = takeCase(pd.claim, undefined, {}, asStaff("2026-03-19T14:05:00.000Z", "staff-7"));
    expect(applyWorld(pd, events).claim.pages[0]?.acknowledgedBy).toBe("staff-7");
    expect(refusal(() => takeCase(world.claim, undefined, {}, asBuyer("2026-03-19T14:05:00.000Z"))).code).toBe("STAFF_ONLY");
    expect(refusal(() => takeCase(lateShipmentClaim("classic").claim, undefined, {}, asStaff("2026-03-19T14:05:00.000Z"))).code).toBe(
      "CASE_NOT_AWAITING_DECISION",
    );
  });
});
