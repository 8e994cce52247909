/**
 * The platform's determination (DT-02…DT-06, DT-08). Staff weigh the evidence — shipping evidence for
 * a late shipment (DT-02), the inspection report for quality (DT-03) — and record their reasons.
 * DT-04: supplier at fault → it refunds 100% of the protected payment and the inspection fee is
 * refunded; not at fault → no refund, fee not refunded; a partial refund only within the consent the
 * buyer recorded on the claim (`consentToPartialRefund`).
 * DT-06: a return, when required, comes before the refund.
 */
import { z } from "zod";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { moneySchema, zero } from "../../shared/money.js";
import { appealWindowFrom } from "../claim-deadlines.js";
import { CLAIM_EVENT, claimEvent, type ClaimDecidedData } from "../claim-events.js";
import { assertClaimStatus, staffIdOf } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";
import { DETERMINATION_OUTCOMES, RETURN_EXEMPTIONS, type Decision, type DeterminationOutcome } from "../claim-types.js";
import { sha256Schema } from "../evidence.js";
import { fullRefund, partialRefund, type RefundAmount } from "../refund-amounts.js";
import { startRefund } from "../settlement.js";
import { consentCovers } from "./consent-partial-refund.js";

export const decideClaimCommandSchema = z.object({
  outcome: z.enum(DETERMINATION_OUTCOMES),
  reasons: z.array(z.string().trim().min(1).max(2000)).min(1).max(20),
  evidenceConsidered: z.array(sha256Schema).min(1),
  partialRefund: moneySchema.optional(),
  returnRequired: z.boolean().default(false),
  returnExemption: z.enum(RETURN_EXEMPTIONS).optional(),
});
export type DecideClaimCommand = z.input<typeof decideClaimCommandSchema>;

function decidedRefund(claim: ClaimState, outcome: DeterminationOutcome, amount: DecideClaimCommand["partialRefund"]): RefundAmount {
  switch (outcome) {
    case "supplier-at-fault":
      return fullRefund(claim.order);
    case "supplier-not-at-fault":
      return { amount: zero(claim.order.protectedAmount.currency), unprotectedRemainder: zero(claim.order.protectedAmount.currency) };
    case "partial-refund": {
      if (!amount) return refuse("CLAIM_PARTIAL_REFUND_AMOUNT_REQUIRED", { claimId: claim.id });
      const refund = partialRefund(amount, claim.order);
      if (!consentCovers(claim, amount)) {
        const consent = claim.partialRefundConsent;
        refuse("CLAIM_PARTIAL_REFUND_NEEDS_BUYER_CONSENT", { claimId: claim.id, amount, ...(consent ? { consentedUpTo: consent.upTo } : {}) });
      }
      return refund;
    }
  }
}

function assertEvidenceWeighed(claim: ClaimState, evidenceConsidered: readonly string[], outcome: DeterminationOutcome): void {
  for (const sha256 of evidenceConsidered) {
    if (!claim.evidence.some((f) => f.sha256 === sha256)) refuse("CLAIM_EVIDENCE_UNKNOWN", { claimId: claim.id, sha256 });
  }
  // DT-03: a quality claim is decided against the supplier on the inspection report.
  const reportSha256 = claim.inspection?.reportSha256;
  if (claim.type === "quality" && outcome !== "supplier-not-at-fault" && (!reportSha256 || !evidenceConsidered.includes(reportSha256))) {
    refuse("CLAIM_INSPECTION_REPORT_REQUIRED", { claimId: claim.id });
  }
}

export function decideClaim(claim: ClaimState, command: DecideClaimCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "decide-claim");
  const cmd = parseCommand(decideClaimCommandSchema, command);
  assertClaimStatus(claim, ["escalated"], "decide");
  assertEvidenceWeighed(claim, cmd.evidenceConsidered, cmd.outcome);
  if (cmd.returnRequired && cmd.returnExemption) refuse("CLAIM_RETURN_EXEMPTION_CONFLICT", { exemption: cmd.returnExemption });
  const refund = decidedRefund(claim, cmd.outcome, cmd.partialRefund);
  const feeRefunded = cmd.outcome === "supplier-at-fault" ? claim.inspection?.fee : undefined;
  const decision: Decision = {
    staffId: staffIdOf(ctx),
    at: ctx.now,
    outcome: cmd.outcome,
    reasons: cmd.reasons,
    evidenceConsidered: cmd.evidenceConsidered,
    refund: refund.amount,
    ...(feeRefunded ? { inspectionFeeRefunded: feeRefunded } : {}),
    buyerConsented: cmd.outcome === "partial-refund",
    returnRequired: cmd.returnRequired,
    ...(cmd.returnExemption ? { returnExemption: cmd.returnExemption } : {}),
  };
  const data: ClaimDecidedData = { decision, appealWindowEndsAt: appealWindowFrom(claim, ctx.now) };
  return [claimEvent(CLAIM_EVENT.decided, claim.id, ctx, data), ...startRefund(claim, refund, cmd.returnRequired, ctx)];
}
