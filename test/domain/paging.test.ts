import { describe, expect, it } from "vitest";
import { deadlinesOfClaim } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type PageAcknowledgedData, type PageData, type PageRoundData } from "../../src/domain/claims/claim-events.js";
import { acknowledgePage, acknowledgePageInPagerDuty, caseLink, evolvePages } from "../../src/domain/claims/paging.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { decideClaim } from "../../src/domain/claims/use-cases/decide-claim.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { claimNotifications } from "../../src/domain/notifications/claim-notifications.js";
import {
  builtInEscalationPolicy,
  evolveEscalationPolicy,
  reviseEscalationPolicy,
  type EscalationPolicy,
  type EscalationPolicyInput,
} from "../../src/domain/paging/escalation-policy.js";
import { CLASSIC_V1, type PolicyProfileName } from "../../src/domain/policy/policy.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { applyWorld, asStaff, evidenceFile, lateShipmentClaim, only, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, refusal } from "./orders-fixtures.js";

/** Thursday 2026-03-19 15:00 in Berlin (14:00 UTC). */
const ESCALATED_AT = "2026-03-19T14:00:00.000Z";
const PAGE_ID = "clm-1/page/1";
/** DT-02: 7 calendar days after the escalation, end of day in the buyer's zone (New York). */
const DECISION_DUE = "2026-03-27T03:59:59.000Z";
const TRACKING = evidenceFile("tracking-data");

const BERLIN_HOURS = { calendar: { country: "DE", timeZone: "Europe/Berlin" }, opensAt: "08:00", closesAt: "18:00" };

/** A staff team's policy: two levels by name and PagerDuty service, a night rota, a lead for big claims. */
const TEAM_POLICY: EscalationPolicyInput = {
  levels: [
    { targets: { staffIds: ["staff-1", "staff-2"], pagerDutyRoutingKeyRef: "disputes", slackChannel: "#disputes" }, escalateAfterMinutes: 30, repeats: 1 },
    { targets: { staffIds: ["lead-1"], pagerDutyRoutingKeyRef: "leads" }, escalateAfterMinutes: 60, repeats: 3 },
  ],
  hours: BERLIN_HOURS,
  outOfHours: { targets: { staffIds: ["night-1"], pagerDutyRoutingKeyRef: "night" }, escalateAfterMinutes: 120, repeats: 3 },
  highValue: { above: [{ amountMinor: 1_000_000, currency: "USD" }], levels: [{ targets: { staffIds: ["lead-1"] }, escalateAfterMinutes: 20, repeats: 1 }] },
  repageBeforeTargetMinutes: 24 * 60,
};

function teamPolicy(input: EscalationPolicyInput = TEAM_POLICY): EscalationPolicy {
  const [revised] = reviseEscalationPolicy(undefined, input, asStaff("2026-03-01T09:00:00.000Z", "admin-1"));
  const policy = revised && evolveEscalationPolicy(undefined, revised);
  if (!policy) throw new Error("no policy");
  return policy;
}

function escalated(options: { policy?: PolicyProfileName; paging?: EscalationPolicy; at?: string } = {}): World {
  let world = lateShipmentClaim(options.policy ?? "classic");
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer(options.at ?? ESCALATED_AT), options.paging));
  return applyWorld(world, attachEvidence(world.claim, { file: TRACKING }, asBuyer(options.at ?? ESCALATED_AT)));
}

function pageStep(world: World): { kind: string; id: string; dueAt: string } | undefined {
  const found = deadlinesOfClaim(world.claim).filter((d) => d.subject.type === "claim" && d.id.startsWith("page:"));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0] && { kind: found[0].kind, id: found[0].id, dueAt: found[0].dueAt };
}

/** Fires the page's next step when due; returns the world and the events. */
function fireStep(world: World): { world: World; events: DomainEvent[] } {
  const step = pageStep(world);
  if (!step) throw new Error("the page waits on nothing");
  const events = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: step.id }, asSystem(step.dueAt));
  return { world: applyWorld(world, events), events };
}

