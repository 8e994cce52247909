/**
 * bench/sweep — the deadline sweeper on PostgreSQL with 1,000,000 pending deadlines (issue 3):
 *   1. an idle sweep (nothing due), next to the bare claim query (BEGIN; SELECT … FOR UPDATE SKIP
 *      LOCKED LIMIT 1; COMMIT) on the same data;
 *   2. a sweep firing 10,000 due reminders (each in its own transaction, with its outbox row), next
 *      to a bare-SQL loop doing the same claim + mark-fired per row with the same parallelism.
 * Uses a scratch database on the DATABASE_URL server (created and dropped here).
 *   npm run bench:sweep            (env: DATABASE_URL, BENCH_PENDING=1000000, BENCH_DUE=10000, BENCH_WORKERS=4)
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { ManualClock } from "../src/adapters/clock/clock.js";
import { AggregateRegistry } from "../src/adapters/db/aggregate-definition.js";
import { openDatabase } from "../src/adapters/db/database.js";
import { migrate, readMigrations } from "../src/adapters/db/migrator.js";
import { CommandRunner } from "../src/adapters/db/unit-of-work.js";
import { createDeadlineHandler } from "../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../src/adapters/scheduler/deadline-sweeper.js";

const IDLE_RUNS = 50;
const NOW = "2026-03-02T00:00:00.000Z";

/** What an idle sweep runs (DeadlineSweeper's anythingDue), here without Prisma. */
const IDLE_CHECK_SQL = `SELECT id FROM deadlines WHERE status = 'pending' AND fire_at <= $1::timestamptz LIMIT 1`;

const CLAIM_SQL = `SELECT * FROM deadlines WHERE status = 'pending' AND fire_at <= $1::timestamptz
                   ORDER BY fire_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms (n=${samples.length})`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

export interface SweepOptions {
  /** A PostgreSQL server URL; a scratch database is created on it and dropped. */
  readonly serverUrl: string;
  readonly pending?: number;
  readonly due?: number;
  readonly workers?: number;
  /** Print the markdown table (the CLI does). */
  readonly print?: boolean;
}

export interface SweepFigures {
  readonly due: number;
  readonly workers: number;
  readonly sweepPerSecond: number;
  readonly bareLoopPerSecond: number;
  readonly sweepMs: number;
  readonly bareLoopMs: number;
}

