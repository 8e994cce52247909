/**
 * Per-user, per-conversation state kept for the conversation engine: its guided flow (opaque JSON the
 * engine validates) and the order or claim the conversation is bound to (a case thread).
 */
import { Prisma } from "../generated/prisma/client.js";
import type { Database } from "../adapters/db/database.js";
import { asJson } from "../adapters/db/transaction.js";
import type { Subject } from "./queries/what-can-i-do-now.js";

export interface ConversationKey {
  readonly channel: string;
  readonly conversationId: string;
  readonly externalUserId: string;
}

export interface StoredConversation {
  readonly flow?: unknown;
  readonly subject?: Subject;
}

export async function loadConversationState(db: Database, key: ConversationKey): Promise<StoredConversation> {
  const row = await db.prisma.conversationState.findUnique({ where: { channel_conversationId_externalUserId: key } });
  if (!row) return {};
  const subject = row.subjectType && row.subjectId ? { type: row.subjectType as Subject["type"], id: row.subjectId } : undefined;
  return { ...(row.flow === null ? {} : { flow: row.flow }), ...(subject ? { subject } : {}) };
}

export async function saveConversationState(db: Database, key: ConversationKey, state: StoredConversation, now: string): Promise<void> {
  const data = {
    flow: state.flow === undefined ? Prisma.DbNull : asJson(state.flow),
    subjectType: state.subject?.type ?? null,
    subjectId: state.subject?.id ?? null,
    updatedAt: now,
  };
  await db.prisma.conversationState.upsert({ where: { channel_conversationId_externalUserId: key }, create: { ...key, ...data }, update: data });
}
