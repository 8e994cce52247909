import { describe, expect, it } from "vitest";
import {
  correctEntry,
  emptyLedger,
  endClaimHold,
  evolveLedger,
  freezeForOrder,
  frozenFor,
  holdForClaim,
  ledgerBalances,
  recordPayout,
  recordReimbursement,
  releaseForOrder,
  setLimit,
  type LedgerState,
} from "../../src/domain/ledger/ledger.js";
import type { CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { money } from "../../src/domain/shared/money.js";
import { refusal } from "./support/refusal.js";

const SUPPLIER = "sup-1";
const usd = (amountMinor: number) => money(amountMinor, "USD");
const staff: CommandContext = { now: "2026-03-02T10:00:00.000Z", actor: { kind: "staff", partyId: "staff-1" } };
const system: CommandContext = { now: "2026-03-03T10:00:00.000Z", actor: { kind: "system" } };
const supplier: CommandContext = { now: "2026-03-03T10:00:00.000Z", actor: { kind: "supplier", partyId: SUPPLIER } };

function apply(state: LedgerState, events: readonly DomainEvent[]): LedgerState {
  return events.reduce(evolveLedger, state);
}

function withLimit(limitMinor: number): LedgerState {
  const ledger = emptyLedger(SUPPLIER, "USD");
  return apply(ledger, setLimit(ledger, { limit: usd(limitMinor), qualification: "verified", sixMonthVolume: usd(5_000_000), reason: "annual review" }, staff));
}

function frozen(state: LedgerState, orderId: string, amountMinor: number): LedgerState {
  return apply(state, freezeForOrder(state, { orderId, amount: usd(amountMinor) }, system));
}

describe("ledger: limit (TA-01, TA-02)", () => {
  it("TA-01: staff set the limit, and the entry records the qualification and six months' volume", () => {
    const ledger = withLimit(100_000);
    expect(ledgerBalances(ledger).limit).toEqual(usd(100_000));
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({
      id: "sup-1:1",
      kind: "limit-set",
      reason: "annual review",
      limitInputs: { qualification: "verified", sixMonthVolume: usd(5_000_000) },
      actor: { kind: "staff", partyId: "staff-1" },
      at: staff.now,
    });
  });

  it("TA-01: a supplier cannot set its own limit", () => {
    const ledger = emptyLedger(SUPPLIER, "USD");
    const error = refusal(() => setLimit(ledger, { limit: usd(1), qualification: "verified", sixMonthVolume: usd(0), reason: "x" }, supplier));
    expect(error.code).toBe("STAFF_ONLY");
    expect(error.params).toEqual({ action: "ledger.setLimit" });
  });

  it("TA-02: the limit cannot go below what is frozen plus owed", () => {
    const ledger = frozen(withLimit(100_000), "ord-1", 60_000);
    const error = refusal(() => setLimit(ledger, { limit: usd(59_999), qualification: "verified", sixMonthVolume: usd(0), reason: "downgrade" }, staff));
    expect(error.code).toBe("LEDGER_LIMIT_BELOW_COMMITTED");
    expect(error.params).toEqual({ limit: usd(59_999), committed: usd(60_000) });
    const lowered = apply(ledger, setLimit(ledger, { limit: usd(60_000), qualification: "verified", sixMonthVolume: usd(0), reason: "downgrade" }, staff));
    expect(ledgerBalances(lowered).available).toEqual(usd(0));
  });

  it("TA-02: available = limit − frozen − owed, and every change is an entry with its reason and order", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 30_000);
    ledger = frozen(ledger, "ord-2", 20_000);
    ledger = apply(ledger, recordPayout(ledger, { orderId: "ord-2", claimId: "cl-2", amount: usd(15_000) }, system));
    expect(ledgerBalances(ledger)).toEqual({ limit: usd(100_000), frozen: usd(30_000), owed: usd(15_000), available: usd(55_000) });
    expect(ledger.entries.map((e) => [e.id, e.kind, e.reason, e.orderId])).toEqual([
      ["sup-1:1", "limit-set", "annual review", undefined],
      ["sup-1:2", "freeze", "order-confirmed", "ord-1"],
      ["sup-1:3", "freeze", "order-confirmed", "ord-2"],
      ["sup-1:4", "release", "payout", "ord-2"],
      ["sup-1:5", "payout", "platform-payout", "ord-2"],
    ]);
  });

  it("TA-02: amounts in another currency than the ledger's are refused", () => {
    const ledger = withLimit(100_000);
    expect(refusal(() => freezeForOrder(ledger, { orderId: "ord-1", amount: money(100, "EUR") }, system)).code).toBe("MONEY_CURRENCY_MISMATCH");
  });

  it("TA-02: a negative or malformed amount is refused as an invalid command, naming the field", () => {
    const ledger = withLimit(100_000);
    const error = refusal(() => freezeForOrder(ledger, { orderId: "ord-1", amount: usd(-5) }, system));
    expect(error.code).toBe("COMMAND_INVALID");
    expect(error.params).toEqual({ fields: ["amount"] });
  });
});