describe("paging staff on call (DT-01)", () => {
  it("DT-01: escalation pages the first level of the policy in force, with a link to the case and the policy version on the page", () => {
    const { claim } = escalated();
    const builtIn = builtInEscalationPolicy(CLASSIC_V1);
    expect(claim.pages).toHaveLength(1);
    expect(claim.pages[0]).toMatchObject({
      pageId: PAGE_ID,
      claimId: "clm-1",
      reason: "escalated",
      link: "/staff/cases/clm-1",
      level: 1,
      raisedAt: ESCALATED_AT,
      notifications: 1,
      policy: { version: 0, ladder: builtIn.levels },
      rounds: [
        {
          round: 1,
          level: 1,
          outOfHours: false,
          reason: "raised",
          startedAt: ESCALATED_AT,
          repeated: 0,
          targets: { staffIds: [], pagerDutyRoutingKeyRef: "default" },
        },
      ],
    });
    expect(caseLink("a b")).toBe("/staff/cases/a%20b");
  });

  it("DT-01: an unacknowledged page is repeated every 15 minutes, escalated to level 2 after 45, and the top level keeps repeating (classic)", () => {
    let world = escalated();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { world: next, events } = fireStep(world);
      const [e] = events;
      seen.push(`${e?.type} ${e?.at.slice(11, 16)} L${(e?.data as PageData).level} R${(e?.data as PageData).round}`);
      world = next;
    }
    expect(seen).toEqual([
      "PageRepeated 14:15 L1 R1",
      "PageRepeated 14:30 L1 R1",
      "PageEscalated 14:45 L2 R2",
      "PageRepeated 15:00 L2 R2",
      "PageRepeated 15:15 L2 R2",
    ]);
    expect(world.claim.pages[0]).toMatchObject({ level: 2, notifications: 6, lastNotifiedAt: "2026-03-19T15:15:00.000Z" });
  });

  it("DT-01: after downtime a page is repeated once when the scheduler is back, not once per missed slot", () => {
    const world = escalated();
    const step = pageStep(world);
    const late = applyWorld(
      world,
      deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: step?.id ?? "" }, asSystem("2026-03-19T18:00:00.000Z")),
    );
    // The page was at level 1 (its 45-minute escalation is long past): the late repeat is followed by the escalation, due at once.
    expect(pageStep(late)).toMatchObject({ kind: "escalate-page", dueAt: "2026-03-19T14:45:00.000Z" });
    const escalatedLate = applyWorld(
      late,
      deadlinePassed(late.claim, late.order, late.ledger, { deadlineId: pageStep(late)?.id ?? "" }, asSystem("2026-03-19T18:00:05.000Z")),
    );
    expect(pageStep(escalatedLate)).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-19T18:15:05.000Z" });
  });

  it("DT-01: express pages repeat after 10 minutes and escalate after 30", () => {
    let world = escalated({ policy: "express" });
    expect(pageStep(world)).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-19T14:10:00.000Z" });
    world = fireStep(fireStep(world).world).world;
    expect(pageStep(world)).toMatchObject({ kind: "escalate-page", dueAt: "2026-03-19T14:30:00.000Z" });
  });

  it("DT-01: a staff member acknowledges the page; it is no longer repeated or escalated, and a late step is a no-op", () => {
    const world = escalated();
    expect(refusal(() => acknowledgePage(world.claim, { pageId: PAGE_ID }, asBuyer("2026-03-19T14:05:00.000Z"))).code).toBe("STAFF_ONLY");
    expect(refusal(() => acknowledgePage(world.claim, { pageId: "nope" }, asStaff("2026-03-19T14:05:00.000Z"))).code).toBe("PAGE_NOT_FOUND");
    const events = acknowledgePage(world.claim, { pageId: PAGE_ID, via: "slack" }, asStaff("2026-03-19T14:05:00.000Z", "staff-7"));
    expect(only(events, CLAIM_EVENT.pageAcknowledged)).toEqual({ pageId: PAGE_ID, staffId: "staff-7", round: 1, via: "slack" });
    const acked = applyWorld(world, events);
    // Acknowledged a week before the target: the next step is the DT-02 re-page, not a repeat.
    expect(pageStep(acked)).toMatchObject({ kind: "repage-acknowledger", dueAt: "2026-03-26T03:59:59.000Z" });
    expect(refusal(() => acknowledgePage(acked.claim, { pageId: PAGE_ID }, asStaff("2026-03-19T14:06:00.000Z"))).code).toBe("PAGE_ALREADY_ACKNOWLEDGED");
    const staleId = pageStep(world)?.id ?? "";
    expect(deadlinePassed(acked.claim, acked.order, acked.ledger, { deadlineId: staleId }, asSystem("2026-03-19T14:20:00.000Z"))).toEqual([]);
  });

  it("DT-01: an acknowledgement counts once whichever came first — PagerDuty after the console, or a webhook of an earlier round, changes nothing", () => {
    const world = escalated();
    const viaPagerDuty = acknowledgePageInPagerDuty(world.claim, { pageId: PAGE_ID, round: 1, agent: "Ana On-call" }, asSystem("2026-03-19T14:03:00.000Z"));
    expect(only<PageAcknowledgedData>(viaPagerDuty, CLAIM_EVENT.pageAcknowledged)).toEqual({
      pageId: PAGE_ID,
      staffId: "pagerduty:Ana On-call",
      round: 1,
      via: "pagerduty",
      agent: "Ana On-call",
    });
    const acked = applyWorld(world, viaPagerDuty);
    expect(acknowledgePageInPagerDuty(acked.claim, { pageId: PAGE_ID, round: 1, agent: "Ana On-call" }, asSystem("2026-03-19T14:04:00.000Z"))).toEqual([]);
    expect(refusal(() => acknowledgePage(acked.claim, { pageId: PAGE_ID }, asStaff("2026-03-19T14:05:00.000Z"))).code).toBe("PAGE_ALREADY_ACKNOWLEDGED");
    const escalatedOnce = fireStep(fireStep(fireStep(world).world).world).world; // round 2 now
    expect(acknowledgePageInPagerDuty(escalatedOnce.claim, { pageId: PAGE_ID, round: 1, agent: "late webhook" }, asSystem("2026-03-19T14:50:00.000Z"))).toEqual(
      [],
    );
  });

  it("DT-01: a staff policy pages its named staff and PagerDuty service per level; the notifications go to those staff members only", () => {
    let world = escalated({ paging: teamPolicy() });
    const page = world.claim.pages[0];
    expect(page?.policy.version).toBe(1);
    expect(page?.rounds[0]?.targets).toEqual({ staffIds: ["staff-1", "staff-2"], pagerDutyRoutingKeyRef: "disputes", slackChannel: "#disputes" });
    const raised =
      world.claim.pages[0] &&
      claimNotifications(
        {
          type: CLAIM_EVENT.pageRaised,
          stream: { type: "claim", id: "clm-1" },
          at: ESCALATED_AT,
          actor: { kind: "buyer" },
          data: { page: world.claim.pages[0] },
        },
        world.claim,
      );
    expect(raised?.map((n) => n.recipient)).toEqual([{ partyId: "staff-1" }, { partyId: "staff-2" }]);
    expect(pageStep(world)).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-19T14:15:00.000Z" });
    world = fireStep(world).world;
    const { world: next, events } = fireStep(world);
    const escalation = only<PageRoundData>(events, CLAIM_EVENT.pageEscalated);
    expect(escalation.newRound).toMatchObject({ round: 2, level: 2, reason: "escalated", targets: { staffIds: ["lead-1"], pagerDutyRoutingKeyRef: "leads" } });
    expect(events[0] && claimNotifications(events[0], next.claim).map((n) => n.recipient)).toEqual([{ partyId: "lead-1" }]);
  });

  it("DT-01: a page due at 03:00 goes to the out-of-hours level, which repeats until the team opens and then hands the page to the day ladder", () => {
    // 02:00 UTC = 03:00 in Berlin, Friday 2026-03-20.
    let world = escalated({ paging: teamPolicy(), at: "2026-03-20T02:00:00.000Z" });
    expect(world.claim.pages[0]?.rounds[0]).toMatchObject({
      round: 1,
      level: 1,
      outOfHours: true,
      reason: "out-of-hours",
      targets: { staffIds: ["night-1"], pagerDutyRoutingKeyRef: "night" },
    });
    expect(pageStep(world)).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-20T02:30:00.000Z" });
    world = fireStep(world).world; // 02:30
    world = fireStep(world).world; // 03:00
    world = fireStep(world).world; // 03:30
    world = fireStep(world).world; // 04:00
    world = fireStep(world).world; // 04:30
    // Opens at 08:00 Berlin = 07:00 UTC.
    while (pageStep(world)?.kind === "repeat-page") world = fireStep(world).world;
    expect(pageStep(world)).toMatchObject({ kind: "escalate-page", dueAt: "2026-03-20T07:00:00.000Z" });
    const { events } = fireStep(world);
    expect(only<PageRoundData>(events, CLAIM_EVENT.pageEscalated).newRound).toMatchObject({
      level: 1,
      outOfHours: false,
      reason: "back-in-hours",
      targets: { staffIds: ["staff-1", "staff-2"] },
    });
  });

  it("DT-01: a repeat due after closing time goes to the out-of-hours level instead", () => {
    // 16:50 UTC = 17:50 Berlin; the repeat at 18:05 Berlin is out of hours.
    const world = escalated({ paging: teamPolicy(), at: "2026-03-19T16:50:00.000Z" });
    expect(world.claim.pages[0]?.rounds[0]?.outOfHours).toBe(false);
    const { events } = fireStep(world);
    expect(only<PageRoundData>(events, CLAIM_EVENT.pageEscalated).newRound).toMatchObject({ round: 2, level: 1, outOfHours: true, reason: "out-of-hours" });
  });

  it("DT-01: a claim above the high-value threshold is paged on the high-value ladder", () => {
    const policy = teamPolicy({
      ...TEAM_POLICY,
      highValue: { above: [{ amountMinor: 100, currency: "USD" }], levels: [{ targets: { staffIds: ["lead-1"] }, escalateAfterMinutes: 20, repeats: 1 }] },
    });
    const world = escalated({ paging: policy });
    expect(world.claim.pages[0]?.rounds[0]?.targets).toEqual({ staffIds: ["lead-1"] });
    expect(escalated({ paging: teamPolicy() }).claim.pages[0]?.rounds[0]?.targets.staffIds).toEqual(["staff-1", "staff-2"]);
  });
});

