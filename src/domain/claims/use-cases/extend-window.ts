/**
 * CL-13: staff may extend any running window of a claim (holidays, disasters, strikes, fraud review).
 * Staff name a new date; the deadline falls at the end of that date (23:59:59) in the calendar of the
 * party who must act (POL-03), not the staff member's, so a supplier in Shanghai is not handed a
 * deadline of 06:59 the next morning. The event names both parties so that both are told at the same
 * time, with the new date.
 */
import { z } from "zod";
import type { BusinessCalendar } from "../../calendar/business-calendar.js";
import type { DeadlineActor } from "../../deadlines/deadline.js";
import { localDateSchema } from "../../orders/terms.js";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { endOfLocalDay, isAtOrAfter, isBefore, type Instant } from "../../shared/time.js";
import { CLAIM_DEADLINE, deadlinesOfClaim, type ClaimDeadlineKind } from "../claim-deadlines.js";
import { CLAIM_EVENT, claimEvent, type ClaimWindowExtendedData } from "../claim-events.js";
import { assertClaimOpen, staffIdOf } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";

export const extendWindowCommandSchema = z.object({
  deadlineKind: z.enum(Object.values(CLAIM_DEADLINE) as [ClaimDeadlineKind, ...ClaimDeadlineKind[]]),
  /** The new last day ("YYYY-MM-DD"), in the calendar of the party who must act. */
  newDate: localDateSchema,
  reason: z.string().trim().min(1).max(2000),
});
export type ExtendWindowCommand = z.infer<typeof extendWindowCommandSchema>;

/**
 * The calendar a window is counted in: the party who must act; a staff window (the decision target,
 * DT-02) is counted in the buyer's calendar, as `determinationDueAt` does.
 */
export function calendarOfActor(claim: ClaimState, actor: DeadlineActor): BusinessCalendar {
  return actor === "supplier" ? claim.order.supplier.calendar : claim.order.buyer.calendar;
}

/** CL-13: the instant a window extended to `newDate` ends — 23:59:59 in the acting party's zone. */
export function extendedDueAt(claim: ClaimState, actor: DeadlineActor, newDate: string): Instant {
  return endOfLocalDay(newDate, calendarOfActor(claim, actor).timeZone);
}

export function extendWindow(claim: ClaimState, command: ExtendWindowCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "extend-window");
  const cmd = parseCommand(extendWindowCommandSchema, command);
  assertClaimOpen(claim);
  const running = deadlinesOfClaim(claim).find((d) => d.kind === cmd.deadlineKind);
  if (!running) return refuse("CLAIM_DEADLINE_NOT_RUNNING", { claimId: claim.id, deadlineKind: cmd.deadlineKind });
  const newDueAt = extendedDueAt(claim, running.actor, cmd.newDate);
  if (!isBefore(running.dueAt, newDueAt)) refuse("CLAIM_EXTENSION_NOT_LATER", { deadlineKind: cmd.deadlineKind, currentDueAt: running.dueAt });
  if (!isAtOrAfter(newDueAt, ctx.now)) refuse("CLAIM_EXTENSION_IN_PAST", { newDueAt });
  const data: ClaimWindowExtendedData = {
    deadlineKind: cmd.deadlineKind,
    previousDueAt: running.dueAt,
    newDueAt,
    reason: cmd.reason,
    staffId: staffIdOf(ctx),
    notify: [claim.order.buyer.id, claim.order.supplier.id],
  };
  return [claimEvent(CLAIM_EVENT.windowExtended, claim.id, ctx, data)];
}
