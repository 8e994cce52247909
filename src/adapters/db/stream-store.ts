/**
 * Streams of DomainEvents with a snapshot row per stream. Loading locks the snapshot row
 * (SELECT … FOR UPDATE), so commands on one aggregate queue instead of failing; appending checks the
 * expected version (conditional UPDATE / INSERT … ON CONFLICT DO NOTHING) and the unique
 * (stream_type, stream_id, version) key, so a concurrent writer that slipped through still loses.
 */
import type { DomainEvent, StreamRef } from "../../domain/shared/events.js";
import type { AnyAggregateDefinition } from "./aggregate-definition.js";
import { StreamVersionConflict } from "./errors.js";
import { decodeState, encodeState } from "./state-codec.js";
import { asJson, type Tx } from "./transaction.js";

export interface LoadedStream<S = unknown> {
  readonly stream: StreamRef;
  /** 0 = the stream has no events yet. */
  readonly version: number;
  readonly state: S | undefined;
}

export function streamKey(stream: StreamRef): string {
  return `${stream.type}:${stream.id}`;
}

interface SnapshotRow {
  version: number;
  state: string;
}

interface EventRow {
  version: number;
  type: string;
  occurred_at: Date | string;
  actor: DomainEvent["actor"];
  data: unknown;
}

function toInstant(value: Date | string): string {
  return (typeof value === "string" ? new Date(value) : value).toISOString();
}

async function readSnapshot(tx: Tx, stream: StreamRef, lock: "lock" | "read"): Promise<SnapshotRow | undefined> {
  const [snapshot] =
    lock === "lock"
      ? await tx.$queryRaw<SnapshotRow[]>`
          SELECT version, state::text AS state FROM aggregate_snapshots
           WHERE stream_type = ${stream.type} AND stream_id = ${stream.id}
           FOR UPDATE`
      : await tx.$queryRaw<SnapshotRow[]>`
          SELECT version, state::text AS state FROM aggregate_snapshots
           WHERE stream_type = ${stream.type} AND stream_id = ${stream.id}`;
  return snapshot;
}

/**
 * Loads one stream: its snapshot plus any events recorded after it (replay). "lock" takes the
 * snapshot row FOR UPDATE (streams the command may write); "read" does not.
 */
export async function loadStream(
  tx: Tx,
  definition: AnyAggregateDefinition,
  stream: StreamRef,
  lock: "lock" | "read" = "lock",
): Promise<LoadedStream> {
  const snapshot = await readSnapshot(tx, stream, lock);
  let version = snapshot?.version ?? 0;
  let state: unknown = snapshot ? decodeState(snapshot.state) : undefined;
  const newer = await tx.$queryRaw<EventRow[]>`
    SELECT version, type, occurred_at, actor, data FROM domain_events
     WHERE stream_type = ${stream.type} AND stream_id = ${stream.id} AND version > ${version}
     ORDER BY version`;
  for (const row of newer) {
    state = definition.evolve(state, {
      type: row.type,
      stream,
      at: toInstant(row.occurred_at),
      actor: row.actor,
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
 * Appends events after `expectedVersion` and stores the new snapshot. Throws StreamVersionConflict
 * when another transaction moved the stream first.
 */
export async function appendToStream(
  tx: Tx,
  stream: StreamRef,
  expectedVersion: number,
  events: readonly DomainEvent[],
  newState: unknown,
  now: string,
): Promise<number> {
  const newVersion = expectedVersion + events.length;
  const state = encodeState(newState);
  const written =
    expectedVersion === 0
      ? await tx.$executeRaw`
          INSERT INTO aggregate_snapshots (stream_type, stream_id, version, state, updated_at)
          VALUES (${stream.type}, ${stream.id}, ${newVersion}, ${state}::jsonb, ${now}::timestamptz)
          ON CONFLICT (stream_type, stream_id) DO NOTHING`
      : await tx.$executeRaw`
          UPDATE aggregate_snapshots
             SET version = ${newVersion}, state = ${state}::jsonb, updated_at = ${now}::timestamptz
           WHERE stream_type = ${stream.type} AND stream_id = ${stream.id} AND version = ${expectedVersion}`;
  if (written !== 1) throw new StreamVersionConflict(stream, expectedVersion);
  await tx.domainEvent.createMany({
    data: events.map((event, i) => ({
      streamType: stream.type,
      streamId: stream.id,
      version: expectedVersion + i + 1,
      type: event.type,
      occurredAt: event.at,
      actor: asJson(event.actor),
      data: asJson(event.data ?? {}),
    })),
  });
  return newVersion;
}
