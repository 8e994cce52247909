/**
 * Proof (issue 3): a sweeper process killed mid-sweep (SIGKILL, no shutdown) loses nothing and fires
 * nothing twice. Each firing commits its effect (an outbox row) and its "fired" mark together, so
 * after the kill every row is either fired with exactly one effect or pending with none; a restart
 * fires the rest. Runs on an on-disk PGlite (the embedded default), in a child process.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../src/adapters/db/migrator.js";
import { REMINDER_OUTBOX_KIND } from "../../src/adapters/scheduler/deadline-handlers.js";
import { seedReminderRows } from "./support/due-deadlines.js";
import { temporaryDirectory } from "./support/backends.js";

const ROWS = 600;
const KILL_AFTER_FIRINGS = 150;
const NOW = "2026-03-02T00:00:00.000Z";
const CHILD = path.resolve(import.meta.dirname, "support/sweep-child.ts");

interface Ledger {
  fired: number;
  pending: number;
  /** Fired rows without exactly one outbox row, and pending rows with any. */
  inconsistent: number;
  outboxRows: number;
}

async function audit(db: Database): Promise<Ledger> {
  const [row] = await db.sql.query<{ fired: number; pending: number; inconsistent: number; outbox_rows: number }>(
    `WITH effects AS (SELECT payload->>'deadlineId' AS deadline_id, count(*)::int AS n FROM outbox WHERE kind = $1 GROUP BY 1)
     SELECT count(*) FILTER (WHERE d.status = 'fired')::int AS fired,
            count(*) FILTER (WHERE d.status = 'pending')::int AS pending,
            count(*) FILTER (WHERE (d.status = 'fired' AND coalesce(e.n, 0) <> 1) OR (d.status = 'pending' AND coalesce(e.n, 0) <> 0))::int AS inconsistent,
            (SELECT count(*)::int FROM outbox) AS outbox_rows
       FROM deadlines d LEFT JOIN effects e ON e.deadline_id = d.deadline_id`,
    [REMINDER_OUTBOX_KIND],
  );
  if (!row) throw new Error("audit returned no row");
  return { fired: row.fired, pending: row.pending, inconsistent: row.inconsistent, outboxRows: row.outbox_rows };
}

/** Runs the sweeper child; kills it with SIGKILL after `killAfter` firings started (or lets it finish). */
function runChild(dataDir: string, killAfter?: number): Promise<{ firingsStarted: number; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, NOW], { stdio: ["ignore", "pipe", "pipe"] });
    let firingsStarted = 0;
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      firingsStarted += chunk.split("\n").filter((l) => l.startsWith("firing ")).length;
      if (killAfter !== undefined && firingsStarted >= killAfter) child.kill("SIGKILL");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`sweeper child exited with ${code}:\n${output}`));
      else resolve({ firingsStarted, signal, output });
    });
  });
}

describe("crash during a sweep (PGlite on disk, child process)", () => {
  let directory: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    directory = await temporaryDirectory("tab-crash-");
    const db = await openDatabase({ pgliteDataDir: directory.dir });
    await migrate(db.sql, await readMigrations());
    await seedReminderRows(db, ROWS, "2026-03-01T00:00:00.000Z", 10);
    await db.close();
  });
  afterAll(async () => {
    await directory.remove();
  });

  it("CL-10: SIGKILL mid-sweep, restart → every deadline fired exactly once, nothing lost", async () => {
    const killed = await runChild(directory.dir, KILL_AFTER_FIRINGS);
    expect(killed.signal).toBe("SIGKILL");

    const afterCrash = await openDatabase({ pgliteDataDir: directory.dir });
    const crashed = await audit(afterCrash).finally(() => afterCrash.close());
    console.info(
      `[proof] after SIGKILL at ~${killed.firingsStarted} firings started: ${crashed.fired} fired, ${crashed.pending} pending, ${crashed.inconsistent} inconsistent`,
    );
    expect(crashed.inconsistent).toBe(0);
    expect(crashed.fired + crashed.pending).toBe(ROWS);
    expect(crashed.fired).toBeGreaterThan(0);
    expect(crashed.pending).toBeGreaterThan(0); // the kill really happened mid-sweep

    const restarted = await runChild(directory.dir);
    expect(restarted.output).toContain(`done ${crashed.pending}`);

    const finalDb = await openDatabase({ pgliteDataDir: directory.dir });
    const final = await audit(finalDb).finally(() => finalDb.close());
    expect(final).toEqual({ fired: ROWS, pending: 0, inconsistent: 0, outboxRows: ROWS });
  });
});
