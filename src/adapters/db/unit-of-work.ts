/**
 * One command = one transaction (architecture step 4): load the streams the command reads (locked,
 * in a fixed order so two commands never deadlock), run the pure decision, append its events with
 * the version check, store the snapshots, re-derive the streams' deadline rows, update read models,
 * write the outbox rows — and commit all of it or nothing. A command that loses to a concurrent one
 * is retried from the start (fresh state, fresh decision) a bounded number of times, then refused
 * with ConcurrentModificationError; a DomainError from the decision is never retried.
 */
import type { DomainEvent, StreamRef } from "../../domain/shared/events.js";
import type { Instant } from "../../domain/shared/time.js";
import type { Clock } from "../clock/clock.js";
import type { AggregateRegistry, AppendedWrite, StreamChange } from "./aggregate-definition.js";
import type { Database } from "./database.js";
import { rowsOfDeadlines } from "./deadline-rows.js";
import { ConcurrentModificationError, isConcurrencyFailure } from "./errors.js";
import { DuplicateInbound, duplicateInboundOf, inboundMarkInAppend, MARK_SQL, markInboundProcessed, markParams, type InboundMark } from "./inbound-dedupe.js";
import { outboxInAppend, type OutboxEntry } from "./outbox.js";
import { appendToStream, loadStream, streamKey, type LoadedStream, type StatementTarget } from "./stream-store.js";
import type { Tx } from "./transaction.js";

/** The states a command loaded, by stream. */
export class StreamStates {
  readonly #byKey: ReadonlyMap<string, LoadedStream>;

  constructor(streams: readonly LoadedStream[]) {
    this.#byKey = new Map(streams.map((s) => [streamKey(s.stream), s]));
  }

  /** The stream's state, or undefined if it has no events yet. */
  get<S>(stream: StreamRef): S | undefined {
    return this.loaded(stream).state as S | undefined;
  }

  /** The stream's state; throws if the stream has no events (a caller bug, not a user error). */
  require<S>(stream: StreamRef): S {
    const state = this.get<S>(stream);
    if (state === undefined) throw new Error(`stream ${streamKey(stream)} has no events`);
    return state;
  }

  version(stream: StreamRef): number {
    return this.loaded(stream).version;
  }

  loaded(stream: StreamRef): LoadedStream {
    const loaded = this.#byKey.get(streamKey(stream));
    if (!loaded) throw new Error(`stream ${streamKey(stream)} was not loaded by this command`);
    return loaded;
  }
}

export interface CommandSpec {
  /** For logs and errors, e.g. "order.confirm". */
  readonly name: string;
  /** Streams the decision may write: loaded with a row lock, so commands on one stream queue. */
  readonly streams: readonly StreamRef[];
  /** Streams the decision only reads (not locked; an event for one is a bug). */
  readonly reads?: readonly StreamRef[];
  /** The pure use case: states in, events out; throws DomainError to refuse. */
  decide(states: StreamStates, now: Instant): readonly DomainEvent[];
  /** Notifications for the outbox, from the committed outcome. */
  notifications?(outcome: CommandOutcome): readonly OutboxEntry[];
  /** Runs in the same transaction after everything else. */
  alsoInTransaction?(tx: Tx, outcome: CommandOutcome): Promise<void>;
  /**
   * The platform event that caused the command, recorded in its transaction so a retry is a no-op
   * (architecture step 1): in the last append's statement, or alone when nothing changed. A repeat
   * fails the command with DuplicateInbound, nothing written.
   */
  readonly inboundMark?: InboundMark;
}

export interface CommandOutcome {
  readonly events: readonly DomainEvent[];
  /** States after the events. */
  readonly states: StreamStates;
  readonly now: Instant;
}

export interface CommandRunnerOptions {
  /** Attempts before ConcurrentModificationError (default 5). */
  readonly maxAttempts?: number;
  /** Upper bound of the random pause between attempts, ms (default 25). */
  readonly retryJitterMs?: number;
  /** Interactive-transaction limits, ms. */
  readonly maxWaitMs?: number;
  readonly timeoutMs?: number;
}