describe("pages stored before escalation policies (DT-01)", () => {
  it("DT-01: a page raised by an earlier release (no policy, no rounds) is read on the classic ladder and keeps paging", () => {
    const world = escalated();
    const legacy = {
      pageId: PAGE_ID,
      claimId: "clm-1",
      reason: "escalated",
      link: "/staff/cases/clm-1",
      level: 1,
      raisedAt: ESCALATED_AT,
      levelStartedAt: ESCALATED_AT,
      lastNotifiedAt: ESCALATED_AT,
      notifications: 1,
    };
    const claim = {
      ...world.claim,
      pages: evolvePages([], {
        type: CLAIM_EVENT.pageRaised,
        stream: { type: "claim", id: "clm-1" },
        at: ESCALATED_AT,
        actor: { kind: "buyer" },
        data: { page: legacy },
      }),
    };
    expect(claim.pages[0]?.rounds).toHaveLength(1);
    expect(pageStep({ ...world, claim })).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-19T14:15:00.000Z" });
  });
});

describe("the page follows the case (DT-02)", () => {
  it("DT-02: acknowledged but undecided a day before the target, the acknowledger is paged again, then the next level", () => {
    let world = escalated({ paging: teamPolicy() });
    world = applyWorld(world, acknowledgePage(world.claim, { pageId: PAGE_ID }, asStaff("2026-03-19T14:10:00.000Z", "staff-2")));
    expect(pageStep(world)).toMatchObject({ kind: "repage-acknowledger", dueAt: "2026-03-26T03:59:59.000Z" });
    const repaged = fireStep(world);
    const data = only<PageRoundData>(repaged.events, CLAIM_EVENT.pageRepaged);
    expect(data.newRound).toMatchObject({
      round: 2,
      level: 1,
      reason: "repage-acknowledger",
      targets: { staffIds: ["staff-2"], pagerDutyRoutingKeyRef: "disputes" },
    });
    expect(repaged.events[0] && claimNotifications(repaged.events[0], repaged.world.claim)).toEqual([
      expect.objectContaining({
        recipient: { partyId: "staff-2" },
        text: expect.objectContaining({ key: "paging:notify.repage" }),
        deadline: expect.objectContaining({ dueAt: DECISION_DUE }),
      }),
    ]);
    world = repaged.world;
    // The acknowledger's round is not moved to the night rota (05:00 Berlin): it is theirs.
    world = fireStep(world).world;
    expect(world.claim.pages[0]?.rounds).toHaveLength(2);
    const next = fireStep(world);
    expect(only<PageRoundData>(next.events, CLAIM_EVENT.pageEscalated).newRound).toMatchObject({ round: 3, level: 2, reason: "out-of-hours" });
  });

  it("DT-02: someone who acknowledged in PagerDuty is re-paged through their level's targets", () => {
    let world = escalated({ paging: teamPolicy() });
    world = applyWorld(world, acknowledgePageInPagerDuty(world.claim, { pageId: PAGE_ID, round: 1, agent: "Ana" }, asSystem("2026-03-19T14:10:00.000Z")));
    const { events } = fireStep(world);
    expect(only<PageRoundData>(events, CLAIM_EVENT.pageRepaged).newRound.targets).toEqual({
      staffIds: ["staff-1", "staff-2"],
      pagerDutyRoutingKeyRef: "disputes",
      slackChannel: "#disputes",
    });
  });

  it("DT-02: the decision ends the page: nothing is repeated or re-paged after it", () => {
    const world = escalated();
    expect(pageStep(world)).toBeDefined();
    const decided = applyWorld(
      world,
      decideClaim(
        world.claim,
        { outcome: "supplier-at-fault", reasons: ["No export record"], evidenceConsidered: [TRACKING.sha256] },
        asStaff("2026-03-19T16:00:00.000Z"),
      ),
    );
    expect(pageStep(decided)).toBeUndefined();
  });
});

