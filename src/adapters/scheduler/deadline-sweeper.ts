/**
 * CL-10 / architecture step 6: fires every deadline row that has fallen due, exactly once, even with
 * several sweepers (replicas) running at the same time and after downtime.
 *
 * Each firing is its own transaction: claim the earliest due pending row with
 * `FOR UPDATE SKIP LOCKED` (the partial index deadlines_due_idx serves it), run the handler (which
 * writes its effects — an outbox row, or the aggregate's DeadlinePassed events — through the same
 * transaction), mark the row fired, commit. A crash before the commit leaves the row pending and
 * its effects unwritten; after the commit both exist. Rows locked by another sweeper are skipped,
 * so parallel sweepers split the work. A handler failure rolls its row back; the row is retried on
 * the next sweep (attempts and last_error recorded), not again in this one.
 */
import type { Clock } from "../clock/clock.js";
import type { Database } from "../db/database.js";
import type { DeadlineAction, DeadlineRow } from "../db/deadline-rows.js";
import { enqueueOutboxSql, type OutboxEntry } from "../db/outbox.js";
import { instantOfColumn, type Tx } from "../db/transaction.js";

/** A claimed row of the deadline table, with how often its firing was tried before. */
export interface DueDeadline extends DeadlineRow {
  readonly attempts: number;
}

/** Writes the firing's effects through `tx`; throwing rolls the firing back. */
export interface DeadlineHandler {
  (deadline: DueDeadline, tx: Tx): Promise<void>;
  /**
   * When a firing's only effect is outbox rows (a reminder), those rows: the sweeper then fires it
   * in one raw-SQL transaction (claim + mark, insert), without Prisma's interactive transaction.
   * Undefined for a row that needs the full handler.
   */
  readonly outboxOnly?: (deadline: DueDeadline) => readonly OutboxEntry[] | undefined;
}

