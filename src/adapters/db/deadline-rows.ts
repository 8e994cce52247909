/**
 * CL-10: the deadline table mirrors what each stream's state waits on. A Deadline becomes one row
 * per firing action — each reminder, and the default outcome — with an id built from the deadline's
 * stable id, the action and its instant. After every change the stream's rows are re-derived:
 * new rows are inserted, pending rows no longer derived are cancelled, a cancelled row derived again
 * is re-armed, and a fired row is never fired again.
 */
import type { Deadline } from "../../domain/deadlines/deadline.js";
import type { StreamRef } from "../../domain/shared/events.js";
import type { Tx } from "./transaction.js";

export type DeadlineAction = "reminder" | "outcome";

export interface DeadlineRow {
  readonly id: string;
  readonly deadlineId: string;
  readonly kind: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly streamType: string;
  readonly streamId: string;
  readonly action: DeadlineAction;
  readonly fireAt: string;
  readonly dueAt: string;
  readonly actor: string;
  readonly actorPartyId: string | null;
  readonly defaultOutcome: string;
}

export function deadlineRowId(deadlineId: string, action: DeadlineAction, fireAt: string): string {
  return `${deadlineId}|${action}|${new Date(fireAt).toISOString()}`;
}

/** The rows a set of deadlines stands for (reminders first, then the outcome at dueAt). */
export function rowsOfDeadlines(stream: StreamRef, deadlines: readonly Deadline[]): DeadlineRow[] {
  return deadlines.flatMap((d) => {
    const row = (action: DeadlineAction, fireAt: string): DeadlineRow => ({
      id: deadlineRowId(d.id, action, fireAt),
      deadlineId: d.id,
      kind: d.kind,
      subjectType: d.subject.type,
      subjectId: d.subject.id,
      streamType: stream.type,
      streamId: stream.id,
      action,
      fireAt: new Date(fireAt).toISOString(),
      dueAt: new Date(d.dueAt).toISOString(),
      actor: d.actor,
      actorPartyId: d.actorPartyId ?? null,
      defaultOutcome: d.defaultOutcome,
    });
    return [...d.reminders.map((at) => row("reminder", at)), row("outcome", d.dueAt)];
  });
}

export interface DeadlineSync {
  readonly inserted: number;
  readonly cancelled: number;
}

/**
 * Cancel, re-arm and insert in one statement. The three parts touch disjoint rows (pending rows not
 * derived / cancelled rows derived / ids not yet present), so running them on one snapshot is the
 * same as running them one after the other. As CTEs with the parameter numbers given, so the append
 * of a stream's events can carry them in its own statement (stream-store.ts); `gate` is a condition
 * every part waits on (the append's version check).
 */
export function deadlineSyncCtes(p: { streamType: string; streamId: string; derived: string; now: string }, gate = "TRUE"): string {
  return `
  derived AS (
    SELECT d.v->>'id' AS id, d.v, d.ord FROM jsonb_array_elements(${p.derived}::jsonb) WITH ORDINALITY AS d(v, ord) WHERE ${gate}),
  cancelled AS (
    UPDATE deadlines SET status = 'cancelled', cancelled_at = ${p.now}::timestamptz
     WHERE stream_type = ${p.streamType} AND stream_id = ${p.streamId} AND status = 'pending' AND id NOT IN (SELECT id FROM derived) AND ${gate}
    RETURNING 1),
  rearmed AS (
    UPDATE deadlines SET status = 'pending', cancelled_at = NULL
     WHERE id IN (SELECT id FROM derived) AND status = 'cancelled'
    RETURNING 1),
  inserted AS (
    INSERT INTO deadlines (id, deadline_id, kind, subject_type, subject_id, stream_type, stream_id, action,
                           fire_at, due_at, actor, actor_party_id, default_outcome, status, created_at)
    SELECT id, v->>'deadlineId', v->>'kind', v->>'subjectType', v->>'subjectId', v->>'streamType', v->>'streamId', v->>'action',
           (v->>'fireAt')::timestamptz, (v->>'dueAt')::timestamptz, v->>'actor', v->>'actorPartyId', v->>'defaultOutcome',
           'pending', ${p.now}::timestamptz
      FROM derived ORDER BY ord
    ON CONFLICT DO NOTHING
    RETURNING 1)`;
}

const SYNC_SQL = `
  WITH ${deadlineSyncCtes({ streamType: "$1", streamId: "$2", derived: "$3", now: "$4" }).trimStart()}
  SELECT (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM rearmed)::int AS rearmed,
         (SELECT count(*) FROM inserted)::int AS inserted`;

/** Replaces a stream's pending deadline rows with those derived from its new state (one round trip). */
export async function syncDeadlineRows(tx: Tx, stream: StreamRef, derived: readonly DeadlineRow[], now: string): Promise<DeadlineSync> {
  const [counts] = await tx.$queryRawUnsafe<{ cancelled: number; inserted: number }[]>(SYNC_SQL, stream.type, stream.id, JSON.stringify(derived), now);
  return { inserted: Number(counts?.inserted ?? 0), cancelled: Number(counts?.cancelled ?? 0) };
}
