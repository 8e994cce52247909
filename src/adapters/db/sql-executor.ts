/**
 * The few raw-SQL operations Prisma's client cannot do through a driver adapter: running a
 * multi-statement migration script and taking a session-level advisory lock. One implementation per
 * backend, so the migrator and the catalog test run the same code on PGlite and PostgreSQL.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import pg from "pg";

const { escapeLiteral } = pg;

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
  /** PostgreSQL only (unset on PGlite): a transaction whose BEGIN and COMMIT cost no round trip of their own. */
  coalescedTransaction?<T>(work: (tx: CoalescedTransaction) => Promise<T>, options: { readonly timeoutMs: number }): Promise<T>;
}

/** Statements run in a transaction, rows back. */
export interface RawStatements {
  rows<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
}

/**
 * One transaction on one PostgreSQL connection in the fewest round trips (issue 15: a command on a
 * hot order held its row lock for BEGIN-less but separate append and COMMIT round trips). BEGIN
 * travels with the first statement and COMMIT with the last, each pair as one simple-protocol
 * message (so its parameters are inlined as escaped literals — pg's own escaping). Ending `work`
 * without `commitWith`, or with an error, rolls back.
 */
export interface CoalescedTransaction extends RawStatements {
  /** Runs the last statement and commits, in one message; its rows once committed. */
  commitWith<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
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

/** `sql` with each $N replaced by the escaped literal of params[N-1] (NULL for null/undefined). */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`statement refers to $${n}, but ${params.length} parameters were given`);
    const value = params[index];
    if (value === null || value === undefined) return "NULL";
    if (value instanceof Date) return escapeLiteral(value.toISOString());
    return escapeLiteral(typeof value === "object" ? JSON.stringify(value) : String(value));
  });
}

/** The rows of the last result of a multi-statement message (pg returns one result per statement). */
function rowsOfLast<Row>(result: pg.QueryResult | pg.QueryResult[], skipLast = 0): Row[] {
  const results = Array.isArray(result) ? result : [result];
  return (results[results.length - 1 - skipLast]?.rows ?? []) as Row[];
}

/** Runs `work` as a coalesced transaction on `client`; returns whether the connection is still fit for the pool. */
async function coalesced<T>(
  client: pg.PoolClient,
  work: (tx: CoalescedTransaction) => Promise<T>,
  timeoutMs: number,
): Promise<{ result: T } | { error: unknown; connectionFailed: boolean }> {
  const at: { state: "idle" | "open" | "committed" } = { state: "idle" };
  // As Prisma's transaction timeout: no statement of it waits (e.g. for a row lock) longer.
  const begin = `BEGIN;\nSET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))};\n`;
  const tx: CoalescedTransaction = {
    async rows<Row>(sql: string, params: readonly unknown[]) {
      if (at.state === "committed") throw new Error("statement after the commit");
      if (at.state === "open") return (await client.query(sql, [...params])).rows as Row[];
      at.state = "open";
      return rowsOfLast<Row>(await client.query(`${begin}${inlineParams(sql, params)}`));
    },
    async commitWith<Row>(sql: string, params: readonly unknown[]) {
      if (at.state === "committed") throw new Error("committed twice");
      const script = `${at.state === "idle" ? begin : ""}${inlineParams(sql, params)};\nCOMMIT`;
      at.state = "open";
      const rows = rowsOfLast<Row>(await client.query(script), 1);
      at.state = "committed";
      return rows;
    },
  };
  let outcome: { result: T } | { error: unknown };
  try {
    outcome = { result: await work(tx) };
  } catch (error) {
    outcome = { error };
  }
  // Ended without its commit, or failed: roll back. A failed statement of a message skips the rest
  // of it (the COMMIT too), so a transaction is never half-committed.
  if (at.state === "open") {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackFailed) {
      return { error: "error" in outcome ? outcome.error : rollbackFailed, connectionFailed: true };
    }
  }
  return "error" in outcome ? { ...outcome, connectionFailed: false } : outcome;
}

export function pgPoolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async coalescedTransaction(work, { timeoutMs }) {
      const client = await pool.connect();
      const outcome = await coalesced(client, work, timeoutMs);
      if ("result" in outcome) {
        client.release();
        return outcome.result;
      }
      // A connection that could not even roll back is not given back to the pool.
      client.release(outcome.connectionFailed ? new Error("connection failed mid-transaction") : undefined);
      throw outcome.error;
    },
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
