/**
 * A world for Teams tests: the product (embedded PGlite, migrated; manual clock; the engine; the
 * Teams channel built by `createTeamsChannel` from environment variables pointing at the stand-ins)
 * behind the product's HTTP host (Fastify) on 127.0.0.1, the Bot Framework stand-ins (identity + connector), a Teams
 * client that posts activities with channel tokens, and the outbox dispatcher with the Teams sender
 * and an in-memory web-chat sender (what a web-chat user receives).
 *
 * `restart()` builds a fresh channel and dispatcher on the same database, as a new process would.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { createHttpHost } from "../../src/adapters/http/server.js";
import { FileSystemBlobStore } from "../../src/adapters/blob/fs-blob-store.js";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { domainAggregates } from "../../src/adapters/db/aggregates.js";
import { openDatabase, type Database } from "../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../src/adapters/db/migrator.js";
import { CommandRunner } from "../../src/adapters/db/unit-of-work.js";
import { OutboxDispatcher } from "../../src/adapters/delivery/outbox-dispatcher.js";
import { PrismaTranslationCache } from "../../src/adapters/delivery/prisma-translation-cache.js";
import { translatorFromConfig, type TranslatorSettings } from "../../src/adapters/translate/index.js";
import type { App } from "../../src/app/app.js";
import { sequentialIds } from "../../src/app/ids.js";
import type { RawListener } from "../../src/bots/conversation/channel.js";
import { createConversationEngine, type ConversationEngine } from "../../src/bots/conversation/engine.js";
import { createTranslator, type Translator } from "../../src/bots/conversation/i18n/index.js";
import type { Inbound, OutboundMessage } from "../../src/bots/conversation/messages.js";
import { createTeamsChannel, type TeamsChannel } from "../../src/bots/teams/teams-channel.js";
import type { Instant } from "../../src/domain/shared/time.js";
import { InMemoryChannelSender } from "./in-memory-sender.js";
import { startBotConnectorStandIn, type BotConnectorStandIn } from "./standins/botframework/connector.js";
import { startBotFrameworkIdentityStandIn, type BotFrameworkIdentityStandIn } from "./standins/botframework/identity.js";
import { TeamsClient } from "./standins/botframework/teams-client.js";

export const BOT_APP_ID = "6f1c0a52-8e2b-4d7a-9f3e-2b7c1d0e9a11";
export const BOT_APP_PASSWORD = "stand-in-client-secret";
export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

export interface TeamsWorld {
  readonly app: App;
  readonly clock: ManualClock;
  readonly engine: ConversationEngine;
  readonly translator: Translator;
  readonly identity: BotFrameworkIdentityStandIn;
  readonly connector: BotConnectorStandIn;
  readonly client: TeamsClient;
  /** What web-chat users were sent by the outbox. */
  readonly webchat: InMemoryChannelSender;
  readonly channel: TeamsChannel;
  readonly dispatcher: OutboxDispatcher;
  /** What the channel and the outbox logged as warnings/errors. */
  readonly logs: readonly { level: string; msg: string }[];
  /** Runs the outbox until nothing more is due now. */
  deliverAll(): Promise<void>;
  /** A web-chat user's turn, as the web chat's routes hand it to the engine. */
  webchatSays(externalUserId: string, payload: Inbound["payload"], locale: string, timeZone: string): Promise<OutboundMessage[]>;
  /** A new channel and dispatcher on the same database (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TeamsWorldOptions {
  readonly start: Instant;
  /** Authentication off, as with the Bot Framework Emulator: no app id, an anonymous connector. */
  readonly emulator?: boolean;
  readonly translator?: TranslatorSettings;
}

const MAX_PASSES = 40;

