/**
 * The supplier's Trade Assurance amount (TA-01…TA-05, DT-09): one ledger per supplier, in one currency.
 *
 *   available = limit − frozen − owed   (TA-02), never negative: every command that would make it so
 *   is refused. Confirming an order freezes its protected amount (TA-03); an open claim sets it aside
 *   (TA-04); completion or cancellation releases it; a platform payout becomes an amount owed (TA-05)
 *   until the supplier reimburses it; staff correct processing errors with compensating entries (DT-09).
 */
import { z } from "zod";
import { assertStaff, assertStaffOrSystem } from "../parties/staff-guard.js";
import { idSchema, parseCommand, reasonSchema } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../shared/events.js";
import { add, greaterThan, isNegative, isPositive, lessThan, moneySchema, subtract, zero, type Money } from "../shared/money.js";
import {
  CORRECTABLE_KINDS,
  LEDGER_EVENT,
  ledgerEntryId,
  ledgerEntryOf,
  ledgerStream,
  reversalOf,
  type AmountFrozenData,
  type AmountReleasedData,
  type ClaimHoldEndedData,
  type ClaimHoldPlacedData,
  type EntryCorrectedData,
  type LedgerEntry,
  type LedgerEventType,
  type LimitSetData,
  type PayoutRecordedData,
  type ReimbursementRecordedData,
  type ReimbursementReturnedData,
} from "./ledger-entries.js";

export * from "./ledger-entries.js";

export interface LedgerState {
  readonly supplierId: string;
  readonly currency: string;
  /** Append-only (TA-02, DT-09). */
  readonly entries: readonly LedgerEntry[];
  readonly limit: Money;
  readonly frozen: Money;
  readonly owed: Money;
  /** Frozen amount per order; only orders with a positive frozen amount are present. */
  readonly frozenByOrder: ReadonlyMap<string, Money>;
  /** TA-04: orders whose frozen amount is set aside for an open claim → that claim's id. */
  readonly claimHolds: ReadonlyMap<string, string>;
  /** DT-09: corrected entry id → id of the correction that reversed it. */
  readonly correctedBy: ReadonlyMap<string, string>;
}

export interface LedgerBalances {
  readonly limit: Money;
  readonly frozen: Money;
  readonly owed: Money;
  readonly available: Money;
}

export function emptyLedger(supplierId: string, currency: string): LedgerState {
  const none = zero(currency);
  return {
    supplierId,
    currency,
    entries: [],
    limit: none,
    frozen: none,
    owed: none,
    frozenByOrder: new Map(),
    claimHolds: new Map(),
    correctedBy: new Map(),
  };
}

/** TA-02 */
export function ledgerBalances(state: LedgerState): LedgerBalances {
  return {
    limit: state.limit,
    frozen: state.frozen,
    owed: state.owed,
    available: subtract(subtract(state.limit, state.frozen), state.owed),
  };
}

export function frozenFor(state: LedgerState, orderId: string): Money {
  return state.frozenByOrder.get(orderId) ?? zero(state.currency);
}

/** The open claim an order's frozen amount is set aside for, if any (TA-04). */
export function claimHoldOf(state: LedgerState, orderId: string): string | undefined {
  return state.claimHolds.get(orderId);
}

// ---------------------------------------------------------------------------------------------- evolve

function withOrderFrozen(byOrder: ReadonlyMap<string, Money>, orderId: string, change: Money): ReadonlyMap<string, Money> {
  if (change.amountMinor === 0) return byOrder;
  const next = new Map(byOrder);
  const amount = add(byOrder.get(orderId) ?? zero(change.currency), change);
  if (isPositive(amount)) next.set(orderId, amount);
  else next.delete(orderId);
  return next;
}

