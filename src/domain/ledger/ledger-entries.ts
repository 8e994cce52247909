/**
 * TA-02 / DT-09: the supplier's Trade Assurance ledger is an append-only list of entries. Each entry is
 * one event of the supplier's `ledger` stream and carries signed changes to the limit, the frozen
 * amount and the amount owed; the balances are always the sums of those changes. A processing error
 * is undone by a compensating `correction` entry, never by editing or deleting an entry.
 */
import type { ActorRef, DomainEvent, StreamRef } from "../shared/events.js";
import { subtract, zero, type Money } from "../shared/money.js";
import type { Instant } from "../shared/time.js";

export const LEDGER_EVENT = {
  limitSet: "LedgerLimitSet",
  amountFrozen: "LedgerAmountFrozen",
  claimHoldPlaced: "LedgerClaimHoldPlaced",
  claimHoldEnded: "LedgerClaimHoldEnded",
  amountReleased: "LedgerAmountReleased",
  payoutRecorded: "LedgerPayoutRecorded",
  reimbursementRecorded: "LedgerReimbursementRecorded",
  /** DT-09: the platform pays back what the supplier reimbursed of a payout an appeal reversed. */
  reimbursementReturned: "LedgerReimbursementReturned",
  entryCorrected: "LedgerEntryCorrected",
} as const;
export type LedgerEventType = (typeof LEDGER_EVENT)[keyof typeof LEDGER_EVENT];

export function ledgerStream(supplierId: string): StreamRef {
  return { type: "ledger", id: supplierId };
}

/** TA-04: why an order's frozen amount was released ("payout": DT-05, the platform paid the buyer). */
export type ReleaseReason = "completed" | "cancelled" | "claim-resolved" | "payout";

/** TA-01: the inputs staff based a limit on, recorded with it. */
export interface LimitInputs {
  readonly qualification: string;
  readonly sixMonthVolume: Money;
  /** TA-01: what the policy's formula gives for these inputs (absent: no formula in that currency, or an old entry). */
  readonly formula?: { readonly limit: Money; readonly basisPoints: number; readonly cap: Money; readonly capApplied: boolean };
  /** "formula": the limit is the formula's figure; "staff": staff set another figure, with the reason. */
  readonly basis?: "formula" | "staff";
}

export interface LimitSetData extends LimitInputs {
  readonly entryId: string;
  readonly limit: Money;
  readonly previousLimit: Money;
  readonly reason: string;
}
export interface AmountFrozenData {
  readonly entryId: string;
  readonly orderId: string;
  readonly amount: Money;
}
export interface ClaimHoldPlacedData {
  readonly entryId: string;
  readonly orderId: string;
  readonly claimId: string;
  /** The order's frozen amount, set aside for the claim (TA-04). */
  readonly amount: Money;
}
export interface ClaimHoldEndedData {
  readonly entryId: string;
  readonly orderId: string;
  readonly claimId: string;
  /** The amount that was set aside. */
  readonly amount: Money;
  readonly reason: "claim-closed" | "payout";
}
export interface AmountReleasedData {
  readonly entryId: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly reason: ReleaseReason;
}
export interface PayoutRecordedData {
  readonly entryId: string;
  readonly orderId: string;
  readonly claimId: string;
  readonly amount: Money;
}
export interface ReimbursementRecordedData {
  readonly entryId: string;
  readonly amount: Money;
  readonly reference: string;
}
/**
 * DT-09: a payout was reversed on appeal after the supplier had reimbursed (part of) it: the platform
 * pays that part back, so it counts again in what the supplier owes until the payout's correction —
 * appended right after — takes the whole payout off (owed never goes negative in between).
 */
export interface ReimbursementReturnedData {
  readonly entryId: string;
  readonly orderId: string;
  readonly claimId: string;
  readonly amount: Money;
}
/** DT-09: the exact opposite of the corrected entry's changes. */
export interface EntryCorrectedData {
  readonly entryId: string;
  readonly correctedEntryId: string;
  readonly reason: string;
  readonly orderId?: string;
  readonly limitChange: Money;
  readonly frozenChange: Money;
  readonly owedChange: Money;
}

export type LedgerEntryKind =
  "limit-set" | "freeze" | "claim-hold" | "claim-hold-ended" | "release" | "payout" | "reimbursement" | "reimbursement-returned" | "correction";

/** Entries a correction may reverse: those that changed a balance (holds only set money aside). */
export const CORRECTABLE_KINDS: readonly LedgerEntryKind[] = ["limit-set", "freeze", "release", "payout", "reimbursement", "reimbursement-returned"];

