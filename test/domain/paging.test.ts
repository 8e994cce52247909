import { describe, expect, it } from "vitest";
import { deadlinesOfClaim } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type PageData } from "../../src/domain/claims/claim-events.js";
import { acknowledgePage, caseLink } from "../../src/domain/claims/paging.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import type { PolicyProfileName } from "../../src/domain/policy/policy.js";
import { applyWorld, asStaff, lateShipmentClaim, only, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, refusal } from "./orders-fixtures.js";

const ESCALATED_AT = "2026-03-19T14:00:00.000Z";
const PAGE_ID = "clm-1/page/1";

function escalated(policy: PolicyProfileName = "classic"): World {
  let world = lateShipmentClaim(policy);
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  return applyWorld(world, escalateClaim(world.claim, {}, asBuyer(ESCALATED_AT)));
}

function pageDeadlines(world: World): { kind: string; id: string; dueAt: string }[] {
  return deadlinesOfClaim(world.claim)
    .filter((d) => d.kind.endsWith("-page"))
    .map(({ kind, id, dueAt }) => ({ kind, id, dueAt }));
}

function fire(world: World, kind: string, now: string): World {
  const deadline = pageDeadlines(world).find((d) => d.kind === kind);
  if (!deadline) throw new Error(`no ${kind}`);
  return applyWorld(world, deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: deadline.id }, asSystem(now)));
}

describe("paging staff on call (DT-01)", () => {
  it("DT-01: escalation pages the first level with a link to the case", () => {
    const { claim } = escalated();
    expect(claim.pages).toEqual([
      {
        pageId: PAGE_ID,
        claimId: "clm-1",
        reason: "escalated",
        link: "/staff/cases/clm-1",
        level: 1,
        raisedAt: ESCALATED_AT,
        levelStartedAt: ESCALATED_AT,
        lastNotifiedAt: ESCALATED_AT,
        notifications: 1,
      },
    ]);
    expect(caseLink("a b")).toBe("/staff/cases/a%20b");
  });

  it("DT-01: an unacknowledged page is repeated after 15 minutes and escalated to level 2 after 45 (classic)", () => {
    let world = escalated();
    expect(pageDeadlines(world)).toEqual([
      { kind: "repeat-page", id: "page:clm-1/page/1:repeat-page:1", dueAt: "2026-03-19T14:15:00.000Z" },
      { kind: "escalate-page", id: "page:clm-1/page/1:escalate-page:1", dueAt: "2026-03-19T14:45:00.000Z" },
    ]);
    world = fire(world, "repeat-page", "2026-03-19T14:15:00.000Z");
    expect(world.claim.pages[0]).toMatchObject({ level: 1, notifications: 2, lastNotifiedAt: "2026-03-19T14:15:00.000Z" });
    expect(pageDeadlines(world)[0]).toMatchObject({ kind: "repeat-page", dueAt: "2026-03-19T14:30:00.000Z" });
    world = fire(world, "escalate-page", "2026-03-19T14:45:00.000Z");
    expect(world.claim.pages[0]).toMatchObject({ level: 2, notifications: 3 });
    expect(pageDeadlines(world).map((d) => d.kind)).toEqual(["repeat-page"]);
  });

  it("DT-01: express pages repeat after 10 minutes and escalate after 30", () => {
    const world = escalated("express");
    expect(pageDeadlines(world).map((d) => d.dueAt)).toEqual(["2026-03-19T14:10:00.000Z", "2026-03-19T14:30:00.000Z"]);
  });

  it("DT-01: a staff member acknowledges the page; it is no longer repeated or escalated", () => {
    const world = escalated();
    expect(refusal(() => acknowledgePage(world.claim, { pageId: PAGE_ID }, asBuyer("2026-03-19T14:05:00.000Z"))).code).toBe("STAFF_ONLY");
    expect(refusal(() => acknowledgePage(world.claim, { pageId: "nope" }, asStaff("2026-03-19T14:05:00.000Z"))).code).toBe("PAGE_NOT_FOUND");
    const events = acknowledgePage(world.claim, { pageId: PAGE_ID }, asStaff("2026-03-19T14:05:00.000Z", "staff-7"));
    expect(only(events, CLAIM_EVENT.pageAcknowledged)).toEqual({ pageId: PAGE_ID, staffId: "staff-7" });
    const acked = applyWorld(world, events);
    expect(pageDeadlines(acked)).toEqual([]);
    expect(refusal(() => acknowledgePage(acked.claim, { pageId: PAGE_ID }, asStaff("2026-03-19T14:06:00.000Z"))).code).toBe("PAGE_ALREADY_ACKNOWLEDGED");
    // A page deadline that fires after the acknowledgement is stale: nothing happens.
    const staleId = pageDeadlines(world)[0]?.id ?? "";
    expect(deadlinePassed(acked.claim, acked.order, acked.ledger, { deadlineId: staleId }, asSystem("2026-03-19T14:20:00.000Z"))).toEqual([]);
  });

  it("DT-01: the escalation event names the next level", () => {
    const world = escalated();
    const deadline = pageDeadlines(world).find((d) => d.kind === "escalate-page");
    const events = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: deadline?.id ?? "" }, asSystem("2026-03-19T14:46:00.000Z"));
    expect(only<PageData>(events, CLAIM_EVENT.pageEscalated)).toEqual({ pageId: PAGE_ID, level: 2, notifications: 2 });
  });
});
