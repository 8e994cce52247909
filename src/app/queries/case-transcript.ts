/** CM-02: the messages of a case (its order's thread and the claim's), with originals and translations. */
import { claimStream } from "../../domain/claims/claim-events.js";
import {
  evolveMessages,
  transcript,
  type CaseMessage,
  type MessageSubject,
  type MessageTranslation,
  type TranscriptEntry,
} from "../../domain/messages/message.js";
import { orderStream } from "../../domain/orders/order-events.js";
import { instantMs, toInstant } from "../../domain/shared/time.js";
import type { Database } from "../../adapters/db/database.js";
import { readEvents } from "../read-state.js";

/**
 * The case's messages from its stream, each with every translation made of it. Translations are made
 * at delivery, per reader, and kept in `message_translations` (adapters/delivery/person-text.ts), not
 * as events on the stream — so they are read from there too; without this the case file showed the
 * originals only (issue 16, CM-02). A translation recorded as an event wins over a stored one.
 */
export async function caseMessages(db: Database, subject: MessageSubject): Promise<readonly CaseMessage[]> {
  const events = await readEvents(db, subject.type === "order" ? orderStream(subject.id) : claimStream(subject.id));
  const messages = events.reduce<readonly CaseMessage[]>(evolveMessages, []);
  if (messages.length === 0) return messages;
  const stored = await db.prisma.messageTranslation.findMany({
    where: { messageId: { in: messages.map((m) => m.messageId) } },
    orderBy: [{ translatedAt: "asc" }, { language: "asc" }],
  });
  if (stored.length === 0) return messages;
  return messages.map((m) => {
    const made = stored.filter((row) => row.messageId === m.messageId);
    const known = new Set(m.translations.map((t) => t.language.toLowerCase()));
    const added: MessageTranslation[] = made
      .filter((row) => !known.has(row.language.toLowerCase()))
      .map((row) =>
        row.failed
          ? { language: row.language, translationFailed: true, translator: row.provider, at: toInstant(row.translatedAt) }
          : { language: row.language, text: row.text, machineTranslated: true, translator: row.provider, at: toInstant(row.translatedAt) },
      );
    return added.length === 0 ? m : { ...m, translations: [...m.translations, ...added] };
  });
}

/** The order's and the claim's messages in time order. */
export async function caseTranscript(db: Database, subjects: readonly MessageSubject[]): Promise<TranscriptEntry[]> {
  const entries: TranscriptEntry[] = [];
  for (const subject of subjects) entries.push(...transcript(await caseMessages(db, subject), subject));
  return entries.sort((a, b) => instantMs(a.sentAt) - instantMs(b.sentAt));
}
