/**
 * FR-01: fraud signals. Pure detectors: each looks at facts the caller gathered and returns a flag for
 * staff, carrying the evidence that raised it, or undefined. Raising the flag on the parties it is
 * about is `raiseFraudFlag` (party-commands.ts); suspending is a staff decision (TA-07, FR-02).
 */
import type { PolicyProfile } from "../policy/policy.js";
import { isPositive, lessThan, percentOf, type Money } from "../shared/money.js";
import { instantMs, MS_PER_DAY, type Instant } from "../shared/time.js";
import type { FraudFlag } from "./party.js";

export interface ClaimFiling {
  readonly claimId: string;
  readonly filedAt: Instant;
}

/**
 * Excessive claims: a buyer filed more than `maxClaims` claims within `withinDays` days. Looks at every
 * window ending on one of the buyer's filings (up to `now`) and reports the latest one that exceeds.
 */
export function detectExcessiveClaims(
  input: { readonly buyerId: string; readonly claims: readonly ClaimFiling[] },
  policy: Pick<PolicyProfile, "excessiveClaims">,
  now: Instant,
): FraudFlag | undefined {
  const { maxClaims, withinDays } = policy.excessiveClaims;
  const windowMs = withinDays * MS_PER_DAY;
  const filings = input.claims
    .map((c) => ({ ...c, ms: instantMs(c.filedAt) }))
    .filter((c) => c.ms <= instantMs(now))
    .sort((a, b) => a.ms - b.ms);
  for (const [end, windowEnd] of [...filings.entries()].reverse()) {
    const inWindow = filings.slice(0, end + 1).filter((c) => c.ms >= windowEnd.ms - windowMs);
    const first = inWindow[0];
    if (first && inWindow.length > maxClaims) {
      return {
        signal: "excessive-claims",
        raisedAt: now,
        evidence: {
          claimIds: inWindow.map((c) => c.claimId),
          claimCount: inWindow.length,
          maxClaims,
          withinDays,
          firstFiledAt: first.filedAt,
          lastFiledAt: windowEnd.filedAt,
        },
        subjectIds: [input.buyerId],
      };
    }
  }
  return undefined;
}

export interface RefundReceived {
  readonly kind: "supplier-refund" | "platform-payout";
  readonly at: Instant;
}

/** Chargeback after a refund: the buyer filed a chargeback for an order after being refunded for it. */
export function detectChargebackAfterRefund(
  input: {
    readonly buyerId: string;
    readonly orderId: string;
    readonly refunds: readonly RefundReceived[];
    readonly chargebackFiledAt: Instant;
  },
  now: Instant,
): FraudFlag | undefined {
  const chargebackMs = instantMs(input.chargebackFiledAt);
  const earlier = input.refunds.filter((r) => instantMs(r.at) <= chargebackMs).sort((a, b) => instantMs(a.at) - instantMs(b.at));
  const first = earlier[0];
  if (!first) return undefined;
  return {
    signal: "chargeback-after-refund",
    raisedAt: now,
    evidence: {
      orderId: input.orderId,
      refundKind: first.kind,
      refundedAt: first.at,
      refundCount: earlier.length,
      chargebackFiledAt: input.chargebackFiledAt,
    },
    subjectIds: [input.buyerId],
  };
}

/**
 * Collusion on declared customs value: the export value declared for the shipment is below the
 * policy's share of the order total (`customsValueCollusion.minDeclaredShareBasisPoints`). Both
 * parties are subjects: the declaration needs the supplier, the under-declaration serves the buyer.
 */
export function detectCustomsValueCollusion(
  input: {
    readonly orderId: string;
    readonly buyerId: string;
    readonly supplierId: string;
    readonly orderTotal: Money;
    readonly declaredExportValue: Money;
  },
  policy: Pick<PolicyProfile, "customsValueCollusion">,
  now: Instant,
): FraudFlag | undefined {
  const { orderTotal, declaredExportValue } = input;
  const { minDeclaredShareBasisPoints } = policy.customsValueCollusion;
  if (!isPositive(orderTotal)) return undefined;
  const threshold = percentOf(orderTotal, minDeclaredShareBasisPoints);
  if (!lessThan(declaredExportValue, threshold)) return undefined;
  return {
    signal: "customs-value-collusion",
    raisedAt: now,
    evidence: {
      orderId: input.orderId,
      currency: orderTotal.currency,
      orderTotalMinor: orderTotal.amountMinor,
      declaredValueMinor: declaredExportValue.amountMinor,
      declaredShareBasisPoints: Math.floor((declaredExportValue.amountMinor * 10_000) / orderTotal.amountMinor),
      minDeclaredShareBasisPoints,
    },
    subjectIds: [input.buyerId, input.supplierId],
  };
}
