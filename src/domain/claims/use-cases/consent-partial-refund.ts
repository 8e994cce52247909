/**
 * DT-04: with the buyer's consent the decision may be a partial refund for the differences in the
 * report. The buyer of an escalated claim consents to a partial refund up to an amount; the consent is
 * recorded on the claim with its time, and staff may then decide a partial refund up to that amount
 * (`decideClaim`). A later consent replaces an earlier one.
 */
import { z } from "zod";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { isPositive, lessThan, moneySchema, type Money } from "../../shared/money.js";
import { CLAIM_EVENT, claimEvent, type ClaimPartialRefundConsentedData } from "../claim-events.js";
import { actingParty, assertClaimStatus } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";
import { partialRefund } from "../refund-amounts.js";

export const consentPartialRefundCommandSchema = z.object({ upTo: moneySchema });
export type ConsentPartialRefundCommand = z.infer<typeof consentPartialRefundCommandSchema>;

export function consentToPartialRefund(claim: ClaimState, command: ConsentPartialRefundCommand, ctx: CommandContext): DomainEvent[] {
  const { upTo } = parseCommand(consentPartialRefundCommandSchema, command);
  if (actingParty(claim, ctx) !== "buyer") refuse("CLAIM_CONSENT_BY_BUYER_ONLY", { claimId: claim.id });
  assertClaimStatus(claim, ["escalated"], "consent-partial-refund");
  if (!isPositive(upTo)) refuse("CLAIM_CONSENT_AMOUNT_REQUIRED", { claimId: claim.id });
  partialRefund(upTo, claim.order); // the same cap as the decision: min(protected, paid)
  const data: ClaimPartialRefundConsentedData = { upTo };
  return [claimEvent(CLAIM_EVENT.partialRefundConsented, claim.id, ctx, data)];
}

/** DT-04: the buyer's recorded consent covers a partial refund of `amount`. */
export function consentCovers(claim: ClaimState, amount: Money): boolean {
  const consent = claim.partialRefundConsent;
  return consent !== undefined && consent.upTo.currency === amount.currency && !lessThan(consent.upTo, amount);
}
