/**
 * DT-01: on escalation, staff on call are paged with a link to the case; an unacknowledged page is
 * repeated, then escalated to the next level of the staff team's escalation policy (the version in
 * force is recorded on the page). DT-02: the page follows the case — acknowledged but undecided as
 * the decision target approaches, the acknowledger is paged again, then the next level. Pages are
 * events on the claim stream (the case timeline, with who and when); the paging adapters (console,
 * Slack staff channel, PagerDuty) deliver them. Rounds and their timing: `src/domain/paging/page.ts`.
 */
import { z } from "zod";
import type { Deadline } from "../deadlines/deadline.js";
import { deadlineId } from "../deadlines/deadline.js";
import { builtInEscalationPolicy, ladderFor, type EscalationPolicy } from "../paging/escalation-policy.js";
import {
  applyMove,
  currentRound,
  firstRound,
  moveOf,
  nextPageStep,
  pagePolicyOf,
  type AckSource,
  type Page,
  type PageReason,
  type PageStep,
  type PageStepKind,
} from "../paging/page.js";
import { assertStaff } from "../parties/staff-guard.js";
import { policyFor } from "../policy/policy.js";
import { parseCommand } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import type { CommandContext, DomainEvent } from "../shared/events.js";
import type { Instant } from "../shared/time.js";
import { CLAIM_EVENT, claimEvent, type PageAcknowledgedData, type PageData, type PageRaisedData, type PageRoundData } from "./claim-events.js";
import type { ClaimState } from "./claim-state.js";

export type { AckSource, Page, PageReason } from "../paging/page.js";

export function caseLink(claimId: string): string {
  return `/staff/cases/${encodeURIComponent(claimId)}`;
}

/** The policy a page of this claim is raised under when staff have not saved one: the profile's built-in ladder. */
export function defaultEscalationPolicy(claim: ClaimState): EscalationPolicy {
  return builtInEscalationPolicy(policyFor(claim.order.policy));
}

/** DT-01: a new page for the claim's case, on the ladder for its amount, out of hours to the out-of-hours level. */
export function raisePage(claim: ClaimState, reason: PageReason, ctx: CommandContext, policy: EscalationPolicy = defaultEscalationPolicy(claim)): DomainEvent {
  const pagePolicy = pagePolicyOf(policy, ladderFor(policy, claim.order.protectedAmount));
  const round = firstRound(pagePolicy, ctx.now);
  const page: Page = {
    pageId: `${claim.id}/page/${claim.pages.length + 1}`,
    claimId: claim.id,
    reason,
    link: caseLink(claim.id),
    raisedAt: ctx.now,
    policy: pagePolicy,
    level: round.level,
    levelStartedAt: ctx.now,
    lastNotifiedAt: ctx.now,
    notifications: 1,
    rounds: [round],
  };
  const data: PageRaisedData = { page };
  return claimEvent(CLAIM_EVENT.pageRaised, claim.id, ctx, data);
}

/** The page's one next step as a deadline (CL-10): its id names the step and the notification count, so it is stable until the page moves. */
export function deadlinesOfPage(claim: ClaimState, page: Page, decisionDueAt: Instant | undefined): Deadline[] {
  const step = nextPageStep(page, { awaitingDecision: claim.status === "escalated", ...(decisionDueAt ? { decisionDueAt } : {}) });
  if (!step) return [];
  return [
    {
      id: deadlineId({ type: "page", id: page.pageId }, step.kind, page.notifications),
      kind: step.kind,
      subject: { type: "claim", id: claim.id },
      actor: "staff",
      dueAt: step.dueAt,
      reminders: [],
      defaultOutcome: step.kind,
    },
  ];
}

export function pageDeadlines(claim: ClaimState, decisionDueAt: Instant | undefined): Deadline[] {
  return claim.pages.flatMap((p) => deadlinesOfPage(claim, p, decisionDueAt));
}

/** The page a page deadline belongs to. */
export function pageOfDeadline(claim: ClaimState, id: string, decisionDueAt: Instant | undefined): Page | undefined {
  return claim.pages.find((p) => deadlinesOfPage(claim, p, decisionDueAt).some((d) => d.id === id));
}

/** DT-01 / DT-02: the default outcome of a page's step — a repeat, a new round (escalation, out-of-hours level, re-page). */
export function advancePage(claim: ClaimState, page: Page, step: Pick<PageStep, "kind">, ctx: CommandContext): DomainEvent[] {
  const move = moveOf(page, step.kind as PageStepKind, ctx.now);
  const after = applyMove(page, move, ctx.now);
  const round = currentRound(after);
  const base: PageData = { pageId: page.pageId, level: after.level, notifications: after.notifications, round: round.round };
  if (move.kind === "repeat") return [claimEvent(CLAIM_EVENT.pageRepeated, claim.id, ctx, base)];
  const data: PageRoundData = { ...base, newRound: move.round };
  const type = move.round.reason === "repage-acknowledger" ? CLAIM_EVENT.pageRepaged : CLAIM_EVENT.pageEscalated;
  return [claimEvent(type, claim.id, ctx, data)];
}

