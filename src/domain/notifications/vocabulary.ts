/**
 * The one neutral vocabulary of the product (issue 8): what the domain's notifications say and what
 * every channel renders — the bot's own words as i18n keys with parameters (CM-03), a person's own
 * words (CM-01), facts, buttons, forms, attachments, deadlines. A notification carries a person's
 * words as written; the delivery fills in the reader's translation and its mark on the same shape.
 * Slack, Teams and the web chat only translate between their payloads and these types.
 */
import { z } from "zod";
import type { Money } from "../shared/money.js";
import type { Instant, LocalDate } from "../shared/time.js";

/** A value the renderer formats in the reader's language, time zone and currency format (CM-03). */
export type MessageParam = string | number | boolean | Money | { readonly instant: Instant } | { readonly date: LocalDate } | PersonWords | readonly string[];

/**
 * CM-01: a person's own words quoted in the bot's message (a claim's description, a rejection's
 * reasons), in `language`. As a notification carries them they are as written; for a reader the
 * delivery sets `personText` to what is shown, with `machineTranslated` on a translation (and the
 * original kept), or `translationFailed` when the original is shown instead.
 */
export interface PersonWords {
  readonly personText: string;
  /** BCP 47 tag of the language `personText` is in. */
  readonly language: string;
  readonly original?: string;
  readonly originalLanguage?: string;
  readonly machineTranslated?: boolean;
  readonly translationFailed?: boolean;
  /** With `translationFailed`: translation is switched off on this server (TRANSLATOR=none), not failing. */
  readonly translationOff?: boolean;
}

export function isPersonWords(value: unknown): value is PersonWords {
  return typeof value === "object" && value !== null && "personText" in value && typeof (value as PersonWords).personText === "string";
}

/** The bot's own words: an i18next key ("order:confirmedByBoth") with its parameters. */
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
  /** With `translationFailed`: translation is switched off on this server (TRANSLATOR=none), not failing. */
  readonly translationOff?: boolean;
}

export interface Fact {
  readonly label: LocalizedText;
  readonly value: LocalizedText | MessageParam;
}

/** A button. `actionId` names the use case (command or query) it maps to; `payload` its arguments. */
export interface Action<ActionId extends string = string> {
  readonly actionId: ActionId;
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
