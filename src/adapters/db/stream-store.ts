/**
 * Streams of DomainEvents with a snapshot row per stream. Loading locks the snapshot row
 * (SELECT … FOR UPDATE), so commands on one aggregate queue instead of failing; appending checks the
 * expected version (conditional UPDATE / INSERT … ON CONFLICT DO NOTHING) and the unique
 * (stream_type, stream_id, version) key, so a concurrent writer that slipped through still loses.
 */
import type { DomainEvent, StreamRef } from "../../domain/shared/events.js";
import type { AnyAggregateDefinition, AppendedWrite } from "./aggregate-definition.js";
import { deadlineSyncCtes, type DeadlineRow } from "./deadline-rows.js";
import { StreamVersionConflict } from "./errors.js";
import { decodeState, encodeState } from "./state-codec.js";
import type { RawStatements } from "./sql-executor.js";
import type { Tx } from "./transaction.js";

/**
 * Where the store's statements run: Prisma's transaction client, or a raw PostgreSQL transaction
 * (issue 15: the command path of unit-of-work.ts, without Prisma's interactive transaction).
 */
export type StatementTarget = Tx | RawStatements;

function rowsOf<Row>(target: StatementTarget, sql: string, params: readonly unknown[]): Promise<Row[]> {
  return "rows" in target ? target.rows<Row>(sql, params) : target.$queryRawUnsafe<Row[]>(sql, ...params);
}

export interface LoadedStream<S = unknown> {
  readonly stream: StreamRef;
  /** 0 = the stream has no events yet. */
  readonly version: number;
  readonly state: S | undefined;
}

export function streamKey(stream: StreamRef): string {
  return `${stream.type}:${stream.id}`;
}

interface EventRow {
  version: number;
  type: string;
  occurred_at: Date | string;
  actor: DomainEvent["actor"];
  data: unknown;
}

/** One row of the load query: the snapshot (part 0, state set) or an event recorded after it (part 1). */
interface LoadRow {
  part: number;
  version: number;
  state: string | null;
  type: string | null;
  occurred_at: Date | string | null;
  actor: DomainEvent["actor"] | null;
  data: unknown;
}

function toInstant(value: Date | string): string {
  return (typeof value === "string" ? new Date(value) : value).toISOString();
}

/**
 * The snapshot and the events after it, in one round trip. The FOR UPDATE variant keeps the CTE
 * from being inlined, so the lock is taken once. Every append writes the snapshot at the stream's
 * last version in the same transaction, so the events part is normally empty; it is the replay
 * path for a snapshot written by older code.
 */
const loadSql = (lock: "lock" | "read") => `
  WITH snap AS (
    SELECT version, state FROM aggregate_snapshots
     WHERE stream_type = $1 AND stream_id = $2${lock === "lock" ? "\n     FOR UPDATE" : ""})
  SELECT 0 AS part, version, state::text AS state, NULL::text AS type, NULL::timestamptz AS occurred_at, NULL::jsonb AS actor, NULL::jsonb AS data
    FROM snap
  UNION ALL
  SELECT 1 AS part, e.version, NULL::text, e.type, e.occurred_at, e.actor, e.data
    FROM domain_events e
   WHERE e.stream_type = $1 AND e.stream_id = $2 AND e.version > COALESCE((SELECT version FROM snap), 0)
   ORDER BY part, version`;
const LOAD_LOCKED_SQL = loadSql("lock");
const LOAD_READ_SQL = loadSql("read");

/**
 * Loads one stream: its snapshot plus any events recorded after it (replay), in one query. "lock"
 * takes the snapshot row FOR UPDATE (streams the command may write); "read" does not.
 */
export async function loadStream(
  target: StatementTarget,
  definition: AnyAggregateDefinition,
  stream: StreamRef,
  lock: "lock" | "read" = "lock",
): Promise<LoadedStream> {
  const rows = await rowsOf<LoadRow>(target, lock === "lock" ? LOAD_LOCKED_SQL : LOAD_READ_SQL, [stream.type, stream.id]);
  let version = 0;
  let state: unknown = undefined;
  for (const row of rows) {
    if (Number(row.part) === 0) {
      version = row.version;
      state = decodeState(row.state ?? "null");
      continue;
    }
    state = definition.evolve(state, {
      type: row.type ?? "",
      stream,
      at: toInstant(row.occurred_at ?? new Date(0)),
      actor: row.actor as DomainEvent["actor"],
      data: row.data,
    });
    version = row.version;
  }
  return { stream, version, state };
}