function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V | undefined): ReadonlyMap<string, V> {
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

/** Folds one event into the ledger; events of other streams or types leave it unchanged. */
export function evolveLedger(state: LedgerState, e: DomainEvent): LedgerState {
  if (e.stream.type !== "ledger" || e.stream.id !== state.supplierId) return state;
  const entry = ledgerEntryOf(e, state.currency);
  if (!entry) return state;
  const next: LedgerState = {
    ...state,
    entries: [...state.entries, entry],
    limit: add(state.limit, entry.limitChange),
    frozen: add(state.frozen, entry.frozenChange),
    owed: add(state.owed, entry.owedChange),
    frozenByOrder: entry.orderId === undefined ? state.frozenByOrder : withOrderFrozen(state.frozenByOrder, entry.orderId, entry.frozenChange),
  };
  switch (entry.kind) {
    case "claim-hold":
      return { ...next, claimHolds: withEntry(state.claimHolds, entry.orderId ?? "", entry.claimId) };
    case "claim-hold-ended":
      return { ...next, claimHolds: withEntry(state.claimHolds, entry.orderId ?? "", undefined) };
    case "correction":
      return { ...next, correctedBy: withEntry(state.correctedBy, entry.correctsEntryId ?? "", entry.id) };
    default:
      return next;
  }
}

// -------------------------------------------------------------------------------------------- commands

const positiveMoneySchema = moneySchema.refine((m) => m.amountMinor > 0, "amount must be positive");
const nonNegativeMoneySchema = moneySchema.refine((m) => m.amountMinor >= 0, "amount must not be negative");

const formulaLimitSchema = z.object({
  limit: nonNegativeMoneySchema,
  basisPoints: z.number().int().min(0),
  cap: nonNegativeMoneySchema,
  capApplied: z.boolean(),
});

export const setLimitCommandSchema = z.object({
  limit: nonNegativeMoneySchema,
  qualification: z.string().trim().min(1).max(200),
  sixMonthVolume: nonNegativeMoneySchema,
  reason: reasonSchema,
  /** TA-01: the policy formula's figure for these inputs (limit-setting.ts fills it in). */
  formula: formulaLimitSchema.optional(),
});
export type SetLimitCommand = z.infer<typeof setLimitCommandSchema>;

export const freezeForOrderCommandSchema = z.object({ orderId: idSchema, amount: positiveMoneySchema });
export type FreezeForOrderCommand = z.infer<typeof freezeForOrderCommandSchema>;

export const claimHoldCommandSchema = z.object({ orderId: idSchema, claimId: idSchema });
export type ClaimHoldCommand = z.infer<typeof claimHoldCommandSchema>;

export const releaseForOrderCommandSchema = z.object({
  orderId: idSchema,
  reason: z.enum(["completed", "cancelled", "claim-resolved"]),
});
export type ReleaseForOrderCommand = z.infer<typeof releaseForOrderCommandSchema>;

export const recordPayoutCommandSchema = z.object({ orderId: idSchema, claimId: idSchema, amount: positiveMoneySchema });
export type RecordPayoutCommand = z.infer<typeof recordPayoutCommandSchema>;

export const recordReimbursementCommandSchema = z.object({ amount: positiveMoneySchema, reference: idSchema });
export type RecordReimbursementCommand = z.infer<typeof recordReimbursementCommandSchema>;

export const correctEntryCommandSchema = z.object({ entryId: idSchema, reason: reasonSchema });
export type CorrectEntryCommand = z.infer<typeof correctEntryCommandSchema>;

/** The id of the next entry: deterministic, supplier id and sequence. */
function nextEntryId(state: LedgerState): string {
  return ledgerEntryId(state.supplierId, state.entries.length + 1);
}

/**
 * TA-01: staff (or the system, for the operators' admin CLI) set a supplier's limit, recording its
 * inputs; never below what is already committed (TA-02).
 */
export function setLimit(state: LedgerState, cmd: SetLimitCommand, ctx: CommandContext): DomainEvent[] {
  assertStaffOrSystem(ctx, "ledger.setLimit");
  const c = parseCommand(setLimitCommandSchema, cmd);
  if (c.limit.currency !== state.currency) refuse("COMMAND_INVALID", { fields: ["limit.currency"] });
  const committed = add(state.frozen, state.owed);
  if (lessThan(c.limit, committed)) refuse("LEDGER_LIMIT_BELOW_COMMITTED", { limit: c.limit, committed });
  const data: LimitSetData = {
    entryId: nextEntryId(state),
    limit: c.limit,
    previousLimit: state.limit,
    qualification: c.qualification,
    sixMonthVolume: c.sixMonthVolume,
    reason: c.reason,
    ...(c.formula === undefined ? {} : { formula: c.formula }),
    basis:
      c.formula !== undefined && c.formula.limit.currency === c.limit.currency && c.formula.limit.amountMinor === c.limit.amountMinor ? "formula" : "staff",
  };
  return [event(LEDGER_EVENT.limitSet, ledgerStream(state.supplierId), ctx, data)];
}

/** TA-03: confirming an order freezes its protected amount; refused, showing the available figure, if too little. */
export function freezeForOrder(state: LedgerState, cmd: FreezeForOrderCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(freezeForOrderCommandSchema, cmd);
  if (state.frozenByOrder.has(c.orderId)) refuse("LEDGER_ORDER_ALREADY_FROZEN", { orderId: c.orderId });
  const { available } = ledgerBalances(state);
  if (lessThan(available, c.amount)) refuse("LEDGER_INSUFFICIENT_AVAILABLE", { available, required: c.amount });
  const data: AmountFrozenData = { entryId: nextEntryId(state), orderId: c.orderId, amount: c.amount };
  return [event(LEDGER_EVENT.amountFrozen, ledgerStream(state.supplierId), ctx, data)];
}

/** TA-04: while a claim is open, the order's frozen amount stays set aside for it. Same claim again: no-op. */
export function holdForClaim(state: LedgerState, cmd: ClaimHoldCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(claimHoldCommandSchema, cmd);
  const heldFor = claimHoldOf(state, c.orderId);
  if (heldFor === c.claimId) return [];
  if (heldFor !== undefined) refuse("LEDGER_CLAIM_HOLD_EXISTS", { orderId: c.orderId, claimId: heldFor });
  const amount = frozenFor(state, c.orderId);
  if (!isPositive(amount)) refuse("LEDGER_NOTHING_FROZEN", { orderId: c.orderId });
  const data: ClaimHoldPlacedData = { entryId: nextEntryId(state), orderId: c.orderId, claimId: c.claimId, amount };
  return [event(LEDGER_EVENT.claimHoldPlaced, ledgerStream(state.supplierId), ctx, data)];
}

/** TA-04: the claim closed; the amount stays frozen until the order is released. No hold: no-op. */
export function endClaimHold(state: LedgerState, cmd: ClaimHoldCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(claimHoldCommandSchema, cmd);
  const heldFor = claimHoldOf(state, c.orderId);
  if (heldFor === undefined) return [];
  if (heldFor !== c.claimId) refuse("LEDGER_CLAIM_HOLD_MISMATCH", { orderId: c.orderId, claimId: c.claimId, heldFor });
  const data: ClaimHoldEndedData = {
    entryId: nextEntryId(state),
    orderId: c.orderId,
    claimId: c.claimId,
    amount: frozenFor(state, c.orderId),
    reason: "claim-closed",
  };
  return [event(LEDGER_EVENT.claimHoldEnded, ledgerStream(state.supplierId), ctx, data)];
}

/** TA-04: completion or cancellation releases the order's frozen amount — never while a claim holds it. */
export function releaseForOrder(state: LedgerState, cmd: ReleaseForOrderCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(releaseForOrderCommandSchema, cmd);
  const heldFor = claimHoldOf(state, c.orderId);
  if (heldFor !== undefined) refuse("LEDGER_HELD_BY_CLAIM", { orderId: c.orderId, claimId: heldFor });
  const amount = frozenFor(state, c.orderId);
  if (!isPositive(amount)) return [];
  const data: AmountReleasedData = { entryId: nextEntryId(state), orderId: c.orderId, amount, reason: c.reason };
  return [event(LEDGER_EVENT.amountReleased, ledgerStream(state.supplierId), ctx, data)];
}

/**
 * TA-05 / DT-05: the platform paid the buyer on the supplier's behalf, at most the order's frozen
 * (protected) amount. The order's freeze (and claim hold) is released and the payout becomes owed,
 * so available grows by frozen − payout ≥ 0: never more than a plain release would give.
 */
export function recordPayout(state: LedgerState, cmd: RecordPayoutCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(recordPayoutCommandSchema, cmd);
  const heldFor = claimHoldOf(state, c.orderId);
  if (heldFor !== undefined && heldFor !== c.claimId) {
    refuse("LEDGER_CLAIM_HOLD_MISMATCH", { orderId: c.orderId, claimId: c.claimId, heldFor });
  }
  const frozen = frozenFor(state, c.orderId);
  if (greaterThan(c.amount, frozen)) refuse("LEDGER_PAYOUT_EXCEEDS_FROZEN", { orderId: c.orderId, frozen, amount: c.amount });
  const stream = ledgerStream(state.supplierId);
  const events: DomainEvent[] = [];
  let current = state;
  const append = <D>(type: LedgerEventType, data: (entryId: string) => D): void => {
    const e = event(type, stream, ctx, data(nextEntryId(current)));
    current = evolveLedger(current, e);
    events.push(e);
  };
  if (heldFor !== undefined) {
    append(LEDGER_EVENT.claimHoldEnded, (entryId): ClaimHoldEndedData => ({
      entryId,
      orderId: c.orderId,
      claimId: c.claimId,
      amount: frozen,
      reason: "payout",
    }));
  }
  append(LEDGER_EVENT.amountReleased, (entryId): AmountReleasedData => ({ entryId, orderId: c.orderId, amount: frozen, reason: "payout" }));
  append(LEDGER_EVENT.payoutRecorded, (entryId): PayoutRecordedData => ({ entryId, orderId: c.orderId, claimId: c.claimId, amount: c.amount }));
  return events;
}

/** TA-05: the supplier reimburses the platform; owed decreases. Overpayment and a reused reference are refused. */
export function recordReimbursement(state: LedgerState, cmd: RecordReimbursementCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(recordReimbursementCommandSchema, cmd);
  if (greaterThan(c.amount, state.owed)) refuse("LEDGER_REIMBURSEMENT_EXCEEDS_OWED", { owed: state.owed, amount: c.amount });
  const duplicate = state.entries.find((e) => e.kind === "reimbursement" && e.reference === c.reference && !state.correctedBy.has(e.id));
  if (duplicate) refuse("LEDGER_REIMBURSEMENT_ALREADY_RECORDED", { reference: c.reference, entryId: duplicate.id });
  const data: ReimbursementRecordedData = { entryId: nextEntryId(state), amount: c.amount, reference: c.reference };
  return [event(LEDGER_EVENT.reimbursementRecorded, ledgerStream(state.supplierId), ctx, data)];
}

/**
 * DT-09: staff correct a processing error with a compensating entry that reverses an earlier entry's
 * changes. Entries are never edited or deleted; an entry is corrected at most once; the correction
 * itself must leave every balance non-negative and may not move an amount a claim holds.
 */
export function correctEntry(state: LedgerState, cmd: CorrectEntryCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "ledger.correctEntry");
  const c = parseCommand(correctEntryCommandSchema, cmd);
  const target = state.entries.find((e) => e.id === c.entryId);
  if (!target) return refuse("LEDGER_ENTRY_NOT_FOUND", { entryId: c.entryId });
  if (!CORRECTABLE_KINDS.includes(target.kind)) refuse("LEDGER_ENTRY_NOT_CORRECTABLE", { entryId: c.entryId, kind: target.kind });
  const correctionId = state.correctedBy.get(c.entryId);
  if (correctionId !== undefined) refuse("LEDGER_ENTRY_ALREADY_CORRECTED", { entryId: c.entryId, correctionId });

  const reversal = reversalOf(target);
  const orderId = target.orderId;
  if (orderId !== undefined && reversal.frozenChange.amountMinor !== 0) {
    const heldFor = claimHoldOf(state, orderId);
    if (heldFor !== undefined) refuse("LEDGER_HELD_BY_CLAIM", { orderId, claimId: heldFor });
    if (isNegative(add(frozenFor(state, orderId), reversal.frozenChange))) refuse("LEDGER_CORRECTION_CONFLICTS", { entryId: c.entryId });
  }
  const limit = add(state.limit, reversal.limitChange);
  const owed = add(state.owed, reversal.owedChange);
  if (isNegative(limit) || isNegative(owed)) refuse("LEDGER_CORRECTION_CONFLICTS", { entryId: c.entryId });
  const { available } = ledgerBalances(state);
  const availableChange = subtract(subtract(reversal.limitChange, reversal.frozenChange), reversal.owedChange);
  if (isNegative(add(available, availableChange))) {
    refuse("LEDGER_CORRECTION_EXCEEDS_AVAILABLE", { entryId: c.entryId, available, required: subtract(zero(state.currency), availableChange) });
  }
  const data: EntryCorrectedData = {
    entryId: nextEntryId(state),
    correctedEntryId: c.entryId,
    reason: c.reason,
    ...(orderId === undefined ? {} : { orderId }),
    ...reversal,
  };
  return [event(LEDGER_EVENT.entryCorrected, ledgerStream(state.supplierId), ctx, data)];
}

