/**
 * CM-01 / CM-02: a party's message for one reader — translated into the reader's language (through
 * the caching translator) or, when translation fails, the original, marked; the message and what was
 * made of it for each language are kept (`messages`, `message_translations`). Never throws for a
 * translation problem and never waits past the translator's timeout. A person's words quoted in a
 * notification (`PersonWords`: reasons, a description) go the same way, but are part of an event
 * already kept, so only their translation is cached.
 */
import type { PersonMessage, PersonText, PersonWords } from "../../domain/notifications/index.js";
import type { Translator } from "../../domain/ports/translator.js";
import type { Clock } from "../clock/clock.js";
import type { Database } from "../db/database.js";
import { canonicalLanguage, translateForReader, type ReaderTranslation, type TranslationLogger } from "../translate/index.js";

export interface PersonTextOptions {
  readonly translator: Translator;
  /** Recorded with each translation, e.g. "google-v2". */
  readonly translatorName: string;
  readonly logger: TranslationLogger;
  readonly timeoutMs?: number;
}

export class PersonTextTranslator {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: PersonTextOptions,
  ) {}

  /** CM-01: a person's words quoted in a notification, for one reader (the original, marked, when translation fails). */
  async wordsForReader(words: PersonWords, readerLocale: string): Promise<PersonWords> {
    const reading = await this.#translate(words.personText, words.language, readerLocale);
    if (reading.machineTranslated) {
      return {
        personText: reading.text,
        language: canonicalLanguage(readerLocale),
        original: words.personText,
        originalLanguage: words.language,
        machineTranslated: true,
      };
    }
    return { personText: words.personText, language: words.language, ...failureMarks(reading) };
  }

  #translate(text: string, sourceLang: string, readerLang: string): Promise<ReaderTranslation> {
    return translateForReader(
      this.options.translator,
      { text, sourceLang, readerLang },
      { logger: this.options.logger, ...(this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs }) },
    );
  }

  async forReader(message: PersonMessage, subject: { type: string; id: string }, readerLocale: string): Promise<PersonText> {
    const reading = await this.#translate(message.text, message.language, readerLocale);
    await this.#record(message, subject, readerLocale, reading);
    const sender = await this.db.prisma.party.findUnique({ where: { id: message.senderPartyId }, select: { displayName: true } });
    return {
      messageId: message.messageId,
      senderPartyId: message.senderPartyId,
      senderName: sender?.displayName ?? message.senderPartyId,
      original: message.text,
      originalLanguage: message.language,
      shown: reading.text,
      shownLanguage: reading.machineTranslated ? canonicalLanguage(readerLocale) : message.language,
      machineTranslated: reading.machineTranslated,
      ...failureMarks(reading),
    };
  }

  /**
   * CM-02: the message with its original, and the translation (or its failure) for the reader's
   * language. One statement (issue 15: three round trips per delivery before): the message is kept
   * once (ON CONFLICT DO NOTHING), and a translation made once is kept — only a recorded failure is
   * replaced (the conditional DO UPDATE). The translation's foreign key is checked at the end of
   * the statement, after the message row of the CTE is in.
   */
  async #record(message: PersonMessage, subject: { type: string; id: string }, readerLocale: string, reading: ReaderTranslation): Promise<void> {
    if (!reading.machineTranslated && !reading.failed) return; // same language: nothing was translated
    await this.db.prisma.$executeRawUnsafe(
      RECORD_SQL,
      message.messageId,
      subject.type,
      subject.id,
      message.senderPartyId,
      message.language,
      message.text,
      message.sentAt,
      canonicalLanguage(readerLocale),
      reading.text,
      this.options.translatorName,
      reading.failed !== undefined,
      this.clock.now(),
    );
  }
}

const RECORD_SQL = `
  WITH kept AS (
    INSERT INTO messages (id, subject_type, subject_id, author_party_id, language, body, sent_at)
    VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz)
    ON CONFLICT (id) DO NOTHING)
  INSERT INTO message_translations (message_id, language, text, provider, failed, translated_at)
  VALUES ($1::text, $8::text, $9::text, $10::text, $11::boolean, $12::timestamptz)
  ON CONFLICT (message_id, language) DO UPDATE
    SET text = EXCLUDED.text, provider = EXCLUDED.provider, failed = EXCLUDED.failed, translated_at = EXCLUDED.translated_at
    WHERE message_translations.failed`;

/** CM-01: the original is shown, marked — as switched off on this server (TRANSLATOR=none) or as failing now. */
function failureMarks(reading: ReaderTranslation): { translationFailed?: true; translationOff?: true } {
  if (!reading.failed) return {};
  return reading.failed.reason === "translator-disabled" ? { translationFailed: true, translationOff: true } : { translationFailed: true };
}
