/**
 * The vocabulary of a claim (CL-01…CL-14, DT-01…DT-08): what a claim snapshots from its order, the
 * proposals of a negotiation, a determination, a refund. Zod schemas for the parts commands carry.
 */
import { z } from "zod";
import type { PartySnapshot } from "../parties/party.js";
import type { PolicyRef } from "../policy/policy.js";
import { moneySchema, type Money } from "../shared/money.js";
import type { ActorKind } from "../shared/events.js";
import type { Instant } from "../shared/time.js";
import type { NegotiatingParty } from "../orders/order-state.js";
import { localDateSchema, type CoverageType, type PaymentMethod } from "../orders/terms.js";

/** CL-01 */
export const CLAIM_TYPES = ["late-shipment", "quality"] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

/**
 * CL-01 / CL-03: the reason a buyer declares when filing. Two reasons open a claim; the others are
 * excluded and refused with their own code.
 */
export const CLAIM_REASONS = [
  "not-shipped-on-time", // late-shipment
  "quality-differs-from-requirements", // quality
  "damaged-in-freight", // quality, unless the buyer arranged the freight (CL-03)
  "reshipped-to-another-address", // CL-03
  "bought-outside-platform", // CL-03
  "other", // CL-03: rejection for reasons other than late shipment or quality
] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

export const CLAIM_STATUSES = [
  "awaiting-response", // CL-07: the supplier must respond
  "negotiating", // CL-08: rounds of proposals
  "escalated", // CL-09: the platform decides
  "awaiting-return", // DT-06: goods go back before the refund
  "refund-due", // CL-08 / DT-04: the supplier must refund by its deadline
  "settled", // no money pending; waits only for the appeal window of a decision (DT-08)
  "closed",
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** What a claim keeps from the order at filing: later order changes never alter a filed claim. */
export interface ClaimOrderSnapshot {
  readonly orderId: string;
  /** PO-05: the version both parties confirmed — what a determination is based on. */
  readonly orderVersion: number;
  readonly buyer: PartySnapshot;
  readonly supplier: PartySnapshot;
  /** POL-02 */
  readonly policy: PolicyRef;
  readonly coverageType: CoverageType;
  readonly protectedAmount: Money;
  /** PO-07: the sum of payments made through the platform. */
  readonly amountPaid: Money;
  /** DT-07: refunds go back this way. */
  readonly paymentMethod: PaymentMethod;
  readonly shippingDate: string;
}

const reasonTextSchema = z.string().trim().min(1).max(2000);

/** CL-07: what a party may propose. */
export const proposalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("full-refund") }),
  z.object({ kind: z.literal("partial-refund"), amount: moneySchema }),
  z.object({ kind: z.literal("rework-replacement"), description: reasonTextSchema }),
  z.object({ kind: z.literal("reship"), newDate: localDateSchema }),
  z.object({ kind: z.literal("return-and-refund") }),
]);
export type Proposal = z.infer<typeof proposalSchema>;

/** CL-07: a rejection always carries its reasons. */
export const rejectionReasonsSchema = z.array(reasonTextSchema).min(1).max(20);

export type ClaimResponse = { readonly kind: "proposal"; readonly proposal: Proposal } | { readonly kind: "rejection"; readonly reasons: readonly string[] };

/** CL-08: one move of the negotiation. */
export interface NegotiationRound {
  readonly round: number;
  readonly by: NegotiatingParty;
  readonly at: Instant;
  readonly response: ClaimResponse;
}

/** CL-08: the proposal both parties agreed. */
export interface Agreement {
  readonly round: number;
  readonly proposal: Proposal;
  readonly acceptedBy: NegotiatingParty;
  readonly at: Instant;
}

export type EscalationReason =
  | "no-response" // the supplier did not respond in time
  | "no-agreement" // the negotiation period passed
  | "supplier-rejected" // the supplier offered no solution
  | "buyer-day-reached" // express: the buyer may escalate from a day of the claim
  | "automatic" // express: the case escalates by itself
  | "supplier-suspended"; // TA-07: staff act on the buyer's behalf

export interface Escalation {
  readonly at: Instant;
  readonly by: ActorKind;
  readonly reason: EscalationReason;
}

/** DT-03 */
export const INSPECTION_COMPANIES = ["SGS", "TÜV Rheinland", "Bureau Veritas"] as const;
export type InspectionCompany = (typeof INSPECTION_COMPANIES)[number];

export interface Inspection {
  readonly company: InspectionCompany;
  /** Paid upfront by the buyer. */
  readonly fee: Money;
  readonly bookingReference: string;
  readonly bookedAt: Instant;
  readonly reportSha256?: string;
  readonly reportedAt?: Instant;
}

/** DT-06: when no return is required although the refund is decided. */
export const RETURN_EXEMPTIONS = ["supplier-refused-return", "location-misrepresented", "hazardous", "no-value", "return-not-arranged-in-time"] as const;
export type ReturnExemption = (typeof RETURN_EXEMPTIONS)[number];

