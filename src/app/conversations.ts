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
  // Raw, not Prisma's findUnique: read on every turn (issue 15).
  const [row] = await db.sql.query<{ flow: unknown; subject_type: string | null; subject_id: string | null }>(
    "SELECT flow, subject_type, subject_id FROM conversation_states WHERE channel = $1 AND conversation_id = $2 AND external_user_id = $3",
    [key.channel, key.conversationId, key.externalUserId],
  );
  if (!row) return {};
  const subject = row.subject_type && row.subject_id ? { type: row.subject_type as Subject["type"], id: row.subject_id } : undefined;
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
