/**
 * Unit of work: one command = one transaction holding its events, snapshot, deadline rows, read
 * models and outbox rows; a refusal or failure writes nothing; a lost race is retried on fresh
 * state and, past the bound, refused with STORE_CONCURRENT_MODIFICATION — never overwritten.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineParams, type CoalescedTransaction } from "../../src/adapters/db/sql-executor.js";
import { AggregateRegistry } from "../../src/adapters/db/aggregate-definition.js";
import { ledgerAggregate } from "../../src/adapters/db/aggregates.js";
import type { Database } from "../../src/adapters/db/database.js";
import { ConcurrentModificationError, isConcurrencyFailure, StreamVersionConflict } from "../../src/adapters/db/errors.js";
import { DuplicateInbound, markInboundProcessed } from "../../src/adapters/db/inbound-dedupe.js";
import { outboxInAppend } from "../../src/adapters/db/outbox.js";
import { appendToStream, loadStream, readStream } from "../../src/adapters/db/stream-store.js";
import { CommandRunner, type CommandSpec } from "../../src/adapters/db/unit-of-work.js";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { emptyLedger, freezeForOrder, ledgerBalances, ledgerStream, setLimit, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { money } from "../../src/domain/shared/money.js";
import { BACKENDS } from "./support/backends.js";
import {
  deadlinePassedCommand,
  resolveCommand,
  startWaitingCommand,
  waitingAggregate,
  waitingDeadline,
  waitingStream,
  type WaitingState,
} from "./support/waiting-aggregate.js";

const START = "2026-03-02T08:00:00.000Z";
const usd = (minor: number) => money(minor, "USD");

describe.each(BACKENDS)("unit of work on $backend", (backendUnderTest) => {
  let db: Database;
  const clock = new ManualClock(START);
  let runner: CommandRunner;

  beforeAll(async () => {
    db = await backendUnderTest.open();
    runner = new CommandRunner(db, new AggregateRegistry([waitingAggregate, ledgerAggregate]), clock, { retryJitterMs: 1 });
  });
  afterAll(async () => {
    await db.close();
  });

  const countEvents = (id: string) => db.prisma.domainEvent.count({ where: { streamType: "claim", streamId: id } });
  const deadlineRows = (id: string) =>
    db.prisma.scheduledDeadline.findMany({ where: { streamId: id }, orderBy: { fireAt: "asc" }, select: { action: true, status: true, fireAt: true } });

  it("CL-10: a command stores its events, snapshot, deadline rows (each reminder + the outcome) and outbox rows together", async () => {
    const deadline = waitingDeadline("w1", "supplier-response", "2026-03-10T15:59:59.000Z", ["2026-03-06T01:00:00.000Z", "2026-03-09T01:00:00.000Z"]);
    const started = await runner.execute(startWaitingCommand("w1", [deadline]));
    expect(started.events.map((e) => e.type)).toEqual(["WaitStarted"]);
    expect(started.states.version(waitingStream("w1"))).toBe(1);
    expect((await deadlineRows("w1")).map((r) => [r.action, r.status, r.fireAt.toISOString()])).toEqual([
      ["reminder", "pending", "2026-03-06T01:00:00.000Z"],
      ["reminder", "pending", "2026-03-09T01:00:00.000Z"],
      ["outcome", "pending", "2026-03-10T15:59:59.000Z"],
    ]);

    await runner.execute(resolveCommand("w1"));
    expect(await countEvents("w1")).toBe(2);
    expect((await deadlineRows("w1")).map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    const outbox = await db.prisma.outboxMessage.findMany({ where: { streamId: "w1" } });
    expect(outbox.map((o) => [o.kind, o.recipientPartyId])).toEqual([["waiting.resolved", "buyer-1"]]);
    const snapshot = await db.prisma.aggregateSnapshot.findUnique({ where: { streamType_streamId: { streamType: "claim", streamId: "w1" } } });
    expect(snapshot?.version).toBe(2);
    expect((snapshot?.state as unknown as WaitingState).resolved).toBe(true);
  });

  it("a refused command (DomainError) writes nothing and is not retried", async () => {
    await runner.execute(startWaitingCommand("w2", []));
    await runner.execute(resolveCommand("w2"));
    const outboxBefore = await db.prisma.outboxMessage.count();
    const refusal = await runner.execute(resolveCommand("w2")).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe("WAITING_ALREADY_RESOLVED");
    expect(await countEvents("w2")).toBe(2);
    expect(await db.prisma.outboxMessage.count()).toBe(outboxBefore);
  });

  it("a failure late in the transaction rolls back the events, snapshot, deadline rows and outbox rows written before it", async () => {
    const deadline = waitingDeadline("w3", "return", "2026-04-01T00:00:00.000Z");
    const failing = { ...startWaitingCommand("w3", [deadline]), alsoInTransaction: () => Promise.reject(new Error("disk full")) };
    await expect(runner.execute(failing)).rejects.toThrow("disk full");
    expect(await countEvents("w3")).toBe(0);
    expect(await deadlineRows("w3")).toEqual([]);
    expect(await db.prisma.aggregateSnapshot.count({ where: { streamId: "w3" } })).toBe(0);
  });

  it("appending at a stale version is a conflict, and (stream, version) is unique", async () => {
    await runner.execute(startWaitingCommand("w4", []));
    const stale = db.prisma.$transaction((tx) =>
      appendToStream(
        tx,
        waitingStream("w4"),
        0,
        [{ type: "WaitStarted", stream: waitingStream("w4"), at: START, actor: { kind: "system" }, data: { deadlines: [] } }],
        {},
        START,
      ),
    );
    await expect(stale).rejects.toBeInstanceOf(StreamVersionConflict);
    const duplicate = db.prisma.domainEvent.create({
      data: { streamType: "claim", streamId: "w4", version: 1, type: "Forged", occurredAt: START, actor: {}, data: {} },
    });
    const duplicateError = await duplicate.catch((e: unknown) => e);
    expect(isConcurrencyFailure(duplicateError)).toBe(true);
    const party = { id: "p-dup", role: "buyer", displayName: "X", locale: "en", timeZone: "UTC", updatedAt: START };
    await db.prisma.party.create({ data: party });
    const otherDuplicate = await db.prisma.party.create({ data: party }).catch((e: unknown) => e);
    expect(otherDuplicate).toBeInstanceOf(Error);
    expect(isConcurrencyFailure(otherDuplicate)).toBe(false); // a caller's duplicate id is not a race: no retry
    expect((await readStream(db.prisma, waitingStream("w4"))).map((e) => e.type)).toEqual(["WaitStarted"]);
  });

  it("issue 15: writes riding in the append's statement (outbox rows, a read-model row) are written only when its version check passes", async () => {
    await runner.execute(startWaitingCommand("w4x", []));
    const outboxRows = () => db.prisma.outboxMessage.count({ where: { kind: "test.rides-in-append" } });
    const before = await outboxRows();
    const started = { type: "WaitStarted", stream: waitingStream("w4x"), at: START, actor: { kind: "system" as const }, data: { deadlines: [] } };
    const entries = [
      { kind: "test.rides-in-append", payload: { n: 1 } },
      { kind: "test.rides-in-append", payload: { n: 2 } },
    ];
    const stale = db.prisma.$transaction((tx) =>
      appendToStream(tx, waitingStream("w4x"), 0, [started], {}, START, undefined, [outboxInAppend(entries, START)]),
    );
    await expect(stale).rejects.toBeInstanceOf(StreamVersionConflict);
    expect(await outboxRows()).toBe(before);
    await db.prisma.$transaction((tx) =>
      appendToStream(tx, waitingStream("w4x"), 1, [{ ...started, type: "Resolved" }], {}, START, undefined, [outboxInAppend(entries, START)]),
    );
    const written = await db.prisma.outboxMessage.findMany({ where: { kind: "test.rides-in-append" }, orderBy: { id: "asc" }, select: { payload: true } });
    expect(written.slice(before).map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("a command that keeps losing the race is retried on fresh state, then refused with STORE_CONCURRENT_MODIFICATION", async () => {
    await runner.execute(startWaitingCommand("w5", []));
    let attempts = 0;
    const alwaysLoses = {
      ...resolveCommand("w5"),
      alsoInTransaction: () => {
        attempts++;
        return Promise.reject(new StreamVersionConflict(waitingStream("w5"), 1));
      },
    };
    const refusal = await new CommandRunner(db, new AggregateRegistry([waitingAggregate]), clock, { maxAttempts: 3, retryJitterMs: 1 })
      .execute(alwaysLoses)
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConcurrentModificationError);
    expect((refusal as DomainError).code).toBe("STORE_CONCURRENT_MODIFICATION");
    expect((refusal as DomainError).params).toEqual({ command: "waiting.resolve", attempts: 3 });
    expect(attempts).toBe(3);
    expect(await countEvents("w5")).toBe(1);

    let decisions = 0;
    const losesOnce = {
      ...resolveCommand("w5"),
      decide: (...args: Parameters<ReturnType<typeof resolveCommand>["decide"]>) => {
        decisions++;
        return resolveCommand("w5").decide(...args);
      },
      alsoInTransaction: () => (decisions === 1 ? Promise.reject(new StreamVersionConflict(waitingStream("w5"), 1)) : Promise.resolve()),
    };
    await runner.execute(losesOnce);
    expect(decisions).toBe(2);
    expect(await countEvents("w5")).toBe(2);
  });

  it("CL-10: a default outcome re-derives the deadlines: the fired deadline is gone, a stale DeadlinePassed is a no-op", async () => {
    const early = waitingDeadline("w6", "a", "2026-03-03T00:00:00.000Z");
    const late = waitingDeadline("w6", "b", "2026-03-20T00:00:00.000Z");
    await runner.execute(startWaitingCommand("w6", [early, late]));
    clock.set("2026-03-04T00:00:00.000Z");
    const fired = await runner.execute(deadlinePassedCommand("w6", early.id));
    expect(fired.events.map((e) => e.type)).toEqual(["DefaultOutcomeApplied"]);
    const again = await runner.execute(deadlinePassedCommand("w6", early.id));
    expect(again.events).toEqual([]);
    const notYet = await runner.execute(deadlinePassedCommand("w6", late.id));
    expect(notYet.events).toEqual([]);
    expect((await deadlineRows("w6")).map((r) => [r.fireAt.toISOString(), r.status])).toEqual([
      ["2026-03-03T00:00:00.000Z", "cancelled"],
      ["2026-03-20T00:00:00.000Z", "pending"],
    ]);
  });

  it("TA-02: the ledger's snapshot keeps its per-order amounts (Map fields) and its entries are projected append-only", async () => {
    const supplier = "supplier-uow";
    const staff = (now: string) => ({ now, actor: { kind: "staff" as const, partyId: "staff-1" } });
    const system = (now: string) => ({ now, actor: { kind: "system" as const } });
    const stream = ledgerStream(supplier);
    await runner.execute({
      name: "ledger.setLimit",
      streams: [stream],
      decide: (s, now) =>
        setLimit(
          s.get<LedgerState>(stream) ?? emptyLedger(supplier, "USD"),
          { limit: usd(100_000), qualification: "verified", sixMonthVolume: usd(1), reason: "onboarding" },
          staff(now),
        ),
    });
    await runner.execute({
      name: "ledger.freeze",
      streams: [stream],
      decide: (s, now) => freezeForOrder(s.require<LedgerState>(stream), { orderId: "o-1", amount: usd(30_000) }, system(now)),
    });
    const reloaded = await db.prisma.$transaction((tx) => loadStream(tx, ledgerAggregate, stream, "read"));
    const ledger = reloaded.state as LedgerState;
    expect(ledger.frozenByOrder).toBeInstanceOf(Map);
    expect(ledger.frozenByOrder.get("o-1")).toEqual(usd(30_000));
    expect(ledgerBalances(ledger).available).toEqual(usd(70_000));
    const entries = await db.prisma.ledgerEntry.findMany({ where: { supplierId: supplier }, orderBy: { streamVersion: "asc" } });
    expect(entries.map((e) => [e.streamVersion, e.type, Number(e.amountMinor), e.orderId])).toEqual([
      [1, "limit-set", 100_000, null],
      [2, "freeze", 30_000, "o-1"],
    ]);
  });

  it("a stream whose snapshot is missing or behind is rebuilt from its events on load", async () => {
    await runner.execute(startWaitingCommand("w7", [waitingDeadline("w7", "x", "2026-05-01T00:00:00.000Z")]));
    await runner.execute(resolveCommand("w7"));
    await db.prisma.aggregateSnapshot.delete({ where: { streamType_streamId: { streamType: "claim", streamId: "w7" } } });
    const loaded = await db.prisma.$transaction((tx) => loadStream(tx, waitingAggregate, waitingStream("w7")));
    expect(loaded.version).toBe(2);
    expect((loaded.state as WaitingState).resolved).toBe(true);
  });

  it("a platform retry of the same inbound event id is recognised as a repeat", async () => {
    const now = clock.now();
    const first = await db.prisma.$transaction((tx) => markInboundProcessed(tx, "slack", "Ev-123", now));
    const repeat = await db.prisma.$transaction((tx) => markInboundProcessed(tx, "slack", "Ev-123", now));
    const otherChannel = await db.prisma.$transaction((tx) => markInboundProcessed(tx, "teams", "Ev-123", now));
    expect([first, repeat, otherChannel]).toEqual([true, false, true]);
  });

  it("issue 15: a command's inbound mark rides in its append — a repeat, sequential or racing, fails with DuplicateInbound and writes nothing (no events, no outbox)", async () => {
    const mark = { channel: "slack", externalUserId: "T1:U1", eventId: "Ev-append-1" };
    const noted = (id: string): CommandSpec => ({
      ...startWaitingCommand(id, []),
      notifications: () => [{ kind: "waiting.noted", recipientPartyId: "buyer-1", stream: waitingStream(id), payload: { id } }],
      inboundMark: mark,
    });
    const outboxOf = (id: string) => db.prisma.outboxMessage.count({ where: { streamId: id } });

    expect((await runner.execute(noted("w-mark"))).events).toHaveLength(1);
    const repeat = await runner.execute(noted("w-mark")).catch((e: unknown) => e);
    expect(repeat).toBeInstanceOf(DuplicateInbound);
    expect([await countEvents("w-mark"), await outboxOf("w-mark")]).toEqual([1, 1]);

    // Two deliveries of one event at once, on one stream: exactly one is written.
    const raced = { ...mark, eventId: "Ev-append-race" };
    const results = await Promise.allSettled([1, 2].map(() => runner.execute({ ...noted("w-mark-race"), inboundMark: raced })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" ? lost.reason : undefined).toBeInstanceOf(DuplicateInbound);
    expect([await countEvents("w-mark-race"), await outboxOf("w-mark-race")]).toEqual([1, 1]);

    // The same event id from another account is another event.
    await runner.execute({ ...noted("w-mark"), inboundMark: { ...mark, externalUserId: "T1:U2" } });
    expect(await countEvents("w-mark")).toBe(2);
  });

  it("issue 15: on PostgreSQL a one-stream command is one transaction of two messages (BEGIN with the locked load, COMMIT with the append); a failed append commits nothing", async () => {
    if (db.backend !== "postgres") return; // PGlite group-commits instead (its own tests above)
    await runner.execute(startWaitingCommand("w-coalesced", []));
    const sent: string[] = [];
    const coalesce = db.sql.coalescedTransaction;
    expect(coalesce).toBeDefined();
    const recording = new CommandRunner(
      { ...db, sql: { ...db.sql, coalescedTransaction: (work, options) => coalesce!((tx) => work(recorded(tx, sent)), options) } },
      new AggregateRegistry([waitingAggregate, ledgerAggregate]),
      clock,
    );
    await recording.execute(resolveCommand("w-coalesced"));
    expect(sent).toEqual(["rows", "commitWith"]);
    expect(await countEvents("w-coalesced")).toBe(2);
    expect(await db.prisma.outboxMessage.count({ where: { streamId: "w-coalesced" } })).toBe(1);

    // The append fails (its inbound mark already exists): nothing of the command is written, the lock is released.
    await markInboundProcessed(db.prisma, "slack", "Ev-coalesced", clock.now(), "T1:U1");
    await runner.execute(startWaitingCommand("w-coalesced-2", []));
    const refused = await recording
      .execute({ ...startWaitingCommand("w-coalesced-2", []), inboundMark: { channel: "slack", externalUserId: "T1:U1", eventId: "Ev-coalesced" } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DuplicateInbound);
    expect(await countEvents("w-coalesced-2")).toBe(1);
    await runner.execute(startWaitingCommand("w-coalesced-2", []));
    expect(await countEvents("w-coalesced-2")).toBe(2);
  });

  it("issue 15: parameters inlined as literals come back exactly as bound parameters do (quotes, backslashes, any text)", async () => {
    if (db.backend !== "postgres") return;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\u0000")),
        fc.integer(),
        async (text, n) => {
          const [row] = await db.sql.query<{ t: string; n: number; j: unknown }>(
            inlineParams("SELECT $1::text AS t, $2::int AS n, $3::jsonb AS j", [text, n, { text }]),
          );
          expect(row).toEqual({ t: text, n, j: { text } });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("issue 15: a command that changes nothing marks its inbound alone; a repeat fails with DuplicateInbound", async () => {
    const spec: CommandSpec = {
      name: "test.noChange",
      streams: [waitingStream("w-mark-none")],
      decide: () => [],
      inboundMark: { channel: "webchat", externalUserId: "web-1", eventId: "Ev-none" },
    };
    expect((await runner.execute(spec)).events).toEqual([]);
    expect(await runner.execute(spec).catch((e: unknown) => e)).toBeInstanceOf(DuplicateInbound);
  });

  it("a command that changes nothing still runs its in-transaction work (a one-time code is spent, an event id marked)", async () => {
    const outcome = await runner.execute({
      name: "test.noChange",
      streams: [waitingStream("w-nochange")],
      decide: () => [],
      alsoInTransaction: async (tx) => {
        expect(await markInboundProcessed(tx, "webchat", "Ev-nochange", clock.now())).toBe(true);
      },
    });
    expect(outcome.events).toEqual([]);
    const repeat = await db.prisma.$transaction((tx) => markInboundProcessed(tx, "webchat", "Ev-nochange", clock.now()));
    expect(repeat).toBe(false);
  });
});

/** The transaction, recording which of its calls the runner made. */
function recorded(tx: CoalescedTransaction, sent: string[]): CoalescedTransaction {
  return {
    rows: (sql, params) => (sent.push("rows"), tx.rows(sql, params)),
    commitWith: (sql, params) => (sent.push("commitWith"), tx.commitWith(sql, params)),
  };
}
