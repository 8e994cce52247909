/**
 * Outbox rows: notifications written in the command's transaction and delivered after commit by the
 * dispatcher (architecture step 5). Nothing is sent inside a transaction.
 */
import type { StreamRef } from "../../domain/shared/events.js";
import type { AppendedWrite } from "./aggregate-definition.js";
import type { SqlExecutor } from "./sql-executor.js";
import type { Tx } from "./transaction.js";

export interface OutboxEntry {
  /** What to render, e.g. "order.confirmed", "deadline.reminder". */
  readonly kind: string;
  /** The party to notify on every channel it has linked; unset = staff / broadcast by kind. */
  readonly recipientPartyId?: string;
  readonly stream?: StreamRef;
  readonly payload: unknown;
}

/** All rows in one statement, ids in the order given (deliveries go out in outbox-id order). */
const ENQUEUE_SQL = `
  INSERT INTO outbox (kind, recipient_party_id, stream_type, stream_id, payload, created_at, available_at)
  SELECT e.v->>'kind', e.v->>'recipientPartyId', e.v->>'streamType', e.v->>'streamId', e.v->'payload', $2::timestamptz, $2::timestamptz
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, ord)
   ORDER BY e.ord`;

function rowsJson(entries: readonly OutboxEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({
      kind: e.kind,
      recipientPartyId: e.recipientPartyId ?? null,
      streamType: e.stream?.type ?? null,
      streamId: e.stream?.id ?? null,
      payload: e.payload ?? null,
    })),
  );
}

export async function enqueueOutbox(tx: Tx, entries: readonly OutboxEntry[], now: string): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(ENQUEUE_SQL, rowsJson(entries), now);
}

/** The same rows as a write inside a stream's append statement (issue 15: no round trip of their own). */
export function outboxInAppend(entries: readonly OutboxEntry[], now: string): AppendedWrite {
  return {
    cte: (param, gate) => `
    INSERT INTO outbox (kind, recipient_party_id, stream_type, stream_id, payload, created_at, available_at)
    SELECT e.v->>'kind', e.v->>'recipientPartyId', e.v->>'streamType', e.v->>'streamId', e.v->'payload', t.now, t.now
      FROM jsonb_array_elements(${param(rowsJson(entries))}::jsonb) WITH ORDINALITY AS e(v, ord), (SELECT ${param(now)}::timestamptz AS now) AS t
     WHERE ${gate}
     ORDER BY e.ord
    RETURNING 1`,
  };
}

/** The same, in a raw-SQL transaction (the sweeper's reminder firings). */
export async function enqueueOutboxSql(tx: SqlExecutor, entries: readonly OutboxEntry[], now: string): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(ENQUEUE_SQL, [rowsJson(entries), now]);
}

/** The outbox kind of a deadline reminder (the delivery renders it against its subject's state). */
export const REMINDER_OUTBOX_KIND = "deadline.reminder";
