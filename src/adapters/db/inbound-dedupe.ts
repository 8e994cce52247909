/**
 * Platform retries (Slack `event_id`, Bot Framework `activity.id`) must be no-ops: record the id in
 * the same transaction as the command it caused; a second delivery finds it and does nothing.
 */
import type { AppendedWrite } from "./aggregate-definition.js";
import type { Tx } from "./transaction.js";

/** The platform event that caused a command: recorded in the command's own transaction. */
export interface InboundMark {
  readonly channel: string;
  readonly externalUserId: string;
  readonly eventId: string;
}

/** A second delivery of an inbound event raced the first one into the database: nothing of it is written. */
export class DuplicateInbound extends Error {
  constructor() {
    super("inbound event already processed");
    this.name = "DuplicateInbound";
  }
}

/**
 * The mark as a write inside the command's append statement (issue 15: no round trip of its own
 * while the stream's row lock is held). A plain INSERT: a repeat violates the key, the statement
 * fails and the whole command rolls back; `duplicateInboundOf` recognises that failure.
 */
export function inboundMarkInAppend(mark: InboundMark, now: string): AppendedWrite {
  return {
    cte: (param, gate) => `
    INSERT INTO processed_inbound_events (channel, external_user_id, external_event_id, processed_at)
    SELECT ${param(mark.channel)}::text, ${param(mark.externalUserId)}::text, ${param(mark.eventId)}::text, ${param(now)}::timestamptz
     WHERE ${gate}
    RETURNING 1`,
  };
}

/** The failure of an append whose inbound mark was already there, as DuplicateInbound; anything else unchanged. */
export function duplicateInboundOf(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { message, meta } = error as { message?: unknown; meta?: unknown };
  const text = `${typeof message === "string" ? message : ""} ${JSON.stringify(meta ?? {})}`;
  return text.includes("processed_inbound_events_pkey") && /23505|unique/i.test(text) ? new DuplicateInbound() : error;
}

/**
 * Returns true the first time an inbound event id is seen from this account, false for a repeat.
 * Keyed by (channel, external user, event id): one account's event id never swallows another's turn (issue 9).
 */
export async function markInboundProcessed(tx: Tx, channel: string, externalEventId: string, now: string, externalUserId = ""): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(MARK_SQL, channel, externalUserId, externalEventId, now);
  return inserted === 1;
}

/** The mark as one statement returning a row when it was new (a raw transaction's last statement). */
export const MARK_SQL = `
  INSERT INTO processed_inbound_events (channel, external_user_id, external_event_id, processed_at)
  VALUES ($1, $2, $3, $4::timestamptz)
  ON CONFLICT DO NOTHING
  RETURNING 1`;

export function markParams(mark: InboundMark, now: string): unknown[] {
  return [mark.channel, mark.externalUserId, mark.eventId, now];
}
