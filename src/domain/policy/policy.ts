/**
 * POL-01: every time limit, percentage and cap is a named parameter of a versioned policy profile.
 * POL-02: an order records { profile, version } at confirmation; `policyFor` returns exactly that
 * version forever, so a later policy change never moves an order's deadlines.
 */
import { refuse } from "../shared/errors.js";
import type { Money } from "../shared/money.js";

/** PO-07: a payment method's fee — a share of the amount, a bank fee stated within a range, or none. */
export type FeeRule =
  { readonly kind: "percent"; readonly basisPoints: number } | { readonly kind: "range"; readonly min: Money; readonly max: Money } | { readonly kind: "free" };

/** TA-01: a supplier's qualification status, as staff assess it at enrolment. */
export const QUALIFICATION_STATUSES = ["unverified", "verified", "audited"] as const;
export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

/**
 * TA-01: the limit staff start from — a share of the supplier's last 6 months' volume on the platform,
 * by qualification status, capped. A cap exists per currency (no exchange rates in the domain); a
 * volume in a currency without a cap has no formula limit and staff set the figure themselves.
 */
export interface SupplierLimitFormula {
  readonly shareOfSixMonthVolumeBasisPoints: Readonly<Record<QualificationStatus, number>>;
  readonly caps: readonly Money[];
}

/** PO-07: the payment methods the platform covers (terms.ts `PAYMENT_METHODS`). */
export interface PaymentFeeSchedule {
  readonly card: FeeRule;
  readonly tt: FeeRule;
  readonly "western-union": FeeRule;
  readonly "pay-later": FeeRule;
}

export type PolicyProfileName = "classic" | "express";

/** A span of time counted in business days (acting party's calendar) or calendar days. */
export interface Period {
  readonly days: number;
  readonly unit: "business" | "calendar";
}

export interface PolicyProfile {
  readonly name: PolicyProfileName;
  readonly version: number;
  /** When this version took effect (ISO date), for the record. */
  readonly effectiveFrom: string;

  // CL-07: supplier's window to respond to a claim.
  readonly supplierResponseWindow: Period;
  // CL-09: the buyer may ask the platform to decide from this day of the claim (0 = once the response window passed).
  readonly buyerMayEscalateFromDay: number | null;
  // CL-08/CL-09: negotiation period after the supplier's first response.
  readonly negotiationPeriod: Period;
  // CL-09 (express): the case escalates by itself on this day of the claim; null = never automatically.
  readonly autoEscalateOnDay: number | null;
  // CL-05: pre-shipment coverage — claim entrance closes this long after shipment.
  readonly preShipmentClaimWindowAfterShipment: Period;
  // CL-06: post-delivery coverage windows (null = not part of this profile).
  readonly postDeliveryAfterCustomsClearance: Period | null;
  readonly postDeliveryAfterShipment: Period | null;
  readonly postDeliveryAfterReceipt: Period | null;
  // CL-08: the supplier's deadline to pay an agreed or decided refund.
  readonly supplierRefundWindow: Period;
  // DT-02: target for a late-shipment decision.
  readonly determinationTarget: Period;
  // DT-08: appeal window after a decision.
  readonly appealWindow: Period;
  // CL-14 / CL-10: time to supply requested evidence before the request lapses.
  readonly evidenceRequestWindow: Period;
  // DT-06: time for the buyer to ship a required return.
  readonly returnShipmentWindow: Period;
  // CL-10: reminders before every deadline, in business days of the acting party.
  readonly reminderBusinessDaysBefore: readonly number[];
  // DT-01: paging — repeat an unacknowledged page after, and escalate to the next level after.
  readonly pageRepeatAfterMinutes: number;
  readonly pageEscalateAfterMinutes: number;
  // DT-07: expected refund arrival, working days.
  readonly refundArrivalWorkingDays: { readonly min: number; readonly max: number };
  // POL-01 (express): late-delivery compensation as a share of order value, capped.
  readonly lateDeliveryCompensation: { readonly basisPoints: number; readonly cap: Money } | null;
  // FR-01: a buyer opening more than this many claims within the period raises a flag.
  readonly excessiveClaims: { readonly maxClaims: number; readonly withinDays: number };
  // FR-01: a declared export (customs) value below this share of the order total, in basis points,
  // raises a customs-value collusion flag.
  readonly customsValueCollusion: { readonly minDeclaredShareBasisPoints: number };
  // CL-11: evidence limits, stated before upload.
  readonly evidence: { readonly maxBytes: number; readonly mediaTypes: readonly string[] };
  // PO-07: the fee of each covered payment method.
  readonly paymentFees: PaymentFeeSchedule;
  // TA-01: the starting limit of an enrolled supplier.
  readonly supplierLimit: SupplierLimitFormula;
  // ORD-04 / CL-10: when the buyer never confirms receipt of a shipped order (any coverage type), the
  // goods count as received by this rule — the default outcome of the receipt deadline — so every
  // delivery path reaches completion and the frozen amount is released.
  readonly deemedReceipt: DeemedReceiptRule;
}

