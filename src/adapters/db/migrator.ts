/**
 * Applies the hand-written migrations of prisma/migrations at start-up, keeping Prisma's own
 * `_prisma_migrations` table format so `prisma migrate status/deploy` agree wherever the native
 * engine is available. Replicas starting together serialise on an advisory lock. A migration that
 * fails is recorded as failed (finished_at NULL, logs set) and stops start-up; so does a failed
 * record left by an earlier run, and an applied migration whose file changed since.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlExecutor } from "./sql-executor.js";

/** Prisma's advisory lock key for migrations (the same number `prisma migrate` uses). */
const MIGRATION_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

interface MigrationRecord {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export const DEFAULT_MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../../prisma/migrations");

export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

export async function migrate(executor: SqlExecutor, migrations: readonly MigrationFile[]): Promise<MigrationReport> {
  return executor.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const records = await session.query<MigrationRecord>(
        `SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs
           FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const failed = records.find((r) => r.finished_at === null);
      if (failed) {
        throw new MigrationError(
          `migration ${failed.migration_name} failed earlier and is recorded as failed in _prisma_migrations; ` +
            `fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name}). ` +
            `Its error: ${failed.logs ?? "(none recorded)"}`,
          failed.migration_name,
        );
      }
      const applied = new Map(records.map((r) => [r.migration_name, r]));
      const report = { applied: [] as string[], alreadyApplied: [] as string[] };
      for (const migration of migrations) {
        const record = applied.get(migration.name);
        if (record) {
          if (record.checksum !== migration.checksum) {
            throw new MigrationError(
              `migration ${migration.name} was changed after it was applied (checksum differs); add a new migration instead`,
              migration.name,
            );
          }
          report.alreadyApplied.push(migration.name);
          continue;
        }
        await applyOne(session, migration);
        report.applied.push(migration.name);
      }
      return report;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  });
}

async function applyOne(session: SqlExecutor, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await session.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    // One transaction per migration: a failure leaves no half-applied schema behind.
    await session.exec(`BEGIN;\n${migration.sql}\nCOMMIT;`);
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    await session.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
    throw new MigrationError(`migration ${migration.name} failed: ${message}`, migration.name);
  }
  await session.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
}
