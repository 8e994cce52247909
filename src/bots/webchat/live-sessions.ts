/**
 * The web chat's side of delivery: every message for a web-chat identity — the bot's replies to a
 * turn, notifications from the outbox, the person's own words — goes into that identity's mailbox
 * (numbered) and out to each browser tab it has open, over Server-Sent Events, rendered for that
 * tab's language. A tab that reconnects sends Last-Event-ID and receives what it missed. Mailboxes
 * live in memory (the last MAILBOX_SIZE entries per identity): after a restart the page starts empty
 * and asks "what can I do now".
 */
import type { ServerResponse } from "node:http";
import type { OutboundMessage } from "../conversation/messages.js";
import type { DisplayMessage, DisplayRenderer, Reader } from "./display.js";

export const MAILBOX_SIZE = 500;
const HEARTBEAT_MS = 15_000;

export type MailboxEntry =
  | { readonly seq: number; readonly at: string; readonly kind: "bot"; readonly message: OutboundMessage }
  | { readonly seq: number; readonly at: string; readonly kind: "own"; readonly text: string };

/** What the browser receives: a numbered entry, rendered for its reader. */
export type DisplayEntry =
  | { readonly seq: number; readonly at: string; readonly kind: "bot"; readonly message: DisplayMessage }
  | { readonly seq: number; readonly at: string; readonly kind: "own"; readonly text: string };

interface Stream {
  readonly res: ServerResponse;
  readonly reader: Reader;
}

export class LiveSessions {
  /**
   * Entry numbers start from the wall clock (µs) so they keep growing across restarts: a tab that
   * reconnects to a restarted server with an old Last-Event-ID still receives every new entry.
   */
  #seq = Date.now() * 1000;
  readonly #mailboxes = new Map<string, MailboxEntry[]>();
  readonly #streams = new Map<string, Set<Stream>>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(
    private readonly renderer: DisplayRenderer,
    private readonly now: () => string,
  ) {
    this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Records the message and pushes it to every open tab of the identity; returns the rendered entry for `reader`. */
  deliver(externalUserId: string, message: OutboundMessage, reader: Reader): DisplayEntry {
    const entry = this.#append(externalUserId, { kind: "bot", message });
    for (const stream of this.#streams.get(externalUserId) ?? []) write(stream.res, this.display(entry, stream.reader));
    return this.display(entry, reader);
  }

  /** The person's own words, so a reloaded tab shows both sides. */
  recordOwn(externalUserId: string, text: string): DisplayEntry {
    const { seq, at } = this.#append(externalUserId, { kind: "own", text });
    const entry: DisplayEntry = { seq, at, kind: "own", text };
    for (const stream of this.#streams.get(externalUserId) ?? []) write(stream.res, entry);
    return entry;
  }

  display(entry: MailboxEntry, reader: Reader): DisplayEntry {
    return entry.kind === "own" ? entry : { seq: entry.seq, at: entry.at, kind: "bot", message: this.renderer.render(reader, entry.message) };
  }

  /** Opens an SSE stream for a tab: replays the entries after `afterSeq`, then stays open. */
  open(externalUserId: string, res: ServerResponse, reader: Reader, afterSeq: number): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(`retry: 2000\n\n`);
    writeEvent(res, "clock", { serverNow: this.now() });
    for (const entry of this.#mailboxes.get(externalUserId) ?? []) if (entry.seq > afterSeq) write(res, this.display(entry, reader));
    const stream: Stream = { res, reader };
    const streams = this.#streams.get(externalUserId) ?? new Set<Stream>();
    streams.add(stream);
    this.#streams.set(externalUserId, streams);
    res.on("close", () => {
      streams.delete(stream);
      if (streams.size === 0) this.#streams.delete(externalUserId);
    });
  }

  /** Tells every tab the (possibly moved) time, so countdowns follow the dev clock. */
  announceClock(): void {
    this.#beat();
  }

  /** The open streams (tabs) of one identity: the channel caps them (LIVE_STREAMS_PER_IDENTITY). */
  streamCountOf(externalUserId: string): number {
    return this.#streams.get(externalUserId)?.size ?? 0;
  }

  openStreamCount(): number {
    let count = 0;
    for (const streams of this.#streams.values()) count += streams.size;
    return count;
  }

  /** Ends every stream (shutdown): the browsers reconnect to whichever server answers next. */
  closeAll(): void {
    clearInterval(this.#heartbeat);
    for (const streams of this.#streams.values()) for (const stream of streams) stream.res.end();
    this.#streams.clear();
  }

  #append(externalUserId: string, entry: { kind: "bot"; message: OutboundMessage } | { kind: "own"; text: string }): MailboxEntry {
    const full = { seq: ++this.#seq, at: this.now(), ...entry } as MailboxEntry;
    const mailbox = this.#mailboxes.get(externalUserId) ?? [];
    mailbox.push(full);
    if (mailbox.length > MAILBOX_SIZE) mailbox.splice(0, mailbox.length - MAILBOX_SIZE);
    this.#mailboxes.set(externalUserId, mailbox);
    return full;
  }

  #beat(): void {
    const serverNow = this.now();
    for (const streams of this.#streams.values()) for (const stream of streams) writeEvent(stream.res, "clock", { serverNow });
  }
}

function write(res: ServerResponse, entry: DisplayEntry): void {
  res.write(`id: ${entry.seq}\nevent: entry\ndata: ${JSON.stringify(entry)}\n\n`);
}

function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
