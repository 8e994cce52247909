/**
 * Proof (issue 3, TA-02/TA-03): 50 supplier confirmations of 50 orders race against one supplier
 * whose available amount covers 10 of them. Through the orders module's own use case
 * (confirmAsSupplier, which freezes via the ledger's freezeForOrder), each in its own unit of work:
 * exactly 10 are confirmed, the other 40 are refused with TA-03's reason (LEDGER_INSUFFICIENT_AVAILABLE,
 * showing the available figure), and the ledger reconciles with the orders and its entry rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainAggregates } from "../../src/adapters/db/aggregates.js";
import type { Database } from "../../src/adapters/db/database.js";
import { CommandRunner } from "../../src/adapters/db/unit-of-work.js";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { BACKENDS } from "./support/backends.js";
import { buyer, orderAwaitingSupplier, registration, supplier, supplierConfirmation, supplierLimit, terms, usd } from "./support/orders.js";

const ORDERS = 50;
const COVERED = 10;
const PROTECTED = terms.protectedAmount.amountMinor;

describe.each(BACKENDS)("concurrent confirmations on $backend", (backendUnderTest) => {
  let db: Database;
  let runner: CommandRunner;
  const orderIds = Array.from({ length: ORDERS }, (_, i) => `ord-${String(i + 1).padStart(2, "0")}`);

  beforeAll(async () => {
    db = await backendUnderTest.open();
    runner = new CommandRunner(db, domainAggregates(), new ManualClock("2026-02-02T09:00:00.000Z"));
    await runner.execute(registration(buyer, false));
    await runner.execute(registration(supplier, true));
    await runner.execute(supplierLimit(COVERED * PROTECTED));
    for (const id of orderIds) await runner.execute(orderAwaitingSupplier(id));
  });
  afterAll(async () => {
    await db.close();
  });

  it(`TA-03: ${ORDERS} concurrent confirmations against a ledger covering ${COVERED} → exactly ${COVERED} confirmed, the rest refused with the available amount, the ledger reconciles`, async () => {
    const started = performance.now();
    const results = await Promise.allSettled(orderIds.map((id) => runner.execute(supplierConfirmation(id))));
    const elapsedMs = performance.now() - started;

    const confirmed = orderIds.filter((_, i) => results[i]?.status === "fulfilled");
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    console.info(
      `[proof] ${backendUnderTest.backend}: ${ORDERS} concurrent confirmations in ${elapsedMs.toFixed(0)} ms → ${confirmed.length} confirmed, ${refusals.length} refused`,
    );
    expect(confirmed).toHaveLength(COVERED);
    expect(refusals).toHaveLength(ORDERS - COVERED);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).code).toBe("LEDGER_INSUFFICIENT_AVAILABLE");
      expect((refusal as DomainError).params).toEqual({ available: usd(0), required: usd(PROTECTED) });
    }

    // The ledger reconciles: balances, per-order freezes, the entries read model, and the orders.
    const ledger = (
      await db.prisma.$transaction((tx) => runner.executeIn(tx, { name: "read", streams: [], reads: [ledgerStream(supplier.id)], decide: () => [] }))
    ).states.require<LedgerState>(ledgerStream(supplier.id));
    expect(ledgerBalances(ledger)).toEqual({ limit: usd(COVERED * PROTECTED), frozen: usd(COVERED * PROTECTED), owed: usd(0), available: usd(0) });
    expect([...ledger.frozenByOrder.keys()].sort()).toEqual(confirmed);
    const entries = await db.prisma.ledgerEntry.findMany({ where: { supplierId: supplier.id }, orderBy: { streamVersion: "asc" } });
    expect(entries.map((e) => e.streamVersion)).toEqual(Array.from({ length: COVERED + 1 }, (_, i) => i + 1));
    expect(entries.filter((e) => e.type === "freeze").reduce((sum, e) => sum + Number(e.amountMinor), 0)).toBe(COVERED * PROTECTED);
    expect(
      entries
        .filter((e) => e.type === "freeze")
        .map((e) => e.orderId)
        .sort(),
    ).toEqual(confirmed);
    const confirmedOrders = await db.prisma.order.findMany({ where: { status: "confirmed" }, select: { id: true }, orderBy: { id: "asc" } });
    expect(confirmedOrders.map((o) => o.id)).toEqual(confirmed);
    expect(await db.prisma.order.count({ where: { status: "awaiting-supplier" } })).toBe(ORDERS - COVERED);
  });
});