export interface LedgerEntry {
  /** `${supplierId}:${sequence}`, sequence counting from 1. */
  readonly id: string;
  readonly kind: LedgerEntryKind;
  /** Signed changes; limit, frozen and owed are the sums of these over all entries (TA-02). */
  readonly limitChange: Money;
  readonly frozenChange: Money;
  readonly owedChange: Money;
  /** The sum the entry is about: the new limit, the amount frozen, held, released, paid or reimbursed (0 for a correction). */
  readonly amount: Money;
  readonly reason: string;
  readonly orderId?: string;
  readonly claimId?: string;
  readonly correctsEntryId?: string;
  /** TA-01: inputs of a limit. */
  readonly limitInputs?: LimitInputs;
  /** Payment reference of a reimbursement. */
  readonly reference?: string;
  readonly actor: ActorRef;
  readonly at: Instant;
}

export function ledgerEntryId(supplierId: string, sequence: number): string {
  return `${supplierId}:${sequence}`;
}

function negate(m: Money): Money {
  return subtract(zero(m.currency), m);
}

type EntryBody = Omit<LedgerEntry, "actor" | "at" | "limitChange" | "frozenChange" | "owedChange"> &
  Partial<Pick<LedgerEntry, "limitChange" | "frozenChange" | "owedChange">>;

/** The ledger entry an event records, or undefined for an event the ledger does not know. */
export function ledgerEntryOf(e: DomainEvent, currency: string): LedgerEntry | undefined {
  const body = entryBody(e, currency);
  if (!body) return undefined;
  return {
    limitChange: zero(currency),
    frozenChange: zero(currency),
    owedChange: zero(currency),
    ...body,
    actor: e.actor,
    at: e.at,
  };
}

function entryBody(e: DomainEvent, currency: string): EntryBody | undefined {
  switch (e.type) {
    case LEDGER_EVENT.limitSet: {
      const d = e.data as LimitSetData;
      return {
        id: d.entryId,
        kind: "limit-set",
        limitChange: subtract(d.limit, d.previousLimit),
        amount: d.limit,
        reason: d.reason,
        limitInputs: {
          qualification: d.qualification,
          sixMonthVolume: d.sixMonthVolume,
          ...(d.formula === undefined ? {} : { formula: d.formula }),
          ...(d.basis === undefined ? {} : { basis: d.basis }),
        },
      };
    }
    case LEDGER_EVENT.amountFrozen: {
      const d = e.data as AmountFrozenData;
      return { id: d.entryId, kind: "freeze", frozenChange: d.amount, amount: d.amount, reason: "order-confirmed", orderId: d.orderId };
    }
    case LEDGER_EVENT.claimHoldPlaced: {
      const d = e.data as ClaimHoldPlacedData;
      return { id: d.entryId, kind: "claim-hold", amount: d.amount, reason: "claim-opened", orderId: d.orderId, claimId: d.claimId };
    }
    case LEDGER_EVENT.claimHoldEnded: {
      const d = e.data as ClaimHoldEndedData;
      return { id: d.entryId, kind: "claim-hold-ended", amount: d.amount, reason: d.reason, orderId: d.orderId, claimId: d.claimId };
    }
    case LEDGER_EVENT.amountReleased: {
      const d = e.data as AmountReleasedData;
      return { id: d.entryId, kind: "release", frozenChange: negate(d.amount), amount: d.amount, reason: d.reason, orderId: d.orderId };
    }
    case LEDGER_EVENT.payoutRecorded: {
      const d = e.data as PayoutRecordedData;
      return { id: d.entryId, kind: "payout", owedChange: d.amount, amount: d.amount, reason: "platform-payout", orderId: d.orderId, claimId: d.claimId };
    }
    case LEDGER_EVENT.reimbursementRecorded: {
      const d = e.data as ReimbursementRecordedData;
      return { id: d.entryId, kind: "reimbursement", owedChange: negate(d.amount), amount: d.amount, reason: "supplier-reimbursement", reference: d.reference };
    }
    case LEDGER_EVENT.reimbursementReturned: {
      const d = e.data as ReimbursementReturnedData;
      return {
        id: d.entryId,
        kind: "reimbursement-returned",
        owedChange: d.amount,
        amount: d.amount,
        reason: "payout-reversed",
        orderId: d.orderId,
        claimId: d.claimId,
      };
    }
    case LEDGER_EVENT.entryCorrected: {
      const d = e.data as EntryCorrectedData;
      return {
        id: d.entryId,
        kind: "correction",
        limitChange: d.limitChange,
        frozenChange: d.frozenChange,
        owedChange: d.owedChange,
        amount: zero(currency),
        reason: d.reason,
        correctsEntryId: d.correctedEntryId,
        ...(d.orderId === undefined ? {} : { orderId: d.orderId }),
      };
    }
    default:
      return undefined;
  }
}

/** The compensating changes that undo an entry (DT-09). */
export function reversalOf(entry: LedgerEntry): Pick<LedgerEntry, "limitChange" | "frozenChange" | "owedChange"> {
  return { limitChange: negate(entry.limitChange), frozenChange: negate(entry.frozenChange), owedChange: negate(entry.owedChange) };
}
