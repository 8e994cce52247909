/**
 * CM-01 / CM-02: messages between the parties about an order or a claim. Each keeps its original text
 * and language and every translation made of it (machine-translated, by which translator) or the
 * marker that translation failed. A reader sees its own language with the original one tap away; a
 * failed or unavailable translation never blocks delivery — the original goes out, marked.
 * Message events live on the stream of the order or claim they are about.
 */
import { LANGUAGE_TAG } from "../shared/language-tags.js";
import { z } from "zod";
import { parseCommand } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import { event, type ActorKind, type CommandContext, type DomainEvent } from "../shared/events.js";
import { instantMs, type Instant } from "../shared/time.js";

export const MESSAGE_EVENT = {
  sent: "CaseMessageSent",
  translated: "CaseMessageTranslated",
  translationFailed: "CaseMessageTranslationFailed",
} as const;

export interface MessageSubject {
  readonly type: "order" | "claim";
  readonly id: string;
}

export interface MessageSender {
  readonly partyId: string;
  readonly kind: Exclude<ActorKind, "system">;
}

export type MessageTranslation =
  | { readonly language: string; readonly text: string; readonly machineTranslated: true; readonly translator: string; readonly at: Instant }
  | { readonly language: string; readonly translationFailed: true; readonly translator: string; readonly at: Instant };

export interface CaseMessage {
  readonly messageId: string;
  readonly subject: MessageSubject;
  readonly sender: MessageSender;
  readonly sentAt: Instant;
  readonly originalText: string;
  /** BCP 47 tag of the language the sender wrote in. */
  readonly originalLanguage: string;
  readonly translations: readonly MessageTranslation[];
}

const languageSchema = z.string().regex(LANGUAGE_TAG, "must be a BCP 47 language tag");

export const sendMessageCommandSchema = z.object({
  messageId: z.string().min(1).max(200),
  subject: z.object({ type: z.enum(["order", "claim"]), id: z.string().min(1).max(200) }),
  text: z.string().trim().min(1).max(8000),
  language: languageSchema,
});
export type SendMessageCommand = z.infer<typeof sendMessageCommandSchema>;

/** The two parties of the order or claim a message is about (from its state). */
export interface CaseParties {
  readonly buyerId: string;
  readonly supplierId: string;
}

/**
 * CM-02: the buyer or supplier of the case, or a staff member, sends a message; it is kept with its
 * original text and language.
 */
export function sendMessage(parties: CaseParties, command: SendMessageCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(sendMessageCommandSchema, command);
  const { kind, partyId } = ctx.actor;
  if (kind === "system" || !partyId) return refuse("MESSAGE_SENDER_REQUIRED", {});
  const inCase = kind === "staff" || (kind === "buyer" && partyId === parties.buyerId) || (kind === "supplier" && partyId === parties.supplierId);
  if (!inCase) refuse("MESSAGE_SENDER_NOT_IN_CASE", { subjectType: cmd.subject.type, subjectId: cmd.subject.id });
  const message: CaseMessage = {
    messageId: cmd.messageId,
    subject: cmd.subject,
    sender: { partyId, kind },
    sentAt: ctx.now,
    originalText: cmd.text,
    originalLanguage: cmd.language,
    translations: [],
  };
  return [event(MESSAGE_EVENT.sent, cmd.subject, ctx, { message })];
}

export const recordTranslationCommandSchema = z.object({
  language: languageSchema,
  translator: z.string().min(1).max(100),
  outcome: z.union([z.object({ text: z.string().min(1).max(20_000) }), z.object({ failed: z.literal(true) })]),
});
export type RecordTranslationCommand = z.infer<typeof recordTranslationCommandSchema>;
export type TranslationOutcome = RecordTranslationCommand["outcome"];

/**
 * CM-01: records the translation of a message into a reader's language (made by the Translator port),
 * or that it failed. A language already translated is not translated again.
 */
export function recordTranslation(message: CaseMessage, command: RecordTranslationCommand, ctx: CommandContext): DomainEvent[] {
  const { language, translator, outcome } = parseCommand(recordTranslationCommandSchema, command);
  if (message.translations.some((t) => t.language === language && !("translationFailed" in t))) return [];
  if ("failed" in outcome) {
    return [event(MESSAGE_EVENT.translationFailed, message.subject, ctx, { messageId: message.messageId, language, translator })];
  }
  return [event(MESSAGE_EVENT.translated, message.subject, ctx, { messageId: message.messageId, language, translator, text: outcome.text })];
}

