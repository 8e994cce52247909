import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  correctEntry,
  emptyLedger,
  evolveLedger,
  freezeForOrder,
  frozenFor,
  holdForClaim,
  endClaimHold,
  ledgerBalances,
  recordPayout,
  recordReimbursement,
  releaseForOrder,
  reversePayout,
  setLimit,
  type LedgerState,
} from "../../src/domain/ledger/ledger.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import type { ActorKind, CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { money, type Money } from "../../src/domain/shared/money.js";

const SUPPLIER = "sup-p";
const usd = (amountMinor: number) => money(amountMinor, "USD");
const orderIds = fc.constantFrom("o1", "o2", "o3", "o4");
const claimIds = fc.constantFrom("c1", "c2");
/** Mostly valid amounts, sometimes zero or negative (refused as invalid commands). */
const amounts = fc.oneof({ weight: 1, arbitrary: fc.integer({ min: -10, max: 0 }) }, { weight: 9, arbitrary: fc.integer({ min: 1, max: 30_000 }) }).map(usd);
const limits = fc.integer({ min: 0, max: 150_000 }).map(usd);

type LedgerCommand = (state: LedgerState, ctx: CommandContext) => DomainEvent[];

/** Any ledger command with arbitrary (valid or invalid) inputs. */
const commands: fc.Arbitrary<LedgerCommand> = fc.oneof(
  fc.record({ limit: limits }).map(
    ({ limit }) =>
      (s: LedgerState, ctx: CommandContext) =>
        setLimit(s, { limit, qualification: "verified", sixMonthVolume: usd(0), reason: "review" }, ctx),
  ),
  fc.record({ orderId: orderIds, amount: amounts }).map((c) => (s: LedgerState, ctx: CommandContext) => freezeForOrder(s, c, ctx)),
  fc.record({ orderId: orderIds, claimId: claimIds }).map((c) => (s: LedgerState, ctx: CommandContext) => holdForClaim(s, c, ctx)),
  fc.record({ orderId: orderIds, claimId: claimIds }).map((c) => (s: LedgerState, ctx: CommandContext) => endClaimHold(s, c, ctx)),
  fc
    .record({ orderId: orderIds, reason: fc.constantFrom("completed" as const, "cancelled" as const, "claim-resolved" as const) })
    .map((c) => (s: LedgerState, ctx: CommandContext) => releaseForOrder(s, c, ctx)),
  fc.record({ orderId: orderIds, claimId: claimIds, amount: amounts }).map((c) => (s: LedgerState, ctx: CommandContext) => recordPayout(s, c, ctx)),
  fc
    .record({ amount: amounts, reference: fc.constantFrom("w1", "w2", "w3") })
    .map((c) => (s: LedgerState, ctx: CommandContext) => recordReimbursement(s, c, ctx)),
  fc.integer({ min: 1, max: 12 }).map((n) => (s: LedgerState, ctx: CommandContext) => correctEntry(s, { entryId: `${SUPPLIER}:${n}`, reason: "fix" }, ctx)),
  fc.record({ n: fc.integer({ min: 1, max: 12 }), refreeze: fc.boolean() }).map(
    ({ n, refreeze }) =>
      (s: LedgerState, ctx: CommandContext) =>
        reversePayout(s, { payoutEntryId: `${SUPPLIER}:${n}`, reason: "appeal overturned", refreeze }, ctx).events,
  ),
);

const steps = fc.array(fc.record({ command: commands, actor: fc.constantFrom<ActorKind>("staff", "staff", "system", "supplier") }), {
  minLength: 5,
  maxLength: 60,
  size: "max",
});

/** Runs a command; a DomainError is a refusal (state unchanged), anything else is a bug. */
function attempt(state: LedgerState, command: LedgerCommand, actor: ActorKind): LedgerState {
  try {
    return command(state, { now: "2026-05-01T00:00:00.000Z", actor: { kind: actor } }).reduce(evolveLedger, state);
  } catch (e) {
    if (e instanceof DomainError) return state;
    throw e;
  }
}

