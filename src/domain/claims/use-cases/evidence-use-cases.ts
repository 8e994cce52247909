/**
 * CL-11: evidence attached to a claim (never changed or deleted, limits stated before upload);
 * CL-14: staff request evidence from a party, which pauses the case until it comes or lapses.
 */
import { z } from "zod";
import { assertStaff } from "../../parties/staff-guard.js";
import { policyFor } from "../../policy/policy.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { CLAIM_EVENT, claimEvent, type ClaimEvidenceAttachedData, type ClaimEvidenceRequestData, type ClaimEvidenceRequestedData } from "../claim-events.js";
import { actingParty, assertClaimOpen } from "../claim-guards.js";
import { applyToClaim, type ClaimState } from "../claim-state.js";
import type { NegotiatingParty } from "../../orders/order-state.js";
import { assertEvidenceAcceptable, evidenceFileSchema, evidenceLimits, evidenceRecord, type EvidenceFileInput } from "../evidence.js";
import { pauseEvents, resumeIfNothingAwaited } from "../third-party-wait.js";

/** The claim party uploading, or undefined for staff. */
function uploader(claim: ClaimState, ctx: CommandContext): NegotiatingParty | undefined {
  return ctx.actor.kind === "staff" ? undefined : actingParty(claim, ctx);
}

/** The evidence event of an upload, checked against the profile's limits and the files attached. */
export function evidenceAttachedEvent(claim: ClaimState, file: EvidenceFileInput, ctx: CommandContext): DomainEvent {
  assertEvidenceAcceptable(file, evidenceLimits(policyFor(claim.order.policy)), claim.evidence);
  const data: ClaimEvidenceAttachedData = { file: evidenceRecord(file, ctx.actor, ctx.now) };
  return claimEvent(CLAIM_EVENT.evidenceAttached, claim.id, ctx, data);
}

export const attachEvidenceCommandSchema = z.object({ file: evidenceFileSchema });
export type AttachEvidenceCommand = z.infer<typeof attachEvidenceCommandSchema>;

/** CL-11; a party's upload fulfils the evidence requested from it (CL-14), and the case resumes. */
export function attachEvidence(claim: ClaimState, command: AttachEvidenceCommand, ctx: CommandContext): DomainEvent[] {
  const { file } = parseCommand(attachEvidenceCommandSchema, command);
  assertClaimOpen(claim);
  const party = uploader(claim, ctx);
  const events: DomainEvent[] = [evidenceAttachedEvent(claim, file, ctx)];
  for (const request of claim.evidenceRequests) {
    if (request.from !== party || request.fulfilledAt || request.lapsedAt) continue;
    const data: ClaimEvidenceRequestData = { requestId: request.requestId };
    events.push(claimEvent(CLAIM_EVENT.evidenceRequestFulfilled, claim.id, ctx, data));
  }
  return [...events, ...resumeIfNothingAwaited(applyToClaim(claim, events), ctx)];
}

export const requestEvidenceCommandSchema = z.object({
  requestId: z.string().min(1).max(200),
  from: z.enum(["buyer", "supplier"]),
  description: z.string().trim().min(1).max(2000),
});
export type RequestEvidenceCommand = z.infer<typeof requestEvidenceCommandSchema>;

/** CL-14: staff ask a party for evidence; the case waits (paused) until it comes or the request lapses (CL-10). */
export function requestEvidence(claim: ClaimState, command: RequestEvidenceCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "request-evidence");
  const cmd = parseCommand(requestEvidenceCommandSchema, command);
  assertClaimOpen(claim);
  if (claim.evidenceRequests.some((r) => r.requestId === cmd.requestId)) refuse("CLAIM_EVIDENCE_REQUEST_EXISTS", { requestId: cmd.requestId });
  const data: ClaimEvidenceRequestedData = { request: { requestId: cmd.requestId, from: cmd.from, description: cmd.description, requestedAt: ctx.now } };
  return [claimEvent(CLAIM_EVENT.evidenceRequested, claim.id, ctx, data), ...pauseEvents(claim, "evidence-requested", ctx)];
}
