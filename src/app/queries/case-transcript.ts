/** CM-02: the messages of a case (its order's thread and the claim's), with originals and translations. */
import { claimStream } from "../../domain/claims/claim-events.js";
import { evolveMessages, transcript, type CaseMessage, type MessageSubject, type TranscriptEntry } from "../../domain/messages/message.js";
import { orderStream } from "../../domain/orders/order-events.js";
import { instantMs } from "../../domain/shared/time.js";
import type { Database } from "../../adapters/db/database.js";
import { readEvents } from "../read-state.js";

export async function caseMessages(db: Database, subject: MessageSubject): Promise<readonly CaseMessage[]> {
  const events = await readEvents(db, subject.type === "order" ? orderStream(subject.id) : claimStream(subject.id));
  return events.reduce<readonly CaseMessage[]>(evolveMessages, []);
}

/** The order's and the claim's messages in time order. */
export async function caseTranscript(db: Database, subjects: readonly MessageSubject[]): Promise<TranscriptEntry[]> {
  const entries: TranscriptEntry[] = [];
  for (const subject of subjects) entries.push(...transcript(await caseMessages(db, subject), subject));
  return entries.sort((a, b) => instantMs(a.sentAt) - instantMs(b.sentAt));
}
