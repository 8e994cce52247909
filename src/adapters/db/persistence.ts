/**
 * Start-up of the persistence side for the composition root (src/main.ts): open the database
 * (PostgreSQL when DATABASE_URL is set, else PGlite under ./data), apply migrations — a failed
 * migration stops start-up with MigrationError — and build the command runner over every aggregate.
 */
import type { Clock } from "../clock/clock.js";
import { domainAggregates } from "./aggregates.js";
import { openMigratedDatabase, type Database, type DatabaseOptions } from "./database.js";
import type { MigrationReport } from "./migrator.js";
import { CommandRunner, type CommandRunnerOptions } from "./unit-of-work.js";

export interface Persistence {
  readonly db: Database;
  readonly runner: CommandRunner;
  readonly migrations: MigrationReport;
  close(): Promise<void>;
}

export async function openPersistence(options: DatabaseOptions & { clock: Clock; runner?: CommandRunnerOptions }): Promise<Persistence> {
  const { db, migrations } = await openMigratedDatabase(options);
  const runner = new CommandRunner(db, domainAggregates(), options.clock, options.runner);
  return { db, runner, migrations, close: () => db.close() };
}
