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

export async function inboundAlreadyProcessed(db: Database, key: InboundEventKey): Promise<boolean> {
  const row = await db.prisma.processedInboundEvent.findUnique({
    where: { channel_externalUserId_externalEventId: { channel: key.channel, externalUserId: key.externalUserId, externalEventId: key.eventId } },
  });
  return row !== null;
}

/** Marks an inbound whose turn ran no command; false when another delivery of it got there first. */
export async function markInboundHandled(db: Database, clock: Clock, key: InboundEventKey): Promise<boolean> {
  return db.prisma.$transaction((tx) => markInboundProcessed(tx, key.channel, key.eventId, clock.now(), key.externalUserId));
}

/** Stores the account's latest conversation reference when it changed (one UPDATE, no write otherwise). */
export async function rememberConversationRef(db: Database, channel: string, externalUserId: string, ref: ConversationRef): Promise<void> {
  const current = await db.prisma.channelIdentity.findUnique({
    where: { channel_externalUserId: { channel, externalUserId } },
    select: { conversationRef: true },
  });
  if (!current || JSON.stringify(current.conversationRef) === JSON.stringify(ref)) return;
  await db.prisma.channelIdentity.update({ where: { channel_externalUserId: { channel, externalUserId } }, data: { conversationRef: asJson(ref) } });
}
