/**
 * The web chat's live streams on this replica (issue 10). Every message for a web-chat identity —
 * the bot's replies to a turn, notifications from the outbox, the person's own words — is recorded
 * in the database (WebChatMailbox) and NOTIFYed; each replica pushes it to the tabs of that identity
 * it holds open, over Server-Sent Events, rendered for each tab's language. Whichever replica
 * recorded it, each open tab on every replica receives it once.
 *
 * Exactly once per tab: a tab's stream keeps the id of the last entry written to it and is only ever
 * written entries after it, read from the database in id order (ids of one account commit in order,
 * see webchat-messages.ts). One catch-up runs at a time per identity, triggered by opening a tab,
 * by a local append, by a notice from the live bus, or by the bus resuming after a lost connection.
 * A tab that reconnects sends Last-Event-ID (or `?after=`) and is served what it missed from the
 * database — on any replica, after any restart.
 */
import type { Reader } from "../conversation/i18n/index.js";
import type { ServerResponse } from "node:http";
import type { LiveBus } from "../../adapters/live/index.js";
import type { OutboundMessage } from "../conversation/messages.js";
import type { DisplayMessage, DisplayRenderer } from "./display.js";
import { parseMailboxNotice, WEBCHAT_LIVE_CHANNEL, type MailboxEntry, type MailboxItem, type WebChatMailbox } from "./webchat-messages.js";

export type { MailboxEntry } from "./webchat-messages.js";

/** Entries read from the database per query when a tab catches up. */
export const REPLAY_PAGE_SIZE = 200;
const HEARTBEAT_MS = 15_000;

/** What the browser receives: a numbered entry, rendered for its reader. */
export type DisplayEntry =
  | { readonly seq: number; readonly at: string; readonly kind: "bot"; readonly message: DisplayMessage }
  | { readonly seq: number; readonly at: string; readonly kind: "own"; readonly text: string };

interface Stream {
  readonly res: ServerResponse;
  readonly reader: Reader;
  /** The id of the last entry written to this tab. */
  cursor: number;
}

interface Account {
  readonly externalUserId: string;
  readonly streams: Set<Stream>;
  /** The catch-up running or queued for this identity (one at a time). */
  pumping: Promise<void>;
  /** A catch-up is queued behind the running one. */
  queued: boolean;
}

export interface LiveSessionsOptions {
  /** A catch-up from the database failed (it is retried by the next notice or reconnection). */
  readonly onError?: (error: unknown, externalUserId: string) => void;
}

export class LiveSessions {
  readonly #accounts = new Map<string, Account>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #stopListening: (() => Promise<void>)[] = [];