const staffCtx: CommandContext = { now: "2026-05-02T00:00:00.000Z", actor: { kind: "staff", partyId: "staff-2" } };

const total = (items: readonly Money[]) => items.reduce((acc, m) => acc + m.amountMinor, 0);

function checkInvariants(state: LedgerState, previous: LedgerState): void {
  const balances = ledgerBalances(state);
  for (const figure of Object.values(balances)) expect(figure.amountMinor).toBeGreaterThanOrEqual(0);
  expect(balances.available.amountMinor).toBe(balances.limit.amountMinor - balances.frozen.amountMinor - balances.owed.amountMinor);
  // Balances are exactly the sums of the entries' changes.
  expect(total(state.entries.map((e) => e.limitChange))).toBe(balances.limit.amountMinor);
  expect(total(state.entries.map((e) => e.frozenChange))).toBe(balances.frozen.amountMinor);
  expect(total(state.entries.map((e) => e.owedChange))).toBe(balances.owed.amountMinor);
  // Per-order frozen amounts sum to the total frozen, and each is the sum of that order's entries.
  expect(total([...state.frozenByOrder.values()])).toBe(balances.frozen.amountMinor);
  for (const [orderId, amount] of state.frozenByOrder) {
    expect(amount.amountMinor).toBeGreaterThan(0);
    expect(total(state.entries.filter((e) => e.orderId === orderId).map((e) => e.frozenChange))).toBe(amount.amountMinor);
  }
  // Append-only: earlier entries are never edited or removed.
  expect(state.entries.slice(0, previous.entries.length)).toEqual(previous.entries);
  // Ids are unique and follow the sequence.
  expect(state.entries.map((e) => e.id)).toEqual(state.entries.map((_, i) => `${SUPPLIER}:${i + 1}`));
}