/**
 * ORD-04 / CL-10: when an unconfirmed receipt is deemed. `after-shipment`: this long after the shipping
 * date (express: its claim window runs from receipt, so receipt must come to start it);
 * `when-claim-window-closes`: at the moment the claim entrance closes (classic: seed 000 closes the
 * entrance by itself after shipment, after which nothing is left to protect).
 */
export type DeemedReceiptRule = { readonly kind: "after-shipment"; readonly period: Period } | { readonly kind: "when-claim-window-closes" };

const EVIDENCE_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  mediaTypes: [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/plain",
    "text/csv",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "video/mp4",
  ],
} as const;

const usd = (amountMinor: number): Money => ({ amountMinor, currency: "USD" });

/** PO-07: card 2.95 %; T/T a bank fee of USD 30–50; Western Union USD 4.90–45; pay-later free. */
const PUBLISHED_PAYMENT_FEES: PaymentFeeSchedule = {
  card: { kind: "percent", basisPoints: 295 },
  tt: { kind: "range", min: usd(3_000), max: usd(5_000) },
  "western-union": { kind: "range", min: usd(490), max: usd(4_500) },
  "pay-later": { kind: "free" },
};

/**
 * TA-01: neither source states figures, so these are the platform's own: 5 % / 10 % / 20 % of the last
 * 6 months' volume, capped at 500 000 in the major currencies the platform settles in.
 */
const SUPPLIER_LIMIT_FORMULA: SupplierLimitFormula = {
  shareOfSixMonthVolumeBasisPoints: { unverified: 500, verified: 1_000, audited: 2_000 },
  caps: [
    { amountMinor: 50_000_000, currency: "USD" },
    { amountMinor: 50_000_000, currency: "EUR" },
    { amountMinor: 50_000_000, currency: "GBP" },
    { amountMinor: 350_000_000, currency: "CNY" },
  ],
};

/** `classic`: the program's rules text (seed 000). The default profile. */
export const CLASSIC_V1: PolicyProfile = {
  name: "classic",
  version: 1,
  effectiveFrom: "2026-01-01",
  supplierResponseWindow: { days: 15, unit: "business" },
  buyerMayEscalateFromDay: null,
  negotiationPeriod: { days: 15, unit: "calendar" },
  autoEscalateOnDay: null,
  preShipmentClaimWindowAfterShipment: { days: 15, unit: "calendar" },
  postDeliveryAfterCustomsClearance: { days: 15, unit: "calendar" },
  postDeliveryAfterShipment: { days: 90, unit: "calendar" },
  postDeliveryAfterReceipt: null,
  supplierRefundWindow: { days: 15, unit: "business" },
  determinationTarget: { days: 7, unit: "calendar" },
  appealWindow: { days: 30, unit: "calendar" },
  evidenceRequestWindow: { days: 5, unit: "business" },
  returnShipmentWindow: { days: 15, unit: "business" },
  reminderBusinessDaysBefore: [3, 1],
  pageRepeatAfterMinutes: 15,
  pageEscalateAfterMinutes: 45,
  refundArrivalWorkingDays: { min: 7, max: 15 },
  lateDeliveryCompensation: null,
  excessiveClaims: { maxClaims: 5, withinDays: 90 },
  customsValueCollusion: { minDeclaredShareBasisPoints: 7_000 },
  evidence: EVIDENCE_LIMITS,
  paymentFees: PUBLISHED_PAYMENT_FEES,
  supplierLimit: SUPPLIER_LIMIT_FORMULA,
  // Was `null` (wait for the buyer forever): a classic order whose buyer never confirmed receipt never
  // completed and its frozen amount stayed frozen — a processing error, not a policy choice (DT-09).
  deemedReceipt: { kind: "when-claim-window-closes" },
};

