/**
 * Two backends, one code path: PostgreSQL when DATABASE_URL is set, embedded PGlite (data under
 * ./data) otherwise. Both hand out the same generated Prisma client (through a driver adapter) and
 * a raw SqlExecutor for the migrator. PGlite runs one transaction at a time and must be opened by
 * one process only; close() releases it.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { PrismaPGlite as PrismaPGliteAdapter } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../../generated/prisma/client.js";
import { migrate, readMigrations, type MigrationReport } from "./migrator.js";
import { lockPgliteDataDir } from "./pglite-lock.js";
import { pgliteExecutor, pgPoolExecutor, type SqlExecutor } from "./sql-executor.js";

export type Backend = "postgres" | "pglite";

/** Where the live bus (src/adapters/live) listens: its own connection to the server, or the embedded instance. */
export type NotificationSource = { readonly backend: "postgres"; readonly connectionString: string } | { readonly backend: "pglite"; readonly pglite: PGlite };

export interface Database {
  readonly backend: Backend;
  readonly notificationSource: NotificationSource;
  readonly prisma: PrismaClient;
  readonly sql: SqlExecutor;
  /** How many transactions may usefully run at once (1 on PGlite). */
  readonly maxConcurrentTransactions: number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; unset = embedded PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory (default ./data/pglite); "memory://" for an in-memory database. */
  readonly pgliteDataDir?: string;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /**
   * An idle pooled PostgreSQL connection failed (server restart, administrator command). The pool
   * drops it and opens a new one on demand; without a listener the error would end the process.
   */
  readonly onIdleConnectionError?: (error: Error) => void;
}

export const DEFAULT_PGLITE_DIR = "./data/pglite";

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.onIdleConnectionError ?? (() => undefined));
  }
  return openPglite(options.pgliteDataDir ?? DEFAULT_PGLITE_DIR);
}

async function openPostgres(connectionString: string, poolSize: number, onIdleError: (error: Error) => void): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  pool.on("error", onIdleError);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    backend: "postgres",
    notificationSource: { backend: "postgres", connectionString },
    prisma,
    sql: pgPoolExecutor(pool),
    maxConcurrentTransactions: poolSize,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  // One process per data directory (pglite-lock.ts); an in-memory database is private anyway.
  const release = dataDir.startsWith("memory://") ? () => undefined : lockPgliteDataDir(dataDir);
  let pglite: PGlite;
  let PrismaPGlite: typeof PrismaPGliteAdapter;
  try {
    // Loaded only for the embedded database: the PostgreSQL path never pays its ~40 MB (issue 15).
    const [{ PGlite: EmbeddedPostgres }, adapter] = await Promise.all([import("@electric-sql/pglite"), import("pglite-prisma-adapter")]);
    PrismaPGlite = adapter.PrismaPGlite;
    pglite = await EmbeddedPostgres.create(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    backend: "pglite",
    notificationSource: { backend: "pglite", pglite },
    prisma,
    sql: pgliteExecutor(pglite),
    maxConcurrentTransactions: 1,
    async close() {
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/** Opens the database and applies pending migrations (the app's start-up path). */
export async function openMigratedDatabase(options: DatabaseOptions = {}): Promise<{ db: Database; migrations: MigrationReport }> {
  const db = await openDatabase(options);
  try {
    const migrations = await migrate(db.sql, await readMigrations());
    return { db, migrations };
  } catch (error) {
    await db.close();
    throw error;
  }
}