export interface ReversePayoutCommand {
  readonly payoutEntryId: string;
  readonly reason: string;
  /** TA-04: freeze the order's protected amount again (the order is still open), when available allows. */
  readonly refreeze: boolean;
}

/** DT-09: what a payout reversal moved, for the parties' announcements. */
export interface PayoutReversal {
  readonly events: DomainEvent[];
  /** The payout taken off what the supplier owes; the platform recovers it from the buyer. */
  readonly payout: Money;
  /** What the supplier had already reimbursed of it and the platform pays back. */
  readonly reimbursementReturned: Money;
  /** The order's protected amount frozen again (zero when not). */
  readonly refrozen: Money;
  /** The payout's correction entry. */
  readonly correctionEntryId: string;
}

/**
 * DT-09 / TA-05: a platform payout found wrong on appeal is undone by compensating entries only:
 * 1. what the supplier already reimbursed of it — the part of the payout above what it still owes —
 *    is paid back to it (`reimbursement-returned`);
 * 2. the payout entry is corrected: the supplier no longer owes it;
 * 3. the order's frozen amount the payout released is frozen again (the release corrected), when the
 *    order is still open and the supplier's available amount covers it — so a payout followed by its
 *    reversal nets to the balances before the payout, less what was really paid and not returned.
 * Staff only (the appeal's second staff member). Refused when the entry is not an uncorrected payout.
 */
