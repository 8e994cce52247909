/**
 * An in-memory chat channel that drives the conversation engine end to end through the real database
 * (embedded PGlite, migrated) with a manual clock. Each user has a transcript; replies are rendered to
 * plain text through i18next in the user's language, so a test reads like the chat:
 *
 *   await harness.as("buyer").says("PO-1 is late");
 *   expect(harness.as("buyer").lastText()).toContain("…");
 *
 * With `delivery`, each user also receives what the platform sends them: after every turn the outbox
 * dispatcher runs until idle through the harness channel (harness-channel.ts), translating a party's
 * free text for each reader with the configured translator, and the messages land in the reader's
 * inbox and transcript (`inbox()`, `lastReceived()`, `lastReceivedText()`).
 */
import { createHash } from "node:crypto";
import type { App } from "../../../src/app/app.js";
import { sequentialIds } from "../../../src/app/ids.js";
import { ManualClock } from "../../../src/adapters/clock/clock.js";
import { domainAggregates } from "../../../src/adapters/db/aggregates.js";
import { openDatabase, type Database } from "../../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../../src/adapters/db/migrator.js";
import { CommandRunner } from "../../../src/adapters/db/unit-of-work.js";
import type { Instant } from "../../../src/domain/shared/time.js";
import { createConversationEngine, type ConversationEngine } from "../../../src/bots/conversation/engine.js";
import type { Inbound, InboundPayload, OutboundMessage, UploadedFile } from "../../../src/bots/conversation/messages.js";
import { createTranslator, type Translator } from "../../../src/bots/conversation/i18n/i18n.js";
import { HARNESS_CHANNEL, harnessDelivery, type HarnessDelivery, type HarnessDeliveryOptions, type LoggedWarning } from "./harness-channel.js";
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
  /** "bot": a reply to what the user did; "delivered": a message the platform sent them (a notification). */
  readonly from: "user" | "bot" | "delivered";
  readonly text: string;
  readonly message?: OutboundMessage;
}

let eventCounter = 0;

export class ChatUser {
  readonly transcript: TranscriptLine[] = [];
  #last: OutboundMessage[] = [];
  readonly #inbox: OutboundMessage[] = [];

  constructor(
    readonly name: string,
    readonly account: ChatAccount,
    private readonly engine: ConversationEngine,
    private readonly translator: Translator,
    /** Runs after each turn: delivers what the turn made the platform send (no-op without delivery). */
    private readonly afterTurn: () => Promise<void> = () => Promise.resolve(),
  ) {}

  get reader(): Reader {
    return { locale: this.account.locale, timeZone: this.account.timeZone };
  }

  /** Sends a raw payload (with a fresh event id unless one is given, to test platform retries). */
  async send(payload: InboundPayload, eventId: string = `evt-${++eventCounter}`): Promise<OutboundMessage[]> {
    const inbound: Inbound = {
      channel: this.account.channel ?? HARNESS_CHANNEL,
      externalUserId: this.account.externalUserId,
      eventId,
      conversation: { channel: this.account.channel ?? HARNESS_CHANNEL, conversationId: this.account.conversationId ?? `dm-${this.account.externalUserId}` },
      locale: this.account.locale,
      timeZone: this.account.timeZone,
      payload,
    };
    const replies = await this.engine.handle(inbound);
    this.#last = replies;
    for (const message of replies) this.transcript.push({ from: "bot", text: this.render(message), message });
    await this.afterTurn();
    return replies;
  }

  /** The harness channel delivers a message the platform sends this user. */
  receive(message: OutboundMessage): void {
    this.#inbox.push(message);
    this.transcript.push({ from: "delivered", text: this.render(message), message });
  }

  /** Everything the platform has sent this user so far (notifications, the other party's messages). */
  inbox(): readonly OutboundMessage[] {
    return this.#inbox;
  }

  lastReceived(): OutboundMessage | undefined {
    return this.#inbox.at(-1);
  }

  /** The last message received, as the user reads it ("" when none). */
  lastReceivedText(): string {
    const last = this.lastReceived();
    return last ? this.render(last) : "";
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
    const prefix = { user: `${this.name} >`, bot: "bot >", delivered: "bot ✉" } as const;
    return this.transcript.map((l) => `${prefix[l.from]} ${l.from === "user" ? l.text : l.text.replace(/\n/g, "\n      ")}`).join("\n");
  }
}

export interface Harness {
  readonly app: App;
  readonly clock: ManualClock;
  readonly engine: ConversationEngine;
  readonly translator: Translator;
  /** Present when the harness was created with `delivery`. */
  readonly delivery?: HarnessDelivery;
  /** What the delivery and translation adapters warned about (translator outages, failed deliveries). */
  readonly warnings: readonly LoggedWarning[];
  /** Delivers everything due now (after moving the clock, say); each turn already does. */
  deliverAll(): Promise<void>;
  /** Adds a chat user (not yet linked to a party). */
  join(name: string, account: ChatAccount): ChatUser;
  as(name: string): ChatUser;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly start: Instant;
  /** Opt-in: deliver notifications to the users after every turn, translated as configured. */
  readonly delivery?: HarnessDeliveryOptions;
  /** A migrated, empty database to run on (default a fresh in-memory PGlite); closed with the harness. */
  readonly database?: () => Promise<Database>;
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const db = options.database ? await options.database() : await openDatabase({ pgliteDataDir: "memory://" });
  if (!options.database) await migrate(db.sql, await readMigrations());
  const clock = new ManualClock(options.start);
  const app: App = { db, clock, runner: new CommandRunner(db, domainAggregates(), clock), ids: sequentialIds() };
  const engine = createConversationEngine(app, { onError: (error) => console.error(error) });
  const translator = createTranslator();
  const users = new Map<string, ChatUser>();
  const onHarnessChannel = (externalUserId: string): ChatUser | undefined =>
    [...users.values()].find((u) => u.account.externalUserId === externalUserId && (u.account.channel ?? HARNESS_CHANNEL) === HARNESS_CHANNEL);
  const delivery = options.delivery ? harnessDelivery(app, onHarnessChannel, options.delivery) : undefined;
  const deliverAll = (): Promise<void> => delivery?.deliverAll() ?? Promise.resolve();
  return {
    app,
    clock,
    engine,
    translator,
    ...(delivery ? { delivery } : {}),
    warnings: delivery?.warnings ?? [],
    deliverAll,
    join(name, account) {
      const user = new ChatUser(name, account, engine, translator, deliverAll);
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
