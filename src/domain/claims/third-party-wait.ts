/**
 * CL-14: while the case waits on a third party (an inspection booked, evidence requested) the
 * deadlines that wait on the parties are paused; the paused time is recorded and added back.
 */
import { isPaused } from "../deadlines/deadline.js";
import type { CommandContext, DomainEvent } from "../shared/events.js";
import { CLAIM_EVENT, claimEvent, type ClaimPausedData } from "./claim-events.js";
import type { ClaimState } from "./claim-state.js";

export function waitsOnThirdParty(claim: ClaimState): boolean {
  const inspectionPending = claim.inspection !== undefined && claim.inspection.reportSha256 === undefined;
  const evidencePending = claim.evidenceRequests.some((r) => !r.fulfilledAt && !r.lapsedAt);
  return inspectionPending || evidencePending;
}

/** Starts a pause unless one is running. */
export function pauseEvents(claim: ClaimState, reason: ClaimPausedData["reason"], ctx: CommandContext): DomainEvent[] {
  if (isPaused(claim.pauses)) return [];
  const data: ClaimPausedData = { reason };
  return [claimEvent(CLAIM_EVENT.paused, claim.id, ctx, data)];
}

/** Ends the running pause once nothing is awaited any more (`claim` is the state after the wait ended). */
export function resumeIfNothingAwaited(claim: ClaimState, ctx: CommandContext): DomainEvent[] {
  if (!isPaused(claim.pauses) || waitsOnThirdParty(claim)) return [];
  return [claimEvent(CLAIM_EVENT.resumed, claim.id, ctx, {})];
}