interface TranslatedData {
  readonly messageId: string;
  readonly language: string;
  readonly translator: string;
  readonly text?: string;
}

/** Folds message events into the messages of one order or claim. */
export function evolveMessages(messages: readonly CaseMessage[], e: DomainEvent): readonly CaseMessage[] {
  switch (e.type) {
    case MESSAGE_EVENT.sent:
      return [...messages, (e.data as { message: CaseMessage }).message];
    case MESSAGE_EVENT.translated:
    case MESSAGE_EVENT.translationFailed: {
      const d = e.data as TranslatedData;
      const translation: MessageTranslation =
        e.type === MESSAGE_EVENT.translated
          ? { language: d.language, text: d.text ?? "", machineTranslated: true, translator: d.translator, at: e.at }
          : { language: d.language, translationFailed: true, translator: d.translator, at: e.at };
      return messages.map((m) =>
        m.messageId !== d.messageId ? m : { ...m, translations: [...m.translations.filter((t) => t.language !== d.language), translation] },
      );
    }
    default:
      return messages;
  }
}

function primaryLanguage(tag: string): string {
  return (tag.split("-")[0] ?? tag).toLowerCase();
}

/** Same language for reading purposes: the exact tag, or the same primary language (en-US ~ en-GB). */
function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || primaryLanguage(a) === primaryLanguage(b);
}

/** What one reader is shown. */
export interface ReaderView {
  readonly messageId: string;
  readonly text: string;
  readonly language: string;
  /** CM-01: the text shown is a machine translation. */
  readonly machineTranslated: boolean;
  /** CM-01: no translation into the reader's language could be made; the original is shown, marked. */
  readonly untranslated: boolean;
  /** The original, one tap away. */
  readonly original: { readonly text: string; readonly language: string };
  readonly sender: MessageSender;
  readonly sentAt: Instant;
}

/** CM-01: the message in the reader's language, never withheld for want of a translation. */
export function readerView(message: CaseMessage, readerLanguage: string): ReaderView {
  const original = { text: message.originalText, language: message.originalLanguage };
  const common = { messageId: message.messageId, original, sender: message.sender, sentAt: message.sentAt };
  if (sameLanguage(message.originalLanguage, readerLanguage)) {
    return { ...common, text: message.originalText, language: message.originalLanguage, machineTranslated: false, untranslated: false };
  }
  const candidates = message.translations.filter((t) => "text" in t && sameLanguage(t.language, readerLanguage));
  const translation = candidates.find((t) => t.language.toLowerCase() === readerLanguage.toLowerCase()) ?? candidates[0];
  if (translation && "text" in translation) {
    return { ...common, text: translation.text, language: translation.language, machineTranslated: true, untranslated: false };
  }
  return { ...common, text: message.originalText, language: message.originalLanguage, machineTranslated: false, untranslated: true };
}

/** Whether a message still needs translating for a reader (no usable translation, none failed yet). */
export function needsTranslation(message: CaseMessage, readerLanguage: string): boolean {
  return !sameLanguage(message.originalLanguage, readerLanguage) && !message.translations.some((t) => sameLanguage(t.language, readerLanguage));
}

export interface TranscriptEntry {
  readonly messageId: string;
  readonly sentAt: Instant;
  readonly sender: MessageSender;
  readonly originalLanguage: string;
  readonly originalText: string;
  readonly translations: readonly MessageTranslation[];
}

/** CM-02: the case transcript for evidence — every message in time order, with its original and translations. */
export function transcript(messages: readonly CaseMessage[], subject: MessageSubject): TranscriptEntry[] {
  return messages
    .filter((m) => m.subject.type === subject.type && m.subject.id === subject.id)
    .map((m, index) => ({ m, index }))
    .sort((a, b) => instantMs(a.m.sentAt) - instantMs(b.m.sentAt) || a.index - b.index)
    .map(({ m }) => ({
      messageId: m.messageId,
      sentAt: m.sentAt,
      sender: m.sender,
      originalLanguage: m.originalLanguage,
      originalText: m.originalText,
      translations: m.translations,
    }));
}