describe("ledger: freezing and releasing (TA-03, TA-04)", () => {
  it("TA-03: confirming an order freezes its protected amount against the available amount", () => {
    const ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    expect(frozenFor(ledger, "ord-1")).toEqual(usd(40_000));
    expect(ledgerBalances(ledger).available).toEqual(usd(60_000));
  });

  it("TA-03: a freeze larger than the available amount is refused, showing the available figure", () => {
    const ledger = frozen(withLimit(100_000), "ord-1", 70_000);
    const error = refusal(() => freezeForOrder(ledger, { orderId: "ord-2", amount: usd(30_001) }, system));
    expect(error.code).toBe("LEDGER_INSUFFICIENT_AVAILABLE");
    expect(error.params).toEqual({ available: usd(30_000), required: usd(30_001) });
    expect(freezeForOrder(ledger, { orderId: "ord-2", amount: usd(30_000) }, system)).toHaveLength(1);
  });

  it("TA-03: a supplier with no limit cannot have anything frozen", () => {
    const error = refusal(() => freezeForOrder(emptyLedger(SUPPLIER, "USD"), { orderId: "ord-1", amount: usd(1) }, system));
    expect(error.code).toBe("LEDGER_INSUFFICIENT_AVAILABLE");
  });

  it("TA-03: an order is frozen once", () => {
    const ledger = frozen(withLimit(100_000), "ord-1", 10_000);
    expect(refusal(() => freezeForOrder(ledger, { orderId: "ord-1", amount: usd(10_000) }, system)).code).toBe("LEDGER_ORDER_ALREADY_FROZEN");
  });

  it("TA-04: completion releases the frozen amount", () => {
    const ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    const events = releaseForOrder(ledger, { orderId: "ord-1", reason: "completed" }, system);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["LedgerAmountReleased", { entryId: "sup-1:3", orderId: "ord-1", amount: usd(40_000), reason: "completed" }],
    ]);
    const released = apply(ledger, events);
    expect(frozenFor(released, "ord-1")).toEqual(usd(0));
    expect(ledgerBalances(released).available).toEqual(usd(100_000));
  });

  it("TA-04: releasing an order with nothing frozen records nothing", () => {
    const ledger = withLimit(100_000);
    expect(releaseForOrder(ledger, { orderId: "ord-9", reason: "cancelled" }, system)).toEqual([]);
  });

  it("TA-04: while a claim is open the frozen amount stays set aside; release is refused until the hold ends", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    const hold = holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system);
    expect(hold.map((e) => [e.type, e.data])).toEqual([
      ["LedgerClaimHoldPlaced", { entryId: "sup-1:3", orderId: "ord-1", claimId: "cl-1", amount: usd(40_000) }],
    ]);
    ledger = apply(ledger, hold);
    const error = refusal(() => releaseForOrder(ledger, { orderId: "ord-1", reason: "cancelled" }, system));
    expect(error.code).toBe("LEDGER_HELD_BY_CLAIM");
    expect(error.params).toEqual({ orderId: "ord-1", claimId: "cl-1" });

    ledger = apply(ledger, endClaimHold(ledger, { orderId: "ord-1", claimId: "cl-1" }, system));
    expect(frozenFor(ledger, "ord-1")).toEqual(usd(40_000));
    ledger = apply(ledger, releaseForOrder(ledger, { orderId: "ord-1", reason: "claim-resolved" }, system));
    expect(ledgerBalances(ledger).frozen).toEqual(usd(0));
  });

  it("TA-04: a hold needs a frozen amount, belongs to one claim, and repeating it is a no-op", () => {
    let ledger = withLimit(100_000);
    expect(refusal(() => holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system)).code).toBe("LEDGER_NOTHING_FROZEN");
    ledger = frozen(ledger, "ord-1", 10_000);
    ledger = apply(ledger, holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system));
    expect(holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system)).toEqual([]);
    const other = refusal(() => holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-2" }, system));
    expect(other.code).toBe("LEDGER_CLAIM_HOLD_EXISTS");
    expect(other.params).toEqual({ orderId: "ord-1", claimId: "cl-1" });
    const mismatch = refusal(() => endClaimHold(ledger, { orderId: "ord-1", claimId: "cl-2" }, system));
    expect(mismatch.code).toBe("LEDGER_CLAIM_HOLD_MISMATCH");
    expect(endClaimHold(ledger, { orderId: "ord-2", claimId: "cl-1" }, system)).toEqual([]);
  });
});