export async function createTeamsWorld(options: TeamsWorldOptions): Promise<TeamsWorld> {
  const db: Database = await openDatabase({ pgliteDataDir: "memory://" });
  await migrate(db.sql, await readMigrations());
  const clock = new ManualClock(options.start);
  const app: App = { db, clock, runner: new CommandRunner(db, domainAggregates(), clock), ids: sequentialIds() };
  const engine = createConversationEngine(app, { onError: (error) => console.error(error) });
  const translator = createTranslator();
  const blobDir = await mkdtemp(path.join(tmpdir(), "teams-blobs-"));
  const blobs = new FileSystemBlobStore(blobDir);
  const identity = await startBotFrameworkIdentityStandIn();
  identity.registerBot(BOT_APP_ID, BOT_APP_PASSWORD);
  const connector = await startBotConnectorStandIn({ identity, botAppId: BOT_APP_ID, anonymous: options.emulator === true });
  const webchat = new InMemoryChannelSender();
  const logs: { level: string; msg: string }[] = [];
  const logger = pino(
    { level: "warn" },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { level: number; msg: string };
        logs.push({ level: entry.level >= 50 ? "error" : "warn", msg: entry.msg });
      },
    },
  );
  const translatorSettings: TranslatorSettings = options.translator ?? { kind: "none", timeoutMs: 1000 };

  // The product's own HTTP host (Fastify): the channel's raw route gets node's req/res with the body unread.
  const host = await createHttpHost({
    logger: pino({ level: "silent" }),
    readiness: () => Promise.resolve({ ready: true, database: "ok", pendingMigrations: [] }),
  });
  let listener: RawListener = () => undefined;
  // One route on the host for the life of the world; a restart swaps the channel behind it.
  host.routes.raw("POST", "/api/messages", (req, res) => listener(req, res));
  const address = await host.listen("127.0.0.1", 0);
  const base = `http://127.0.0.1:${address.port}`;

  function build(): { channel: TeamsChannel; dispatcher: OutboxDispatcher } {
    const channel = createTeamsChannel({
      app,
      engine,
      i18n: translator,
      blobs,
      logger,
      publicUrl: base,
      nodeEnv: "test",
      env: options.emulator
        ? { BOT_FRAMEWORK_EMULATOR: "true" }
        : {
            MICROSOFT_APP_ID: BOT_APP_ID,
            MICROSOFT_APP_PASSWORD: BOT_APP_PASSWORD,
            MICROSOFT_APP_TENANT_ID: TENANT_ID,
            MICROSOFT_APP_TYPE: "SingleTenant",
            BOT_OPENID_METADATA_URL: identity.openIdMetadataUrl,
            MICROSOFT_LOGIN_URL: identity.tokenUrl(TENANT_ID),
          },
    });
    if (!channel) throw new Error("the Teams channel did not start");
    channel.mount({ raw: (_method, _path, l) => void (listener = l), plugin: () => undefined });
    const dispatcher = new OutboxDispatcher(app.db, app.clock, domainAggregates(), {
      senders: { teams: channel.sender, webchat },
      translator: translatorFromConfig(translatorSettings, { logger, cache: new PrismaTranslationCache(app.db, app.clock, translatorSettings.kind) }),
      translatorName: translatorSettings.kind,
      logger,
    });
    return { channel, dispatcher };
  }

  let current = build();
  const client = new TeamsClient({ identity, botAppId: BOT_APP_ID, endpoint: `${base}/api/messages`, serviceUrl: connector.serviceUrl });

  return {
    app,
    clock,
    engine,
    translator,
    identity,
    connector,
    client,
    webchat,
    get channel() {
      return current.channel;
    },
    get dispatcher() {
      return current.dispatcher;
    },
    logs,
    async deliverAll() {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const report = await current.dispatcher.dispatchOnce();
        if (report.fannedOut + report.sent + report.retrying + report.failed === 0) return;
      }
      throw new Error(`the outbox did not settle within ${MAX_PASSES} passes`);
    },
    webchatSays(externalUserId, payload, locale, timeZone) {
      return engine.handle({
        channel: "webchat",
        externalUserId,
        conversation: { channel: "webchat", conversationId: `web-${externalUserId}` },
        locale,
        timeZone,
        payload,
      });
    },
    async restart() {
      current = build();
    },
    async close() {
      await host.close(1_000);
      await connector.close();
      await identity.close();
      await db.close();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}
