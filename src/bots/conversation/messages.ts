/**
 * The channel-neutral language of the bots: what a platform adapter hands the conversation engine
 * (Inbound) and what the engine or the notification dispatcher hands back (OutboundMessage).
 * Slack, Teams and the web chat only translate between their own payloads and these types.
 */
import { z } from "zod";
import { isPersonWords } from "../../domain/notifications/notification.js";
import type { Money } from "../../domain/shared/money.js";
import type { Instant, LocalDate } from "../../domain/shared/time.js";

/** A value the renderer formats in the reader's language, time zone and currency format (CM-03). */
export type MessageParam =
  | string
  | number
  | boolean
  | Money
  | { readonly instant: Instant }
  | { readonly date: LocalDate }
  | PersonWordsParam
  | readonly string[];

/**
 * CM-01: a person's own words quoted in the bot's message (a claim's description, a rejection's
 * reasons), as this reader gets them: `personText` is what is shown, in `language`. The delivery sets
 * `machineTranslated` on a translation, or `translationFailed` when the original is shown instead.
 */
export interface PersonWordsParam {
  readonly personText: string;
  readonly language: string;
  readonly original?: string;
  readonly originalLanguage?: string;
  readonly machineTranslated?: boolean;
  readonly translationFailed?: boolean;
}

export function isPersonWordsParam(value: unknown): value is PersonWordsParam {
  return isPersonWords(value);
}

/** The bot's own words: an i18next key ("order:confirmed") with its parameters. */
export interface LocalizedText {
  readonly key: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** CM-01: a person's free text, delivered in the reader's language with the original one action away. */
export interface PersonText {
  readonly messageId: string;
  readonly senderPartyId: string;
  readonly senderName: string;
  readonly original: string;
  readonly originalLanguage: string;
  /** The text shown: the translation when there is one, else the original. */
  readonly shown: string;
  readonly shownLanguage: string;
  readonly machineTranslated: boolean;
  /** Set when translation failed or was unavailable: the original is shown, marked. */
  readonly translationFailed?: boolean;
}

export interface Fact {
  readonly label: LocalizedText;
  readonly value: LocalizedText | MessageParam;
}

/** A button. `actionId` names the domain command (or query) it maps to; `payload` its arguments. */
export interface Action {
  readonly actionId: string;
  readonly label: LocalizedText;
  readonly payload?: Readonly<Record<string, string | number | boolean>>;
  readonly style?: "primary" | "danger";
}

export type FormFieldType = "text" | "textarea" | "integer" | "money" | "date" | "select" | "boolean" | "file" | "email";

export interface FormField {
  readonly name: string;
  readonly label: LocalizedText;
  readonly type: FormFieldType;
  readonly required: boolean;
  readonly options?: readonly { readonly value: string; readonly label: LocalizedText }[];
  /** For money fields: the currency the amount is in. */
  readonly currency?: string;
  readonly hint?: LocalizedText;
  /** What the user typed last time: nothing typed is lost on an error. */
  readonly value?: string;
  /** Why the last value was refused, in the reader's language. */
  readonly error?: LocalizedText;
  /** Repeated groups (e.g. product lines) are flattened as "lines.0.quantity". */
  readonly multiple?: boolean;
}

export interface Form {
  readonly formId: string;
  readonly title: LocalizedText;
  readonly fields: readonly FormField[];
  readonly submit: Action;
  readonly cancel?: Action;
}

export interface Attachment {
  readonly name: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** A path on this server the reader may download it from. */
  readonly href?: string;
}

export interface DeadlineNotice {
  readonly dueAt: Instant;
  readonly label: LocalizedText;
}

export interface OutboundMessage {
  /** What the message is about, for threading (one case thread per order/claim). */
  readonly subject?: { readonly type: "order" | "claim"; readonly id: string };
  readonly text?: LocalizedText;
  readonly personText?: PersonText;
  readonly facts?: readonly Fact[];
  readonly actions?: readonly Action[];
  readonly form?: Form;
  readonly attachments?: readonly Attachment[];
  readonly deadline?: DeadlineNotice;
  /** Refusals and validation problems are marked so renderers can style them. */
  readonly tone?: "info" | "success" | "warning" | "error";
}

/** Where a reply goes on the platform (Slack channel + thread, Teams conversation, web-chat session). */
export const conversationRefSchema = z.object({
  channel: z.string().min(1).max(40),
  conversationId: z.string().min(1).max(500),
  threadId: z.string().max(500).optional(),
  serviceUrl: z.url().optional(),
});
export type ConversationRef = z.infer<typeof conversationRefSchema>;

export const uploadedFileSchema = z.object({
  name: z.string().min(1).max(255),
  mediaType: z.string().min(1).max(255),
  sizeBytes: z.number().int().nonnegative(),
  /** Where the adapter stored the bytes (blob store key); the engine never sees raw bytes. */
  blobKey: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

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
