/**
 * The live bus on the embedded database: PGlite's own `listen`. One process owns the database, so the
 * connection is never lost and `onResumed` never runs.
 */
import type { PGlite } from "@electric-sql/pglite";
import { checkChannelName, ListenerTable, type LiveBus, type LiveListener } from "./live-bus.js";

export class PgliteLiveBus implements LiveBus {
  readonly #table = new ListenerTable();
  readonly #unlisten = new Map<string, () => Promise<void>>();

  constructor(
    private readonly pglite: PGlite,
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  async listen(channel: string, listener: LiveListener): Promise<() => Promise<void>> {
    checkChannelName(channel);
    if (this.#table.add(channel, listener)) {
      const unlisten = await this.pglite.listen(channel, (payload) => this.#table.dispatch(channel, payload, this.onListenerError));
      this.#unlisten.set(channel, unlisten);
    }
    return async () => {
      if (!this.#table.remove(channel, listener)) return;
      const unlisten = this.#unlisten.get(channel);
      this.#unlisten.delete(channel);
      if (!this.pglite.closed) await unlisten?.();
    };
  }

  onResumed(handler: () => void): () => void {
    return this.#table.onResumed(handler);
  }

  async close(): Promise<void> {
    const unlistens = [...this.#unlisten.values()];
    this.#unlisten.clear();
    if (!this.pglite.closed) for (const unlisten of unlistens) await unlisten();
  }
}