export class CommandRunner {
  readonly #maxAttempts: number;
  readonly #retryJitterMs: number;
  readonly #maxWaitMs: number;
  readonly #timeoutMs: number;

  constructor(
    private readonly db: Database,
    private readonly aggregates: AggregateRegistry,
    private readonly clock: Clock,
    options: CommandRunnerOptions = {},
  ) {
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#retryJitterMs = options.retryJitterMs ?? 25;
    this.#maxWaitMs = options.maxWaitMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /**
   * Runs the command in its own transaction (on PGlite: its own savepoint in a group commit),
   * retrying on concurrent modification.
   */
  async execute(command: CommandSpec): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.db.backend === "pglite") return await this.#groupCommit(command);
        const coalesced = this.#coalescible(command) ? await this.#executeCoalesced(command) : undefined;
        if (coalesced) return coalesced;
        return await this.db.prisma.$transaction((tx) => this.executeIn(tx, command), {
          maxWait: this.#maxWaitMs,
          timeout: this.#timeoutMs,
        });
      } catch (error) {
        if (!isConcurrencyFailure(error)) throw error;
        if (attempt >= this.#maxAttempts) throw new ConcurrentModificationError(command.name, attempt);
        await pause(Math.random() * this.#retryJitterMs * attempt);
      }
    }
  }

  readonly #queued: QueuedCommand[] = [];
  #committing = false;

  /**
   * Group commit for the embedded database. PGlite is one connection running one transaction at a
   * time, and its commit (a WAL flush through the emulated file system) costs more than a small
   * command's statements. Commands arriving while a batch commits wait and then run, one after the
   * other, in the next batch's single transaction, each inside its own savepoint: a command that
   * fails or is refused rolls back to its savepoint only, exactly as its own transaction would, and
   * each sees the committed-or-earlier-in-batch state a serial run would see (PGlite has no other
   * session). No command's outcome is reported before the batch has committed; a failed commit
   * fails every command of the batch (none of them was written).
   */
  #groupCommit(command: CommandSpec): Promise<CommandOutcome> {
    return new Promise<CommandOutcome>((resolve, reject) => {
      this.#queued.push({ command, resolve, reject });
      if (!this.#committing) void this.#commitBatches();
    });
  }

  async #commitBatches(): Promise<void> {
    this.#committing = true;
    try {
      while (this.#queued.length > 0) {
        const batch = this.#queued.splice(0, MAX_GROUP_COMMIT);
        const results: ({ outcome: CommandOutcome } | { error: unknown })[] = [];
        try {
          await this.db.prisma.$transaction(
            async (tx) => {
              results.length = 0;
              const alone = batch.length === 1;
              for (const item of batch) {
                if (!alone) await tx.$executeRawUnsafe("SAVEPOINT group_commit_command");
                try {
                  results.push({ outcome: await this.executeIn(tx, item.command) });
                  if (!alone) await tx.$executeRawUnsafe("RELEASE SAVEPOINT group_commit_command");
                } catch (error) {
                  // Alone, the error rolls back the whole transaction (its own, as on PostgreSQL).
                  if (alone) throw error;
                  results.push({ error });
                  await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT group_commit_command");
                }
              }
            },
            { maxWait: this.#maxWaitMs, timeout: this.#timeoutMs },
          );
        } catch (error) {
          for (const item of batch) item.reject(error);
          continue;
        }
        batch.forEach((item, i) => {
          const result = results[i];
          if (result && "outcome" in result) item.resolve(result.outcome);
          else item.reject(result ? result.error : new Error("group commit lost a command's result"));
        });
      }
    } finally {
      this.#committing = false;
    }
  }

  /**
   * Runs the command inside a transaction the caller owns (the deadline sweeper fires a default
   * outcome and marks its row fired in one transaction). No retry here: a conflict rolls back the
   * caller's transaction.
   */
  async executeIn(tx: Tx, command: CommandSpec): Promise<CommandOutcome> {
    const now = this.clock.now();
    const { loaded, read, before, events } = await this.#loadAndDecide(tx, command, now);
    if (events.length === 0) {
      // Nothing changed, but work tied to the command (e.g. spending a one-time code, marking the
      // inbound event processed) still belongs to its transaction.
      const unchanged: CommandOutcome = { events, states: before, now };
      const mark = command.inboundMark;
      if (mark && !(await markInboundProcessed(tx, mark.channel, mark.eventId, now, mark.externalUserId))) throw new DuplicateInbound();
      await command.alsoInTransaction?.(tx, unchanged);
      return unchanged;
    }
    const { outcome, writes } = this.#prepare(command, loaded, read, events, now);
    for (const write of writes) {
      try {
        await appendToStream(tx, write.change.stream, write.expectedVersion, write.events, write.change.after, now, write.deadlines, write.extras);
      } catch (error) {
        throw duplicateInboundOf(error);
      }
      const definition = this.aggregates.get(write.change.stream.type);
      if (definition.project) await definition.project(tx, write.change);
    }
    await command.alsoInTransaction?.(tx, outcome);
    return outcome;
  }

  /** Loads the streams (those it may write locked, in a fixed order) and runs the pure decision. */
  async #loadAndDecide(
    target: StatementTarget,
    command: CommandSpec,
    now: Instant,
  ): Promise<{ loaded: LoadedStream[]; read: LoadedStream[]; before: StreamStates; events: readonly DomainEvent[] }> {
    const refs = uniqueSorted(command.streams);
    const writable = new Set(refs.map(streamKey));
    const readOnly = uniqueSorted(command.reads ?? []).filter((r) => !writable.has(streamKey(r)));
    const loaded: LoadedStream[] = [];
    for (const ref of refs) loaded.push(await loadStream(target, this.aggregates.get(ref.type), ref, "lock"));
    const read: LoadedStream[] = [];
    for (const ref of readOnly) read.push(await loadStream(target, this.aggregates.get(ref.type), ref, "read"));
    const before = new StreamStates([...loaded, ...read]);
    const events = command.decide(before, now);
    const stray = events.find((e) => !writable.has(streamKey(e.stream)));
    if (stray) throw new Error(`command ${command.name} emitted an event for stream ${streamKey(stray.stream)}, which it did not load for writing`);
    return { loaded, read, before, events };
  }

  /**
   * The outcome and each written stream's append. The new states are pure folds, so the outcome (and
   * its notifications) is known before any write: the outbox rows and the inbound mark then ride in
   * the last append's statement, and each stream's hot read-model rows in its own append (issue 15:
   * no round trips of their own under the row lock).
   */
  #prepare(
    command: CommandSpec,
    loaded: readonly LoadedStream[],
    read: readonly LoadedStream[],
    events: readonly DomainEvent[],
    now: Instant,
  ): { outcome: CommandOutcome; writes: StreamWrite[] } {
    const changes = loaded.map((current) => {
      const own = events.filter((e) => streamKey(e.stream) === streamKey(current.stream));
      if (own.length === 0) return { current, own, next: current };
      const definition = this.aggregates.get(current.stream.type);
      const state = own.reduce<unknown>((s, e) => definition.evolve(s, e), current.state);
      return { current, own, next: { stream: current.stream, version: current.version + own.length, state } };
    });
    const outcome: CommandOutcome = { events, states: new StreamStates([...changes.map((c) => c.next), ...read]), now };
    const notifications = command.notifications?.(outcome) ?? [];
    const lastWritten = changes.reduce((last, c, i) => (c.own.length > 0 ? i : last), -1);
    const writes = changes.flatMap(({ current, own, next }, i): StreamWrite[] => {
      if (own.length === 0) return [];
      const last = i === lastWritten;
      const definition = this.aggregates.get(current.stream.type);
      const change: StreamChange<unknown> = {
        stream: current.stream,
        before: current.state,
        after: next.state,
        events: own.map((event, j) => ({ version: current.version + j + 1, event })),
        version: next.version,
      };
      const extras = [
        ...(last && notifications.length > 0 ? [outboxInAppend(notifications, now)] : []),
        ...(last && command.inboundMark ? [inboundMarkInAppend(command.inboundMark, now)] : []),
        ...(definition.projectInAppend?.(change) ?? []),
      ];
      // CL-10: the deadline rows are re-derived in the append's own statement (one round trip under the lock).
      const deadlines = definition.deadlines ? rowsOfDeadlines(current.stream, definition.deadlines(next.state)) : undefined;
      return [{ change, expectedVersion: current.version, events: own, deadlines, extras }];
    });
    return { outcome, writes };
  }

  /**
   * PostgreSQL, a command writing one stream with nothing for Prisma to do (issue 15): the locked load
   * travels with BEGIN, the append (events, snapshot, deadlines, read-model rows, outbox, inbound
   * mark) with COMMIT — one round trip while the row lock is held, no interactive transaction.
   * Commands writing several streams, with in-transaction hooks, or whose projection writes (a new
   * order version) take the Prisma transaction.
   */
  #coalescible(command: CommandSpec): boolean {
    return this.db.sql.coalescedTransaction !== undefined && command.alsoInTransaction === undefined && uniqueSorted(command.streams).length === 1;
  }

  /** The command on the coalesced path; undefined when a projection needs Prisma after all (rolled back, nothing written). */
  async #executeCoalesced(command: CommandSpec): Promise<CommandOutcome | undefined> {
    const transaction = this.db.sql.coalescedTransaction;
    if (!transaction) return undefined;
    return transaction(
      async (tx) => {
        const now = this.clock.now();
        const { loaded, read, before, events } = await this.#loadAndDecide(tx, command, now);
        if (events.length === 0) {
          // Nothing to write but the mark, if any (then committed with it); else rolled back, a read.
          const mark = command.inboundMark;
          if (mark && (await tx.commitWith(MARK_SQL, markParams(mark, now))).length === 0) throw new DuplicateInbound();
          return { events, states: before, now };
        }
        const { outcome, writes } = this.#prepare(command, loaded, read, events, now);
        const [write] = writes;
        if (!write || writes.length !== 1) throw new Error(`command ${command.name}: one stream written expected`);
        const definition = this.aggregates.get(write.change.stream.type);
        if (definition.project && !definition.projectsNothing?.(write.change)) return undefined;
        // A failed version check writes nothing in the statement (every part is gated on it): the commit
        // then commits only the loads, and the conflict is retried as on the Prisma path.
        const commitWithAppend = { rows: <Row>(sql: string, params: readonly unknown[]) => tx.commitWith<Row>(sql, params) };
        try {
          await appendToStream(
            commitWithAppend,
            write.change.stream,
            write.expectedVersion,
            write.events,
            write.change.after,
            now,
            write.deadlines,
            write.extras,
          );
        } catch (error) {
          throw duplicateInboundOf(error);
        }
        return outcome;
      },
      { timeoutMs: this.#timeoutMs },
    );
  }
}

interface StreamWrite {
  readonly change: StreamChange<unknown>;
  readonly expectedVersion: number;
  readonly events: readonly DomainEvent[];
  readonly deadlines: ReturnType<typeof rowsOfDeadlines> | undefined;
  readonly extras: readonly AppendedWrite[];
}

/** Commands per group commit at most (bounds how long one transaction runs). */
const MAX_GROUP_COMMIT = 32;

interface QueuedCommand {
  readonly command: CommandSpec;
  readonly resolve: (outcome: CommandOutcome) => void;
  readonly reject: (error: unknown) => void;
}

function uniqueSorted(streams: readonly StreamRef[]): StreamRef[] {
  const byKey = new Map(streams.map((s) => [streamKey(s), s]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k) as StreamRef);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
