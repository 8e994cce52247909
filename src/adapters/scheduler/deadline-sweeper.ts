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
import { instantOfColumn, type Tx } from "../db/transaction.js";

/** A claimed row of the deadline table, with how often its firing was tried before. */
export interface DueDeadline extends DeadlineRow {
  readonly attempts: number;
}

/** Writes the firing's effects through `tx`; throwing rolls the firing back. */
export type DeadlineHandler = (deadline: DueDeadline, tx: Tx) => Promise<void>;

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

/** The claim query: earliest due pending row not locked by another sweeper. */
export async function claimNextDue(tx: Tx, now: string, skipIds: readonly string[]): Promise<DueDeadline | undefined> {
  const rows =
    skipIds.length === 0
      ? await tx.$queryRaw<ClaimedRow[]>`
          SELECT * FROM deadlines
           WHERE status = 'pending' AND fire_at <= ${now}::timestamptz
           ORDER BY fire_at, id
           LIMIT 1
           FOR UPDATE SKIP LOCKED`
      : await tx.$queryRaw<ClaimedRow[]>`
          SELECT * FROM deadlines
           WHERE status = 'pending' AND fire_at <= ${now}::timestamptz AND NOT (id = ANY(${[...skipIds]}::text[]))
           ORDER BY fire_at, id
           LIMIT 1
           FOR UPDATE SKIP LOCKED`;
  return rows[0] && toDueDeadline(rows[0]);
}

/** The idle check: is any pending row due? (served by deadlines_due_idx) */
export async function anythingDue(db: Database, now: string): Promise<boolean> {
  const rows = await db.prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM deadlines WHERE status = 'pending' AND fire_at <= ${now}::timestamptz LIMIT 1`;
  return rows.length > 0;
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

  async #fireNext(now: string, failedIds: string[]): Promise<"fired" | "failed" | "none"> {
    let claimed: DueDeadline | undefined;
    try {
      const outcome = await this.db.prisma.$transaction(
        async (tx) => {
          claimed = await claimNextDue(tx, now, failedIds);
          if (!claimed) return "none" as const;
          try {
            await this.handler(claimed, tx);
            await tx.$executeRaw`
              UPDATE deadlines SET status = 'fired', fired_at = ${this.clock.now()}::timestamptz, attempts = attempts + 1
               WHERE id = ${claimed.id}`;
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
      if (!claimed) throw error;
      if (!failedIds.includes(claimed.id)) failedIds.push(claimed.id);
      this.#onError(claimed, error);
      await this.db.prisma.scheduledDeadline.updateMany({
        where: { id: claimed.id, status: "pending" },
        data: { attempts: { increment: 1 }, lastError: error instanceof Error ? error.message : String(error) },
      });
      return "failed";
    }
  }
}
