/**
 * The live bus on PostgreSQL: one dedicated connection (not from the pool — a pooled connection goes
 * back after each query, and LISTEN belongs to its session) that LISTENs on every channel someone
 * listens on. When the connection is lost (server restart, failover, the database dropped and
 * recreated) it reconnects with backoff, LISTENs again, and runs the `onResumed` handlers so they
 * catch up on what was committed meanwhile.
 */
import pg from "pg";
import { checkChannelName, ListenerTable, type LiveBus, type LiveListener } from "./live-bus.js";

export interface LiveBusLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface PostgresLiveBusOptions {
  readonly logger: LiveBusLogger;
  /** First and longest wait between reconnection attempts (default 100 ms and 5 s). */
  readonly reconnectDelayMs?: { readonly min: number; readonly max: number };
}

export class PostgresLiveBus implements LiveBus {
  readonly #table = new ListenerTable();
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    private readonly connectionString: string,
    private readonly options: PostgresLiveBusOptions,
  ) {
    this.#minDelayMs = options.reconnectDelayMs?.min ?? 100;
    this.#maxDelayMs = options.reconnectDelayMs?.max ?? 5_000;
  }

  /** Connects the listening connection (start-up fails when the server cannot be reached). */
  static async connect(connectionString: string, options: PostgresLiveBusOptions): Promise<PostgresLiveBus> {
    const bus = new PostgresLiveBus(connectionString, options);
    await bus.#connect();
    return bus;
  }

  async listen(channel: string, listener: LiveListener): Promise<() => Promise<void>> {
    checkChannelName(channel);
    if (this.#table.add(channel, listener)) {
      // Not connected: the reconnection LISTENs on every channel and then runs the resumed handlers.
      await this.#client
        ?.query(`LISTEN "${channel}"`)
        .catch((err: unknown) => this.options.logger.warn({ err, channel }, "LISTEN failed; it is repeated on reconnection"));
    }
    return async () => {
      if (!this.#table.remove(channel, listener)) return;
      await this.#client?.query(`UNLISTEN "${channel}"`).catch(() => undefined);
    };
  }

  onResumed(handler: () => void): () => void {
    return this.#table.onResumed(handler);
  }

  /** True while the listening connection is up. */
  get connected(): boolean {
    return this.#client !== undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client ?? (await this.#connecting?.catch(() => undefined));
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #connect(): Promise<pg.Client> {
    this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
      client.on("notification", (message) =>
        this.#table.dispatch(message.channel, message.payload ?? "", (err) =>
          this.options.logger.error({ err, channel: message.channel }, "live listener failed"),
        ),
      );
      client.on("error", (err) => this.#lost(client, err));
      client.on("end", () => this.#lost(client, undefined));
      try {
        await client.connect();
        for (const channel of this.#table.channels()) await client.query(`LISTEN "${channel}"`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      if (this.#closed) {
        await client.end().catch(() => undefined);
        return client;
      }
      this.#client = client;
      return client;
    })().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  #lost(client: pg.Client, error: Error | undefined): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    this.options.logger.warn({ err: error }, "live notification connection lost; reconnecting");
    this.#reconnect(this.#minDelayMs);
  }

  #reconnect(delayMs: number): void {
    if (this.#closed) return;
    this.#retryTimer = setTimeout(() => {
      this.#connect().then(
        () => {
          if (this.#closed) return;
          this.options.logger.info({}, "live notification connection back; catching up");
          this.#table.resumed((err) => this.options.logger.error({ err }, "catching up after reconnection failed"));
        },
        (err: unknown) => {
          this.options.logger.warn({ err, retryInMs: delayMs }, "live notification connection still down");
          this.#reconnect(Math.min(delayMs * 2, this.#maxDelayMs));
        },
      );
    }, delayMs);
    this.#retryTimer.unref();
  }
}
