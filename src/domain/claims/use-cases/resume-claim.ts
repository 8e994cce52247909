/**
 * CL-14: staff end a pause by hand when the third party will not deliver (an inspection cancelled,
 * a request withdrawn); the paused time is recorded and added back to the running deadlines.
 */
import { z } from "zod";
import { isPaused } from "../../deadlines/deadline.js";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { CLAIM_EVENT, claimEvent, type ClaimResumedData } from "../claim-events.js";
import { assertClaimOpen } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";

export const resumeClaimCommandSchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export type ResumeClaimCommand = z.infer<typeof resumeClaimCommandSchema>;

export function resumeClaim(claim: ClaimState, command: ResumeClaimCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "resume-claim");
  const { reason } = parseCommand(resumeClaimCommandSchema, command);
  assertClaimOpen(claim);
  if (!isPaused(claim.pauses)) refuse("CLAIM_NOT_PAUSED", { claimId: claim.id });
  const data: ClaimResumedData = { reason };
  return [claimEvent(CLAIM_EVENT.resumed, claim.id, ctx, data)];
}
