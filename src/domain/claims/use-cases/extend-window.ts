/**
 * CL-13: staff may extend any running window of a claim (holidays, disasters, strikes, fraud review).
 * The event names both parties so that both are told at the same time, with the new date.
 */
import { z } from "zod";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { isAtOrAfter, isBefore, toInstant } from "../../shared/time.js";
import { CLAIM_DEADLINE, deadlinesOfClaim, type ClaimDeadlineKind } from "../claim-deadlines.js";
import { CLAIM_EVENT, claimEvent, type ClaimWindowExtendedData } from "../claim-events.js";
import { assertClaimOpen, staffIdOf } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";

export const extendWindowCommandSchema = z.object({
  deadlineKind: z.enum(Object.values(CLAIM_DEADLINE) as [ClaimDeadlineKind, ...ClaimDeadlineKind[]]),
  newDueAt: z.iso.datetime(),
  reason: z.string().trim().min(1).max(2000),
});
export type ExtendWindowCommand = z.infer<typeof extendWindowCommandSchema>;

export function extendWindow(claim: ClaimState, command: ExtendWindowCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "extend-window");
  const cmd = parseCommand(extendWindowCommandSchema, command);
  assertClaimOpen(claim);
  const running = deadlinesOfClaim(claim).find((d) => d.kind === cmd.deadlineKind);
  if (!running) return refuse("CLAIM_DEADLINE_NOT_RUNNING", { claimId: claim.id, deadlineKind: cmd.deadlineKind });
  if (!isBefore(running.dueAt, cmd.newDueAt)) refuse("CLAIM_EXTENSION_NOT_LATER", { deadlineKind: cmd.deadlineKind, currentDueAt: running.dueAt });
  if (!isAtOrAfter(cmd.newDueAt, ctx.now)) refuse("CLAIM_EXTENSION_IN_PAST", { newDueAt: cmd.newDueAt });
  const data: ClaimWindowExtendedData = {
    deadlineKind: cmd.deadlineKind,
    previousDueAt: running.dueAt,
    newDueAt: toInstant(new Date(cmd.newDueAt)),
    reason: cmd.reason,
    staffId: staffIdOf(ctx),
    notify: [claim.order.buyer.id, claim.order.supplier.id],
  };
  return [claimEvent(CLAIM_EVENT.windowExtended, claim.id, ctx, data)];
}
