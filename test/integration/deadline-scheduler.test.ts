/**
 * The deadline scheduler (CL-10, architecture step 6), on every backend: reminders and default
 * outcomes fire through the domain in their own transaction, exactly once, in due order, everything
 * due after downtime on the first sweep; idle sweeps use the partial index; a failing firing is
 * rolled back and retried on the next sweep. Proof (issue 3): 3 sweepers in parallel over 2,000 due
 * deadlines fire each exactly once. Every test drives time with the ManualClock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AggregateRegistry } from "../../src/adapters/db/aggregate-definition.js";
import type { Database } from "../../src/adapters/db/database.js";
import { CommandRunner } from "../../src/adapters/db/unit-of-work.js";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { startDeadlineScheduler } from "../../src/adapters/scheduler/cron-scheduler.js";
import { createDeadlineHandler, REMINDER_OUTBOX_KIND } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper, type DeadlineHandler, type DueDeadline } from "../../src/adapters/scheduler/deadline-sweeper.js";
import { readStream } from "../../src/adapters/db/stream-store.js";
import { BACKENDS } from "./support/backends.js";
import { seedReminderRows } from "./support/due-deadlines.js";
import { deadlinePassedCommand, startWaitingCommand, waitingAggregate, waitingDeadline, waitingStream } from "./support/waiting-aggregate.js";

const START = "2026-03-02T08:00:00.000Z";

describe.each(BACKENDS)("deadline scheduler on $backend", (backendUnderTest) => {
  let db: Database;
  let clock: ManualClock;
  let runner: CommandRunner;
  let handler: DeadlineHandler;

  beforeAll(async () => {
    db = await backendUnderTest.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.sql.exec(`TRUNCATE deadlines, outbox, domain_events, aggregate_snapshots RESTART IDENTITY`);
    clock = new ManualClock(START);
    runner = new CommandRunner(db, new AggregateRegistry([waitingAggregate]), clock);
    handler = createDeadlineHandler(runner, { claim: (d) => deadlinePassedCommand(d.subjectId, d.deadlineId) });
  });

  const statuses = async () =>
    (await db.prisma.scheduledDeadline.findMany({ orderBy: [{ fireAt: "asc" }, { id: "asc" }] })).map(
      (r) => `${r.action}@${r.fireAt.toISOString()}:${r.status}`,
    );

  it("CL-10: reminders notify the party who must act; the default outcome runs the aggregate's DeadlinePassed; each fires once", async () => {
    const deadline = waitingDeadline("c1", "supplier-response", "2026-03-10T15:59:59.000Z", ["2026-03-06T01:00:00.000Z", "2026-03-09T01:00:00.000Z"]);
    await runner.execute(startWaitingCommand("c1", [deadline]));
    const sweeper = new DeadlineSweeper(db, clock, handler);

    expect((await sweeper.sweep()).fired).toBe(0);
    clock.set("2026-03-06T01:00:00.000Z");
    expect((await sweeper.sweep()).fired).toBe(1);
    const reminders = await db.prisma.outboxMessage.findMany({ where: { kind: REMINDER_OUTBOX_KIND } });
    expect(reminders.map((r) => [r.recipientPartyId, (r.payload as { deadlineId: string }).deadlineId])).toEqual([["supplier-1", deadline.id]]);

    clock.set("2026-03-11T00:00:00.000Z");
    expect((await sweeper.sweep()).fired).toBe(2);
    expect((await sweeper.sweep()).fired).toBe(0);
    expect((await readStream(db.prisma, waitingStream("c1"))).map((e) => e.type)).toEqual(["WaitStarted", "DefaultOutcomeApplied"]);
    expect(await statuses()).toEqual([
      "reminder@2026-03-06T01:00:00.000Z:fired",
      "reminder@2026-03-09T01:00:00.000Z:fired",
      "outcome@2026-03-10T15:59:59.000Z:fired",
    ]);
    expect(await db.prisma.outboxMessage.count({ where: { kind: REMINDER_OUTBOX_KIND } })).toBe(2);
  });

  it("CL-10: after downtime, everything that fell due fires on the first sweep, in due order", async () => {
    await runner.execute(startWaitingCommand("d1", [waitingDeadline("d1", "k", "2026-03-05T00:00:00.000Z", ["2026-03-03T00:00:00.000Z"])]));
    await runner.execute(startWaitingCommand("d2", [waitingDeadline("d2", "k", "2026-03-04T00:00:00.000Z", ["2026-03-02T12:00:00.000Z"])]));
    await runner.execute(startWaitingCommand("d3", [waitingDeadline("d3", "k", "2026-04-30T00:00:00.000Z")]));
    const fired: string[] = [];
    const recording: DeadlineHandler = async (d, tx) => {
      fired.push(`${d.subjectId}:${d.action}@${d.fireAt}`);
      await handler(d, tx);
    };
    clock.set("2026-03-20T00:00:00.000Z"); // the process was down for two weeks
    const report = await new DeadlineSweeper(db, clock, recording, { concurrency: 1 }).sweep();
    expect(report.fired).toBe(4);
    expect(fired).toEqual([
      "d2:reminder@2026-03-02T12:00:00.000Z",
      "d1:reminder@2026-03-03T00:00:00.000Z",
      "d2:outcome@2026-03-04T00:00:00.000Z",
      "d1:outcome@2026-03-05T00:00:00.000Z",
    ]);
    expect((await db.prisma.scheduledDeadline.findMany({ where: { status: "pending" } })).map((r) => r.streamId)).toEqual(["d3"]);
  });

  it("an idle sweep fires nothing, opens no transaction, and its queries are served by the partial index deadlines_due_idx", async () => {
    await seedReminderRows(db, 5_000, "2026-06-01T00:00:00.000Z", 60_000, "future");
    await db.sql.exec("ANALYZE deadlines");
    let transactions = 0;
    const counting: DeadlineHandler = (d, tx) => handler(d, tx);
    const sweeper = new DeadlineSweeper(db, clock, counting, { concurrency: 1 });
    const original = db.prisma.$transaction.bind(db.prisma);
    const spied = Object.assign(Object.create(db) as Database, {
      prisma: new Proxy(db.prisma, {
        get(target, prop, receiver) {
          if (prop === "$transaction") return (...args: Parameters<typeof original>) => (transactions++, original(...args));
          return Reflect.get(target, prop, receiver) as unknown;
        },
      }),
    });
    const report = await new DeadlineSweeper(spied, clock, counting, { concurrency: 1 }).sweep();
    expect(report.fired).toBe(0);
    expect(transactions).toBe(0);
    expect((await sweeper.sweep()).fired).toBe(0);
    for (const query of [
      `SELECT id FROM deadlines WHERE status = 'pending' AND fire_at <= $1::timestamptz LIMIT 1`,
      `SELECT * FROM deadlines WHERE status = 'pending' AND fire_at <= $1::timestamptz ORDER BY fire_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    ]) {
      const plan = await db.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN ${query}`, [clock.now()]);
      expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toMatch(/Index (Only )?Scan using deadlines_due_idx/);
    }
  });

  it("a firing whose handler fails is rolled back (no effects, row still pending) and retried on the next sweep", async () => {
    await runner.execute(startWaitingCommand("f1", [waitingDeadline("f1", "k", "2026-03-03T00:00:00.000Z")]));
    await runner.execute(startWaitingCommand("f2", [waitingDeadline("f2", "k", "2026-03-03T00:00:00.000Z")]));
    let failNext = true;
    const flaky: DeadlineHandler = async (d, tx) => {
      await handler(d, tx);
      if (d.subjectId === "f1" && failNext) {
        failNext = false;
        throw new Error("translation service down");
      }
    };
    const errors: DueDeadline[] = [];
    const sweeper = new DeadlineSweeper(db, clock, flaky, { onError: (d) => errors.push(d) });
    clock.set("2026-03-04T00:00:00.000Z");
    const first = await sweeper.sweep();
    expect([first.fired, first.failed]).toEqual([1, 1]);
    expect(errors.map((d) => d.subjectId)).toEqual(["f1"]);
    const f1 = await db.prisma.scheduledDeadline.findFirstOrThrow({ where: { streamId: "f1" } });
    expect([f1.status, f1.attempts, f1.lastError]).toEqual(["pending", 1, "translation service down"]);
    expect((await readStream(db.prisma, waitingStream("f1"))).map((e) => e.type)).toEqual(["WaitStarted"]);

    const second = await sweeper.sweep();
    expect([second.fired, second.failed]).toEqual([1, 0]);
    expect((await readStream(db.prisma, waitingStream("f1"))).map((e) => e.type)).toEqual(["WaitStarted", "DefaultOutcomeApplied"]);
  });

  it("the node-cron task's tick runs a sweep; a tick during a running sweep is skipped", async () => {
    await seedReminderRows(db, 20, "2026-03-01T00:00:00.000Z");
    const reports: number[] = [];
    const scheduler = startDeadlineScheduler(new DeadlineSweeper(db, clock, handler), { cronExpression: "*/5 * * * *", onSweep: (r) => reports.push(r.fired) });
    try {
      const [first, overlapping] = await Promise.all([scheduler.tick(), scheduler.tick()]);
      expect(first?.fired).toBe(20);
      expect(overlapping).toBeUndefined();
      await scheduler.task.execute();
      expect(reports).toEqual([20, 0]);
      expect(scheduler.task.getPattern()).toBe("*/5 * * * *");
    } finally {
      await scheduler.stop();
    }
    expect(() => startDeadlineScheduler(new DeadlineSweeper(db, clock, handler), { cronExpression: "every minute" })).toThrow(/invalid cron expression/);
  });

  it("CL-10: 3 sweepers in parallel over 2,000 due deadlines fire each exactly once", async () => {
    const ids = await seedReminderRows(db, 2_000, "2026-03-01T00:00:00.000Z", 100);
    clock.set("2026-03-02T00:00:00.000Z");
    const replicas = backendUnderTest.backend === "postgres" ? await Promise.all([1, 2, 3].map(() => backendUnderTest.open({ keepRows: true }))) : [db, db, db];
    try {
      const firedBy = [0, 0, 0];
      const started = performance.now();
      const reports = await Promise.all(
        replicas.map((replica, i) => {
          const counting: DeadlineHandler = async (d, tx) => {
            await handler(d, tx);
            firedBy[i] = (firedBy[i] ?? 0) + 1;
          };
          return new DeadlineSweeper(replica, clock, counting, { concurrency: 4 }).sweep();
        }),
      );
      const elapsed = performance.now() - started;
      console.info(
        `[proof] ${backendUnderTest.backend}: 3 sweepers fired 2,000 deadlines in ${elapsed.toFixed(0)} ms, split ${reports.map((r) => r.fired).join(" / ")}`,
      );
      expect(reports.reduce((sum, r) => sum + r.fired, 0)).toBe(2_000);
      const perDeadline = await db.sql.query<{ deadline_id: string; n: string }>(
        `SELECT payload->>'deadlineId' AS deadline_id, count(*) AS n FROM outbox WHERE kind = $1 GROUP BY 1 HAVING count(*) <> 1`,
        [REMINDER_OUTBOX_KIND],
      );
      expect(perDeadline).toEqual([]);
      expect(await db.prisma.outboxMessage.count({ where: { kind: REMINDER_OUTBOX_KIND } })).toBe(2_000);
      expect(await db.prisma.scheduledDeadline.count({ where: { id: { in: ids }, status: "fired" } })).toBe(2_000);
    } finally {
      if (backendUnderTest.backend === "postgres") await Promise.all(replicas.map((r) => r.close()));
    }
  });
});