/** Seeds `pending` not-due rows, then times a sweep of `due` rows against the bare SQL loop. */
export async function sweepBench(options: SweepOptions): Promise<SweepFigures> {
  const serverUrl = options.serverUrl;
  const PENDING = options.pending ?? 1_000_000;
  const DUE = Math.min(options.due ?? 10_000, PENDING);
  const WORKERS = options.workers ?? 4;
  const log = options.print === false ? () => undefined : (line: string) => console.log(line);
  const name = `tab_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: WORKERS + 2 });
  const bare = new pg.Pool({ connectionString: url.toString(), max: WORKERS });
  bare.on("error", () => undefined); // connections of the dropped scratch database
  try {
    await migrate(db.sql, await readMigrations());
    log(`PostgreSQL ${(await db.sql.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v}; database ${name}`);

    const [, seedMs] = await timed(() =>
      db.sql.exec(`
        INSERT INTO deadlines (id, deadline_id, kind, subject_type, subject_id, stream_type, stream_id, action,
                               fire_at, due_at, actor, actor_party_id, default_outcome, status, created_at)
        SELECT 'claim:b' || i || ':k:0|reminder|' || i, 'claim:b' || i || ':k:0', 'supplier-response', 'claim', 'b' || i,
               'claim', 'b' || i, 'reminder',
               TIMESTAMPTZ '2026-03-03T00:00:00Z' + i * INTERVAL '1 second',
               TIMESTAMPTZ '2026-03-10T00:00:00Z' + i * INTERVAL '1 second',
               'supplier', 'supplier-1', 'escalate', 'pending', now()
          FROM generate_series(1, ${PENDING}) AS i;
        ANALYZE deadlines;`),
    );
    log(`seeded ${PENDING.toLocaleString("en")} pending deadlines (none due) in ${(seedMs / 1000).toFixed(1)} s`);

    const clock = new ManualClock(NOW);
    const handler = createDeadlineHandler(new CommandRunner(db, new AggregateRegistry([]), clock), {});
    const sweeper = new DeadlineSweeper(db, clock, handler, { concurrency: WORKERS });

    // 1. Idle: nothing due.
    await sweeper.sweep(); // warm-up (query compiler, pool)
    const idleSweeps: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) {
      const [report, ms] = await timed(() => new DeadlineSweeper(db, clock, handler, { concurrency: 1 }).sweep());
      if (report.fired !== 0) throw new Error("idle sweep fired something");
      idleSweeps.push(ms);
    }
    const bareClaim = async (): Promise<number> => {
      const client = await bare.connect();
      try {
        const [, ms] = await timed(async () => {
          await client.query("BEGIN");
          await client.query(CLAIM_SQL, [NOW]);
          await client.query("ROLLBACK");
        });
        return ms;
      } finally {
        client.release();
      }
    };
    const idleBare: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) idleBare.push(await bareClaim());
    const idleCheckBare: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) idleCheckBare.push((await timed(() => bare.query(IDLE_CHECK_SQL, [NOW])))[1]);
    const plan = (await bare.query(`EXPLAIN ${CLAIM_SQL}`, [NOW])).rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join(" / ");

    // 2. 10,000 due.
    const makeDue = async (): Promise<void> => {
      await db.sql.exec(`
        UPDATE deadlines SET fire_at = TIMESTAMPTZ '2026-03-01T00:00:00Z' + (substring(stream_id from 2)::int) * INTERVAL '1 millisecond',
                             status = 'pending', fired_at = NULL, attempts = 0
         WHERE stream_id IN (SELECT 'b' || i FROM generate_series(1, ${DUE}) AS i)`);
      await db.sql.exec("TRUNCATE outbox");
      await db.sql.exec("VACUUM ANALYZE deadlines");
    };
    await makeDue();
    const dueBare: number[] = [];
    for (let i = 0; i < IDLE_RUNS; i++) dueBare.push(await bareClaim());

    const [bareFired, bareLoopMs] = await timed(async () => {
      let fired = 0;
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          const client = await bare.connect();
          try {
            for (;;) {
              await client.query("BEGIN");
              const { rows } = await client.query<{ id: string }>(CLAIM_SQL, [NOW]);
              const row = rows[0];
              if (!row) {
                await client.query("COMMIT");
                return;
              }
              await client.query(`UPDATE deadlines SET status = 'fired', fired_at = now() WHERE id = $1`, [row.id]);
              await client.query("COMMIT");
              fired++;
            }
          } finally {
            client.release();
          }
        }),
      );
      return fired;
    });

    await makeDue();
    const [report, sweepMs] = await timed(() => sweeper.sweep());
    const outboxRows = Number((await db.sql.query<{ n: string }>("SELECT count(*) AS n FROM outbox"))[0]?.n);
    if (report.fired !== DUE || outboxRows !== DUE) throw new Error(`sweep fired ${report.fired}, outbox ${outboxRows}, expected ${DUE}`);

    const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en");
    log("");
    log(`claim query plan: ${plan}`);
    log("");
    log(`| measurement (${PENDING.toLocaleString("en")} pending rows)            | result |`);
    log(`|---|---|`);
    log(`| idle sweep (DeadlineSweeper, nothing due)       | ${stats(idleSweeps)} |`);
    log(`| bare idle-check query (pg, no Prisma)           | ${stats(idleCheckBare)} |`);
    log(`| bare claim query, nothing due (BEGIN/claim/END) | ${stats(idleBare)} |`);
    log(`| bare claim query, ${DUE.toLocaleString("en")} due               | ${stats(dueBare)} |`);
    log(
      `| sweep firing ${DUE.toLocaleString("en")} due (${WORKERS} workers, +outbox) | ${(sweepMs / 1000).toFixed(2)} s = ${perSecond(report.fired, sweepMs)} firings/s |`,
    );
    log(
      `| bare SQL claim+mark loop, ${DUE.toLocaleString("en")} (${WORKERS} connections) | ${(bareLoopMs / 1000).toFixed(2)} s = ${perSecond(bareFired, bareLoopMs)} firings/s |`,
    );
    return {
      due: DUE,
      workers: WORKERS,
      sweepPerSecond: (report.fired / sweepMs) * 1000,
      bareLoopPerSecond: (bareFired / bareLoopMs) * 1000,
      sweepMs,
      bareLoopMs,
    };
  } finally {
    await bare.end();
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error("bench:sweep needs PostgreSQL: set DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)");
    process.exit(2);
  }
  await sweepBench({
    serverUrl,
    pending: Number(process.env.BENCH_PENDING ?? 1_000_000),
    due: Number(process.env.BENCH_DUE ?? 10_000),
    workers: Number(process.env.BENCH_WORKERS ?? 4),
  });
}
