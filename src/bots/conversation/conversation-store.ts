/**
 * The engine's view of a conversation: the guided flow under way (form, payload, every value typed,
 * the files given, the field being asked) and the order or claim the conversation is bound to.
 */
import { z } from "zod";
import type { ConversationKey, StoredConversation } from "../../app/conversations.js";
import type { Subject } from "../../app/queries/what-can-i-do-now.js";
import { uploadedFileSchema, type Inbound } from "./messages.js";

const flowSchema = z.object({
  formId: z.string(),
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  values: z.record(z.string(), z.string()),
  files: z.array(uploadedFileSchema),
  /** The field the next free text answers. */
  asking: z.string().optional(),
});
export type FlowState = z.infer<typeof flowSchema>;

export interface ConversationRecord {
  flow?: FlowState | undefined;
  subject?: Subject | undefined;
}

export function conversationKeyOf(inbound: Inbound): ConversationKey {
  return { channel: inbound.channel, conversationId: inbound.conversation.conversationId, externalUserId: inbound.externalUserId };
}

/** The engine's record of a stored state (a flow that no longer parses — older code's — is dropped). */
export function conversationRecordOf(stored: StoredConversation): ConversationRecord {
  const flow = stored.flow === undefined ? undefined : flowSchema.safeParse(stored.flow).data;
  return { flow, subject: stored.subject };
}

export function storedConversationOf(record: ConversationRecord): StoredConversation {
  return { ...(record.flow ? { flow: record.flow } : {}), ...(record.subject ? { subject: record.subject } : {}) };
}
