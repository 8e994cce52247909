import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlinesOfClaim } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type ClaimRefundDueData, type ClaimRefundedData } from "../../src/domain/claims/claim-events.js";
import type { ClaimState } from "../../src/domain/claims/claim-state.js";
import { fullRefund, partialRefund, platformPayoutAmount, refundCap } from "../../src/domain/claims/refund-amounts.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { decideClaim } from "../../src/domain/claims/use-cases/decide-claim.js";
import { emptyLedger, evolveLedger, freezeForOrder, holdForClaim, LEDGER_EVENT, setLimit, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import type { DomainEvent } from "../../src/domain/shared/events.js";
import { addMs } from "../../src/domain/shared/time.js";
import { applyWorld, asStaff, evidenceFile, lateShipmentClaim } from "./claims-fixtures.js";
import { asSystem, usd } from "./orders-fixtures.js";

const amount = fc.integer({ min: 1, max: 5_000_000_00 });
const TRACKING = evidenceFile("tracking");
const base = lateShipmentClaim();
const NOW = "2026-03-20T10:00:00.000Z";

/** The filed claim, escalated, with the given protected and paid amounts; the ledger freezes the protected amount. */
function givenAmounts(protectedMinor: number, paidMinor: number): { claim: ClaimState; ledger: LedgerState } {
  const claim: ClaimState = {
    ...base.claim,
    status: "escalated",
    escalation: { at: NOW, by: "buyer", reason: "no-response" },
    evidence: [{ ...TRACKING, uploadedBy: { kind: "buyer", partyId: "buyer-1" }, uploadedAt: NOW }],
    order: { ...base.claim.order, protectedAmount: usd(protectedMinor), amountPaid: usd(paidMinor) },
  };
  const staff = asStaff("2026-01-05T10:00:00.000Z");
  let ledger = emptyLedger("supplier-1", "USD");
  const step = (events: DomainEvent[]): void => {
    ledger = events.reduce(evolveLedger, ledger);
  };
  step(setLimit(ledger, { limit: usd(protectedMinor), qualification: "verified", sixMonthVolume: usd(0), reason: "test" }, staff));
  step(freezeForOrder(ledger, { orderId: "ord-1", amount: usd(protectedMinor) }, staff));
  step(holdForClaim(ledger, { orderId: "ord-1", claimId: "clm-1" }, staff));
  return { claim, ledger };
}

describe("refund and payout caps (DT-04, DT-05)", () => {
  it("DT-05: refund amounts never exceed min(protected, paid); the unprotected rest is exactly what was paid beyond it", () => {
    fc.assert(
      fc.property(amount, amount, amount, (protectedMinor, paidMinor, partialMinor) => {
        const order = { ...base.claim.order, protectedAmount: usd(protectedMinor), amountPaid: usd(paidMinor) };
        const cap = Math.min(protectedMinor, paidMinor);
        expect(refundCap(order).amountMinor).toBe(cap);
        const full = fullRefund(order);
        expect(full.amount.amountMinor).toBe(cap);
        expect(full.amount.amountMinor + full.unprotectedRemainder.amountMinor).toBe(Math.max(paidMinor, cap));
        if (partialMinor <= cap) expect(partialRefund(usd(partialMinor), order).amount.amountMinor).toBe(partialMinor);
        else expect(() => partialRefund(usd(partialMinor), order)).toThrow(DomainError);
        expect(platformPayoutAmount(usd(partialMinor), order).amountMinor).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 300 },
    );
  });

  it("DT-04/DT-05: for any amounts and decision, no decided refund and no platform payout exceeds min(protected, paid)", () => {
    const outcome = fc.constantFrom("supplier-at-fault" as const, "supplier-not-at-fault" as const, "partial-refund" as const);
    fc.assert(
      fc.property(amount, amount, amount, outcome, (protectedMinor, paidMinor, partialMinor, decided) => {
        const cap = Math.min(protectedMinor, paidMinor);
        const given = givenAmounts(protectedMinor, paidMinor);
        let decision: DomainEvent[];
        try {
          // DT-04: the buyer consented to the partial refund asked for.
          const consented: ClaimState = { ...given.claim, partialRefundConsent: { upTo: usd(partialMinor), at: NOW } };
          decision = decideClaim(
            consented,
            { outcome: decided, reasons: ["r"], evidenceConsidered: [TRACKING.sha256], partialRefund: usd(partialMinor) },
            asStaff(NOW),
          );
        } catch (e) {
          // Only a partial refund above the cap may be refused.
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe("CLAIM_REFUND_EXCEEDS_PROTECTED");
          expect(decided === "partial-refund" && partialMinor > cap).toBe(true);
          return;
        }
        const due = decision.find((e) => e.type === CLAIM_EVENT.refundDue)?.data as ClaimRefundDueData | undefined;
        if (!due) {
          expect(decided).toBe("supplier-not-at-fault");
          return;
        }
        expect(due.refund.amount.amountMinor).toBeLessThanOrEqual(cap);
        const world = applyWorld({ order: base.order, ledger: given.ledger, claim: given.claim }, decision);
        const deadline = deadlinesOfClaim(world.claim).find((d) => d.kind === "supplier-refund");
        const payout = deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: deadline?.id ?? "" }, asSystem(addMs(deadline?.dueAt ?? NOW, 1)));
        const recorded = payout.find((e) => e.type === LEDGER_EVENT.payoutRecorded)?.data as { amount: { amountMinor: number } };
        const refunded = payout.find((e) => e.type === CLAIM_EVENT.refunded)?.data as ClaimRefundedData;
        expect(recorded.amount.amountMinor).toBeLessThanOrEqual(cap);
        expect(refunded.payment.amount.amountMinor).toBe(recorded.amount.amountMinor);
      }),
      { numRuns: 60 },
    );
  });
});
