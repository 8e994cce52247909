/**
 * End to end through the real order and ledger aggregates: the claim window deadline of a received
 * order is derived into deadline rows, and when it passes the sweeper fires it through the orders
 * module's DeadlinePassed use case — the claim entrance closes, the order completes and the
 * supplier's frozen amount is released (ORD-04, CL-10, TA-04), in one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainAggregates } from "../../src/adapters/db/aggregates.js";
import type { Database } from "../../src/adapters/db/database.js";
import { readStream } from "../../src/adapters/db/stream-store.js";
import { CommandRunner } from "../../src/adapters/db/unit-of-work.js";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { createDeadlineHandler } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../src/adapters/scheduler/deadline-sweeper.js";
import { domainDeadlineOutcomes } from "../../src/adapters/scheduler/domain-deadline-outcomes.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { orderStream } from "../../src/domain/orders/order-events.js";
import { CLAIM_EVENT, claimStream } from "../../src/domain/claims/claim-events.js";
import type { ClaimState } from "../../src/domain/claims/claim-state.js";
import { addMs } from "../../src/domain/shared/time.js";
import { BACKENDS } from "./support/backends.js";
import {
  buyer,
  claimFiling,
  depositPayment,
  evidenceUpload,
  orderAwaitingSupplier,
  receipt,
  registration,
  shipment,
  supplier,
  supplierConfirmation,
  supplierLimit,
  usd,
} from "./support/orders.js";

const ORDER_ID = "ord-e2e";
const CLAIMED_ORDER_ID = "ord-e2e-claimed";
const CLAIM_ID = "clm-e2e";

describe.each(BACKENDS)("order deadlines end to end on $backend", (backendUnderTest) => {
  let db: Database;
  const clock = new ManualClock("2026-02-02T09:00:00.000Z");
  let runner: CommandRunner;

  beforeAll(async () => {
    db = await backendUnderTest.open();
    runner = new CommandRunner(db, domainAggregates(), clock);
    await runner.execute(registration(buyer, false));
    await runner.execute(registration(supplier, true));
    await runner.execute(supplierLimit(1_000_000));
    for (const id of [ORDER_ID, CLAIMED_ORDER_ID]) {
      clock.set("2026-02-02T09:00:00.000Z");
      await runner.execute(orderAwaitingSupplier(id));
      clock.set("2026-02-04T02:00:00.000Z");
      await runner.execute(supplierConfirmation(id));
      clock.set("2026-02-05T15:00:00.000Z");
      await runner.execute(depositPayment(id));
      clock.set("2026-03-16T10:00:00.000Z");
      await runner.execute(shipment(id, "2026-03-16"));
      clock.set("2026-04-20T15:00:00.000Z");
      await runner.execute(receipt(id));
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it("CL-07/CL-10/CL-11: a filed claim's deadlines, evidence and read models are stored; its supplier-response default outcome fires through the claims module", async () => {
    clock.set("2026-04-22T10:00:00.000Z");
    const filed = await runner.execute(claimFiling(CLAIMED_ORDER_ID, CLAIM_ID));
    expect(new Set(filed.events.map((e) => e.stream.type))).toEqual(new Set(["claim", "order", "ledger"]));
    const sha256 = "a".repeat(64);
    await runner.execute(evidenceUpload(CLAIM_ID, sha256));

    expect(await db.prisma.claim.findUniqueOrThrow({ where: { id: CLAIM_ID } })).toMatchObject({
      orderId: CLAIMED_ORDER_ID,
      status: filed.states.require<ClaimState>(claimStream(CLAIM_ID)).status,
    });
    expect(await db.prisma.evidence.findMany({ where: { claimId: CLAIM_ID } })).toMatchObject([
      { id: `${CLAIM_ID}:${sha256}`, sha256, blobKey: sha256, category: "photo", uploadedBy: buyer.id },
    ]);
    expect((await db.prisma.ledgerEntry.findMany({ where: { orderId: CLAIMED_ORDER_ID }, orderBy: { streamVersion: "asc" } })).map((e) => e.type)).toEqual([
      "freeze",
      "claim-hold",
    ]);
    const response = await db.prisma.scheduledDeadline.findFirstOrThrow({
      where: { streamId: CLAIM_ID, kind: "supplier-response", action: "outcome", status: "pending" },
    });

    const sweeper = new DeadlineSweeper(db, clock, createDeadlineHandler(runner, domainDeadlineOutcomes()));
    clock.set(addMs(response.fireAt.toISOString(), 1_000));
    const report = await sweeper.sweep();
    expect(report.failed).toBe(0);
    expect(report.fired).toBeGreaterThan(0);
    const claimEvents = (await readStream(db.prisma, claimStream(CLAIM_ID))).map((e) => e.type);
    expect(claimEvents).toContain(CLAIM_EVENT.supplierResponseOverdue);
    expect((await db.prisma.scheduledDeadline.findUniqueOrThrow({ where: { id: response.id } })).status).toBe("fired");
  });

  it("ORD-04: when the claim window passes, the sweeper closes the claim entrance, completes the order and releases the frozen amount", async () => {
    const rows = await db.prisma.scheduledDeadline.findMany({ where: { streamType: "order", streamId: ORDER_ID, status: "pending" } });
    const outcome = rows.find((r) => r.action === "outcome");
    expect(outcome?.kind).toBe("claim-window");
    const frozenBefore = await db.prisma.$transaction((tx) =>
      runner.executeIn(tx, { name: "read", streams: [], reads: [ledgerStream(supplier.id)], decide: () => [] }),
    );
    expect(ledgerBalances(frozenBefore.states.require<LedgerState>(ledgerStream(supplier.id))).frozen).toEqual(usd(2 * 37_500));

    const sweeper = new DeadlineSweeper(db, clock, createDeadlineHandler(runner, domainDeadlineOutcomes()));
    clock.set(addMs(outcome!.fireAt.toISOString(), -1_000));
    await sweeper.sweep();
    // The receipt deadline (ORD-04) was cancelled when the buyer confirmed receipt; only the claim window is left.
    const beforeDue = await db.prisma.scheduledDeadline.findMany({ where: { streamId: ORDER_ID, kind: "claim-window" }, orderBy: { fireAt: "asc" } });
    expect(beforeDue.map((r) => [r.action, r.status])).toEqual([
      ...rows.filter((r) => r.action === "reminder").map(() => ["reminder", "fired"]),
      ["outcome", "pending"],
    ]);
    expect((await readStream(db.prisma, orderStream(ORDER_ID))).map((e) => e.type)).not.toContain("OrderClaimEntranceClosed");

    clock.set(addMs(outcome!.fireAt.toISOString(), 1_000));
    await sweeper.sweep();
    const types = (await readStream(db.prisma, orderStream(ORDER_ID))).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["OrderClaimEntranceClosed", "OrderCompleted"]);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: ORDER_ID } })).status).toBe("completed");
    const after = await db.prisma.$transaction((tx) =>
      runner.executeIn(tx, { name: "read", streams: [], reads: [ledgerStream(supplier.id)], decide: () => [] }),
    );
    expect(ledgerBalances(after.states.require<LedgerState>(ledgerStream(supplier.id)))).toEqual({
      limit: usd(1_000_000),
      frozen: usd(37_500), // the other order's
      owed: usd(0),
      available: usd(1_000_000 - 37_500),
    });
    expect(await db.prisma.scheduledDeadline.count({ where: { streamId: ORDER_ID, status: "pending" } })).toBe(0);
    expect((await db.prisma.ledgerEntry.findMany({ where: { orderId: ORDER_ID }, orderBy: { streamVersion: "asc" } })).map((e) => e.type)).toEqual([
      "freeze",
      "release",
    ]);
    expect((await sweeper.sweep()).fired).toBe(0);
  });
});
