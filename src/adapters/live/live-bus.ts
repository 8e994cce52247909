/**
 * The live-notification bus (issue 10): a replica that commits something other replicas must show at
 * once (a web-chat message) NOTIFYs its id inside the transaction that records it; every replica
 * LISTENs and pushes what it is told about. PostgreSQL's LISTEN/NOTIFY across processes, PGlite's own
 * `listen` in the embedded database — one interface, so everything above it runs one code path.
 *
 * A notification says only "look": its payload is small (ids) and the database stays the record.
 * Notifications are lost while a listening connection is down, so `onResumed` handlers run after it
 * is back and catch up from the database.
 */
import type { Tx } from "../db/transaction.js";

export type LiveListener = (payload: string) => void;

export interface LiveBus {
  /**
   * Listens on `channel`. Resolves once listening (when the connection is up): a NOTIFY committed
   * after that reaches `listener`. Resolves with a function that stops listening.
   */
  listen(channel: string, listener: LiveListener): Promise<() => Promise<void>>;
  /** Runs `handler` each time listening resumed after a lost connection; returns a function that removes it. */
  onResumed(handler: () => void): () => void;
  close(): Promise<void>;
}

/** Channel names are SQL identifiers we write ourselves: lower-case letters, digits and underscores. */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkChannelName(channel: string): string {
  if (!CHANNEL_NAME.test(channel)) throw new RangeError(`live channel name ${JSON.stringify(channel)} must match ${CHANNEL_NAME}`);
  return channel;
}

/** PostgreSQL caps a NOTIFY payload at 8000 bytes; ours are ids, far below. */
const MAX_PAYLOAD_BYTES = 7_900;

/**
 * NOTIFY inside the caller's transaction: delivered to listeners when (and only if) it commits, in
 * commit order, so a listener that reads the database on notice sees what was recorded.
 */
export async function notifyInTransaction(tx: Tx, channel: string, payload: string): Promise<void> {
  if (Buffer.byteLength(payload, "utf8") > MAX_PAYLOAD_BYTES) throw new RangeError(`live notification payload over ${MAX_PAYLOAD_BYTES} bytes on ${channel}`);
  await tx.$executeRaw`SELECT pg_notify(${checkChannelName(channel)}, ${payload})`;
}

/** The listeners of each channel, shared by both implementations. */
export class ListenerTable {
  readonly #byChannel = new Map<string, Set<LiveListener>>();
  readonly #resumed = new Set<() => void>();

  /** Adds a listener; true when it is the channel's first (the connection must LISTEN). */
  add(channel: string, listener: LiveListener): boolean {
    const set = this.#byChannel.get(channel) ?? new Set<LiveListener>();
    const first = set.size === 0;
    set.add(listener);
    this.#byChannel.set(channel, set);
    return first;
  }

  /** Removes a listener; true when it was the channel's last (the connection may UNLISTEN). */
  remove(channel: string, listener: LiveListener): boolean {
    const set = this.#byChannel.get(channel);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.#byChannel.delete(channel);
    return true;
  }

  channels(): string[] {
    return [...this.#byChannel.keys()];
  }

  /** Calls every listener of the channel; one listener's error does not keep the others from theirs. */
  dispatch(channel: string, payload: string, onError: (error: unknown) => void): void {
    for (const listener of [...(this.#byChannel.get(channel) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        onError(error);
      }
    }
  }

  onResumed(handler: () => void): () => void {
    this.#resumed.add(handler);
    return () => this.#resumed.delete(handler);
  }

  resumed(onError: (error: unknown) => void): void {
    for (const handler of [...this.#resumed]) {
      try {
        handler();
      } catch (error) {
        onError(error);
      }
    }
  }
}
