/**
 * DT-06: a required return is at the supplier's cost, to the listing's location; the refund follows
 * the confirmed return. No return is required when the supplier refuses it, the location was
 * misrepresented, shipping back is hazardous, or the goods have no value.
 */
import { z } from "zod";
import { assertStaff } from "../../parties/staff-guard.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { CLAIM_EVENT, claimEvent, type ClaimReturnConfirmedData, type ClaimReturnWaivedData } from "../claim-events.js";
import { actingParty, assertClaimStatus } from "../claim-guards.js";
import type { ClaimState } from "../claim-state.js";
import { RETURN_EXEMPTIONS, type ReturnExemption } from "../claim-types.js";
import { fullRefund, partialRefund, refundOfProposal, type RefundAmount } from "../refund-amounts.js";
import { refundDueEvent } from "../settlement.js";

/** The refund that follows the return: as decided, or as agreed. */
export function refundAfterReturn(claim: ClaimState): RefundAmount {
  if (claim.decision) {
    return claim.decision.outcome === "partial-refund" ? partialRefund(claim.decision.refund, claim.order) : fullRefund(claim.order);
  }
  return (claim.agreement && refundOfProposal(claim.agreement.proposal, claim.order)) ?? fullRefund(claim.order);
}

export const confirmReturnCommandSchema = z.object({}).strict();
export type ConfirmReturnCommand = z.infer<typeof confirmReturnCommandSchema>;

/** The supplier (or staff, on the carrier's proof of delivery) confirms the goods came back. */
export function confirmReturn(claim: ClaimState, command: ConfirmReturnCommand, ctx: CommandContext): DomainEvent[] {
  parseCommand(confirmReturnCommandSchema, command);
  assertClaimStatus(claim, ["awaiting-return"], "confirm-return");
  const confirmedBy = ctx.actor.kind === "staff" ? "staff" : actingParty(claim, ctx);
  if (confirmedBy === "buyer") refuse("CLAIM_RETURN_CONFIRMED_BY_SUPPLIER_OR_STAFF", { claimId: claim.id });
  const data: ClaimReturnConfirmedData = { confirmedBy };
  return [claimEvent(CLAIM_EVENT.returnConfirmed, claim.id, ctx, data), refundDueEvent(claim, refundAfterReturn(claim), ctx)];
}

/** The refund without a return (DT-06 exemptions; also the default outcome of the return window). */
export function returnWaivedEvents(claim: ClaimState, exemption: ReturnExemption, ctx: CommandContext): DomainEvent[] {
  assertClaimStatus(claim, ["awaiting-return"], "waive-return");
  const data: ClaimReturnWaivedData = { exemption };
  return [claimEvent(CLAIM_EVENT.returnWaived, claim.id, ctx, data), refundDueEvent(claim, refundAfterReturn(claim), ctx)];
}

export const waiveReturnCommandSchema = z.object({ exemption: z.enum(RETURN_EXEMPTIONS) });
export type WaiveReturnCommand = z.infer<typeof waiveReturnCommandSchema>;

/** DT-06: staff waive the return; the supplier may itself decline to take the goods back. */
export function waiveReturn(claim: ClaimState, command: WaiveReturnCommand, ctx: CommandContext): DomainEvent[] {
  const { exemption } = parseCommand(waiveReturnCommandSchema, command);
  if (ctx.actor.kind !== "staff") {
    if (actingParty(claim, ctx) !== "supplier" || exemption !== "supplier-refused-return") assertStaff(ctx, "waive-return");
  }
  return returnWaivedEvents(claim, exemption, ctx);
}
