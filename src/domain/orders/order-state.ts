/**
 * The Order aggregate's state (ORD-01). This file is the contract other modules read (claims,
 * ledger use cases, persistence); `order.ts` implements the commands and `evolveOrder`.
 */
import type { PartySnapshot } from "../parties/party.js";
import type { PolicyRef } from "../policy/policy.js";
import type { Money } from "../shared/money.js";
import type { Instant, LocalDate } from "../shared/time.js";
import type { OrderTerms, PartialOrderTerms, PaymentMethod } from "./terms.js";

export const ORDER_STATUSES = [
  "draft", // the buyer requested an order; the supplier drafts the terms
  "awaiting-buyer", // a complete draft waits for the buyer's confirmation
  "awaiting-supplier", // the buyer confirmed; the supplier confirms
  "confirmed",
  "deposit-paid",
  "shipped",
  "received",
  // PO-05 / ORD-01: a reship version both parties confirmed after the goods had shipped: the goods are
  // shipped again by its date (the earlier shipment kept in `earlierShipments`), with the late-shipment
  // protection of any unshipped order (CL-04), then shipped → received → completed as before.
  "reshipping",
  "completed",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type NegotiatingParty = "buyer" | "supplier";

/** PO-01/PO-05: every proposal is a new version; a version confirmed by both is immutable and hashed. */
export interface OrderVersion {
  readonly number: number;
  readonly terms: PartialOrderTerms;
  readonly proposedBy: NegotiatingParty;
  readonly proposedAt: Instant;
  readonly note?: string;
  readonly buyerConfirmedAt?: Instant;
  readonly supplierConfirmedAt?: Instant;
  /** SHA-256 of the canonical JSON of the terms, set when both parties confirmed (PO-05). */
  readonly contentHash?: string;
  /** PO-05: a proposed amendment the counterparty declined (it never becomes the confirmed version). */
  readonly declinedAt?: Instant;
  /** CL-08 / PO-05: the version carries a reship agreed on this claim; both parties confirm it. */
  readonly reshipOfClaim?: string;
}

/** PO-07: a payment made through the platform to the designated account, with its method and fee. */
export interface Payment {
  readonly kind: "deposit" | "balance";
  readonly amount: Money;
  readonly method: PaymentMethod;
  readonly fee: Money;
  readonly throughPlatform: boolean;
  readonly reference: string;
  readonly paidAt: Instant;
}

/** ORD-03 */
export interface Shipment {
  readonly shippedOn: LocalDate;
  readonly recordedAt: Instant;
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly customsExport?: { readonly declarationNumber: string; readonly exportedOn: LocalDate };
  /** Calendar days after the agreed shipping date (0 or less = on time). */
  readonly daysLate: number;
  /** Freight arranged by the buyer (CL-03: freight damage then excluded). */
  readonly freightArrangedByBuyer: boolean;
  /** POL-01 (express): compensation the supplier owes the buyer for shipping late. */
  readonly lateDeliveryCompensation?: LateDeliveryCompensation;
}

/**
 * POL-01 (express): a share of the order value, capped. The cap is set in one currency; for an
 * order in another currency no exchange rate is assumed — the uncapped share is recorded and
 * flagged for staff review instead of being paid blindly.
 */
export interface LateDeliveryCompensation {
  readonly amount: Money;
  readonly basisPoints: number;
  readonly cap: Money;
  readonly capApplied: boolean;
  readonly needsStaffReview: boolean;
}

export interface OrderState {
  readonly id: string;
  readonly buyer: PartySnapshot;
  readonly supplier: PartySnapshot;
  readonly status: OrderStatus;
  readonly versions: readonly OrderVersion[];
  /** The version both parties confirmed last (PO-05): what a determination is based on. */
  readonly confirmedVersion?: number;
  /** The terms of `confirmedVersion` (complete, validated). */
  readonly confirmedTerms?: OrderTerms;
  /** POL-02: recorded at confirmation. */
  readonly policy?: PolicyRef;
  readonly confirmedAt?: Instant;
  readonly payments: readonly Payment[];
  readonly shipment?: Shipment;
  /** PO-05: shipments before a confirmed reship version, oldest first (absent when there were none). */
  readonly earlierShipments?: readonly Shipment[];
  /** CL-06: import customs clearance date, when reported. */
  readonly customsClearedOn?: LocalDate;
  readonly receivedAt?: Instant;
  /** CL-05/CL-06/ORD-04: the claim entrance has closed. */
  readonly claimWindowClosed: boolean;
  readonly openClaimId?: string;
  readonly claimIds: readonly string[];
  /** CL-12: a chargeback was filed with the payment provider. */
  readonly chargebackFiledAt?: Instant;
  readonly cancelledAt?: Instant;
  readonly completedAt?: Instant;
}
