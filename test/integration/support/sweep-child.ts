/**
 * A separate process for the crash proof: sweeps the on-disk PGlite database at argv[2], firing
 * reminders slowly and printing "firing <row id>" as each firing starts, until it is killed.
 */
import { openDatabase } from "../../../src/adapters/db/database.js";
import { AggregateRegistry } from "../../../src/adapters/db/aggregate-definition.js";
import { CommandRunner } from "../../../src/adapters/db/unit-of-work.js";
import { ManualClock } from "../../../src/adapters/clock/clock.js";
import { createDeadlineHandler } from "../../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../../src/adapters/scheduler/deadline-sweeper.js";

const [dataDir, now] = process.argv.slice(2);
if (!dataDir || !now) throw new Error("usage: sweep-child <pglite data dir> <now>");

const db = await openDatabase({ pgliteDataDir: dataDir });
const clock = new ManualClock(now);
const handler = createDeadlineHandler(new CommandRunner(db, new AggregateRegistry([]), clock), {});
const sweeper = new DeadlineSweeper(db, clock, async (deadline, tx) => {
  process.stdout.write(`firing ${deadline.id}\n`);
  await handler(deadline, tx);
  await new Promise((resolve) => setTimeout(resolve, 2));
});
const report = await sweeper.sweep();
process.stdout.write(`done ${report.fired}\n`);
await db.close();
