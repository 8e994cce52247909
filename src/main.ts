/**
 * The one composition root (architecture.md): reads the configuration (environment + optional
 * `.env`, validated), opens the database and applies migrations, seeds the demo on first run, builds
 * the adapters, and starts the HTTP server (health, web chat, staff console, dev clock), the deadline
 * scheduler and the outbox dispatcher. SIGTERM/SIGINT shut it down gracefully: stop taking requests,
 * let the turns in flight finish, let the running sweep and dispatch finish, close the database.
 *
 *   npm start                                   (= node --import tsx src/main.ts: one process, issue 15)
 *   npm run issue-sign-in-link -- <partyId>      (a one-time sign-in link, e.g. for the first staff member)
 */
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { pino, type Logger } from "pino";
import { commandOutbox, runCommand, type App } from "./app/app.js";
import { issueLinkCode } from "./app/identity/link-codes.js";
import { randomIds } from "./app/ids.js";
import type { BlobStore } from "./adapters/blob/blob-store.js";
import { FileSystemBlobStore } from "./adapters/blob/fs-blob-store.js";
import { PostgresBlobStore } from "./adapters/blob/postgres-blob-store.js";
import { sharedSecret } from "./adapters/db/app-secrets.js";
import { openLiveBus } from "./adapters/live/index.js";
import { SESSION_SECRET_NAME } from "./bots/webchat/sessions.js";
import { systemClock, type Clock } from "./adapters/clock/clock.js";
import { domainAggregates } from "./adapters/db/aggregates.js";
import { readMigrations } from "./adapters/db/migrator.js";
import { openPersistence, type Persistence } from "./adapters/db/persistence.js";
import { seedDemoIfEmpty } from "./bots/webchat/demo-data.js";
import { OutboxDispatcher, PrismaTranslationCache } from "./adapters/delivery/index.js";
import { ConfigError, defaultPublicUrl, environmentWithEnvFile, parseConfig, type AppConfig, type ConfigProblem } from "./config.js";
import { DevClock } from "./adapters/clock/dev-clock.js";
import { recoveringReadiness } from "./adapters/http/health-routes.js";
import { limitWasmTiering } from "./adapters/shared/wasm-tiering.js";
import { createHttpHost, currentLogger } from "./adapters/http/server.js";
import { createWebChatChannel } from "./bots/webchat/channel.js";
import { createDeadlineHandler } from "./adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "./adapters/scheduler/deadline-sweeper.js";
import { startDeadlineScheduler } from "./adapters/scheduler/cron-scheduler.js";
import { domainDeadlineOutcomes } from "./adapters/scheduler/domain-deadline-outcomes.js";
import { translatorFromConfig } from "./adapters/translate/index.js";
import { parseSlackConfig } from "./bots/slack/slack-config.js";
import { parseTeamsConfig } from "./bots/teams/teams-config.js";
import type { Channel, ChannelContext, ChannelFactory, ChannelRoutes } from "./bots/conversation/channel.js";
import { createConversationEngine } from "./bots/conversation/engine.js";
import { createTranslator, type MessageParams, type Translator } from "./bots/conversation/i18n/index.js";
import { renderDomainError } from "./bots/conversation/i18n/render-error.js";
import { isDomainError } from "./domain/shared/errors.js";
import { unconfiguredRoute, type OutboxRoute } from "./adapters/delivery/outbox-route.js";
import {
  PAGERDUTY_OUTBOX_KIND,
  PAGERDUTY_WEBHOOK_PATH,
  PagerDutyConfigError,
  PagerDutyEventsClient,
  pagerDutyRoute,
  pagerDutyWebhookListener,
  parsePagerDutyConfig,
  STAFF_CHANNEL_OUTBOX_KIND,
  staffChannelRoute,
  type PagerDutySettings,
  type PagerDutyWords,
} from "./adapters/paging/index.js";

/** Exit status for a configuration error (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * The messaging channels besides the web chat; each is on when its variables are set (README
 * "Configuration"). Issue 15: a channel's module — and its SDK, botbuilder ~40 MB and @slack/bolt
 * ~20 MB resident — is loaded only when the channel is configured.
 */
const CHANNELS: readonly { readonly configured: (ctx: ChannelContext) => boolean; readonly load: () => Promise<ChannelFactory> }[] = [
  { configured: (ctx) => parseSlackConfig(ctx.env) !== undefined, load: async () => (await import("./bots/slack/slack-channel.js")).createSlackChannel },
  {
    configured: (ctx) => parseTeamsConfig(ctx.env, ctx.publicUrl, ctx.nodeEnv) !== undefined,
    load: async () => (await import("./bots/teams/teams-channel.js")).createTeamsChannel,
  },
];

