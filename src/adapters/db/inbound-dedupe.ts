/**
 * Platform retries (Slack `event_id`, Bot Framework `activity.id`) must be no-ops: record the id in
 * the same transaction as the command it caused; a second delivery finds it and does nothing.
 */
import type { Tx } from "./transaction.js";

/**
 * Returns true the first time an inbound event id is seen from this account, false for a repeat.
 * Keyed by (channel, external user, event id): one account's event id never swallows another's turn (issue 9).
 */
export async function markInboundProcessed(tx: Tx, channel: string, externalEventId: string, now: string, externalUserId = ""): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO processed_inbound_events (channel, external_user_id, external_event_id, processed_at)
    VALUES (${channel}, ${externalUserId}, ${externalEventId}, ${now}::timestamptz)
    ON CONFLICT DO NOTHING`;
  return inserted === 1;
}