export interface SweepReport {
  readonly fired: number;
  readonly failed: number;
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface SweeperOptions {
  /** Firings per worker before the sweep yields (default 1000). A sweep loops until nothing is due. */
  readonly batchSize?: number;
  /** Parallel workers of one sweeper (default: the database's transaction concurrency, at most 4). */
  readonly concurrency?: number;
  /** Called for a firing whose handler threw (logging). */
  readonly onError?: (deadline: DueDeadline, error: unknown) => void;
}

interface ClaimedRow {
  id: string;
  deadline_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  stream_type: string;
  stream_id: string;
  action: DeadlineAction;
  fire_at: Date | string;
  due_at: Date | string;
  actor: string;
  actor_party_id: string | null;
  default_outcome: string;
  attempts: number;
}

function toDueDeadline(row: ClaimedRow): DueDeadline {
  return {
    id: row.id,
    deadlineId: row.deadline_id,
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    streamType: row.stream_type,
    streamId: row.stream_id,
    action: row.action,
    fireAt: instantOfColumn(row.fire_at),
    dueAt: instantOfColumn(row.due_at),
    actor: row.actor,
    actorPartyId: row.actor_party_id,
    defaultOutcome: row.default_outcome,
    attempts: row.attempts,
  };
}

/**
 * Claim and mark fired in one statement (the sweep's hot path): the row is locked by the inner
 * SELECT … FOR UPDATE SKIP LOCKED and marked in the same transaction as the handler's effects, so a
 * handler failure rolls the mark back with them. `attempts` in the result is the count before this
 * firing.
 */
const CLAIM_AND_MARK_SQL = `
  UPDATE deadlines SET status = 'fired', fired_at = $2::timestamptz, attempts = attempts + 1
   WHERE id = (SELECT id FROM deadlines
                WHERE status = 'pending' AND fire_at <= $1::timestamptz AND NOT (id = ANY($3::text[]))
                ORDER BY fire_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
  RETURNING *`;

async function claimAndMarkFired(tx: Tx, now: string, firedAt: string, skipIds: readonly string[]): Promise<DueDeadline | undefined> {
  const rows = await tx.$queryRawUnsafe<ClaimedRow[]>(CLAIM_AND_MARK_SQL, now, firedAt, [...skipIds]);
  const row = rows[0];
  return row && toDueDeadline({ ...row, attempts: row.attempts - 1 });
}

/** The idle check: is any pending row due? (served by deadlines_due_idx) */
export async function anythingDue(db: Database, now: string): Promise<boolean> {
  const rows = await db.prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM deadlines WHERE status = 'pending' AND fire_at <= ${now}::timestamptz LIMIT 1`;
  return rows.length > 0;
}

/** Rolls back the claim of a row that already failed in this sweep (it is retried on the next one). */
class FailedInThisSweep extends Error {
  constructor() {
    super("deadline row already failed in this sweep");
    this.name = "FailedInThisSweep";
  }
}

/** Rolls back a fast-path claim of a row that needs the full handler. */
class NeedsFullHandler extends Error {
  constructor() {
    super("deadline row needs the full handler");
    this.name = "NeedsFullHandler";
  }
}

export class DeadlineSweeper {
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #onError: (deadline: DueDeadline, error: unknown) => void;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly handler: DeadlineHandler,
    options: SweeperOptions = {},
  ) {
    this.#batchSize = options.batchSize ?? 1000;
    this.#concurrency = Math.max(1, options.concurrency ?? Math.min(db.maxConcurrentTransactions, 4));
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Fires everything due at the sweep's start, earliest first, and returns when nothing due is
   * left (rows failing in this sweep are left for the next). An idle sweep costs one query on the
   * partial index and no transaction.
   */
  async sweep(): Promise<SweepReport> {
    const startedAt = this.clock.now();
    const started = performance.now();
    const failedIds: string[] = [];
    let fired = 0;
    if (!(await anythingDue(this.db, startedAt))) return { fired, failed: 0, startedAt, durationMs: performance.now() - started };
    const worker = async (): Promise<void> => {
      for (;;) {
        let firedInBatch = 0;
        while (firedInBatch < this.#batchSize) {
          const result = await this.#fireNext(startedAt, failedIds);
          if (result === "none") return;
          if (result === "fired") {
            fired++;
            firedInBatch++;
          }
        }
        await new Promise((resolve) => setImmediate(resolve)); // let other work in between batches
      }
    };
    await Promise.all(Array.from({ length: this.#concurrency }, worker));
    return { fired, failed: failedIds.length, startedAt, durationMs: performance.now() - started };
  }

  async #fireNext(now: string, failedIds: string[]): Promise<"fired" | "failed" | "skipped" | "none"> {
    const outboxOnly = this.handler.outboxOnly;
    if (outboxOnly) {
      const fast = await this.#fireOutboxOnly(now, failedIds, outboxOnly);
      if (fast !== "needs-handler") return fast;
    }
    return this.#fireWithHandler(now, failedIds);
  }

  /**
   * The fast path: claim + mark and the outbox rows in one raw-SQL transaction. A row that needs the
   * full handler (a default outcome) is let go (rolled back, still pending) and fired by the
   * Prisma path, which claims the earliest due row again.
   */
  async #fireOutboxOnly(
    now: string,
    failedIds: string[],
    outboxOnly: NonNullable<DeadlineHandler["outboxOnly"]>,
  ): Promise<"fired" | "failed" | "skipped" | "none" | "needs-handler"> {
    let claimed: DueDeadline | undefined;
    try {
      return await this.db.sql.transaction(async (sql) => {
        const rows = await sql.query<ClaimedRow>(CLAIM_AND_MARK_SQL, [now, this.clock.now(), [...failedIds]]);
        const row = rows[0];
        if (!row) return "none" as const;
        claimed = toDueDeadline({ ...row, attempts: row.attempts - 1 });
        if (failedIds.includes(claimed.id)) throw new FailedInThisSweep();
        const entries = outboxOnly(claimed);
        if (!entries) throw new NeedsFullHandler();
        try {
          await enqueueOutboxSql(sql, entries, claimed.fireAt);
        } catch (error) {
          failedIds.push(claimed.id); // before the rollback frees the row (see #fireWithHandler)
          throw error;
        }
        return "fired" as const;
      });
    } catch (error) {
      if (error instanceof NeedsFullHandler) return "needs-handler";
      return this.#failed(claimed, failedIds, error);
    }
  }

  async #failed(claimed: DueDeadline | undefined, failedIds: string[], error: unknown): Promise<"failed" | "skipped"> {
    if (error instanceof FailedInThisSweep) return "skipped";
    if (!claimed) throw error;
    if (!failedIds.includes(claimed.id)) failedIds.push(claimed.id);
    this.#onError(claimed, error);
    await this.db.prisma.scheduledDeadline.updateMany({
      where: { id: claimed.id, status: "pending" },
      data: { attempts: { increment: 1 }, lastError: error instanceof Error ? error.message : String(error) },
    });
    return "failed";
  }

  async #fireWithHandler(now: string, failedIds: string[]): Promise<"fired" | "failed" | "skipped" | "none"> {
    let claimed: DueDeadline | undefined;
    try {
      const outcome = await this.db.prisma.$transaction(
        async (tx) => {
          claimed = await claimAndMarkFired(tx, now, this.clock.now(), failedIds);
          if (!claimed) return "none" as const;
          // A claim sent before another worker recorded this row's failure can still reach the row
          // once that worker's rollback unlocks it: the failure is known by now, so let it go.
          if (failedIds.includes(claimed.id)) throw new FailedInThisSweep();
          try {
            await this.handler(claimed, tx);
          } catch (error) {
            // Exclude the row from this sweep while its lock is still held, before the rollback
            // frees it: no other worker of this sweep may pick it up again.
            failedIds.push(claimed.id);
            throw error;
          }
          return "fired" as const;
        },
        { maxWait: 30_000, timeout: 60_000 },
      );
      return outcome;
    } catch (error) {
      return this.#failed(claimed, failedIds, error);
    }
  }
}
