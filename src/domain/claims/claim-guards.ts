/** Who may act on a claim, and in which states. */
import type { NegotiatingParty } from "../orders/order-state.js";
import { refuse } from "../shared/errors.js";
import type { CommandContext } from "../shared/events.js";
import type { ClaimState } from "./claim-state.js";
import type { ClaimStatus } from "./claim-types.js";

/** The party (buyer or supplier of the claim's order) acting, or `CLAIM_NOT_A_PARTY`. */
export function actingParty(claim: ClaimState, ctx: CommandContext): NegotiatingParty {
  const { kind, partyId } = ctx.actor;
  if (kind === "buyer" && partyId === claim.order.buyer.id) return "buyer";
  if (kind === "supplier" && partyId === claim.order.supplier.id) return "supplier";
  return refuse("CLAIM_NOT_A_PARTY", { claimId: claim.id });
}

export function assertClaimOpen(claim: ClaimState): void {
  if (claim.status === "closed") refuse("CLAIM_CLOSED", { claimId: claim.id, reason: claim.closeReason ?? "" });
}

export function assertClaimStatus(claim: ClaimState, allowed: readonly ClaimStatus[], action: string): void {
  assertClaimOpen(claim);
  if (!allowed.includes(claim.status)) refuse("CLAIM_WRONG_STATUS", { claimId: claim.id, status: claim.status, action });
}

export function otherParty(party: NegotiatingParty): NegotiatingParty {
  return party === "buyer" ? "supplier" : "buyer";
}

/** The staff member acting (staff commands are checked with `assertStaff` first). */
export function staffIdOf(ctx: CommandContext): string {
  return ctx.actor.partyId ?? refuse("STAFF_ID_REQUIRED", {});
}