export interface ReturnOfGoods {
  readonly startedAt: Instant;
  readonly confirmedAt?: Instant;
  readonly exemption?: ReturnExemption;
}

/** DT-04 */
export const DETERMINATION_OUTCOMES = ["supplier-at-fault", "supplier-not-at-fault", "partial-refund"] as const;
export type DeterminationOutcome = (typeof DETERMINATION_OUTCOMES)[number];

/** DT-04: the buyer's consent to a partial refund up to an amount, with its time. */
export interface PartialRefundConsent {
  readonly upTo: Money;
  readonly at: Instant;
}

/** DT-08: a decision records its reasons and the evidence it weighed (DT-02/DT-03). */
export interface Decision {
  readonly staffId: string;
  readonly at: Instant;
  readonly outcome: DeterminationOutcome;
  readonly reasons: readonly string[];
  readonly evidenceConsidered: readonly string[];
  /** The refund the supplier owes (≤ min(protected, paid)); zero when not at fault. */
  readonly refund: Money;
  /** DT-04: the buyer's inspection fee, refunded when the supplier is at fault. */
  readonly inspectionFeeRefunded?: Money;
  /** DT-04: a partial refund rests on the buyer's recorded consent (`PartialRefundConsent`). */
  readonly buyerConsented: boolean;
  /** DT-06 */
  readonly returnRequired: boolean;
  readonly returnExemption?: ReturnExemption;
}

/** CL-08 / DT-04 / DT-05 / DT-07: a refund owed by the supplier. */
export interface RefundDue {
  readonly amount: Money;
  /** DT-05: what the buyer paid beyond the protected amount, still owed by the supplier directly. */
  readonly unprotectedRemainder: Money;
  readonly startedAt: Instant;
  readonly method: PaymentMethod;
}

export interface RefundPaid {
  readonly by: "supplier" | "platform";
  readonly amount: Money;
  readonly method: PaymentMethod;
  readonly reference: string;
  /** DT-07: expected arrival on the buyer's account, in the buyer's working days. */
  readonly expectedArrival: { readonly earliest: Instant; readonly latest: Instant };
  /** DT-05: after a platform payout, what the supplier still owes the buyer. */
  readonly supplierStillOwesBuyer: Money;
  readonly at: Instant;
}

/** DT-08 / CL-12 */
export interface Appeal {
  readonly by: NegotiatingParty;
  readonly at: Instant;
  readonly reasons: readonly string[];
  /** CL-12: the supplier reimbursed and then lost a chargeback — evidence of the lost chargeback. */
  readonly lostChargebackEvidence?: string;
  readonly decision?: AppealDecision;
}

export interface AppealDecision {
  readonly staffId: string;
  readonly at: Instant;
  readonly outcome: "upheld" | "overturned";
  readonly reasons: readonly string[];
}

/**
 * DT-09: the money side of an overturned decision.
 * - "refund-due": the decision had no refund; the supplier is now at fault and owes the full refund.
 * - "refund-cancelled": the refund was still due; the supplier no longer owes it.
 * - "payout-reversed": the platform had paid the buyer on the supplier's behalf; a compensating ledger
 *   entry takes the payout off what the supplier owes, and the buyer returns the payout to the platform.
 * - "refund-returned-by-buyer": the supplier had refunded the buyer itself; the buyer returns it.
 * - "needs-staff-review": the payout was already reimbursed; staff settle it by hand (ledger corrections).
 */
export type AppealMoneyCorrection =
  | { readonly kind: "refund-due"; readonly amount: Money }
  | { readonly kind: "refund-cancelled"; readonly amount: Money }
  | {
      readonly kind: "payout-reversed";
      readonly amount: Money;
      readonly ledgerEntryId: string;
      readonly correctedEntryId: string;
      /** DT-09: what the buyer pays back to the platform (the payout). Absent on corrections recorded before. */
      readonly buyerOwesPlatform?: Money;
      /** What the supplier had reimbursed of the payout and the platform pays back to it. */
      readonly reimbursementReturned?: Money;
      /** TA-04: the order's protected amount frozen again for the still-open order. */
      readonly refrozen?: Money;
    }
  | { readonly kind: "refund-returned-by-buyer"; readonly amount: Money }
  | { readonly kind: "needs-staff-review"; readonly amount: Money };

export type CloseReason =
  | "resolved-by-agreement" // CL-08: rework, replacement or reship agreed
  | "settled" // refunds paid / decision final
  | "chargeback" // CL-12
  | "evidence-not-provided"; // CL-10: the refund request lapsed

export interface EvidenceRequest {
  readonly requestId: string;
  readonly from: NegotiatingParty;
  readonly description: string;
  readonly requestedAt: Instant;
  readonly fulfilledAt?: Instant;
  readonly lapsedAt?: Instant;
}
