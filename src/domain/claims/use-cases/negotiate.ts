/**
 * CL-07: the supplier responds within its window with a proposal or a rejection with reasons.
 * CL-08: the parties negotiate in rounds — each proposal is accepted or countered by the other party;
 * an accepted proposal becomes the resolution, and a refund then has a deadline of its own.
 */
import { z } from "zod";
import { evolveOrder } from "../../orders/evolve-order.js";
import type { NegotiatingParty } from "../../orders/order-state.js";
import { reshipVersion } from "../../orders/use-cases/reship-version.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { localDateOf } from "../../shared/time.js";
import { CLAIM_EVENT, claimEvent, type ClaimProposalAcceptedData, type ClaimResponseMadeData } from "../claim-events.js";
import { actingParty, assertClaimStatus, otherParty } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";
import { proposalSchema, rejectionReasonsSchema, type ClaimResponse, type NegotiationRound } from "../claim-types.js";
import { closeClaim, type ClaimSurroundings } from "../close-claim.js";
import { fullRefund, refundOfProposal } from "../refund-amounts.js";
import { startRefund } from "../settlement.js";

/** The party whose move it is: the supplier first (CL-07), then whoever did not make the last move. */
export function partyToMove(claim: ClaimState): NegotiatingParty {
  const last = claim.rounds.at(-1);
  return last ? otherParty(last.by) : "supplier";
}

function respond(claim: ClaimState, response: ClaimResponse, ctx: CommandContext): DomainEvent[] {
  assertClaimStatus(claim, ["awaiting-response", "negotiating"], "respond");
  const party = actingParty(claim, ctx);
  const toMove = partyToMove(claim);
  if (party !== toMove) refuse("CLAIM_NOT_YOUR_TURN", { claimId: claim.id, toMove });
  const round: NegotiationRound = { round: claim.rounds.length + 1, by: party, at: ctx.now, response };
  const data: ClaimResponseMadeData = { round };
  return [claimEvent(CLAIM_EVENT.responseMade, claim.id, ctx, data)];
}

export const proposeCommandSchema = z.object({ proposal: proposalSchema });
export type ProposeCommand = z.infer<typeof proposeCommandSchema>;

/** CL-07 / CL-08: a proposal (supplier) or counter-proposal (either party). */
export function propose(claim: ClaimState, command: ProposeCommand, ctx: CommandContext): DomainEvent[] {
  const { proposal } = parseCommand(proposeCommandSchema, command);
  refundOfProposal(proposal, claim.order); // DT-05: a partial refund stays within the cap
  if (proposal.kind === "reship" && proposal.newDate <= localDateOf(ctx.now, claim.order.supplier.calendar.timeZone)) {
    refuse("CLAIM_RESHIP_DATE_NOT_IN_FUTURE", { newDate: proposal.newDate });
  }
  return respond(claim, { kind: "proposal", proposal }, ctx);
}

export const rejectCommandSchema = z.object({ reasons: rejectionReasonsSchema });
export type RejectCommand = z.infer<typeof rejectCommandSchema>;

/** CL-07: the supplier rejects the claim, always with reasons. */
export function rejectClaim(claim: ClaimState, command: RejectCommand, ctx: CommandContext): DomainEvent[] {
  const { reasons } = parseCommand(rejectCommandSchema, command);
  if (actingParty(claim, ctx) !== "supplier") refuse("CLAIM_ONLY_SUPPLIER_MAY_REJECT", { claimId: claim.id });
  return respond(claim, { kind: "rejection", reasons }, ctx);
}

export const acceptProposalCommandSchema = z.object({ round: z.number().int().positive() });
export type AcceptProposalCommand = z.infer<typeof acceptProposalCommandSchema>;

/** CL-08: the other party accepts the current proposal; it becomes the resolution. */
export function acceptProposal(claim: ClaimState, surroundings: ClaimSurroundings, command: AcceptProposalCommand, ctx: CommandContext): DomainEvent[] {
  const { round } = parseCommand(acceptProposalCommandSchema, command);
  assertClaimStatus(claim, ["negotiating"], "accept-proposal");
  const party = actingParty(claim, ctx);
  const current = claim.rounds.at(-1);
  if (!current || current.round !== round || current.response.kind !== "proposal") {
    return refuse("CLAIM_PROPOSAL_NOT_CURRENT", { claimId: claim.id, round, current: current?.round ?? 0 });
  }
  if (current.by === party) refuse("CLAIM_NOT_YOUR_TURN", { claimId: claim.id, toMove: otherParty(party) });
  const proposal = current.response.proposal;
  const accepted: ClaimProposalAcceptedData = { agreement: { round, proposal, acceptedBy: party, at: ctx.now } };
  const events: DomainEvent[] = [claimEvent(CLAIM_EVENT.proposalAccepted, claim.id, ctx, accepted)];
  const refund = refundOfProposal(proposal, claim.order);
  if (proposal.kind === "return-and-refund") return [...events, ...startRefund(claim, fullRefund(claim.order), true, ctx)];
  if (refund) return [...events, ...startRefund(claim, refund, false, ctx)];
  // Rework, replacement or reship: the parties' agreement resolves the claim. A reship's new shipping
  // date is a new order version both parties confirm (PO-05), with its own late-shipment protection —
  // also when the goods already shipped. It is proposed before the claim closes, so that closing
  // cannot complete the order (and release its frozen amount) under the reship (complete-if-done.ts).
  if (proposal.kind !== "reship") return [...events, ...closeClaim(claim, surroundings, "resolved-by-agreement", ctx)];
  const reship = reshipVersion(surroundings.order, { claimId: claim.id, newShippingDate: proposal.newDate, proposedBy: current.by }, ctx);
  const orderAfter = reship.reduce((order, e) => evolveOrder(order, e), surroundings.order);
  return [...events, ...reship, ...closeClaim(claim, { ...surroundings, order: orderAfter }, "resolved-by-agreement", ctx)];
}
