/**
 * CL-09: either party may ask the platform to decide when the supplier did not respond in time, when
 * the supplier offered no solution, or when no agreement was reached within the negotiation period;
 * under the express profile the buyer may from a day of the claim, and the case escalates by itself
 * on its day 7 (see `deadline-passed.ts`). DT-01: escalation pages the staff on call.
 */
import { z } from "zod";
import type { NegotiatingParty } from "../../orders/order-state.js";
import { policyFor } from "../../policy/policy.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { instantMs, isAtOrAfter, type Instant } from "../../shared/time.js";
import { claimDayStartsAt, negotiationEndsAt, supplierResponseDueAt } from "../claim-deadlines.js";
import { CLAIM_EVENT, claimEvent, type ClaimEscalatedData } from "../claim-events.js";
import { actingParty, assertClaimStatus } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";
import type { Escalation, EscalationReason } from "../claim-types.js";
import type { EscalationPolicy } from "../../paging/escalation-policy.js";
import { raisePage } from "../paging.js";

/** Each way escalation becomes available to a party, with the moment it does. */
function escalationGrounds(claim: ClaimState, party: NegotiatingParty): { reason: EscalationReason; from: Instant }[] {
  const grounds: { reason: EscalationReason; from: Instant }[] = [];
  if (!claim.supplierRespondedAt) grounds.push({ reason: "no-response", from: supplierResponseDueAt(claim) });
  const negotiationEnd = negotiationEndsAt(claim);
  if (negotiationEnd) grounds.push({ reason: "no-agreement", from: negotiationEnd });
  const last = claim.rounds.at(-1);
  if (party === "buyer" && last?.by === "supplier" && last.response.kind === "rejection") grounds.push({ reason: "supplier-rejected", from: last.at });
  const buyerDay = policyFor(claim.order.policy).buyerMayEscalateFromDay;
  if (party === "buyer" && buyerDay !== null) grounds.push({ reason: "buyer-day-reached", from: claimDayStartsAt(claim, buyerDay) });
  return grounds;
}

/** CL-09: the earliest moment the party may ask the platform to decide. */
export function escalationAvailableFrom(claim: ClaimState, party: NegotiatingParty): Instant | undefined {
  const froms = escalationGrounds(claim, party).map((g) => g.from);
  return froms.reduce<Instant | undefined>((a, f) => (a === undefined || instantMs(f) < instantMs(a) ? f : a), undefined);
}

/** The escalation events: the claim escalates and the staff on call are paged (DT-01). */
export function escalationEvents(claim: ClaimState, escalation: Escalation, ctx: CommandContext, paging?: EscalationPolicy): DomainEvent[] {
  const data: ClaimEscalatedData = { escalation };
  return [claimEvent(CLAIM_EVENT.escalated, claim.id, ctx, data), raisePage(claim, "escalated", ctx, paging)];
}

export const escalateClaimCommandSchema = z.object({}).strict();
export type EscalateClaimCommand = z.infer<typeof escalateClaimCommandSchema>;

/** `paging`: the staff team's escalation policy in force (DT-01); default: the profile's built-in ladder. */
export function escalateClaim(claim: ClaimState, command: EscalateClaimCommand, ctx: CommandContext, paging?: EscalationPolicy): DomainEvent[] {
  parseCommand(escalateClaimCommandSchema, command);
  assertClaimStatus(claim, ["awaiting-response", "negotiating"], "escalate");
  const party = actingParty(claim, ctx);
  const grounds = escalationGrounds(claim, party);
  const met = grounds.find((g) => isAtOrAfter(ctx.now, g.from));
  if (!met) {
    const availableFrom = escalationAvailableFrom(claim, party);
    return refuse("CLAIM_ESCALATION_NOT_YET_AVAILABLE", { claimId: claim.id, ...(availableFrom ? { availableFrom } : {}) });
  }
  return escalationEvents(claim, { at: ctx.now, by: party, reason: met.reason }, ctx, paging);
}
