/**
 * DT-08: either party may appeal a decision within the appeal window; the appeal is decided by a staff
 * member other than the one who decided. CL-12: a supplier who reimbursed and then lost a chargeback
 * may appeal with evidence of the lost chargeback, even after the window.
 * DT-09: an overturned decision moves money the other way — a refund now due, a refund no longer due,
 * or a platform payout taken off what the supplier owes by a compensating ledger entry (never by
 * editing an entry) — and both parties are told what moved.
 */
import { z } from "zod";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { isBefore } from "../../shared/time.js";
import { appealWindowEndsAt } from "../claim-deadlines.js";
import { evolveLedger, reversePayout } from "../../ledger/ledger.js";
import { isPositive } from "../../shared/money.js";
import { CLAIM_EVENT, claimEvent, type ClaimAppealDecidedData, type ClaimAppealedData, type ClaimAppealMoneyCorrectedData } from "../claim-events.js";
import { actingParty, staffIdOf } from "../claim-guards.js";
import { applyToClaim, type ClaimState } from "../claim-state.js";
import type { AppealMoneyCorrection, Decision } from "../claim-types.js";
import { fullRefund } from "../refund-amounts.js";
import { startRefund } from "../settlement.js";
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
  const moved = cmd.outcome === "overturned" ? overturnMoney(applyToClaim(claim, [decided]), decision, surroundings, ctx) : [];
  const claimAfter = applyToClaim(claim, [decided, ...moved]);
  const ledgerAfter = moved.reduce(evolveLedger, surroundings.ledger);
  return [decided, ...moved, ...closeIfSettled(claimAfter, { ...surroundings, ledger: ledgerAfter }, ctx)];
}

function corrected(claim: ClaimState, correction: AppealMoneyCorrection, ctx: CommandContext): DomainEvent {
  const data: ClaimAppealMoneyCorrectedData = { correction };
  return claimEvent(CLAIM_EVENT.appealMoneyCorrected, claim.id, ctx, data);
}

/** DT-09: the money an overturned decision moves, as claim events and compensating ledger entries. */
function overturnMoney(claim: ClaimState, decision: Decision, { ledger, order }: ClaimSurroundings, ctx: CommandContext): DomainEvent[] {
  if (!isPositive(decision.refund)) {
    // Not at fault → at fault: the full refund is now due, with its own deadline (DT-04, CL-08).
    const refund = fullRefund(claim.order);
    return [corrected(claim, { kind: "refund-due", amount: refund.amount }, ctx), ...startRefund(claim, refund, false, ctx)];
  }
  const paid = claim.refundPaid;
  if (!paid) return [corrected(claim, { kind: "refund-cancelled", amount: decision.refund }, ctx)];
  if (paid.by === "supplier") return [corrected(claim, { kind: "refund-returned-by-buyer", amount: paid.amount }, ctx)];
  const payout = ledger.entries.find(
    (e) => e.kind === "payout" && e.claimId === claim.id && e.orderId === claim.order.orderId && !ledger.correctedBy.has(e.id),
  );
  // No payout entry left to reverse (already corrected by hand): staff settle it.
  if (!payout) return [corrected(claim, { kind: "needs-staff-review", amount: paid.amount }, ctx)];
  // TA-05 / TA-04: the payout, any reimbursement of it, and the freeze it released are all undone by
  // compensating entries; the buyer pays the payout back to the platform.
  const reversal = reversePayout(
    ledger,
    { payoutEntryId: payout.id, reason: `appeal overturned: ${claim.id}`, refreeze: order.status !== "completed" && order.status !== "cancelled" },
    ctx,
  );
  const correction: AppealMoneyCorrection = {
    kind: "payout-reversed",
    amount: paid.amount,
    ledgerEntryId: reversal.correctionEntryId,
    correctedEntryId: payout.id,
    buyerOwesPlatform: reversal.payout,
    reimbursementReturned: reversal.reimbursementReturned,
    refrozen: reversal.refrozen,
  };
  return [...reversal.events, corrected(claim, correction, ctx)];
}