  constructor(
    private readonly renderer: DisplayRenderer,
    private readonly now: () => string,
    private readonly mailbox: WebChatMailbox,
    private readonly options: LiveSessionsOptions = {},
  ) {
    this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Listens on the live bus: what any replica records reaches the tabs open here. */
  async listen(bus: LiveBus): Promise<void> {
    this.#stopListening.push(
      await bus.listen(WEBCHAT_LIVE_CHANNEL, (payload) => {
        const notice = parseMailboxNotice(payload);
        const account = notice && this.#accounts.get(notice.account);
        // Already written to every tab (e.g. recorded here and pushed at once): nothing to read.
        if (account && [...account.streams].some((s) => s.cursor < notice.seq)) void this.#catchUp(notice.account);
      }),
    );
    const removeResumed = bus.onResumed(() => {
      for (const externalUserId of this.#accounts.keys()) void this.#catchUp(externalUserId);
    });
    this.#stopListening.push(() => Promise.resolve(void removeResumed()));
  }

  /**
   * Records a message for the identity and pushes it to its tabs here (other replicas push it on the
   * notice); returns the entry rendered for `reader`.
   */
  async deliver(externalUserId: string, message: OutboundMessage, reader: Reader): Promise<DisplayEntry> {
    const [entry] = await this.record(externalUserId, [{ kind: "bot", message }]);
    if (!entry) throw new Error("the message was not recorded");
    return this.display(entry, reader);
  }

  /** The person's own words, so a reloaded tab shows both sides. */
  async recordOwn(externalUserId: string, text: string): Promise<DisplayEntry> {
    const [entry] = await this.record(externalUserId, [{ kind: "own", text }]);
    if (!entry || entry.kind !== "own") throw new Error("the own words were not recorded");
    return entry;
  }

  /**
   * Records several items in one transaction (a turn's replies), in order, then pushes them to the
   * tabs here. With `deliveryId` (the outbox's idempotency key) a delivery already recorded is
   * dropped: resolves [].
   */
  async record(externalUserId: string, items: readonly MailboxItem[], deliveryId?: string): Promise<MailboxEntry[]> {
    const entries = await this.mailbox.append(externalUserId, items, deliveryId);
    if (entries.length > 0 && this.#accounts.has(externalUserId)) await this.#catchUp(externalUserId);
    return entries;
  }

  display(entry: MailboxEntry, reader: Reader): DisplayEntry {
    return entry.kind === "own" ? entry : { seq: entry.seq, at: entry.at, kind: "bot", message: this.renderer.render(reader, entry.message) };
  }

  /**
   * Opens an SSE stream for a tab: writes the entries after `afterSeq` from the database, then
   * stays open. If the database cannot be read the stream ends, and the browser reconnects.
   */
  async open(externalUserId: string, res: ServerResponse, reader: Reader, afterSeq: number): Promise<void> {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(`retry: 2000\n\n`);
    writeEvent(res, "clock", { serverNow: this.now() });
    // A tab cannot be ahead of the database (an id from before an upgrade, or from a database since
    // recreated): it then resumes from the newest entry rather than wait for ids to catch up.
    let cursor = Math.max(0, afterSeq);
    if (cursor > 0) {
      try {
        cursor = Math.min(cursor, await this.mailbox.newestSeq(externalUserId));
      } catch (error) {
        this.options.onError?.(error, externalUserId);
        res.end();
        return;
      }
    }
    const stream: Stream = { res, reader, cursor };
    const account = this.#accounts.get(externalUserId) ?? { externalUserId, streams: new Set<Stream>(), pumping: Promise.resolve(), queued: false };
    account.streams.add(stream);
    this.#accounts.set(externalUserId, account);
    res.on("close", () => this.#drop(externalUserId, stream));
    await this.#catchUp(externalUserId);
  }

  /** Tells every tab the (possibly moved) time, so countdowns follow the dev clock. */
  announceClock(): void {
    this.#beat();
  }

  /** The open streams (tabs) of one identity: the channel caps them (LIVE_STREAMS_PER_IDENTITY). */
  streamCountOf(externalUserId: string): number {
    return this.#accounts.get(externalUserId)?.streams.size ?? 0;
  }

  openStreamCount(): number {
    let count = 0;
    for (const account of this.#accounts.values()) count += account.streams.size;
    return count;
  }

  /** Ends every stream (shutdown): the browsers reconnect to whichever server answers next. */
  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const stop of this.#stopListening.splice(0)) void stop();
    for (const account of this.#accounts.values()) for (const stream of account.streams) stream.res.end();
    this.#accounts.clear();
  }

  #drop(externalUserId: string, stream: Stream): void {
    const account = this.#accounts.get(externalUserId);
    if (!account) return;
    account.streams.delete(stream);
    if (account.streams.size === 0) this.#accounts.delete(externalUserId);
  }

  /** Writes to each open tab of the identity what it has not had yet; one run at a time per identity. */
  #catchUp(externalUserId: string): Promise<void> {
    const account = this.#accounts.get(externalUserId);
    if (!account) return Promise.resolve();
    // A run already queued will read everything committed before it starts: join it.
    if (account.queued) return account.pumping;
    account.queued = true;
    account.pumping = account.pumping.then(async () => {
      account.queued = false;
      try {
        await this.#pump(account);
      } catch (error) {
        this.options.onError?.(error, externalUserId);
        // A tab that could not be caught up reconnects (EventSource retries) rather than miss entries.
        for (const stream of account.streams) stream.res.end();
      }
    });
    return account.pumping;
  }

  async #pump(account: Account): Promise<void> {
    for (;;) {
      const streams = [...account.streams];
      if (streams.length === 0) return;
      const from = Math.min(...streams.map((s) => s.cursor));
      const entries = await this.mailbox.after(account.externalUserId, from, REPLAY_PAGE_SIZE);
      // Only the tabs this page was read for: a tab opened meanwhile queued its own run from its cursor.
      for (const entry of entries) {
        for (const stream of streams) {
          if (entry.seq <= stream.cursor || stream.res.writableEnded || stream.res.destroyed) continue;
          write(stream.res, this.display(entry, stream.reader));
          stream.cursor = entry.seq;
        }
      }
      if (entries.length < REPLAY_PAGE_SIZE) return;
    }
  }

  #beat(): void {
    const serverNow = this.now();
    for (const account of this.#accounts.values()) for (const stream of account.streams) writeEvent(stream.res, "clock", { serverNow });
  }
}

function write(res: ServerResponse, entry: DisplayEntry): void {
  res.write(`id: ${entry.seq}\nevent: entry\ndata: ${JSON.stringify(entry)}\n\n`);
}

function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