/** `express`: today's public help pages. */
export const EXPRESS_V1: PolicyProfile = {
  name: "express",
  version: 1,
  effectiveFrom: "2026-01-01",
  supplierResponseWindow: { days: 3, unit: "calendar" },
  buyerMayEscalateFromDay: 4,
  negotiationPeriod: { days: 7, unit: "calendar" },
  autoEscalateOnDay: 7,
  preShipmentClaimWindowAfterShipment: { days: 15, unit: "calendar" },
  postDeliveryAfterCustomsClearance: null,
  postDeliveryAfterShipment: null,
  postDeliveryAfterReceipt: { days: 30, unit: "calendar" },
  supplierRefundWindow: { days: 5, unit: "business" },
  determinationTarget: { days: 7, unit: "calendar" },
  appealWindow: { days: 30, unit: "calendar" },
  evidenceRequestWindow: { days: 3, unit: "business" },
  returnShipmentWindow: { days: 15, unit: "business" },
  reminderBusinessDaysBefore: [1],
  pageRepeatAfterMinutes: 10,
  pageEscalateAfterMinutes: 30,
  refundArrivalWorkingDays: { min: 7, max: 15 },
  lateDeliveryCompensation: { basisPoints: 1_000, cap: { amountMinor: 10_000, currency: "USD" } },
  excessiveClaims: { maxClaims: 5, withinDays: 90 },
  customsValueCollusion: { minDeclaredShareBasisPoints: 7_000 },
  evidence: EVIDENCE_LIMITS,
  paymentFees: PUBLISHED_PAYMENT_FEES,
  supplierLimit: SUPPLIER_LIMIT_FORMULA,
  deemedReceipt: { kind: "after-shipment", period: { days: 60, unit: "calendar" } },
};

/** Every version ever shipped: never edit a published one, add a new version instead. */
export const POLICY_VERSIONS: readonly PolicyProfile[] = [CLASSIC_V1, EXPRESS_V1];

export interface PolicyRef {
  readonly name: PolicyProfileName;
  readonly version: number;
}

export const DEFAULT_POLICY: PolicyProfileName = "classic";

/** The exact version an order recorded (POL-02). */
export function policyFor(ref: PolicyRef, versions: readonly PolicyProfile[] = POLICY_VERSIONS): PolicyProfile {
  const found = versions.find((p) => p.name === ref.name && p.version === ref.version);
  if (!found) return refuse("POLICY_UNKNOWN", { profile: ref.name, version: ref.version });
  return found;
}

/** The newest version of a profile: what a new confirmation records. */
export function currentPolicy(name: PolicyProfileName, versions: readonly PolicyProfile[] = POLICY_VERSIONS): PolicyProfile {
  const candidates = versions.filter((p) => p.name === name);
  const newest = candidates.reduce<PolicyProfile | undefined>((a, p) => (!a || p.version > a.version ? p : a), undefined);
  if (!newest) return refuse("POLICY_UNKNOWN", { profile: name, version: 0 });
  return newest;
}
