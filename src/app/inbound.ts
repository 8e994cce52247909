/**
 * What the conversation engine asks of the database about an inbound, outside any command: whether a
 * platform retry was already handled (Slack `event_id`, Bot Framework `activity.id`), marking one that
 * changed nothing, and remembering where the account last wrote from (the conversation reference the
 * outbox passes to the channel's sender for proactive messages).
 */
import type { ConversationRef } from "../domain/notifications/vocabulary.js";
import type { Database } from "../adapters/db/database.js";
import { markInboundProcessed } from "../adapters/db/inbound-dedupe.js";
import { asJson } from "../adapters/db/transaction.js";
import type { Clock } from "../adapters/clock/clock.js";

export interface InboundEventKey {
  readonly channel: string;
  readonly externalUserId: string;
  readonly eventId: string;
}

// Raw statements, not Prisma's model queries (issue 15): these run on every turn, and a single
// statement needs no interactive transaction around it.

export async function inboundAlreadyProcessed(db: Database, key: InboundEventKey): Promise<boolean> {
  const rows = await db.sql.query("SELECT 1 FROM processed_inbound_events WHERE channel = $1 AND external_user_id = $2 AND external_event_id = $3", [
    key.channel,
    key.externalUserId,
    key.eventId,
  ]);
  return rows.length > 0;
}

/** Marks an inbound whose turn ran no command; false when another delivery of it got there first (one statement: atomic alone). */
export async function markInboundHandled(db: Database, clock: Clock, key: InboundEventKey): Promise<boolean> {
  return markInboundProcessed(db.prisma, key.channel, key.eventId, clock.now(), key.externalUserId);
}

/** Stores the account's latest conversation reference when it changed (one UPDATE, no write otherwise). */
export async function rememberConversationRef(db: Database, channel: string, externalUserId: string, ref: ConversationRef): Promise<void> {
  const [current] = await db.sql.query<{ conversation_ref: unknown }>(
    "SELECT conversation_ref FROM channel_identities WHERE channel = $1 AND external_user_id = $2",
    [channel, externalUserId],
  );
  if (!current || JSON.stringify(current.conversation_ref) === JSON.stringify(ref)) return;
  await db.prisma.channelIdentity.update({ where: { channel_externalUserId: { channel, externalUserId } }, data: { conversationRef: asJson(ref) } });
}