describe("ledger: payouts and reimbursements (TA-05)", () => {
  it("TA-05: a payout on the supplier's behalf releases the order's freeze and hold and becomes owed", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system));
    const events = recordPayout(ledger, { orderId: "ord-1", claimId: "cl-1", amount: usd(35_000) }, system);
    expect(events.map((e) => e.type)).toEqual(["LedgerClaimHoldEnded", "LedgerAmountReleased", "LedgerPayoutRecorded"]);
    expect(events.map((e) => (e.data as { entryId: string }).entryId)).toEqual(["sup-1:4", "sup-1:5", "sup-1:6"]);
    ledger = apply(ledger, events);
    expect(ledgerBalances(ledger)).toEqual({ limit: usd(100_000), frozen: usd(0), owed: usd(35_000), available: usd(65_000) });
    expect(ledger.claimHolds.size).toBe(0);
    expect(ledger.entries.at(-1)).toMatchObject({ kind: "payout", orderId: "ord-1", claimId: "cl-1", owedChange: usd(35_000) });
  });

  it("TA-05: the payout cannot exceed the order's frozen (protected) amount, nor serve another claim", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    const error = refusal(() => recordPayout(ledger, { orderId: "ord-1", claimId: "cl-1", amount: usd(40_001) }, system));
    expect(error.code).toBe("LEDGER_PAYOUT_EXCEEDS_FROZEN");
    expect(error.params).toEqual({ orderId: "ord-1", frozen: usd(40_000), amount: usd(40_001) });
    ledger = apply(ledger, holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system));
    expect(refusal(() => recordPayout(ledger, { orderId: "ord-1", claimId: "cl-9", amount: usd(1) }, system)).code).toBe("LEDGER_CLAIM_HOLD_MISMATCH");
  });

  it("TA-05: the owed amount reduces the available amount until reimbursed", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, recordPayout(ledger, { orderId: "ord-1", claimId: "cl-1", amount: usd(40_000) }, system));
    expect(refusal(() => freezeForOrder(ledger, { orderId: "ord-2", amount: usd(60_001) }, system)).code).toBe("LEDGER_INSUFFICIENT_AVAILABLE");
    ledger = apply(ledger, recordReimbursement(ledger, { amount: usd(25_000), reference: "wire-1" }, system));
    expect(ledgerBalances(ledger)).toEqual({ limit: usd(100_000), frozen: usd(0), owed: usd(15_000), available: usd(85_000) });
    expect(ledger.entries.at(-1)).toMatchObject({ kind: "reimbursement", reference: "wire-1", owedChange: usd(-25_000) });
  });

  it("TA-05: a reimbursement above the amount owed, or recorded twice, is refused", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, recordPayout(ledger, { orderId: "ord-1", claimId: "cl-1", amount: usd(10_000) }, system));
    const over = refusal(() => recordReimbursement(ledger, { amount: usd(10_001), reference: "wire-1" }, system));
    expect(over.code).toBe("LEDGER_REIMBURSEMENT_EXCEEDS_OWED");
    expect(over.params).toEqual({ owed: usd(10_000), amount: usd(10_001) });
    ledger = apply(ledger, recordReimbursement(ledger, { amount: usd(4_000), reference: "wire-1" }, system));
    const twice = refusal(() => recordReimbursement(ledger, { amount: usd(4_000), reference: "wire-1" }, system));
    expect(twice.code).toBe("LEDGER_REIMBURSEMENT_ALREADY_RECORDED");
  });
});

