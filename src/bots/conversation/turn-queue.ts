/**
 * Issue 15: the work a channel runs after acknowledging a platform request (Slack acks every event at
 * once and runs the turn afterwards), through one bounded queue instead of all at once.
 *
 * - A global bound: at most `concurrency` turns run at a time, the rest wait in arrival order (FIFO,
 *   p-limit). Unbounded, a 5 s burst left ~4,000 turns in flight on a pool of 10 PostgreSQL
 *   connections: memory went to 1 GB and throughput collapsed.
 * - Per-person order: the turns of one key (one person of one workspace) run one after the other, in
 *   the order they were queued, so two messages of one person are answered in the order written. A
 *   person's next turn joins the global queue only once their previous one finished, so one busy
 *   person holds at most one slot and never delays the others by more than that.
 * - A failed turn rejects its own promise only: the key's next turn still runs.
 * - `settled()` waits for everything queued, including turns queued while it waits.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type { Database } from "../../adapters/db/database.js";

/**
 * Turns at once per transaction the database can usefully run. A turn is not one transaction: it also
 * waits on the platform's Web API (users.info, chat.postMessage) and reads outside its transaction, so
 * twice the pool keeps the database busy while some turns wait on the network, and no more than
 * twice the pool ever waits for a connection.
 */
const TURNS_PER_TRANSACTION = 2;
/**
 * The embedded database runs one transaction at a time, but its group commit (unit-of-work.ts) lets
 * turns arriving together share one commit, and a turn's Web API calls need no connection at all:
 * a handful at once, not one.
 */
const MIN_CONCURRENT_TURNS = 4;

/** How many turns a channel runs at once on this database. */
export function turnConcurrencyFor(db: Pick<Database, "maxConcurrentTransactions">): number {
  return Math.max(MIN_CONCURRENT_TURNS, db.maxConcurrentTransactions * TURNS_PER_TRANSACTION);
}

export class TurnQueue {
  readonly #limit: LimitFunction;
  /** The last turn queued for each key that has one queued or running (removed once it is done). */
  readonly #tails = new Map<string, Promise<void>>();
  /** Every turn queued and not finished (settled() waits for them). */
  readonly #pending = new Set<Promise<void>>();

  constructor(readonly concurrency: number) {
    this.#limit = pLimit(concurrency);
  }

  /** Turns running now. */
  get running(): number {
    return this.#limit.activeCount;
  }

  /** Turns queued and not finished, running or not. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Runs `work` after every earlier turn of `key` has finished and when a slot is free; resolves or
   * rejects with its outcome (the caller logs a failure: the queue never swallows one).
   */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    // No earlier turn of this key: straight into the global queue, keeping arrival order across keys.
    const result = previous ? previous.then(() => this.#limit(work)) : this.#limit(work);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, done);
    this.#pending.add(done);
    void done.then(() => {
      this.#pending.delete(done);
      if (this.#tails.get(key) === done) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once nothing is queued or running (turns queued meanwhile included). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