/** The configured channels, built (their factories still decide, and still validate their variables). */
async function messagingChannels(ctx: ChannelContext): Promise<Channel[]> {
  const built: Channel[] = [];
  for (const channel of CHANNELS) {
    if (!channel.configured(ctx)) continue;
    const created = (await channel.load())(ctx);
    if (created) built.push(created);
  }
  return built;
}

/**
 * DT-01: paging beyond the console — PagerDuty (Events v2 out through the outbox, webhooks v3 back at
 * `POST /pagerduty/webhooks`) when its variables are set, and the staff channel of a channel that
 * offers one (Slack with SLACK_STAFF_CHANNEL). Unconfigured parts take their outbox rows quietly.
 */
function pagingOf(
  config: AppConfig,
  app: App,
  i18n: Translator,
  channels: readonly Channel[],
  logger: Logger,
): { routes: Record<string, OutboxRoute>; mount(routes: ChannelRoutes): void; pagerDuty: readonly string[] } {
  const settings = pagerDutySettingsOf(config.environment);
  const client = new PagerDutyEventsClient({ ...(settings ? { baseUrl: settings.eventsUrl } : {}), nowMs: () => Date.parse(app.clock.now()) });
  const words: PagerDutyWords = (key, params) => i18n.t(PAGERDUTY_LANGUAGE, key, params as MessageParams);
  const staffChannel = channels.find((channel) => channel.staffChannel)?.staffChannel;
  return {
    pagerDuty: Object.keys(settings?.routingKeys ?? {}),
    routes: {
      [PAGERDUTY_OUTBOX_KIND]: pagerDutyRoute({
        client,
        routingKeys: settings?.routingKeys ?? {},
        publicUrl: config.publicUrl,
        source: "trade-assurance-bots",
        words,
      }),
      [STAFF_CHANNEL_OUTBOX_KIND]: staffChannel
        ? staffChannelRoute({ notifier: staffChannel, db: app.db, aggregates: domainAggregates(), clock: app.clock, publicUrl: config.publicUrl })
        : unconfiguredRoute("staff-channel"),
    },
    mount(routes) {
      if (!settings || settings.webhookSecrets.length === 0) return;
      routes.raw(
        "POST",
        PAGERDUTY_WEBHOOK_PATH,
        pagerDutyWebhookListener({
          secrets: settings.webhookSecrets,
          db: app.db,
          execute: (spec, options) => runCommand(app, spec, options),
          now: () => app.clock.now(),
          logger,
        }),
      );
    },
  };
}

/** PagerDuty's variables (PAGERDUTY_*), or a ConfigError naming each bad one. */
function pagerDutySettingsOf(environment: AppConfig["environment"]): PagerDutySettings | undefined {
  try {
    return parsePagerDutyConfig(environment);
  } catch (error) {
    if (error instanceof PagerDutyConfigError) throw new ConfigError(error.problems);
    throw error;
  }
}

/** PagerDuty's summaries are in the operators' language: the on-call tools are English-speaking by default. */
const PAGERDUTY_LANGUAGE = "en";

export interface RunningServer {
  readonly url: string;
  readonly app: App;
  /** Graceful shutdown; resolves when the database is closed. */
  stop(reason: string): Promise<void>;
}

export async function startServer(requested: AppConfig, logger: Logger): Promise<RunningServer> {
  const config = await withPortChosen(requested);
  await mkdir(config.dataDir, { recursive: true });
  const clock: Clock = config.devClock ? new DevClock(systemClock, path.join(config.dataDir, "dev-clock-offset-ms")) : systemClock;
  const persistence = await openPersistence({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: path.join(config.dataDir, "pglite"),
    clock,
  });
  try {
    return await startOn(persistence, config, clock, logger);
  } catch (error) {
    await persistence.close().catch(() => undefined);
    throw error;
  }
}

/**
 * PORT=0 asks for any free port. The sign-in links' default base (no PUBLIC_URL) names the port, and
 * every channel is given that base before the server listens, so the port is chosen first: otherwise
 * links would point at port 0.
 */
async function withPortChosen(config: AppConfig): Promise<AppConfig> {
  if (config.port !== 0) return config;
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, config.host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port was assigned"))));
    });
  });
  const linksFollowPort = config.publicUrl === defaultPublicUrl(config.host, 0);
  return { ...config, port, ...(linksFollowPort ? { publicUrl: defaultPublicUrl(config.host, port) } : {}) };
}