export function reversePayout(state: LedgerState, cmd: ReversePayoutCommand, ctx: CommandContext): PayoutReversal {
  assertStaff(ctx, "ledger.reversePayout");
  const payout = state.entries.find((e) => e.id === cmd.payoutEntryId);
  if (!payout || payout.kind !== "payout") return refuse("LEDGER_ENTRY_NOT_FOUND", { entryId: cmd.payoutEntryId });
  const correctionId = state.correctedBy.get(payout.id);
  if (correctionId !== undefined) refuse("LEDGER_ENTRY_ALREADY_CORRECTED", { entryId: payout.id, correctionId });
  const orderId = payout.orderId ?? "";
  const claimId = payout.claimId ?? "";
  const events: DomainEvent[] = [];
  let current = state;
  const append = (more: readonly DomainEvent[]): void => {
    events.push(...more);
    current = more.reduce(evolveLedger, current);
  };
  const reimbursed = isPositive(subtract(payout.amount, state.owed)) ? subtract(payout.amount, state.owed) : zero(state.currency);
  if (isPositive(reimbursed)) {
    const data: ReimbursementReturnedData = { entryId: nextEntryId(current), orderId, claimId, amount: reimbursed };
    append([event(LEDGER_EVENT.reimbursementReturned, ledgerStream(state.supplierId), ctx, data)]);
  }
  const correction = correctEntry(current, { entryId: payout.id, reason: cmd.reason }, ctx);
  const correctionEntryId = nextEntryId(current);
  append(correction);
  // The release the payout made (recordPayout: release then payout, same order).
  const release = current.entries
    .slice(0, current.entries.indexOf(payout))
    .findLast((e) => e.kind === "release" && e.reason === "payout" && e.orderId === orderId && !current.correctedBy.has(e.id));
  const fits = release !== undefined && !lessThan(ledgerBalances(current).available, release.amount) && !claimHoldOf(current, orderId);
  if (cmd.refreeze && release && fits) append(correctEntry(current, { entryId: release.id, reason: cmd.reason }, ctx));
  return {
    events,
    payout: payout.amount,
    reimbursementReturned: reimbursed,
    refrozen: cmd.refreeze && release && fits ? release.amount : zero(state.currency),
    correctionEntryId,
  };
}