/** Reads a stream's events in order (for audits, rebuilds and tests). */
export async function readStream(tx: Tx, stream: StreamRef): Promise<DomainEvent[]> {
  const rows = await tx.$queryRaw<EventRow[]>`
    SELECT version, type, occurred_at, actor, data FROM domain_events
     WHERE stream_type = ${stream.type} AND stream_id = ${stream.id}
     ORDER BY version`;
  return rows.map((row) => ({ type: row.type, stream, at: toInstant(row.occurred_at), actor: row.actor, data: row.data }));
}

/**
 * The snapshot write (conditional on the expected version) and the events, in one statement; with
 * `deadlines`, the stream's deadline rows re-derived in the same statement (issue 15: one round trip
 * fewer while the stream's row lock is held), each part only when the version check passed.
 */
const appendSql = (first: boolean, deadlines: boolean, extraCtes = "") => `
  WITH snap AS (${
    first
      ? `
    INSERT INTO aggregate_snapshots (stream_type, stream_id, version, state, updated_at)
    VALUES ($1, $2, $4, $5::jsonb, $6::timestamptz)
    ON CONFLICT (stream_type, stream_id) DO NOTHING
    RETURNING 1`
      : `
    UPDATE aggregate_snapshots SET version = $4, state = $5::jsonb, updated_at = $6::timestamptz
     WHERE stream_type = $1 AND stream_id = $2 AND version = $3
    RETURNING 1`
  }),
  appended AS (
    INSERT INTO domain_events (stream_type, stream_id, version, type, occurred_at, actor, data)
    SELECT $1, $2, $3 + e.ord::int, e.v->>'type', (e.v->>'at')::timestamptz, e.v->'actor', e.v->'data'
      FROM jsonb_array_elements($7::jsonb) WITH ORDINALITY AS e(v, ord)
     WHERE EXISTS (SELECT 1 FROM snap)
     ORDER BY e.ord
    RETURNING 1)${deadlines ? `,${deadlineSyncCtes({ streamType: "$1::text", streamId: "$2::text", derived: "$8", now: "$6" }, "EXISTS (SELECT 1 FROM snap)")}` : ""}${extraCtes}
  SELECT (SELECT count(*) FROM snap)::int AS snapshots, (SELECT count(*) FROM appended)::int AS events${
    deadlines
      ? ", (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM rearmed)::int AS rearmed, (SELECT count(*) FROM inserted)::int AS inserted"
      : ""
  }`;
const APPEND_FIRST_SQL = appendSql(true, false);
const APPEND_NEXT_SQL = appendSql(false, false);
const APPEND_FIRST_WITH_DEADLINES_SQL = appendSql(true, true);
const APPEND_NEXT_WITH_DEADLINES_SQL = appendSql(false, true);

/**
 * Appends events after `expectedVersion` and stores the new snapshot, in one statement. Throws
 * StreamVersionConflict when another transaction moved the stream first (no snapshot row matched:
 * nothing is written); a writer that slipped past still hits the unique (stream, version) key.
 */
export async function appendToStream(
  target: StatementTarget,
  stream: StreamRef,
  expectedVersion: number,
  events: readonly DomainEvent[],
  newState: unknown,
  now: string,
  /** The stream's deadline rows derived from `newState` (CL-10), re-synced in the same statement; unset = none kept. */
  deadlines?: readonly DeadlineRow[],
  /** Further writes (outbox rows, hot read-model rows) in the same statement, gated on the version check. */
  extras: readonly AppendedWrite[] = [],
): Promise<number> {
  const newVersion = expectedVersion + events.length;
  const eventsJson = JSON.stringify(events.map((event) => ({ type: event.type, at: event.at, actor: event.actor, data: event.data ?? {} })));
  const params: unknown[] = [stream.type, stream.id, expectedVersion, newVersion, encodeState(newState), now, eventsJson];
  if (deadlines) params.push(JSON.stringify(deadlines));
  const sql =
    extras.length > 0
      ? appendSql(expectedVersion === 0, deadlines !== undefined, extraCtesOf(extras, params))
      : deadlines
        ? expectedVersion === 0
          ? APPEND_FIRST_WITH_DEADLINES_SQL
          : APPEND_NEXT_WITH_DEADLINES_SQL
        : expectedVersion === 0
          ? APPEND_FIRST_SQL
          : APPEND_NEXT_SQL;
  const [written] = await rowsOf<{ snapshots: number; events: number }>(target, sql, params);
  if (Number(written?.snapshots) !== 1) throw new StreamVersionConflict(stream, expectedVersion);
  return newVersion;
}

/** The extras as `, wN AS (…)` CTEs, binding their values after `params` (which it extends). */
function extraCtesOf(extras: readonly AppendedWrite[], params: unknown[]): string {
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  return extras.map((extra, i) => `,\n  w${i} AS (${extra.cte(param, "EXISTS (SELECT 1 FROM snap)")})`).join("");
}