async function startOn(persistence: Persistence, config: AppConfig, clock: Clock, logger: Logger): Promise<RunningServer> {
  const { db, runner } = persistence;
  logger.info(
    {
      backend: db.backend,
      applied: persistence.migrations.applied,
      alreadyApplied: persistence.migrations.alreadyApplied.length,
    },
    "database ready",
  );
  const app: App = { db, runner, clock, ids: randomIds };

  if (config.demo) {
    const demo = await seedDemoIfEmpty(app);
    if (demo.seeded) logger.info({ parties: demo.parties, orderId: demo.orderId }, "demo data created");
  }

  const translator = translatorFromConfig(config.translator, {
    logger,
    cache: new PrismaTranslationCache(db, clock, config.translator.kind),
  });
  const i18n = createTranslator();
  // Live delivery across replicas (issue 10): web-chat messages are recorded in the database and NOTIFYed.
  const liveBus = await openLiveBus(db, logger);
  const engine = createConversationEngine(app, {
    onError: (err, inbound) => currentLogger(logger).error({ err, channel: inbound.channel }, "turn failed"),
  });
  // Evidence every replica can serve: in PostgreSQL whenever there is one; on disk only for the embedded default.
  const blobs: BlobStore =
    db.backend === "postgres" ? new PostgresBlobStore(db.sql, () => clock.now()) : new FileSystemBlobStore(path.join(config.dataDir, "blobs"));
  // Without SESSION_SECRET the key is generated once and kept in the database: restarts and other replicas keep sessions.
  const sessionSecret = config.sessionSecret ?? (await sharedSecret(db.sql, SESSION_SECRET_NAME, () => randomBytes(32).toString("base64url"), clock.now()));
  const channelContext: ChannelContext = {
    app,
    engine,
    i18n,
    blobs,
    logger,
    publicUrl: config.publicUrl,
    nodeEnv: config.nodeEnv,
    env: config.environment,
  };
  const webchat = createWebChatChannel(channelContext, {
    demo: config.demo,
    sessionSecret,
    uploadMaxBytes: config.uploadMaxBytes,
    limits: config.limits,
    ...(clock instanceof DevClock
      ? {
          devClock: {
            clock,
            afterMove: async () => {
              const report = await scheduler.tick();
              await dispatcher.dispatchOnce();
              webchat.sessions.announceClock();
              return report?.fired ?? 0;
            },
          },
        }
      : {}),
  });
  await webchat.sessions.listen(liveBus);
  const channels: Channel[] = [webchat, ...(await messagingChannels(channelContext))];
  const paging = pagingOf(config, app, i18n, channels, logger);
  const dispatcher = new OutboxDispatcher(db, clock, domainAggregates(), {
    senders: Object.fromEntries(channels.map((channel) => [channel.name, channel.sender])),
    routes: paging.routes,
    translator,
    translatorName: config.translator.kind,
    logger,
  });
  const dispatching = dispatcher.start({
    intervalMs: config.outboxPollMs,
    onError: (err) => logger.error({ err }, "outbox dispatch failed"),
  });

  const sweeper = new DeadlineSweeper(db, clock, createDeadlineHandler(runner, domainDeadlineOutcomes({ notifications: commandOutbox })), {
    onError: (deadline, err) => logger.error({ err, deadlineId: deadline.deadlineId, kind: deadline.kind }, "deadline firing failed"),
  });
  const scheduler = startDeadlineScheduler(sweeper, {
    cronExpression: config.schedulerCron,
    onSweep: (report) => {
      if (report.fired > 0 || report.failed > 0) logger.info({ ...report }, "deadline sweep");
    },
    onError: (err) => logger.error({ err }, "deadline sweep failed"),
  });
  // After downtime, every deadline that fell due meanwhile fires on the first sweep (architecture step 6).
  void scheduler.tick();

  const migrations = await readMigrations();
  const http = await createHttpHost({
    logger,
    // RATE_LIMIT_PER_IP_PER_MINUTE, HTTP_CONNECTION_BUDGET and the HTTP_*_TIMEOUT_MS variables: without
    // this the host ran on its defaults whatever the configuration said (the bench's 429s, issue 15).
    limits: config.limits.host,
    readiness: recoveringReadiness(db, migrations, (applied) => logger.warn({ applied }, "the database had lost its schema; migrations applied again")),
  });
  for (const channel of channels) channel.mount(http.routes);
  paging.mount(http.routes);

  let address: AddressInfo;
  try {
    address = await http.listen(config.host, config.port);
  } catch (error) {
    await scheduler.stop();
    await dispatching.stop();
    for (const channel of channels) await channel.stop?.();
    await liveBus.close();
    throw error;
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    {
      url,
      port: address.port,
      // What a new operator needs to check at a glance: where links point, where the data is, what is on.
      publicUrl: config.publicUrl,
      database: db.backend === "postgres" ? "postgresql (DATABASE_URL)" : `embedded, ${path.join(config.dataDir, "pglite")}`,
      pagerDuty: paging.pagerDuty,
      demo: config.demo,
      devClock: config.devClock,
      translator: config.translator.kind,
      channels: channels.map((c) => c.name),
    },
    "listening",
  );
  for (const channel of channels) await channel.start?.();

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, "shutting down: no new requests; finishing the turns in flight");
      const { unfinished } = await http.close(config.shutdownTimeoutMs);
      if (unfinished > 0) logger.warn({ unfinished }, "requests still running at the shutdown timeout were cut off");
      for (const channel of channels) await channel.stop?.();
      await scheduler.stop();
      await dispatching.stop();
      await liveBus.close();
      await persistence.close();
      logger.info("stopped");
    })();
    return stopping;
  };
  return { url, app, stop };
}

