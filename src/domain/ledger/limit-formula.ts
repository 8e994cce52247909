/**
 * TA-01: the limit a supplier's inputs give under the policy's formula — a share of the last 6 months'
 * volume by qualification status, capped in the volume's currency (POL-01: `supplierLimit`).
 */
import type { QualificationStatus, SupplierLimitFormula } from "../policy/policy.js";
import { min, percentOf, type Money } from "../shared/money.js";

export interface FormulaLimit {
  readonly limit: Money;
  readonly basisPoints: number;
  readonly cap: Money;
  readonly capApplied: boolean;
}

/** The formula's limit, or undefined when the policy has no cap in the volume's currency. */
export function limitByFormula(formula: SupplierLimitFormula, qualification: QualificationStatus, sixMonthVolume: Money): FormulaLimit | undefined {
  const cap = formula.caps.find((c) => c.currency === sixMonthVolume.currency);
  if (!cap) return undefined;
  const basisPoints = formula.shareOfSixMonthVolumeBasisPoints[qualification];
  const share = percentOf(sixMonthVolume, basisPoints);
  const limit = min(share, cap);
  return { limit, basisPoints, cap, capApplied: limit.amountMinor < share.amountMinor };
}
