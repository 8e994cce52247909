/**
 * An in-memory chat channel that drives the conversation engine end to end through the real database
 * (embedded PGlite, migrated) with a manual clock. Each user has a transcript; replies are rendered to
 * plain text through i18next in the user's language, so a test reads like the chat:
 *
 *   await harness.as("buyer").says("PO-1 is late");
 *   expect(harness.as("buyer").lastText()).toContain("…");
 */
import { createHash } from "node:crypto";
import type { App } from "../../adapters/app/app.js";
import { sequentialIds } from "../../adapters/app/ids.js";
import { ManualClock } from "../../adapters/clock/clock.js";
import { domainAggregates } from "../../adapters/db/aggregates.js";
import { openDatabase } from "../../adapters/db/database.js";
import { migrate, readMigrations } from "../../adapters/db/migrator.js";
import { CommandRunner } from "../../adapters/db/unit-of-work.js";
import type { Instant } from "../../domain/shared/time.js";
import { createConversationEngine, type ConversationEngine } from "../conversation/engine.js";
import type { Inbound, InboundPayload, OutboundMessage, UploadedFile } from "../conversation/messages.js";
import { createTranslator, type Translator } from "../i18n/i18n.js";
import { renderPlain, type Reader } from "./render-plain.js";

export interface ChatAccount {
  readonly externalUserId: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly channel?: string;
  /** One conversation per user by default (a direct message with the bot). */
  readonly conversationId?: string;
}

export interface TranscriptLine {
  readonly from: "user" | "bot";
  readonly text: string;
  readonly message?: OutboundMessage;
}

let eventCounter = 0;

export class ChatUser {
  readonly transcript: TranscriptLine[] = [];
  #last: OutboundMessage[] = [];

  constructor(
    readonly name: string,
    readonly account: ChatAccount,
    private readonly engine: ConversationEngine,
    private readonly translator: Translator,
  ) {}

  get reader(): Reader {
    return { locale: this.account.locale, timeZone: this.account.timeZone };
  }

  /** Sends a raw payload (with a fresh event id unless one is given, to test platform retries). */
  async send(payload: InboundPayload, eventId: string = `evt-${++eventCounter}`): Promise<OutboundMessage[]> {
    const inbound: Inbound = {
      channel: this.account.channel ?? "harness",
      externalUserId: this.account.externalUserId,
      eventId,
      conversation: { channel: this.account.channel ?? "harness", conversationId: this.account.conversationId ?? `dm-${this.account.externalUserId}` },
      locale: this.account.locale,
      timeZone: this.account.timeZone,
      payload,
    };
    const replies = await this.engine.handle(inbound);
    this.#last = replies;
    for (const message of replies) this.transcript.push({ from: "bot", text: this.render(message), message });
    return replies;
  }

  says(text: string): Promise<OutboundMessage[]> {
    this.transcript.push({ from: "user", text });
    return this.send({ kind: "text", text });
  }

  clicks(actionId: string, payload: Readonly<Record<string, string | number | boolean>> = {}): Promise<OutboundMessage[]> {
    this.transcript.push({ from: "user", text: `[${actionId}]` });
    return this.send({ kind: "action", actionId, payload: { ...payload } });
  }

  submits(formId: string, values: Readonly<Record<string, string>>, files: readonly UploadedFile[] = []): Promise<OutboundMessage[]> {
    this.transcript.push({ from: "user", text: `📝 ${formId} ${JSON.stringify(values)}${files.length ? ` +${files.length} file(s)` : ""}` });
    return this.send({ kind: "form", formId, values: { ...values }, files: [...files] });
  }

  /** The replies to the last thing the user did. */
  lastReplies(): readonly OutboundMessage[] {
    return this.#last;
  }

  lastReply(): OutboundMessage | undefined {
    return this.#last.at(-1);
  }

  /** The last replies as the user reads them. */
  lastText(): string {
    return this.#last.map((m) => this.render(m)).join("\n");
  }

  /** The last form the bot showed. */
  lastForm(): NonNullable<OutboundMessage["form"]> | undefined {
    return [...this.#last].reverse().find((m) => m.form)?.form;
  }

  render(message: OutboundMessage): string {
    return renderPlain(this.translator, this.reader, message);
  }

  /** The conversation so far, as a chat log. */
  log(): string {
    return this.transcript.map((l) => (l.from === "user" ? `${this.name} > ${l.text}` : `bot > ${l.text.replace(/\n/g, "\n      ")}`)).join("\n");
  }
}

export interface Harness {
  readonly app: App;
  readonly clock: ManualClock;
  readonly engine: ConversationEngine;
  readonly translator: Translator;
  /** Adds a chat user (not yet linked to a party). */
  join(name: string, account: ChatAccount): ChatUser;
  as(name: string): ChatUser;
  close(): Promise<void>;
}

export async function createHarness(options: { readonly start: Instant }): Promise<Harness> {
  const db = await openDatabase({ pgliteDataDir: "memory://" });
  await migrate(db.sql, await readMigrations());
  const clock = new ManualClock(options.start);
  const app: App = { db, clock, runner: new CommandRunner(db, domainAggregates(), clock), ids: sequentialIds() };
  const engine = createConversationEngine(app, { onError: (error) => console.error(error) });
  const translator = createTranslator();
  const users = new Map<string, ChatUser>();
  return {
    app,
    clock,
    engine,
    translator,
    join(name, account) {
      const user = new ChatUser(name, account, engine, translator);
      users.set(name, user);
      return user;
    },
    as(name) {
      const user = users.get(name);
      if (!user) throw new Error(`no chat user "${name}" joined the harness`);
      return user;
    },
    close: () => db.close(),
  };
}

/** An uploaded file as a channel adapter reports it (bytes hashed; stored under a blob key). */
export function uploadedFile(name: string, mediaType: string, content: string): UploadedFile {
  const bytes = Buffer.from(content, "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { name, mediaType, sizeBytes: bytes.byteLength, sha256, blobKey: `sha256/${sha256}` };
}
