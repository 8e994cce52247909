/**
 * What the store needs to know about an aggregate, and nothing more: how to fold its events, what
 * deadlines its state waits on (CL-10), and an optional read-model projection. The store itself is
 * generic over stream types; `src/main.ts` registers one definition per aggregate.
 */
import type { Deadline } from "../../domain/deadlines/deadline.js";
import type { DomainEvent, StreamRef, StreamType } from "../../domain/shared/events.js";
import type { Tx } from "./transaction.js";

/** One stream's change inside a unit of work, handed to projections. */
export interface StreamChange<S> {
  readonly stream: StreamRef;
  readonly before: S | undefined;
  readonly after: S;
  /** The new events with their stream versions. */
  readonly events: readonly { readonly version: number; readonly event: DomainEvent }[];
  readonly version: number;
}

/**
 * A write that rides in the stream's append statement (issue 15: one round trip, not one more while
 * the stream's row lock is held), executed only when the append's version check passed.
 */
export interface AppendedWrite {
  /**
   * The body of a data-modifying CTE. `param` binds a value and returns its placeholder (cast it in
   * the SQL); `gate` is the SQL condition "the version check passed" — the write must be gated on it.
   */
  cte(param: (value: unknown) => string, gate: string): string;
}

export interface AggregateDefinition<S> {
  readonly streamType: StreamType;
  /** Folds one event; `state` is undefined before the stream's first event. */
  evolve(state: S | undefined, event: DomainEvent): S;
  /** CL-10: the deadlines the state waits on, re-derived after every change (stable ids). */
  deadlines?(state: S): readonly Deadline[];
  /** Updates read models inside the command's transaction (after the append). */
  project?(tx: Tx, change: StreamChange<S>): Promise<void>;
  /**
   * True when `project` would write nothing for this change: the command then needs no Prisma
   * transaction (issue 15: the PostgreSQL command path of unit-of-work.ts). Unset = `project` always writes.
   */
  projectsNothing?(change: StreamChange<S>): boolean;
  /** Read-model writes done in the append's own statement (hot rows written by every command). */
  projectInAppend?(change: StreamChange<S>): readonly AppendedWrite[];
}

// The registry holds definitions of different state types; each is only ever called with its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAggregateDefinition = AggregateDefinition<any>;

export class AggregateRegistry {
  readonly #definitions = new Map<StreamType, AnyAggregateDefinition>();

  constructor(definitions: readonly AnyAggregateDefinition[]) {
    for (const d of definitions) {
      if (this.#definitions.has(d.streamType)) throw new Error(`aggregate "${d.streamType}" registered twice`);
      this.#definitions.set(d.streamType, d);
    }
  }

  get(streamType: StreamType): AnyAggregateDefinition {
    const definition = this.#definitions.get(streamType);
    if (!definition) throw new Error(`no aggregate definition registered for stream type "${streamType}"`);
    return definition;
  }
}