function findPage(claim: ClaimState, pageId: string): Page {
  const page = claim.pages.find((p) => p.pageId === pageId);
  if (!page) return refuse("PAGE_NOT_FOUND", { pageId });
  return page;
}

export const acknowledgePageCommandSchema = z.object({
  pageId: z.string().min(1).max(300),
  /** Where the staff member acknowledged (default: the console / web chat). */
  via: z.enum(["console", "chat", "slack"]).optional(),
});
export type AcknowledgePageCommand = z.infer<typeof acknowledgePageCommandSchema>;

function acknowledged(claim: ClaimState, page: Page, staffId: string, via: AckSource, ctx: CommandContext, agent?: string): DomainEvent {
  const data: PageAcknowledgedData = { pageId: page.pageId, staffId, round: currentRound(page).round, via, ...(agent ? { agent } : {}) };
  return claimEvent(CLAIM_EVENT.pageAcknowledged, claim.id, ctx, data);
}

/** DT-01: a staff member acknowledges the page (console, chat or Slack); it is no longer repeated or escalated. */
export function acknowledgePage(claim: ClaimState, command: AcknowledgePageCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "acknowledge-page");
  const { pageId, via } = parseCommand(acknowledgePageCommandSchema, command);
  const page = findPage(claim, pageId);
  if (page.acknowledgedAt !== undefined) refuse("PAGE_ALREADY_ACKNOWLEDGED", { pageId, acknowledgedBy: page.acknowledgedBy ?? "" });
  return [acknowledged(claim, page, ctx.actor.partyId ?? "", via ?? "console", ctx)];
}

export const pagerDutyAckCommandSchema = z.object({
  pageId: z.string().min(1).max(300),
  round: z.number().int().min(1),
  /** Who acknowledged in PagerDuty (the webhook's agent summary), for the timeline. */
  agent: z.string().trim().min(1).max(200),
});
export type PagerDutyAckCommand = z.infer<typeof pagerDutyAckCommandSchema>;

/**
 * DT-01: PagerDuty reports that an incident of the page was acknowledged (or resolved) there. It counts
 * once: a page already acknowledged anywhere, or a round that is no longer current (a late
 * webhook of an earlier round), changes nothing.
 */
export function acknowledgePageInPagerDuty(claim: ClaimState, command: PagerDutyAckCommand, ctx: CommandContext): DomainEvent[] {
  const { pageId, round, agent } = parseCommand(pagerDutyAckCommandSchema, command);
  const page = findPage(claim, pageId);
  if (page.acknowledgedAt !== undefined || currentRound(page).round !== round || claim.status !== "escalated") return [];
  return [acknowledged(claim, page, `pagerduty:${agent}`, "pagerduty", ctx, agent)];
}

/** A page raised before escalation policies (no policy, no rounds): the classic built-in ladder, one round per level reached. */
interface LegacyPage {
  readonly pageId: string;
  readonly level: number;
  readonly raisedAt: Instant;
  readonly levelStartedAt: Instant;
}

function upgradedPage(page: Page | (Omit<Page, "policy" | "rounds"> & LegacyPage)): Page {
  if ("rounds" in page && "policy" in page) return page;
  const level = { targets: { staffIds: [] }, escalateAfterMinutes: 45, repeats: 2 };
  const policy = { version: 0, ladder: [level, level], repageBeforeTargetMinutes: 24 * 60 };
  const rounds = Array.from({ length: page.level }, (_, i) => ({
    round: i + 1,
    level: i + 1,
    outOfHours: false,
    reason: i === 0 ? ("raised" as const) : ("escalated" as const),
    targets: level.targets,
    escalateAfterMinutes: level.escalateAfterMinutes,
    repeats: level.repeats,
    startedAt: i === page.level - 1 ? page.levelStartedAt : page.raisedAt,
    repeated: 0,
  }));
  return { ...page, policy, rounds };
}

/** Folds a page event into the claim's pages (used by `evolveClaim`). */
export function evolvePages(pages: readonly Page[], e: DomainEvent): readonly Page[] {
  switch (e.type) {
    case CLAIM_EVENT.pageRaised:
      return [...pages, upgradedPage((e.data as PageRaisedData).page)];
    case CLAIM_EVENT.pageRepeated: {
      const d = e.data as PageData;
      return pages.map((p) => (p.pageId === d.pageId ? applyMove(p, { kind: "repeat" }, e.at) : p));
    }
    case CLAIM_EVENT.pageEscalated:
    case CLAIM_EVENT.pageRepaged: {
      const d = e.data as PageRoundData;
      return pages.map((p) => (p.pageId === d.pageId ? applyMove(p, { kind: "round", round: d.newRound }, e.at) : p));
    }
    case CLAIM_EVENT.pageAcknowledged: {
      const d = e.data as PageAcknowledgedData;
      return pages.map((p) => (p.pageId === d.pageId ? { ...p, acknowledgedAt: e.at, acknowledgedBy: d.staffId, acknowledgedVia: d.via ?? "console" } : p));
    }
    default:
      return pages;
  }
}
