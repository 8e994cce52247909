/**
 * The backends every integration test runs on: embedded PGlite always, PostgreSQL too when
 * DATABASE_URL is set (`.ci/run` sets it to a fresh database on the machine's server).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Backend, type Database } from "../../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../../src/adapters/db/migrator.js";

export const DATABASE_URL = process.env.DATABASE_URL;

export const POSTGRES_SKIP_NOTE = "PostgreSQL tests skipped: DATABASE_URL is not set (bash .ci/run sets it)";

if (!DATABASE_URL) console.warn(POSTGRES_SKIP_NOTE);

export interface BackendUnderTest {
  readonly backend: Backend;
  /**
   * A migrated database with no application rows — or, with keepRows, another connection to the
   * same PostgreSQL database (a second "replica"; PGlite has no such thing).
   */
  open(options?: { keepRows?: boolean }): Promise<Database>;
}

/** Application tables, emptied between tests on the shared PostgreSQL database. */
/** Every application table, read from the catalog so a new migration's tables are emptied too. */
async function appTables(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename",
  );
  return rows.map((r) => r.tablename);
}

export const pglite: BackendUnderTest = {
  backend: "pglite",
  async open() {
    const db = await openDatabase({ pgliteDataDir: "memory://" });
    await migrate(db.sql, await readMigrations());
    return db;
  },
};

export const postgres: BackendUnderTest = {
  backend: "postgres",
  async open(options) {
    const db = await openDatabase({ databaseUrl: DATABASE_URL, poolSize: 20 });
    await migrate(db.sql, await readMigrations());
    if (options?.keepRows) return db;
    await db.sql.exec(`TRUNCATE ${(await appTables(db)).map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
    return db;
  },
};

/** PGlite always; PostgreSQL when DATABASE_URL is set. */
export const BACKENDS: readonly BackendUnderTest[] = DATABASE_URL ? [pglite, postgres] : [pglite];

/** A brand-new, empty PostgreSQL database on the DATABASE_URL server; dropped by the returned function. */
export async function createScratchPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!DATABASE_URL) throw new Error(POSTGRES_SKIP_NOTE);
  const name = `tab_scratch_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A temporary directory for an on-disk PGlite; removed by the returned function. */
export async function temporaryDirectory(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
