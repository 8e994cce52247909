/**
 * DT-08: either party may appeal a decision within the appeal window; the appeal is decided by a staff
 * member other than the one who decided. CL-12: a supplier who reimbursed and then lost a chargeback
 * may appeal with evidence of the lost chargeback, even after the window.
 * Money consequences of an overturned decision are corrected in the ledger by compensating entries
 * (DT-09), not here.
 */
import { z } from "zod";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { isBefore } from "../../shared/time.js";
import { appealWindowEndsAt } from "../claim-deadlines.js";
import { CLAIM_EVENT, claimEvent, type ClaimAppealDecidedData, type ClaimAppealedData } from "../claim-events.js";
import { actingParty, staffIdOf } from "../claim-guards.js";
import { applyToClaim, type ClaimState } from "../claim-state.js";
import type { Decision } from "../claim-types.js";
import { closeIfSettled, type ClaimSurroundings } from "../close-claim.js";
import { evidenceFileSchema } from "../evidence.js";
import { evidenceAttachedEvent } from "./evidence-use-cases.js";

const reasonsSchema = z.array(z.string().trim().min(1).max(2000)).min(1).max(20);

export const appealDecisionCommandSchema = z.object({
  reasons: reasonsSchema,
  /** CL-12: the payment provider's record of the chargeback the supplier lost. */
  lostChargebackEvidence: evidenceFileSchema.optional(),
});
export type AppealDecisionCommand = z.infer<typeof appealDecisionCommandSchema>;

function decisionOf(claim: ClaimState): Decision {
  return claim.decision ?? refuse("CLAIM_NOT_DECIDED", { claimId: claim.id });
}

export function appealDecision(claim: ClaimState, command: AppealDecisionCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(appealDecisionCommandSchema, command);
  const party = actingParty(claim, ctx);
  decisionOf(claim);
  if (claim.appeal) refuse("CLAIM_ALREADY_APPEALED", { claimId: claim.id, by: claim.appeal.by });
  const events: DomainEvent[] = [];
  if (cmd.lostChargebackEvidence) {
    // CL-12: only a supplier who already paid (itself, or by reimbursing the platform's payout).
    if (party !== "supplier") refuse("CLAIM_CHARGEBACK_APPEAL_SUPPLIER_ONLY", { claimId: claim.id });
    if (!claim.refundPaid) refuse("CLAIM_CHARGEBACK_APPEAL_NOTHING_REIMBURSED", { claimId: claim.id });
    events.push(evidenceAttachedEvent(claim, { ...cmd.lostChargebackEvidence, category: "chargeback-outcome" }, ctx));
  } else {
    const endsAt = appealWindowEndsAt(claim);
    if (claim.appealWindowClosed || !endsAt || !isBefore(ctx.now, endsAt)) {
      refuse("CLAIM_APPEAL_WINDOW_CLOSED", { claimId: claim.id, ...(endsAt ? { closedAt: endsAt } : {}) });
    }
  }
  const data: ClaimAppealedData = {
    by: party,
    reasons: cmd.reasons,
    ...(cmd.lostChargebackEvidence ? { lostChargebackEvidence: cmd.lostChargebackEvidence.sha256 } : {}),
  };
  return [...events, claimEvent(CLAIM_EVENT.appealed, claim.id, ctx, data)];
}

export const decideAppealCommandSchema = z.object({ outcome: z.enum(["upheld", "overturned"]), reasons: reasonsSchema });
export type DecideAppealCommand = z.infer<typeof decideAppealCommandSchema>;

export function decideAppeal(claim: ClaimState, surroundings: ClaimSurroundings, command: DecideAppealCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "decide-appeal");
  const cmd = parseCommand(decideAppealCommandSchema, command);
  const decision = decisionOf(claim);
  if (!claim.appeal || claim.appeal.decision) return refuse("CLAIM_NO_APPEAL_PENDING", { claimId: claim.id });
  const staffId = staffIdOf(ctx);
  if (staffId === decision.staffId) refuse("APPEAL_SAME_STAFF", { claimId: claim.id, staffId });
  const data: ClaimAppealDecidedData = { decision: { staffId, at: ctx.now, outcome: cmd.outcome, reasons: cmd.reasons } };
  const decided = claimEvent(CLAIM_EVENT.appealDecided, claim.id, ctx, data);
  return [decided, ...closeIfSettled(applyToClaim(claim, [decided]), surroundings, ctx)];
}