describe("ledger: corrections (DT-09)", () => {
  it("DT-09: a processing error is undone by a compensating entry; the original entry stays unchanged", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, recordPayout(ledger, { orderId: "ord-1", claimId: "cl-1", amount: usd(40_000) }, system));
    const before = ledger.entries;
    const events = correctEntry(ledger, { entryId: "sup-1:4", reason: "payout recorded twice by the bank import" }, staff);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        "LedgerEntryCorrected",
        {
          entryId: "sup-1:5",
          correctedEntryId: "sup-1:4",
          reason: "payout recorded twice by the bank import",
          orderId: "ord-1",
          limitChange: usd(0),
          frozenChange: usd(0),
          owedChange: usd(-40_000),
        },
      ],
    ]);
    ledger = apply(ledger, events);
    expect(ledger.entries.slice(0, before.length)).toEqual(before);
    expect(ledger.entries).toHaveLength(before.length + 1);
    expect(ledgerBalances(ledger)).toEqual({ limit: usd(100_000), frozen: usd(0), owed: usd(0), available: usd(100_000) });
  });

  it("DT-09: an entry is corrected once; corrections themselves and holds are not correctable", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, correctEntry(ledger, { entryId: "sup-1:2", reason: "frozen for the wrong order" }, staff));
    expect(frozenFor(ledger, "ord-1")).toEqual(usd(0));
    const twice = refusal(() => correctEntry(ledger, { entryId: "sup-1:2", reason: "again" }, staff));
    expect(twice.code).toBe("LEDGER_ENTRY_ALREADY_CORRECTED");
    expect(twice.params).toEqual({ entryId: "sup-1:2", correctionId: "sup-1:3" });
    const ofCorrection = refusal(() => correctEntry(ledger, { entryId: "sup-1:3", reason: "undo" }, staff));
    expect(ofCorrection.code).toBe("LEDGER_ENTRY_NOT_CORRECTABLE");
    expect(ofCorrection.params).toEqual({ entryId: "sup-1:3", kind: "correction" });
    expect(refusal(() => correctEntry(ledger, { entryId: "sup-1:99", reason: "x" }, staff)).code).toBe("LEDGER_ENTRY_NOT_FOUND");
  });

  it("DT-09: only staff correct entries", () => {
    const ledger = withLimit(100_000);
    expect(refusal(() => correctEntry(ledger, { entryId: "sup-1:1", reason: "x" }, supplier)).code).toBe("STAFF_ONLY");
  });

  it("DT-09: a correction that would make the available amount negative is refused", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, releaseForOrder(ledger, { orderId: "ord-1", reason: "completed" }, system));
    ledger = frozen(ledger, "ord-2", 70_000);
    const error = refusal(() => correctEntry(ledger, { entryId: "sup-1:3", reason: "released too early" }, staff));
    expect(error.code).toBe("LEDGER_CORRECTION_EXCEEDS_AVAILABLE");
    expect(error.params).toEqual({ entryId: "sup-1:3", available: usd(30_000), required: usd(40_000) });
  });

  it("DT-09: reversing a release re-freezes the order; a freeze already released cannot be reversed", () => {
    let ledger = frozen(withLimit(100_000), "ord-1", 40_000);
    ledger = apply(ledger, releaseForOrder(ledger, { orderId: "ord-1", reason: "completed" }, system));
    expect(refusal(() => correctEntry(ledger, { entryId: "sup-1:2", reason: "x" }, staff)).code).toBe("LEDGER_CORRECTION_CONFLICTS");
    ledger = apply(ledger, correctEntry(ledger, { entryId: "sup-1:3", reason: "released before receipt" }, staff));
    expect(frozenFor(ledger, "ord-1")).toEqual(usd(40_000));
    ledger = apply(ledger, holdForClaim(ledger, { orderId: "ord-1", claimId: "cl-1" }, system));
    expect(refusal(() => correctEntry(ledger, { entryId: "sup-1:2", reason: "x" }, staff)).code).toBe("LEDGER_HELD_BY_CLAIM");
  });

  it("DT-09: reversing a limit keeps it non-negative and above what is committed", () => {
    let ledger = withLimit(100_000);
    ledger = apply(ledger, setLimit(ledger, { limit: usd(50_000), qualification: "verified", sixMonthVolume: usd(0), reason: "typo" }, staff));
    ledger = apply(ledger, correctEntry(ledger, { entryId: "sup-1:2", reason: "typo in the limit" }, staff));
    expect(ledgerBalances(ledger).limit).toEqual(usd(100_000));
    ledger = frozen(ledger, "ord-1", 1);
    expect(refusal(() => correctEntry(ledger, { entryId: "sup-1:1", reason: "x" }, staff)).code).toBe("LEDGER_CORRECTION_EXCEEDS_AVAILABLE");
  });
});

describe("ledger: evolve", () => {
  it("TA-02: events of other types or other suppliers' streams leave the ledger unchanged", () => {
    const ledger = withLimit(100_000);
    const foreign: DomainEvent = { type: "OrderConfirmed", stream: { type: "ledger", id: SUPPLIER }, at: staff.now, actor: staff.actor, data: {} };
    expect(evolveLedger(ledger, foreign)).toBe(ledger);
    const other = setLimit(emptyLedger("sup-2", "USD"), { limit: usd(1), qualification: "q", sixMonthVolume: usd(0), reason: "r" }, staff);
    expect(apply(ledger, other)).toBe(ledger);
  });
});