describe("the escalation policy is versioned (DT-01)", () => {
  it("DT-01: each save is a new version with its author and date; only staff save; an invalid policy is refused naming the fields", () => {
    const first = teamPolicy();
    expect(first).toMatchObject({ version: 1, revisedBy: "admin-1", effectiveFrom: "2026-03-01T09:00:00.000Z" });
    const [second] = reviseEscalationPolicy(first, { ...TEAM_POLICY, repageBeforeTargetMinutes: 120 }, asStaff("2026-03-02T09:00:00.000Z", "admin-2"));
    expect(second && evolveEscalationPolicy(first, second)).toMatchObject({ version: 2, revisedBy: "admin-2", repageBeforeTargetMinutes: 120 });
    expect(refusal(() => reviseEscalationPolicy(first, TEAM_POLICY, asBuyer("2026-03-02T09:00:00.000Z"))).code).toBe("STAFF_ONLY");
    const { outOfHours: _night, ...noNight } = TEAM_POLICY;
    const refused = refusal(() => reviseEscalationPolicy(first, noNight, asStaff("2026-03-02T09:00:00.000Z")));
    expect(refused).toMatchObject({ code: "COMMAND_INVALID", params: { fields: ["outOfHours"] } });
    const tooFast = { ...TEAM_POLICY, levels: [{ targets: { staffIds: ["a", "a"] }, escalateAfterMinutes: 2, repeats: 5 }] };
    expect(refusal(() => reviseEscalationPolicy(first, tooFast, asStaff("2026-03-02T09:00:00.000Z"))).params).toEqual({
      fields: ["levels.0.targets.staffIds", "levels.0.repeats"],
    });
  });

  it("DT-01: a page keeps the version it was raised under when the policy changes later", () => {
    const world = escalated({ paging: teamPolicy() });
    const [revised] = reviseEscalationPolicy(
      teamPolicy(),
      { ...TEAM_POLICY, levels: [{ targets: { staffIds: ["x"] }, escalateAfterMinutes: 5, repeats: 0 }] },
      asStaff("2026-03-19T14:01:00.000Z"),
    );
    expect(revised).toBeDefined();
    // The page's next step still follows version 1 (repeat at 14:15), whatever version 2 says.
    expect(pageStep(world)).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-19T14:15:00.000Z" });
    expect(world.claim.pages[0]?.policy.version).toBe(1);
  });
});