/**
 * The host's variables, then every channel's own and PagerDuty's — all before the database opens, so
 * a wrong SLACK_*, MICROSOFT_* or PAGERDUTY_* variable stops the start at once (QA pass: Slack's and
 * Teams' were found only as their channels were built, after 20–30 s of embedded-database start-up).
 * The channels' problems are reported together, like the host's. The channels parse them again when
 * built (the same pure functions), so what is checked here is what they run with.
 */
function readConfig(): AppConfig {
  const config = parseConfig(environmentWithEnvFile(process.env, path.resolve(".env")));
  const env = config.environment;
  const checks = [() => pagerDutySettingsOf(env), () => parseSlackConfig(env), () => parseTeamsConfig(env, config.publicUrl, config.nodeEnv)];
  const problems: ConfigProblem[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export function readConfigOrExit(): AppConfig {
  try {
    return readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee the README's "Configuration" table.\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

/**
 * `npm run issue-sign-in-link -- <partyId>`: prints a one-time sign-in link for a party (CM-05) —
 * how the first staff member gets in when DEMO is off. With the embedded database, run it while the
 * server is stopped (one process per data directory).
 */
async function issueSignInLink(partyId: string | undefined): Promise<void> {
  if (!partyId) {
    process.stderr.write("usage: npm run issue-sign-in-link -- <partyId>\n");
    process.exit(64);
  }
  const config = readConfigOrExit();
  await mkdir(config.dataDir, { recursive: true });
  const persistence = await openPersistence({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: path.join(config.dataDir, "pglite"),
    clock: systemClock,
  });
  try {
    const app: App = {
      db: persistence.db,
      runner: persistence.runner,
      clock: systemClock,
      ids: randomIds,
    };
    const issued = await issueLinkCode(app, "system", partyId);
    process.stdout.write(`${config.publicUrl}/?code=${issued.code}  (valid until ${issued.expiresAt})\n`);
  } catch (error) {
    // A refusal (an unknown or suspended party) is a sentence and exit 65, as in the admin CLI — not a stack trace.
    if (!isDomainError(error)) throw error;
    process.stderr.write(`${renderDomainError(createTranslator(), "en", "UTC", error)}\n`);
    process.exitCode = 65;
  } finally {
    await persistence.close();
  }
}

/** The variable to blame when listening failed because of its value (not a busy port: that is someone else's). */
export function listenProblemOf(error: unknown, config: Pick<AppConfig, "host" | "port">): { variable: string; problem: string } | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EADDRNOTAVAIL")
    return { variable: "HOST", problem: `${config.host} is not an address of this machine (${code}); e.g. 127.0.0.1, or 0.0.0.0 for every interface` };
  if (code === "EACCES") return { variable: "PORT", problem: `${config.port} needs privileges this process lacks (EACCES); use a port above 1023` };
  return undefined;
}

export async function main(): Promise<void> {
  if (process.argv[2] === "issue-sign-in-link") return issueSignInLink(process.argv[3]);
  const config = readConfigOrExit();
  // Issue 15: before the database opens (its first query compiles Prisma's query compiler).
  limitWasmTiering(config.databaseUrl ? "postgres" : "pglite");
  const logger = pino({
    level: config.logLevel,
    base: { service: "trade-assurance-bots" },
  });
  let server: RunningServer;
  try {
    server = await startServer(config, logger);
  } catch (err) {
    if (err instanceof ConfigError) {
      // A channel's own variables are checked up front (readConfig) and again as the channel is built:
      // should one still fail here, the same message and exit status as the host's (README "Configuration").
      process.stderr.write(`${err.message}\nSee the README's "Configuration" table.\n`);
      process.exit(EXIT_CONFIG);
    }
    const listenProblem = listenProblemOf(err, config);
    if (listenProblem) {
      // A HOST this machine cannot listen on, or a PORT it may not bind, is a wrong value like any
      // other: named, no stack trace, the configuration exit status (README "Configuration").
      process.stderr.write(`${new ConfigError([listenProblem]).message}\nSee the README's "Configuration" table.\n`);
      process.exit(EXIT_CONFIG);
    }
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      logger.fatal({ host: config.host, port: config.port }, `${config.host}:${config.port} is in use: stop what runs there or set PORT`);
    } else {
      logger.fatal({ err }, "start-up failed");
    }
    process.exit(1);
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    server.stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
