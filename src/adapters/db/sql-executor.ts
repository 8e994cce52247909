/**
 * The few raw-SQL operations Prisma's client cannot do through a driver adapter: running a
 * multi-statement migration script and taking a session-level advisory lock. One implementation per
 * backend, so the migrator and the catalog test run the same code on PGlite and PostgreSQL.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

export interface SqlExecutor {
  /** Runs a script of one or more statements (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` on one connection (session state such as advisory locks stays on it). */
  withSession<T>(work: (session: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction on one connection, without Prisma (hot paths whose statements
   * are few and fixed: the sweeper's reminder firings). Throwing rolls it back.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export function pgliteExecutor(db: PGlite | Transaction): SqlExecutor {
  const executor: SqlExecutor = {
    async exec(script) {
      await db.exec(script);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, [...params])).rows;
    },
    // PGlite is a single connection: every call already shares the session.
    withSession: (work) => work(executor),
    transaction: (work) => {
      if (!("transaction" in db)) throw new Error("nested transaction on PGlite");
      return db.transaction((tx) => work(pgliteExecutor(tx)));
    },
  };
  return executor;
}

function clientExecutor(client: pg.PoolClient): SqlExecutor {
  const executor: SqlExecutor = {
    async exec(script) {
      await client.query(script);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, [...params])).rows as Row[];
    },
    withSession: (work) => work(executor),
    transaction: () => Promise.reject(new Error("nested transaction on a pooled connection")),
  };
  return executor;
}

async function inTransaction<T>(client: pg.PoolClient, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work(clientExecutor(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

export function pgPoolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async exec(script) {
      await pool.query(script);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(sql, [...params])).rows as Row[];
    },
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work(clientExecutor(client));
      } finally {
        client.release();
      }
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        return await inTransaction(client, work);
      } finally {
        client.release();
      }
    },
  };
}
