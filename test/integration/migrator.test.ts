/**
 * The start-up migrator: applies pending migrations once, keeps Prisma's _prisma_migrations
 * format, records a failing migration as failed and refuses to start until it is resolved, and
 * refuses an applied migration whose file changed.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/db/database.js";
import { openDatabase } from "../../src/adapters/db/database.js";
import { migrate, MigrationError, readMigrations, type MigrationFile } from "../../src/adapters/db/migrator.js";
import { BACKENDS, createScratchPostgresDatabase } from "./support/backends.js";

const migration = (name: string, sql: string): MigrationFile => ({ name, sql, checksum: `checksum-of-${name}-${sql.length}` });

interface PrismaMigrationRow {
  migration_name: string;
  finished_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

describe.each(BACKENDS)("migrator on $backend", ({ backend }) => {
  let db: Database | undefined;
  let drop: (() => Promise<void>) | undefined;

  async function emptyDatabase(): Promise<Database> {
    if (backend === "pglite") return openDatabase({ pgliteDataDir: "memory://" });
    const scratch = await createScratchPostgresDatabase();
    drop = scratch.drop;
    return openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
  }

  afterEach(async () => {
    await db?.close();
    await drop?.();
    db = undefined;
    drop = undefined;
  });

  it("applies every migration once, in Prisma's _prisma_migrations format", async () => {
    db = await emptyDatabase();
    const migrations = await readMigrations();
    const first = await migrate(db.sql, migrations);
    const second = await migrate(db.sql, migrations);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(migrations.map((m) => m.name));
    const rows = await db.sql.query<PrismaMigrationRow>(
      `SELECT migration_name, finished_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null, r.applied_steps_count])).toEqual(migrations.map((m) => [m.name, true, 1]));
  });

  it("records a failing migration as failed, rolls its statements back, and stops the next start-up with a clear message", async () => {
    db = await emptyDatabase();
    const good = migration("20260101000000_good", `CREATE TABLE "a" ("id" TEXT PRIMARY KEY);`);
    const bad = migration("20260102000000_bad", `CREATE TABLE "b" ("id" TEXT PRIMARY KEY);\nSELECT * FROM "no_such_table";`);
    const later = migration("20260103000000_later", `CREATE TABLE "c" ("id" TEXT PRIMARY KEY);`);

    const failure = await migrate(db.sql, [good, bad, later]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).migrationName).toBe(bad.name);
    expect((failure as Error).message).toMatch(/20260102000000_bad failed: .*no_such_table/);

    const rows = await db.sql.query<PrismaMigrationRow>(
      `SELECT migration_name, finished_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      [good.name, true],
      [bad.name, false],
    ]);
    expect(rows[1]?.logs).toMatch(/no_such_table/);
    const tables = await db.sql.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a','b','c')`);
    expect(tables.map((t) => t.tablename)).toEqual(["a"]);

    const restart = await migrate(db.sql, [good, migration(bad.name, `CREATE TABLE "b" ("id" TEXT PRIMARY KEY);`), later]).catch((e: unknown) => e);
    expect(restart).toBeInstanceOf(MigrationError);
    expect((restart as Error).message).toMatch(/20260102000000_bad failed earlier .*prisma migrate resolve --rolled-back 20260102000000_bad/);
  });

  it("refuses to start when an applied migration's file was edited afterwards", async () => {
    db = await emptyDatabase();
    const original = migration("20260101000000_one", `CREATE TABLE "a" ("id" TEXT PRIMARY KEY);`);
    await migrate(db.sql, [original]);
    const edited = { ...original, checksum: "different" };
    await expect(migrate(db.sql, [edited])).rejects.toThrow(/20260101000000_one was changed after it was applied/);
  });
});
