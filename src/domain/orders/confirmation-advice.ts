/**
 * What the buyer is told before confirming (TA-06, PO-03, PO-04, PO-08): read-only, no events.
 */
import { compare, greaterThan, isPositive, subtract, type Money } from "../shared/money.js";
import type { OrderState } from "./order-state.js";
import { latestVersion } from "./order-versions.js";
import { standardInspectionRequirement } from "./quality-requirements.js";
import type { QualityRequirement } from "./terms.js";
import { validateTerms, type TermsProblem } from "./validate-terms.js";

/** PO-03: what the buyer may do when quality is assured but no requirement is written. */
export const MISSING_QUALITY_REQUIREMENT_OPTIONS = ["add-standard-inspection", "ask-supplier-to-add-requirements"] as const;

export interface ConfirmationAdvice {
  /** The version the advice is about (the latest one). */
  readonly version: number;
  /** PO-02 / PO-04: every problem; errors block confirmation. */
  readonly problems: readonly TermsProblem[];
  /** TA-06: the part of the deposit not protected (deposit − protected amount), when positive. */
  readonly unprotectedDeposit?: Money;
  /** PO-03: quality is assured but no requirement is written. */
  readonly missingQualityRequirement?: {
    readonly standardOffer: QualityRequirement;
    readonly options: typeof MISSING_QUALITY_REQUIREMENT_OPTIONS;
  };
  /** PO-08: the deposit differs from the protected amount; the advised deposit is the protected amount. */
  readonly depositAdvice?: { readonly deposit: Money; readonly advisedDeposit: Money };
  /** PO-08 / TA-03: the supplier's available amount is below the order total (or even the protected amount). */
  readonly supplierShortfall?: {
    readonly available: Money;
    readonly orderTotal: Money;
    readonly coversProtectedAmount: boolean;
  };
}

export function confirmationAdvice(order: OrderState, supplierBalances: { readonly available: Money }): ConfirmationAdvice {
  const version = latestVersion(order);
  const terms = version.terms;
  const { deposit, protectedAmount, total } = terms;
  const sameCurrency = (a: Money | undefined, b: Money | undefined): [Money, Money] | undefined => (a && b && a.currency === b.currency ? [a, b] : undefined);

  const depositVsProtected = sameCurrency(deposit, protectedAmount);
  const unprotected = depositVsProtected && subtract(depositVsProtected[0], depositVsProtected[1]);
  const available = supplierBalances.available;
  const coverage = sameCurrency(available, total);

  return {
    version: version.number,
    problems: validateTerms(terms),
    ...(unprotected && isPositive(unprotected) ? { unprotectedDeposit: unprotected } : {}),
    ...(terms.qualityAssured === true && (terms.qualityRequirements ?? []).length === 0
      ? { missingQualityRequirement: { standardOffer: standardInspectionRequirement(), options: MISSING_QUALITY_REQUIREMENT_OPTIONS } }
      : {}),
    ...(depositVsProtected && compare(...depositVsProtected) !== 0
      ? { depositAdvice: { deposit: depositVsProtected[0], advisedDeposit: depositVsProtected[1] } }
      : {}),
    ...(coverage && greaterThan(coverage[1], coverage[0])
      ? {
          supplierShortfall: {
            available,
            orderTotal: coverage[1],
            coversProtectedAmount: protectedAmount !== undefined && protectedAmount.currency === available.currency && compare(available, protectedAmount) >= 0,
          },
        }
      : {}),
  };
}
