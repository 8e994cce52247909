/**
 * Per-user, per-conversation state kept for the conversation engine: its guided flow (opaque JSON the
 * engine validates) and the order or claim the conversation is bound to (a case thread).
 */
import { isDeepStrictEqual } from "node:util";
import type { Database } from "../adapters/db/database.js";
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

/** The columns of a conversation state (`loadInboundContext` selects them beside the party's). */
export interface ConversationRow {
  flow: unknown;
  subject_type: string | null;
  subject_id: string | null;
}

export async function loadConversationState(db: Database, key: ConversationKey): Promise<StoredConversation> {
  // Raw, not Prisma's findUnique: read on every turn (issue 15).
  const [row] = await db.sql.query<ConversationRow>(
    "SELECT flow, subject_type, subject_id FROM conversation_states WHERE channel = $1 AND conversation_id = $2 AND external_user_id = $3",
    [key.channel, key.conversationId, key.externalUserId],
  );
  return row ? storedConversationOfRow(row) : {};
}

export function storedConversationOfRow(row: ConversationRow): StoredConversation {
  const subject = row.subject_type && row.subject_id ? { type: row.subject_type as Subject["type"], id: row.subject_id } : undefined;
  return { ...(row.flow === null || row.flow === undefined ? {} : { flow: row.flow }), ...(subject ? { subject } : {}) };
}

/** Whether two stored states are the same (a turn that changed neither flow nor subject writes nothing). */
export function sameConversationState(a: StoredConversation, b: StoredConversation): boolean {
  // As stored: JSON drops undefined members, and jsonb does not keep key order (isDeepStrictEqual ignores it).
  return isDeepStrictEqual(asStoredJson(a.flow), asStoredJson(b.flow)) && a.subject?.type === b.subject?.type && a.subject?.id === b.subject?.id;
}

function asStoredJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** One raw upsert (issue 15: written on every turn; Prisma's model upsert cost more CPU than the statement). */
const SAVE_SQL = `
  INSERT INTO conversation_states (channel, conversation_id, external_user_id, flow, subject_type, subject_id, updated_at)
  VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::timestamptz)
  ON CONFLICT (channel, conversation_id, external_user_id) DO UPDATE
    SET flow = EXCLUDED.flow, subject_type = EXCLUDED.subject_type, subject_id = EXCLUDED.subject_id, updated_at = EXCLUDED.updated_at`;

export async function saveConversationState(db: Database, key: ConversationKey, state: StoredConversation, now: string): Promise<void> {
  await db.sql.query(SAVE_SQL, [
    key.channel,
    key.conversationId,
    key.externalUserId,
    // No flow = SQL NULL (as Prisma.DbNull wrote it), not a JSON null.
    state.flow === undefined ? null : JSON.stringify(state.flow),
    state.subject?.type ?? null,
    state.subject?.id ?? null,
    now,
  ]);
}
