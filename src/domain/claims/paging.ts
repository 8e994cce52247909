/**
 * DT-01: on escalation, staff on call are paged with a link to the case. An unacknowledged page is
 * repeated every `pageRepeatAfterMinutes`, and escalated to the next level after
 * `pageEscalateAfterMinutes`. Pages belong to their claim (events on the claim stream); the paging
 * adapter (Slack staff channel, PagerDuty Events API) delivers `PageRaised/Repeated/Escalated`.
 */
import { z } from "zod";
import type { Deadline } from "../deadlines/deadline.js";
import { deadlineId } from "../deadlines/deadline.js";
import { assertStaff } from "../parties/staff-guard.js";
import { policyFor } from "../policy/policy.js";
import { parseCommand } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import type { CommandContext, DomainEvent } from "../shared/events.js";
import { addMs, type Instant } from "../shared/time.js";
import { CLAIM_EVENT, claimEvent, type PageAcknowledgedData, type PageData, type PageRaisedData } from "./claim-events.js";
import type { ClaimState } from "./claim-state.js";

/** The highest paging level an unacknowledged page escalates to. */
export const TOP_PAGE_LEVEL = 2;

export type PageReason = "escalated" | "determination-overdue";

export interface Page {
  readonly pageId: string;
  readonly claimId: string;
  readonly reason: PageReason;
  /** Path of the case in the staff console; the adapter prefixes the public base URL. */
  readonly link: string;
  readonly level: number;
  readonly raisedAt: Instant;
  /** When the current level started (raise or escalation). */
  readonly levelStartedAt: Instant;
  readonly lastNotifiedAt: Instant;
  readonly notifications: number;
  readonly acknowledgedAt?: Instant;
  readonly acknowledgedBy?: string;
}

export function caseLink(claimId: string): string {
  return `/staff/cases/${encodeURIComponent(claimId)}`;
}

/** DT-01: a new level-1 page for the claim's case. */
export function raisePage(claim: ClaimState, reason: PageReason, ctx: CommandContext): DomainEvent {
  const page: Page = {
    pageId: `${claim.id}/page/${claim.pages.length + 1}`,
    claimId: claim.id,
    reason,
    link: caseLink(claim.id),
    level: 1,
    raisedAt: ctx.now,
    levelStartedAt: ctx.now,
    lastNotifiedAt: ctx.now,
    notifications: 1,
  };
  const data: PageRaisedData = { page };
  return claimEvent(CLAIM_EVENT.pageRaised, claim.id, ctx, data);
}

const MS_PER_MINUTE = 60_000;

/** DT-01: the repeat deadline of an unacknowledged page and, below the top level, its escalation. */
export function deadlinesOfPage(claim: ClaimState, page: Page): Deadline[] {
  if (page.acknowledgedAt !== undefined) return [];
  const policy = policyFor(claim.order.policy);
  const subject = { type: "claim" as const, id: claim.id };
  const pageSubject = { type: "page" as const, id: page.pageId };
  const repeat: Deadline = {
    id: deadlineId(pageSubject, "repeat-page", page.notifications),
    kind: "repeat-page",
    subject,
    actor: "staff",
    dueAt: addMs(page.lastNotifiedAt, policy.pageRepeatAfterMinutes * MS_PER_MINUTE),
    reminders: [],
    defaultOutcome: "repeat-page",
  };
  if (page.level >= TOP_PAGE_LEVEL) return [repeat];
  const escalate: Deadline = {
    id: deadlineId(pageSubject, "escalate-page", page.level),
    kind: "escalate-page",
    subject,
    actor: "staff",
    dueAt: addMs(page.levelStartedAt, policy.pageEscalateAfterMinutes * MS_PER_MINUTE),
    reminders: [],
    defaultOutcome: "escalate-page",
  };
  return [repeat, escalate];
}

export function pageDeadlines(claim: ClaimState): Deadline[] {
  return claim.pages.flatMap((p) => deadlinesOfPage(claim, p));
}

/** The page a page deadline belongs to. */
export function pageOfDeadline(claim: ClaimState, id: string): Page | undefined {
  return claim.pages.find((p) => deadlinesOfPage(claim, p).some((d) => d.id === id));
}

function findUnacknowledgedPage(claim: ClaimState, pageId: string): Page {
  const page = claim.pages.find((p) => p.pageId === pageId);
  if (!page) return refuse("PAGE_NOT_FOUND", { pageId });
  if (page.acknowledgedAt !== undefined) refuse("PAGE_ALREADY_ACKNOWLEDGED", { pageId, acknowledgedBy: page.acknowledgedBy ?? "" });
  return page;
}

/** DT-01: the default outcomes of a page deadline. */
export function repeatPage(claim: ClaimState, pageId: string, ctx: CommandContext): DomainEvent[] {
  const page = findUnacknowledgedPage(claim, pageId);
  const data: PageData = { pageId, level: page.level, notifications: page.notifications + 1 };
  return [claimEvent(CLAIM_EVENT.pageRepeated, claim.id, ctx, data)];
}

export function escalatePage(claim: ClaimState, pageId: string, ctx: CommandContext): DomainEvent[] {
  const page = findUnacknowledgedPage(claim, pageId);
  const data: PageData = { pageId, level: Math.min(page.level + 1, TOP_PAGE_LEVEL), notifications: page.notifications + 1 };
  return [claimEvent(CLAIM_EVENT.pageEscalated, claim.id, ctx, data)];
}

export const acknowledgePageCommandSchema = z.object({ pageId: z.string().min(1).max(300) });
export type AcknowledgePageCommand = z.infer<typeof acknowledgePageCommandSchema>;

/** DT-01: a staff member on call acknowledges the page; it is no longer repeated or escalated. */
export function acknowledgePage(claim: ClaimState, command: AcknowledgePageCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "acknowledge-page");
  const { pageId } = parseCommand(acknowledgePageCommandSchema, command);
  findUnacknowledgedPage(claim, pageId);
  const data: PageAcknowledgedData = { pageId, staffId: ctx.actor.partyId ?? "" };
  return [claimEvent(CLAIM_EVENT.pageAcknowledged, claim.id, ctx, data)];
}

/** Folds a page event into the claim's pages (used by `evolveClaim`). */
export function evolvePages(pages: readonly Page[], e: DomainEvent): readonly Page[] {
  switch (e.type) {
    case CLAIM_EVENT.pageRaised:
      return [...pages, (e.data as PageRaisedData).page];
    case CLAIM_EVENT.pageRepeated:
    case CLAIM_EVENT.pageEscalated: {
      const d = e.data as PageData;
      return pages.map((p) =>
        p.pageId !== d.pageId
          ? p
          : { ...p, level: d.level, notifications: d.notifications, lastNotifiedAt: e.at, levelStartedAt: d.level !== p.level ? e.at : p.levelStartedAt },
      );
    }
    case CLAIM_EVENT.pageAcknowledged: {
      const d = e.data as PageAcknowledgedData;
      return pages.map((p) => (p.pageId === d.pageId ? { ...p, acknowledgedAt: e.at, acknowledgedBy: d.staffId } : p));
    }
    default:
      return pages;
  }
}