describe("ledger properties", () => {
  it("TA-02: under any sequence of commands the ledger never goes negative and balances equal the entries' sums", () => {
    fc.assert(
      fc.property(steps, (run) => {
        let state = emptyLedger(SUPPLIER, "USD");
        for (const { command, actor } of run) {
          const next = attempt(state, command, actor);
          checkInvariants(next, state);
          state = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("DT-09: a correction reverses exactly the corrected entry's changes, and only once", () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 12 }), (run, n) => {
        const state = run.reduce((s, { command, actor }) => attempt(s, command, actor), emptyLedger(SUPPLIER, "USD"));
        const entryId = `${SUPPLIER}:${n}`;
        const after = attempt(state, (s, ctx) => correctEntry(s, { entryId, reason: "fix" }, ctx), "staff");
        if (after === state) return;
        const target = state.entries.find((e) => e.id === entryId);
        const correction = after.entries.at(-1);
        expect(correction?.correctsEntryId).toBe(entryId);
        expect((correction?.limitChange.amountMinor ?? NaN) + (target?.limitChange.amountMinor ?? NaN)).toBe(0);
        expect((correction?.frozenChange.amountMinor ?? NaN) + (target?.frozenChange.amountMinor ?? NaN)).toBe(0);
        expect((correction?.owedChange.amountMinor ?? NaN) + (target?.owedChange.amountMinor ?? NaN)).toBe(0);
        expect(attempt(after, (s, ctx) => correctEntry(s, { entryId, reason: "fix" }, ctx), "staff")).toBe(after);
      }),
      { numRuns: 200 },
    );
  });

  it("TA-05: a payout never increases the available amount beyond what releasing the order would", () => {
    fc.assert(
      fc.property(steps, orderIds, claimIds, fc.integer({ min: 1, max: 60_000 }), (run, orderId, claimId, payout) => {
        const state = run.reduce((s, { command, actor }) => attempt(s, command, actor), emptyLedger(SUPPLIER, "USD"));
        const after = attempt(state, (s, ctx) => recordPayout(s, { orderId, claimId, amount: usd(payout) }, ctx), "system");
        if (after === state) return;
        const releasedAvailable = ledgerBalances(state).available.amountMinor + frozenFor(state, orderId).amountMinor;
        expect(ledgerBalances(after).available.amountMinor).toBe(releasedAvailable - payout);
        expect(ledgerBalances(after).available.amountMinor).toBeLessThanOrEqual(releasedAvailable);
        expect(frozenFor(after, orderId).amountMinor).toBe(0);
        expect(after.claimHolds.has(orderId)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("DT-09: any payout followed by its reversal on appeal nets to the pre-payout balances", () => {
    fc.assert(
      fc.property(steps, orderIds, claimIds, fc.integer({ min: 1, max: 60_000 }), (run, orderId, claimId, payout) => {
        const before = run.reduce((s, { command, actor }) => attempt(s, command, actor), emptyLedger(SUPPLIER, "USD"));
        const paid = attempt(before, (s, ctx) => recordPayout(s, { orderId, claimId, amount: usd(payout) }, ctx), "system");
        if (paid === before) return;
        const payoutEntry = paid.entries.at(-1);
        const reversal = reversePayout(paid, { payoutEntryId: payoutEntry?.id ?? "", reason: "appeal overturned", refreeze: true }, staffCtx);
        const after = reversal.events.reduce(evolveLedger, paid);
        checkInvariants(after, paid);
        expect(ledgerBalances(after)).toEqual(ledgerBalances(before));
        expect(frozenFor(after, orderId)).toEqual(frozenFor(before, orderId));
        expect(reversal.reimbursementReturned).toEqual(usd(0));
        // Only compensating entries: everything before stays as it was.
        expect(after.entries.slice(0, paid.entries.length)).toEqual(paid.entries);
      }),
      { numRuns: 300 },
    );
  });

  it("DT-09 / TA-05: reimbursements between a payout and its reversal are paid back only as far as nothing else is owed — money is conserved", () => {
    fc.assert(
      fc.property(
        steps,
        orderIds,
        claimIds,
        fc.integer({ min: 1, max: 60_000 }),
        fc.array(fc.integer({ min: 1, max: 40_000 }), { maxLength: 4 }),
        (run, orderId, claimId, payout, reimbursements) => {
          const before = run.reduce((s, { command, actor }) => attempt(s, command, actor), emptyLedger(SUPPLIER, "USD"));
          const paid = attempt(before, (s, ctx) => recordPayout(s, { orderId, claimId, amount: usd(payout) }, ctx), "system");
          if (paid === before) return;
          const payoutEntryId = paid.entries.at(-1)?.id ?? "";
          let state = paid;
          let reimbursed = 0;
          for (const [i, amount] of reimbursements.entries()) {
            const next = attempt(state, (s, ctx) => recordReimbursement(s, { amount: usd(amount), reference: `between-${i}` }, ctx), "system");
            if (next !== state) reimbursed += amount;
            state = next;
          }
          const owedBeforeReversal = ledgerBalances(state).owed.amountMinor;
          const reversal = reversePayout(state, { payoutEntryId, reason: "appeal overturned", refreeze: true }, staffCtx);
          const after = reversal.events.reduce(evolveLedger, state);
          checkInvariants(after, state);
          const owedBefore = ledgerBalances(before).owed.amountMinor;
          // Paid back: what was reimbursed of this payout (the part above what is still owed).
          expect(reversal.reimbursementReturned.amountMinor).toBe(Math.max(0, payout - owedBeforeReversal));
          // What the supplier owes = what it owed before − what it paid + what it got back.
          expect(ledgerBalances(after).owed.amountMinor).toBe(owedBefore - reimbursed + reversal.reimbursementReturned.amountMinor);
          expect(ledgerBalances(after).owed.amountMinor).toBe(Math.max(0, owedBefore - reimbursed));
          // The order's protected amount is committed again, the limit untouched.
          expect(frozenFor(after, orderId)).toEqual(frozenFor(before, orderId));
          expect(ledgerBalances(after).limit).toEqual(ledgerBalances(before).limit);
        },
      ),
      { numRuns: 300 },
    );
  });
});
