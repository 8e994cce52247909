/**
 * DT-01 / DT-02 "Take case": a staff member assigns an escalated case to themselves. Paging tools stop
 * at an acknowledgement; a dispute team needs one person who owns the decision. Taking a case:
 *
 * - is recorded on its own stream (`case-assignment:<claimId>`), shown on the case timeline with who,
 *   when and from where (console, chat, Slack);
 * - acknowledges, as the taker's, every page of the case not already theirs — so the repeats and
 *   escalations to others stop for the round (DT-01), and the page follows the case: still undecided
 *   as the DT-02 target approaches, it is the taker who is re-paged, then the next level;
 * - is idempotent: the taker taking again changes nothing;
 * - a second staff member is refused with who has it (`CASE_ALREADY_TAKEN`), and may take it over
 *   explicitly (`takeOver`): teams hand cases over at a shift change or when the taker is away, and
 *   the hand-over is on the timeline (`takenOverFrom`) rather than happening silently.
 *
 * Pure: the claim's state and the current assignment come from the caller.
 */
import { z } from "zod";
import { CLAIM_EVENT, claimEvent, type PageAcknowledgedData } from "../claims/claim-events.js";
import type { ClaimState } from "../claims/claim-state.js";
import { assertStaff } from "../parties/staff-guard.js";
import { parseCommand } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import { event, type CommandContext, type DomainEvent, type StreamRef } from "../shared/events.js";
import type { Instant } from "../shared/time.js";
import { currentRound } from "./page.js";

export const CASE_ASSIGNMENT_EVENT = { taken: "CaseTaken" } as const;

/** Where the case was taken (the page's acknowledgement records the same). */
export type TakeSource = "console" | "chat" | "slack";

export function caseAssignmentStream(claimId: string): StreamRef {
  return { type: "case-assignment", id: claimId };
}

export interface CaseTakenData {
  readonly claimId: string;
  readonly staffId: string;
  readonly via: TakeSource;
  /** The staff member who had it, when this was an explicit take-over. */
  readonly takenOverFrom?: string;
}

export interface CaseAssignment {
  readonly claimId: string;
  readonly takenBy: string;
  readonly takenAt: Instant;
  readonly via: TakeSource;
  /** Every take, oldest first (the first taker, then each take-over). */
  readonly history: readonly (CaseTakenData & { readonly at: Instant })[];
}

export const takeCaseCommandSchema = z
  .object({
    /** Take the case from the staff member who has it (explicit; without it a taken case is refused). */
    takeOver: z.boolean().optional(),
    via: z.enum(["console", "chat", "slack"]).optional(),
  })
  .strict();
export type TakeCaseCommand = z.input<typeof takeCaseCommandSchema>;

/** DT-01: the staff member takes the escalated case (see the module comment). */
export function takeCase(claim: ClaimState, current: CaseAssignment | undefined, command: TakeCaseCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "take-case");
  const { takeOver, via = "console" } = parseCommand(takeCaseCommandSchema, command);
  const staffId = ctx.actor.partyId ?? "";
  if (claim.status !== "escalated") refuse("CASE_NOT_AWAITING_DECISION", { claimId: claim.id });
  if (current?.takenBy === staffId) return []; // idempotent: a second click, a Slack retry, another tab
  if (current && !takeOver) refuse("CASE_ALREADY_TAKEN", { claimId: claim.id, takenBy: current.takenBy });
  const data: CaseTakenData = { claimId: claim.id, staffId, via, ...(current ? { takenOverFrom: current.takenBy } : {}) };
  const events: DomainEvent[] = [event(CASE_ASSIGNMENT_EVENT.taken, caseAssignmentStream(claim.id), ctx, data)];
  // The page follows the case: each page becomes the taker's acknowledgement (stops the repeats to
  // others; a DT-02 re-page goes to the taker). A page already the taker's is left alone.
  for (const page of claim.pages) {
    if (page.acknowledgedAt !== undefined && page.acknowledgedBy === staffId) continue;
    const ack: PageAcknowledgedData = { pageId: page.pageId, staffId, round: currentRound(page).round, via };
    events.push(claimEvent(CLAIM_EVENT.pageAcknowledged, claim.id, ctx, ack));
  }
  return events;
}

export function evolveCaseAssignment(state: CaseAssignment | undefined, e: DomainEvent): CaseAssignment | undefined {
  if (e.type !== CASE_ASSIGNMENT_EVENT.taken) return state;
  const d = e.data as CaseTakenData;
  return { claimId: d.claimId, takenBy: d.staffId, takenAt: e.at, via: d.via, history: [...(state?.history ?? []), { ...d, at: e.at }] };
}
