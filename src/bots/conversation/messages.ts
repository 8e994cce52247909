/**
 * The channel-neutral language of the bots: what a platform adapter hands the conversation engine
 * (Inbound) and — re-exported from the domain's one vocabulary — what the engine or the outbox hands
 * back (OutboundMessage). Channels import these types from here only.
 */
import { z } from "zod";
import { conversationRefSchema, uploadedFileSchema } from "../../domain/notifications/vocabulary.js";

export * from "../../domain/notifications/vocabulary.js";

export const inboundPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string().max(10_000) }),
  z.object({
    kind: z.literal("action"),
    actionId: z.string().min(1).max(100),
    payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  }),
  z.object({
    kind: z.literal("form"),
    formId: z.string().min(1).max(100),
    values: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    files: z.array(uploadedFileSchema).default([]),
  }),
]);
export type InboundPayload = z.infer<typeof inboundPayloadSchema>;

/** A normalised platform event (architecture step 1). */
export const inboundSchema = z.object({
  channel: z.string().min(1).max(40),
  externalUserId: z.string().min(1).max(200),
  /** The platform's id of this event (Slack event_id, activity.id): a retry with the same id is a no-op. */
  eventId: z.string().min(1).max(200).optional(),
  conversation: conversationRefSchema,
  /** The user's language as the platform reports it (BCP 47), when it does. */
  locale: z.string().max(35).optional(),
  timeZone: z.string().max(64).optional(),
  payload: inboundPayloadSchema,
});
export type Inbound = z.infer<typeof inboundSchema>;
