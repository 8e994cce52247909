/**
 * The Slack channel (issue 12): one Bolt `App` on the product's HTTP host at `POST /slack/events`
 * (events, interactivity, slash commands), or over Socket Mode with SLACK_APP_TOKEN.
 *
 * Requests: Bolt verifies the v0 signature and refuses timestamps older than 5 minutes; we also refuse
 * ones more than 5 minutes in the future (a symmetric window, before Bolt reads the body). Every event
 * and interaction reaches the engine with its id (`event_id`, or the interaction's `trigger_id`), so a
 * Slack retry is a no-op (the engine's inbound dedupe). Events are acknowledged at once and the turn
 * runs after the ack, through one bounded queue (issue 15, turn-queue.ts): at most a few turns per
 * database connection at once, one person's turns in the order they arrived; a modal submission is
 * answered synchronously (`response_action: "errors"`).
 *
 * What a person gets: the DM with the bot is outside any case; each order and claim is a thread in it
 * (its own engine conversation, bound to the case); buttons run the neutral actions and a clicked
 * message loses its buttons (`chat.update`), and so do the earlier messages about a case once it moves
 * on — the other party, staff or a deadline changed it (slack-sent-messages.ts); a form opens as a
 * modal, answered within Slack's 3 s even when the turn is slower (a "working…" view, finished after
 * the ack); a file dropped in a claim thread, or given in a modal's file input, becomes evidence; the
 * App Home lists orders and cases with their deadlines and open actions; `/trade help|orders|new
 * order|claim <order>|settings|language <tag>|timezone <zone>`. "leave" typed in a case thread leaves
 * it until the "Message … about …" button (see bindThread). The reader's language and zone come from
 * `users.info` unless the person chose their own (slack-settings.ts).
 */
import type { Reader } from "../conversation/i18n/index.js";
import { DeliveryError } from "../../adapters/delivery/channel-sender.js";
import { slackStaffChannel } from "./slack-staff-channel.js";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { LRUCache } from "lru-cache";
import { App as BoltApp, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { types as BoltTypes } from "@slack/bolt";
import type { Logger } from "pino";
import { actorOf } from "../../app/actor.js";
import { loadConversationState, saveConversationState } from "../../app/conversations.js";
import { resolveParty } from "../../app/identity/resolve-party.js";
import { myOrdersAndCases } from "../../app/queries/my-items.js";
import { whatCanIDoNow } from "../../app/queries/what-can-i-do-now.js";
import { USE_CASE } from "../../app/use-cases.js";
import type { Channel, ChannelContext, ChannelRoutes } from "../conversation/channel.js";
import type { Form, InboundPayload, OutboundMessage, UploadedFile } from "../conversation/messages.js";
import { enterThreadButton } from "../conversation/threads.js";
import { TurnQueue, turnConcurrencyFor } from "../conversation/turn-queue.js";
import { myItemsMessage, whatNowMessage } from "../conversation/views.js";
import {
  BlockKitRenderer,
  BUTTON_ACTION_PREFIX,
  decodeButtonValue,
  formatBytes,
  modalMetadataSchema,
  submittedForm,
  type ModalMetadata,
  type SlackBlock,
} from "./block-kit.js";
import { PrismaInstallationStore, type WorkspaceBot } from "./installation-store.js";
import { authorizationUrlOf, parseSlackConfig, type SlackConfig } from "./slack-config.js";
import { fetchSlackFile, type FileRejection } from "./slack-files.js";
import { channelEvidenceLimits } from "../conversation/evidence-files.js";
import { CaseThreads, conversationRefOf, externalUserIdOf, SLACK_CHANNEL, type CaseSubject, type SlackPlace } from "./slack-places.js";
import { SlackPoster, SlackSender } from "./slack-sender.js";
import {
  AUTO,
  knownTimeZone,
  LANGUAGES_OFFERED,
  readerWith,
  settingsCommandOf,
  SlackUserSettings,
  usableLanguageTag,
  type SettingsCommand,
} from "./slack-settings.js";
import { changesCase, READ_ONLY_ACTIONS, SentMessages, type MessageOrigin } from "./slack-sent-messages.js";
import {
  ChannelPacer,
  DEAD_TOKEN_ERRORS,
  SLACK_CACHE_MAX,
  platformErrorOf,
  SLACK_POST_PACING,
  SlackClients,
  slackClientOptions,
  type PacingRule,
} from "./slack-web.js";

type View = BoltTypes.View;

export const SLACK_EVENTS_PATH = "/slack/events";
export const SLACK_INSTALL_PATH = "/slack/install";
export const SLACK_REDIRECT_PATH = "/slack/oauth_redirect";
export const SLASH_COMMAND = "/trade";

/** Slack's replay window: a request whose timestamp is further than this from now, either way, is refused. */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/** The bot scopes the app asks for (the manifest lists the same). */
export const BOT_SCOPES = ["chat:write", "im:history", "im:read", "im:write", "users:read", "files:read", "commands"];

/** How long a person's Slack language and zone are reused before users.info is asked again. */
const PROFILE_TTL_MS = 10 * 60 * 1000;

export interface SlackChannelOptions {
  /** Wall-clock milliseconds for the timestamp window and pacing (Slack's clock, not the product's business clock). */
  readonly nowMs?: () => number;
  /** Per-channel pacing of the outbox's posts (default Slack's ~1 per second with a small burst); null = none. */
  readonly pacing?: PacingRule | null;
  /** How long a modal submission's work may run before the modal is answered with a "working…" view (Slack allows 3 s). */
  readonly modalAckBudgetMs?: number;
}

/** Under Slack's 3 s, leaving room for the network and the answer itself. */
export const MODAL_ACK_BUDGET_MS = 2000;

export interface SlackChannel extends Channel {
  /** Resolves when every turn that was acknowledged has finished (tests, graceful stop). */
  settled(): Promise<void>;
  readonly config: SlackConfig;
}

function boltLoggerOf(logger: Logger): BoltLogger {
  const log = logger.child({ component: "slack" });
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => log.debug(msg.map(String).join(" ")),
    info: (...msg: unknown[]) => log.info(msg.map(String).join(" ")),
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(" ")),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(" ")),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Refuses a request whose signed timestamp is outside the window either way (Bolt checks only the past). */
export function withTimestampWindow(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  nowMs: () => number,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const header = req.headers["x-slack-request-timestamp"];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    if (!Number.isInteger(timestamp) || Math.abs(nowMs() / 1000 - timestamp) > TIMESTAMP_WINDOW_SECONDS) {
      req.resume();
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
      res.end("request timestamp outside the 5-minute window");
      return;
    }
    listener(req, res);
  };
}

interface Profile {
  readonly locale?: string;
  readonly timeZone?: string;
  readonly at: number;
}

interface TurnInput {
  readonly client: WebClient;
  readonly place: SlackPlace;
  readonly userId: string;
  readonly eventId: string;
  readonly payload: InboundPayload;
}

export function createSlackChannel(ctx: ChannelContext, options: SlackChannelOptions = {}): SlackChannel | undefined {
  const config = parseSlackConfig(ctx.env);
  if (!config) return undefined;
  const nowMs = options.nowMs ?? Date.now;
  const modalAckBudgetMs = options.modalAckBudgetMs ?? MODAL_ACK_BUDGET_MS;
  const log = ctx.logger.child({ channel: SLACK_CHANNEL });
  const renderer = new BlockKitRenderer(ctx.i18n);
  const threads = new CaseThreads(ctx.app.db, () => ctx.app.clock.now());
  const sentMessages = new SentMessages(ctx.app.db, () => ctx.app.clock.now());
  const userSettings = new SlackUserSettings(ctx.app.db, () => ctx.app.clock.now());
  // A stale-button update that fails is logged: the new message did go out, and the engine still refuses a stale click.
  const poster = new SlackPoster(renderer, threads, sentMessages, (err: unknown) => log.warn({ err }, "updating stale Slack buttons failed"));
  const clients = new SlackClients(config.apiUrl);
  const clientOptions = slackClientOptions(config.apiUrl);
  const boltLogger = boltLoggerOf(ctx.logger);
  const installations = new PrismaInstallationStore(ctx.app.db, () => ctx.app.clock.now());
  const limits = channelEvidenceLimits();
  const inFlight = new Set<Promise<unknown>>();
  // Issue 15: the work after the ack runs through one bounded queue, a person's turns in order.
  const turns = new TurnQueue(turnConcurrencyFor(ctx.app.db));
  // Bounded (issue 15): one entry per person seen, for the life of the process, was unbounded.
  const profiles = new LRUCache<string, Profile>({ max: SLACK_CACHE_MAX });

  // --- receivers and authorization ----------------------------------------------------------------

  let receiver: HTTPReceiver | SocketModeReceiver;
  let singleBot: Promise<WorkspaceBot> | undefined;
  /** Single workspace: the bot's ids as configured, else learnt by one awaited auth.test (never at construction). */
  const singleWorkspaceBot = (token: string): Promise<WorkspaceBot> => {
    if (config.mode !== "single") throw new Error("not a single-workspace app");
    if (config.botUserId && config.botId) return Promise.resolve({ teamId: "", botToken: token, botUserId: config.botUserId, botId: config.botId });
    singleBot ??= clients
      .of(token)
      .auth.test()
      .then((answer) => ({
        teamId: answer.team_id ?? "",
        botToken: token,
        ...(answer.user_id ? { botUserId: answer.user_id } : {}),
        ...(answer.bot_id ? { botId: answer.bot_id } : {}),
      }))
      .catch((error: unknown) => {
        singleBot = undefined;
        throw error;
      });
    return singleBot;
  };

  const httpCommon = { signingSecret: config.signingSecret, endpoints: SLACK_EVENTS_PATH, logger: boltLogger, processBeforeResponse: false } as const;
  if (config.mode === "oauth") {
    receiver = new HTTPReceiver({
      ...httpCommon,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      stateSecret: config.stateSecret,
      installationStore: installations,
      scopes: BOT_SCOPES,
      redirectUri: `${ctx.publicUrl.replace(/\/$/, "")}${SLACK_REDIRECT_PATH}`,
      installerOptions: {
        installPath: SLACK_INSTALL_PATH,
        redirectUriPath: SLACK_REDIRECT_PATH,
        directInstall: true,
        clientOptions,
        authorizationUrl: authorizationUrlOf(config.apiUrl),
      },
    });
  } else if (config.appToken) {
    receiver = new SocketModeReceiver({ appToken: config.appToken, logger: boltLogger, installerOptions: { clientOptions } });
  } else {
    receiver = new HTTPReceiver(httpCommon);
  }
  const singleToken = config.mode === "single" ? config.botToken : undefined;
  const bolt = new BoltApp({
    receiver,
    logger: boltLogger,
    clientOptions,
    ...(singleToken
      ? {
          authorize: async () => {
            const bot = await singleWorkspaceBot(singleToken);
            return { botToken: bot.botToken, ...(bot.botUserId ? { botUserId: bot.botUserId } : {}), ...(bot.botId ? { botId: bot.botId } : {}) };
          },
        }
      : {}),
  });

  /** Enterprise Grid: each workspace an org-wide install reaches is remembered with its org (botOf needs it). */
  const knownOrgTeams = new Set<string>();
  bolt.use(async ({ context, next }) => {
    const teamId = context.teamId;
    if (context.isEnterpriseInstall && context.enterpriseId && teamId && !knownOrgTeams.has(teamId)) {
      await ctx.app.db.prisma.slackEnterpriseTeam.upsert({
        where: { teamId },
        create: { teamId, enterpriseId: context.enterpriseId, seenAt: new Date(ctx.app.clock.now()) },
        update: { enterpriseId: context.enterpriseId },
      });
      knownOrgTeams.add(teamId);
    }
    await next();
  });

  /** The bot of a workspace for a proactive send; undefined when the app is gone from it. */
  const revokedTeams = new Set<string>();
  async function botOf(teamId: string): Promise<WorkspaceBot | undefined> {
    if (revokedTeams.has(teamId)) return undefined;
    if (singleToken) return { ...(await singleWorkspaceBot(singleToken)), teamId };
    const installer = receiver instanceof HTTPReceiver ? receiver.installer : undefined;
    if (!installer) return installations.botOf(teamId);
    // InstallProvider.authorize refreshes a rotating token near its expiry (and stores it again).
    // A workspace reached through an org-wide (Enterprise Grid) install authorizes as that org.
    const org = await ctx.app.db.prisma.slackEnterpriseTeam.findUnique({ where: { teamId } });
    try {
      const auth = await installer.authorize(
        org ? { teamId, enterpriseId: org.enterpriseId, isEnterpriseInstall: true } : { teamId, enterpriseId: undefined, isEnterpriseInstall: false },
      );
      return auth.botToken
        ? { teamId, botToken: auth.botToken, ...(auth.botUserId ? { botUserId: auth.botUserId } : {}), ...(auth.botId ? { botId: auth.botId } : {}) }
        : undefined;
    } catch (error) {
      if (org || (await installations.botOf(teamId))) throw error; // installed, but authorizing failed: transient
      return undefined;
    }
  }

  /** DT-01: the staff channel's pages, through the bot of the staff channel's workspace. */
  const staffChannel = config.staffChannel
    ? slackStaffChannel(
        config.staffChannel,
        renderer,
        async (teamId) => {
          if (singleToken) return clients.of(singleToken);
          const bot = teamId === undefined ? undefined : await botOf(teamId);
          if (!bot) throw new DeliveryError(`the Slack app is not installed in the staff channel's workspace ${teamId ?? ""}`, { permanent: true });
          return clients.of(bot.botToken);
        },
        nowMs,
      )
    : undefined;

  const pacing = options.pacing === undefined ? SLACK_POST_PACING : options.pacing;
  const sender = new SlackSender({
    poster,
    clients,
    botOf,
    nowMs,
    // CM-03: a delivery reads in the person's own choice of language and zone, else the party's.
    readerOf: async (externalUserId, party) => readerWith(await userSettings.of(externalUserId), {}, party),
    ...(pacing ? { pacer: new ChannelPacer(pacing, nowMs) } : {}),
  });

  // --- a turn -------------------------------------------------------------------------------------

  /** The queue key of a person of a workspace: their turns run one after the other (issue 15). */
  const personKey = (teamId: string, userId: string): string => externalUserIdOf({ teamId, userId });

  /**
   * Runs after the ack through the turn queue (issue 15): after the person's earlier turns, when a slot
   * is free. Its failure is logged (the person already got their ack) and does not hold up their next turn.
   * Listeners do not await it: an awaited listener kept Bolt's whole request (req/res, middleware chain)
   * alive while the turn waited in the queue — ~170 MB more RSS for ~7,000 queued events. `settled()`
   * waits for the queue.
   */
  function afterAck(what: string, key: string, work: () => Promise<void>): Promise<void> {
    return turns.run(key, work).catch((err: unknown) => log.error({ err }, `${what} failed`));
  }

  /** What Slack says of the person's language and zone (users.info), cached for a while. */
  async function slackProfileOf(client: WebClient, teamId: string, userId: string): Promise<Profile> {
    const key = `${teamId}:${userId}`;
    const known = profiles.get(key);
    if (known && nowMs() - known.at < PROFILE_TTL_MS) return known;
    const info = await client.users.info({ user: userId, include_locale: true });
    const profile: Profile = { ...(info.user?.locale ? { locale: info.user.locale } : {}), ...(info.user?.tz ? { timeZone: info.user.tz } : {}), at: nowMs() };
    profiles.set(key, profile);
    return profile;
  }

  /** CM-03: the person's language and zone — their own choice (slack-settings.ts) over Slack's. */
  async function readerOf(client: WebClient, teamId: string, userId: string): Promise<Profile> {
    const slack = await slackProfileOf(client, teamId, userId);
    const chosen = await userSettings.of(externalUserIdOf({ teamId, userId }));
    if (!chosen) return slack;
    return { ...slack, ...(chosen.locale ? { locale: chosen.locale } : {}), ...(chosen.timeZone ? { timeZone: chosen.timeZone } : {}) };
  }

  const languageName = (reader: Reader, tag: string): string => {
    try {
      return new Intl.DisplayNames([reader.locale], { type: "language" }).of(tag) ?? tag;
    } catch {
      // An odd tag the runtime cannot name: the tag itself.
      return tag;
    }
  };

  /** `/trade settings | language <tag|auto> | timezone <zone|auto>`: shows or changes the person's own choice. */
  async function settingsTurn(client: WebClient, place: SlackPlace, userId: string, command: SettingsCommand): Promise<void> {
    const externalUserId = externalUserIdOf({ teamId: place.teamId, userId });
    const say = async (message: OutboundMessage): Promise<void> => {
      const reader = readerFrom(await readerOf(client, place.teamId, userId));
      await poster.post(client, place.teamId, place.channelId, reader, message);
    };
    if (command.kind === "language") {
      const auto = command.value.toLowerCase() === AUTO;
      const tag = auto ? null : usableLanguageTag(command.value);
      if (tag === undefined)
        return say({ text: { key: "slack:settings.badLanguage", params: { value: command.value, languages: LANGUAGES_OFFERED } }, tone: "warning" });
      await userSettings.choose(externalUserId, { locale: tag });
    } else if (command.kind === "timeZone") {
      const auto = command.value.toLowerCase() === AUTO;
      const zone = auto ? null : knownTimeZone(command.value);
      if (zone === undefined) return say({ text: { key: "slack:settings.badTimeZone", params: { value: command.value } }, tone: "warning" });
      await userSettings.choose(externalUserId, { timeZone: zone });
    }
    const reader = readerFrom(await readerOf(client, place.teamId, userId));
    const chosen = await userSettings.of(externalUserId);
    const source = (mine: boolean): string => renderer.word(reader, mine ? "slack:settings.source.chosen" : "slack:settings.source.slack");
    await poster.post(client, place.teamId, place.channelId, reader, {
      text: {
        key: command.kind === "show" ? "slack:settings.show" : "slack:settings.changed",
        params: {
          language: languageName(reader, reader.locale),
          languageSource: source(chosen?.locale !== undefined),
          timeZone: reader.timeZone,
          timeZoneSource: source(chosen?.timeZone !== undefined),
          now: { instant: ctx.app.clock.now() },
        },
      },
      ...(command.kind === "show" ? {} : { tone: "success" as const }),
    });
  }

  const readerFrom = (profile: Omit<Profile, "at">): Reader => ({ locale: profile.locale ?? "en", timeZone: profile.timeZone ?? "UTC" });

  /**
   * CM-06 on Slack — when what a person writes in a DM goes to the counterparty:
   * 1. the DM outside any thread is bound to no case: what is typed there is for the bot, always;
   * 2. a case's Slack thread is that case's thread: writing in it binds it (the person chose the
   *    place of the case), so their free text there reaches the counterparty;
   * 3. "leave" typed in the thread (the exit intent, in any of the languages) or the Leave button
   *    leaves it, and the thread is remembered as left (`slack_left_threads`): from then on what the
   *    person writes in that Slack thread is for the bot, answered in the thread, and sent to no one —
   *    writing there again does NOT re-enter it;
   * 4. only the deliberate "Message the … about …" button (enterThread), pressed anywhere, re-enters:
   *    the mark is deleted and the thread bound again.
   * Each thread is its own engine conversation (conversationRefOf), so leaving one touches no other.
   */
  const threadKey = (place: SlackPlace, externalUserId: string) => ({
    channel: SLACK_CHANNEL,
    conversationId: conversationRefOf(place).conversationId,
    externalUserId,
  });

  async function hasLeft(place: SlackPlace, externalUserId: string): Promise<boolean> {
    const { conversationId } = threadKey(place, externalUserId);
    return (await ctx.app.db.prisma.slackLeftThread.findUnique({ where: { externalUserId_conversationId: { externalUserId, conversationId } } })) !== null;
  }

  async function bindThread(place: SlackPlace, externalUserId: string): Promise<CaseSubject | undefined> {
    const key = threadKey(place, externalUserId);
    const subject = place.threadTs ? await threads.subjectOf(place.teamId, place.channelId, place.threadTs) : undefined;
    const stored = await loadConversationState(ctx.app.db, key);
    if (subject && !stored.subject && !(await hasLeft(place, externalUserId)))
      await saveConversationState(ctx.app.db, key, { ...stored, subject }, ctx.app.clock.now());
    if (!place.threadTs && stored.subject) {
      const { subject: _left, ...outside } = stored;
      await saveConversationState(ctx.app.db, key, outside, ctx.app.clock.now());
    }
    return subject;
  }

  /** Rule 3: after a turn in a case thread that left it, the thread is remembered as left. */
  async function rememberLeaving(place: SlackPlace, externalUserId: string): Promise<boolean> {
    const key = threadKey(place, externalUserId);
    if ((await loadConversationState(ctx.app.db, key)).subject) return false;
    await ctx.app.db.prisma.slackLeftThread.upsert({
      where: { externalUserId_conversationId: { externalUserId, conversationId: key.conversationId } },
      create: { externalUserId, conversationId: key.conversationId, leftAt: new Date(ctx.app.clock.now()) },
      update: {},
    });
    return true;
  }

  /** Rule 4: the engine let the person into the case: its Slack thread in this DM is entered again. */
  async function reenter(place: SlackPlace, externalUserId: string, entered: CaseSubject): Promise<void> {
    const threadTs = await threads.threadOf(place.teamId, place.channelId, entered);
    if (!threadTs) return; // no thread yet: the "entered" reply starts it, and writing there binds it (rule 2)
    const caseThread: SlackPlace = { teamId: place.teamId, channelId: place.channelId, threadTs };
    const key = threadKey(caseThread, externalUserId);
    await ctx.app.db.prisma.slackLeftThread.deleteMany({ where: { externalUserId, conversationId: key.conversationId } });
    const stored = await loadConversationState(ctx.app.db, key);
    await saveConversationState(ctx.app.db, key, { ...stored, subject: entered }, ctx.app.clock.now());
  }

  async function runTurn(input: TurnInput): Promise<{ replies: OutboundMessage[]; reader: Reader; subject: CaseSubject | undefined }> {
    const externalUserId = externalUserIdOf({ teamId: input.place.teamId, userId: input.userId });
    const profile = await readerOf(input.client, input.place.teamId, input.userId);
    const subject = await bindThread(input.place, externalUserId);
    const replies = await ctx.engine.handle({
      channel: SLACK_CHANNEL,
      externalUserId,
      eventId: input.eventId,
      conversation: conversationRefOf(input.place),
      ...(profile.locale ? { locale: profile.locale } : {}),
      ...(profile.timeZone ? { timeZone: profile.timeZone } : {}),
      payload: input.payload,
    });
    const entered = replies.find((r) => r.subject && r.text?.key.startsWith("conversation:thread.entered."))?.subject;
    if (entered) await reenter(input.place, externalUserId, entered);
    else if (subject && input.place.threadTs && replies.some((r) => r.text?.key === "conversation:thread.left")) {
      await rememberLeaving(input.place, externalUserId);
      return { replies: await withWayBack(replies, subject, externalUserId), reader: readerFrom(profile), subject };
    }
    return { replies, reader: readerFrom(profile), subject };
  }

  /** The "you left" reply in a Slack thread says that writing here now reaches the bot, with the button back in. */
  async function withWayBack(replies: readonly OutboundMessage[], subject: CaseSubject, externalUserId: string): Promise<OutboundMessage[]> {
    const party = await resolveParty(ctx.app.db, SLACK_CHANNEL, externalUserId);
    return replies.map((reply) =>
      reply.text?.key === "conversation:thread.left"
        ? {
            ...reply,
            text: { key: "slack:thread.left", params: { subjectId: subject.id } },
            actions: [...(party ? [enterThreadButton(subject, party.role)] : []), ...(reply.actions ?? [])],
          }
        : reply,
    );
  }

  /**
   * CM-06 on Slack: a case's Slack thread IS its case thread, so the engine's "you are in / sent in
   * the thread" replies (which always post into that Slack thread, by their subject) say the Slack way
   * out — write outside the thread — and lose the "Leave the thread" button, which has no meaning here.
   */
  function inSlackThread(reply: OutboundMessage): OutboundMessage {
    const key = reply.subject ? reply.text?.key : undefined;
    const slackKey = key?.replace(/^conversation:thread\.(sent|entered)\./, "slack:thread.$1.");
    if (!reply.text || !key || slackKey === key || slackKey === undefined) return reply;
    const actions = reply.actions?.filter((a) => a.actionId !== USE_CASE.leaveThread);
    const { actions: _engineActions, ...rest } = reply;
    return { ...rest, text: { ...reply.text, key: slackKey }, ...(actions && actions.length > 0 ? { actions } : {}) };
  }

  const originOf = (actionId: string): MessageOrigin => (changesCase(actionId) ? "command" : "query");

  /** Posts the replies where the person is; the first form opens as a modal when a click gave a trigger. */
  async function deliverReplies(
    client: WebClient,
    place: SlackPlace,
    reader: Reader,
    subject: CaseSubject | undefined,
    engineReplies: readonly OutboundMessage[],
    origin: MessageOrigin,
    triggerId?: string,
  ): Promise<void> {
    let trigger = triggerId;
    for (const reply of engineReplies.map(inSlackThread)) {
      if (reply.form && trigger) {
        const metadata: ModalMetadata = { f: reply.form.formId, c: place.channelId, ...(place.threadTs ? { t: place.threadTs } : {}) };
        await client.views.open({ trigger_id: trigger, view: renderer.modalView(reader, reply.form, metadata) });
        trigger = undefined; // a trigger opens one modal
        const { form: _opened, ...rest } = reply;
        if (!rest.text && !rest.facts?.length && !rest.personText) continue;
        await poster.post(client, place.teamId, place.channelId, reader, rest, {
          ...(place.threadTs ? { originThreadTs: place.threadTs } : {}),
          ...(subject ? { originSubject: subject } : {}),
          origin,
        });
        continue;
      }
      await poster.post(client, place.teamId, place.channelId, reader, reply, {
        ...(place.threadTs ? { originThreadTs: place.threadTs } : {}),
        ...(subject ? { originSubject: subject } : {}),
        origin,
      });
    }
  }

  async function dmPlace(client: WebClient, teamId: string, userId: string): Promise<SlackPlace> {
    const opened = await client.conversations.open({ users: userId });
    return { teamId, channelId: opened.channel?.id ?? userId };
  }

  // --- events -------------------------------------------------------------------------------------

  interface SlackFileRef {
    id: string;
    name?: string;
  }

  function rejectionMessage(rejection: FileRejection): OutboundMessage {
    const params = {
      name: rejection.name,
      size: formatBytes(limits.maxBytes),
      types: limits.mediaTypes.join(", "),
      ...(rejection.reason === "typeNotAccepted" ? { type: rejection.type } : {}),
    };
    return { text: { key: `slack:evidence.${rejection.reason}`, params }, tone: "error" };
  }

  /** CL-11 / issue 9: what this identity uploaded, as measured here — the same record the web chat keeps of its uploads. */
  async function recordUpload(teamId: string, userId: string, file: UploadedFile): Promise<void> {
    const externalUserId = externalUserIdOf({ teamId, userId });
    const party = await resolveParty(ctx.app.db, SLACK_CHANNEL, externalUserId);
    if (!party) return; // an unlinked account attaches nothing: the engine offers linking only
    await ctx.app.db.prisma.evidenceUpload.create({
      data: {
        id: randomUUID(),
        channel: SLACK_CHANNEL,
        externalUserId,
        partyId: party.id,
        sha256: file.sha256,
        blobKey: file.blobKey,
        sizeBytes: file.sizeBytes,
        mediaType: file.mediaType,
        fileName: file.name,
        uploadedAt: new Date(ctx.app.clock.now()),
      },
    });
  }

  /** CL-11: files dropped in a claim thread are attached as evidence (the evidence form, opened then submitted). */
  async function fileDrop(
    client: WebClient,
    botToken: string,
    place: SlackPlace,
    userId: string,
    eventId: string,
    files: readonly SlackFileRef[],
    text: string,
  ): Promise<void> {
    const externalUserId = externalUserIdOf({ teamId: place.teamId, userId });
    const subject = await bindThread(place, externalUserId);
    const profile = await readerOf(client, place.teamId, userId);
    const reader = readerFrom(profile);
    const say = (message: OutboundMessage): Promise<unknown> =>
      poster.post(client, place.teamId, place.channelId, reader, message, { ...(place.threadTs ? { originThreadTs: place.threadTs } : {}) });
    if (subject?.type !== "claim") {
      await say({ text: { key: "slack:evidence.outsideClaim" }, tone: "warning" });
      return;
    }
    const uploaded: UploadedFile[] = [];
    for (const file of files) {
      const fetched = await fetchSlackFile({ client, botToken, blobs: ctx.blobs, limits }, file.id);
      if (fetched.ok) {
        await recordUpload(place.teamId, userId, fetched.file);
        uploaded.push(fetched.file);
      } else await say(rejectionMessage(fetched.rejection));
    }
    if (uploaded.length === 0) return;
    const turn = (suffix: string, payload: InboundPayload) => runTurn({ client, place, userId, eventId: `${eventId}:${suffix}`, payload });
    // The engine takes evidence through the claim's evidence form: open it for this claim, then submit the files.
    await turn("open", { kind: "action", actionId: USE_CASE.attachEvidence, payload: { claimId: subject.id } });
    const submitted = await turn("submit", { kind: "form", formId: USE_CASE.attachEvidence, values: {}, files: uploaded });
    await deliverReplies(client, place, submitted.reader, subject, submitted.replies, "command");
    if (text.trim() !== "") {
      const said = await turn("text", { kind: "text", text });
      await deliverReplies(client, place, said.reader, subject, said.replies, "query");
    }
  }

  bolt.event("message", async ({ event, body, client, context }) => {
    const message = event as unknown as {
      channel_type?: string;
      subtype?: string;
      user?: string;
      bot_id?: string;
      text?: string;
      channel: string;
      thread_ts?: string;
      files?: SlackFileRef[];
    };
    if (message.channel_type !== "im" || !message.user || message.bot_id) return;
    if (message.subtype !== undefined && message.subtype !== "file_share") return; // edits, joins, bot messages
    const teamId = (body as { team_id?: string }).team_id ?? context.teamId ?? "";
    const eventId = (body as { event_id?: string }).event_id ?? `${message.channel}:${(event as { ts?: string }).ts ?? ""}`;
    const place: SlackPlace = { teamId, channelId: message.channel, ...(message.thread_ts ? { threadTs: message.thread_ts } : {}) };
    const userId = message.user;
    void afterAck("message", personKey(teamId, userId), async () => {
      if (message.subtype === "file_share" && message.files?.length) {
        await fileDrop(client, context.botToken ?? "", place, userId, eventId, message.files, message.text ?? "");
        return;
      }
      const { replies, reader, subject } = await runTurn({ client, place, userId, eventId, payload: { kind: "text", text: message.text ?? "" } });
      await deliverReplies(client, place, reader, subject, replies, "query");
    });
  });

  async function publishHome(client: WebClient, teamId: string, userId: string): Promise<void> {
    const externalUserId = externalUserIdOf({ teamId, userId });
    const reader = readerFrom(await readerOf(client, teamId, userId));
    const party = await resolveParty(ctx.app.db, SLACK_CHANNEL, externalUserId);
    const blocks: SlackBlock[] = [
      { type: "header", text: { type: "plain_text", text: renderer.word(reader, "common:webchat.bot") } },
      { type: "context", elements: [{ type: "mrkdwn", text: renderer.word(reader, "slack:home.intro") }] },
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: renderer.word(reader, "slack:home.settings", { language: languageName(reader, reader.locale), timeZone: reader.timeZone }) },
        ],
      },
      { type: "divider" },
    ];
    if (!party) {
      blocks.push(
        ...renderer.message(reader, {
          text: { key: "common:accountNotLinked" },
          actions: [{ actionId: USE_CASE.linkAccount, label: { key: "common:flow.linkTitle" }, style: "primary" }],
        }).blocks,
      );
    } else {
      const items = myItemsMessage(await myOrdersAndCases(ctx.app.db, party.id));
      const open = whatNowMessage(await whatCanIDoNow(ctx.app.db, actorOf(party), ctx.app.clock.now()));
      blocks.push(...renderer.message(reader, items).blocks, { type: "divider" }, ...renderer.message(reader, open).blocks);
    }
    await client.views.publish({ user_id: userId, view: { type: "home", blocks: blocks.slice(0, 100) as never } });
  }

  bolt.event("app_home_opened", async ({ event, body, client, context }) => {
    if (event.tab !== "home") return;
    const teamId = (body as { team_id?: string }).team_id ?? context.teamId ?? "";
    void afterAck("app home", personKey(teamId, event.user), () => publishHome(client, teamId, event.user));
  });

  async function workspaceGone(teamId: string): Promise<void> {
    revokedTeams.add(teamId);
    await installations.deleteWorkspace(teamId);
    log.warn({ teamId }, "Slack app removed from a workspace: deliveries there now fail and staff are told");
  }

  /**
   * An org-wide install (Enterprise Grid) is stored under its org with no team of its own: removing it
   * removes the org's row, so no workspace of the org is delivered to with a dead token.
   */
  async function installationGone(body: { team_id: string; enterprise_id?: string | null; is_enterprise_install?: boolean }): Promise<void> {
    if (body.is_enterprise_install && body.enterprise_id) {
      revokedTeams.add(body.team_id);
      await installations.deleteInstallation({ isEnterpriseInstall: true, enterpriseId: body.enterprise_id, teamId: undefined });
      log.warn({ enterpriseId: body.enterprise_id }, "Slack app removed from an Enterprise Grid org: deliveries there now fail and staff are told");
      return;
    }
    await workspaceGone(body.team_id);
  }

  /** An installation's removal is queued under its workspace, apart from any person's turns. */
  const workspaceKey = (body: { team_id: string }): string => `workspace:${body.team_id}`;

  bolt.event("app_uninstalled", async ({ body }) => {
    void afterAck("app_uninstalled", workspaceKey(body as { team_id: string }), () => installationGone(body as { team_id: string }));
  });

  bolt.event("tokens_revoked", async ({ event, body }) => {
    const bots = (event as { tokens?: { bot?: string[] } }).tokens?.bot ?? [];
    if (bots.length > 0) void afterAck("tokens_revoked", workspaceKey(body as { team_id: string }), () => installationGone(body as { team_id: string }));
  });

  // --- interactivity ------------------------------------------------------------------------------

  interface PostedMessage {
    ts: string;
    thread_ts?: string;
    bot_id?: string;
    blocks?: SlackBlock[];
  }

  /** The message without its buttons, a context line saying what was chosen instead. */
  async function withoutButtons(client: WebClient, teamId: string, channelId: string, message: PostedMessage, chosen: string): Promise<void> {
    const blocks: SlackBlock[] = [
      ...(message.blocks ?? []).filter((block) => block.type !== "actions"),
      { type: "context", elements: [{ type: "mrkdwn", text: chosen }] },
    ];
    await client.chat.update({ channel: channelId, ts: message.ts, text: chosen, blocks: blocks as never });
    await sentMessages.retire(teamId, channelId, message.ts, blocks);
  }

  /**
   * Other messages offering the action just taken, on the same case, are stale too (e.g. the
   * notification's "Confirm" once the order was confirmed from "what can I do now"): in the clicked
   * message's thread and in the case's thread, they lose their buttons.
   */
  async function sweepStaleButtons(
    client: WebClient,
    place: SlackPlace,
    clicked: PostedMessage,
    action: { actionId: string; payload: Record<string, string | number | boolean> },
    chosen: string,
  ): Promise<void> {
    const caseOfAction =
      typeof action.payload["claimId"] === "string"
        ? { type: "claim" as const, id: action.payload["claimId"] }
        : typeof action.payload["orderId"] === "string"
          ? { type: "order" as const, id: action.payload["orderId"] }
          : undefined;
    const roots = new Set<string>();
    if (clicked.thread_ts) roots.add(clicked.thread_ts);
    const caseThread = caseOfAction ? await threads.threadOf(place.teamId, place.channelId, caseOfAction) : undefined;
    if (caseThread) roots.add(caseThread);
    const sameAction = (button: { value?: string }): boolean => {
      const other = decodeButtonValue(button.value);
      return other?.actionId === action.actionId && Object.entries(action.payload).every(([k, v]) => other.payload[k] === undefined || other.payload[k] === v);
    };
    for (const root of roots) {
      const thread = await client.conversations.replies({ channel: place.channelId, ts: root, limit: 200 });
      for (const message of (thread.messages ?? []) as PostedMessage[]) {
        if (message.ts === clicked.ts || !message.bot_id) continue;
        const buttons = (message.blocks ?? [])
          .filter((block) => block.type === "actions")
          .flatMap((block) => (block as { elements?: { value?: string }[] }).elements ?? []);
        if (buttons.some(sameAction)) await withoutButtons(client, place.teamId, place.channelId, message, chosen);
      }
    }
  }

  bolt.action({ action_id: new RegExp(`^${BUTTON_ACTION_PREFIX}`) }, async ({ ack, body, client }) => {
    await ack();
    const b = body as unknown as {
      team?: { id: string };
      user: { id: string; team_id?: string };
      trigger_id: string;
      channel?: { id: string };
      container?: { type: string; channel_id?: string; message_ts?: string; thread_ts?: string };
      message?: { ts: string; thread_ts?: string; blocks?: SlackBlock[] };
      actions: { action_id: string; value?: string; text?: { text: string } }[];
    };
    const clicked = b.actions[0];
    const action = decodeButtonValue(clicked?.value);
    if (!action || !clicked) return;
    const teamId = b.team?.id ?? b.user.team_id ?? "";
    void afterAck("button", personKey(teamId, b.user.id), async () => {
      const channelId = b.channel?.id ?? b.container?.channel_id;
      // DT-01: a button on a staff-channel page message (Acknowledge, Open case, Take case). The message
      // belongs to the page — the staff-channel outbox route updates it in place as the page moves — so
      // it keeps its buttons here, and the answer (e.g. "taken by …") goes to the clicker's DM, not the
      // whole channel.
      const onPage =
        channelId !== undefined && b.message !== undefined
          ? (await ctx.app.db.prisma.staffChannelMessage.count({ where: { channel: channelId, messageRef: b.message.ts } })) > 0
          : false;
      const place: SlackPlace =
        channelId && !onPage
          ? { teamId, channelId, ...(b.message?.thread_ts ? { threadTs: b.message.thread_ts } : {}) }
          : await dmPlace(client, teamId, b.user.id); // a button on the App Home or a page message: replies go to the DM
      const { replies, reader, subject } = await runTurn({
        client,
        place,
        userId: b.user.id,
        eventId: `interaction:${b.trigger_id}`,
        payload: { kind: "action", actionId: action.actionId, payload: action.payload },
      });
      await deliverReplies(client, place, reader, subject, replies, originOf(action.actionId), b.trigger_id);
      const opensForm = replies.some((r) => r.form);
      // No dead button stays: a clicked message loses its buttons once the click did something (or was refused as stale).
      if (channelId && b.message && !onPage && !READ_ONLY_ACTIONS.has(action.actionId) && !opensForm && replies.length > 0) {
        const chosen = renderer.word(reader, "slack:action.chosen", { action: clicked.text?.text ?? action.actionId });
        await withoutButtons(client, teamId, channelId, { ts: b.message.ts, blocks: b.message.blocks ?? [] }, chosen);
        await sweepStaleButtons(client, place, b.message, action, chosen);
      }
      if (b.container?.type === "view") await publishHome(client, teamId, b.user.id);
    });
  });

  interface SubmittedView {
    readonly callback_id?: string;
    readonly title?: { type: "plain_text"; text: string };
    readonly submit?: { type: "plain_text"; text: string };
    readonly close?: { type: "plain_text"; text: string };
    readonly blocks?: readonly { block_id?: string; label?: { text?: string } }[];
  }

  /** What a modal submission comes to once its files are fetched and its turn has run. */
  type ModalOutcome =
    | { readonly kind: "errors"; readonly errors: Record<string, string>; readonly form?: Form }
    | { readonly kind: "again"; readonly view: View }
    | { readonly kind: "done"; readonly replies: OutboundMessage[]; readonly subject: CaseSubject | undefined };

  /** A modal with no input: a line of text (the "working…", "done" and "went wrong" states of a slow submission). */
  function noticeView(reader: Reader, metadata: ModalMetadata, key: string): View {
    return {
      type: "modal",
      callback_id: metadata.f,
      private_metadata: JSON.stringify(metadata),
      title: { type: "plain_text", text: renderer.word(reader, "common:webchat.bot").slice(0, 24) },
      close: { type: "plain_text", text: renderer.word(reader, "slack:modal.close").slice(0, 24) },
      blocks: [{ type: "section", text: { type: "mrkdwn", text: renderer.word(reader, key) } }],
    };
  }

  /** The submitted modal again with its errors above the fields (the form re-rendered with what was typed, or the submitted view). */
  function lateErrorsView(reader: Reader, metadata: ModalMetadata, outcome: { errors: Record<string, string>; form?: Form }, submitted: SubmittedView): View {
    const labelOf = (name: string): string => {
      const field = outcome.form?.fields.find((f) => f.name === name);
      if (field) return renderer.text(reader, field.label);
      const block = submitted.blocks?.find((b) => b.block_id === name);
      return block?.label?.text ?? name;
    };
    const notice: OutboundMessage = {
      text: { key: "slack:modal.refused" },
      tone: "error",
      facts: Object.entries(outcome.errors).map(([name, error]) => ({ label: { key: "common:form.literal", params: { value: labelOf(name) } }, value: error })),
    };
    if (outcome.form) return renderer.modalView(reader, outcome.form, metadata, notice);
    return {
      type: "modal",
      callback_id: submitted.callback_id ?? metadata.f,
      private_metadata: JSON.stringify(metadata),
      title: submitted.title ?? { type: "plain_text", text: renderer.word(reader, "common:webchat.bot").slice(0, 24) },
      ...(submitted.submit ? { submit: submitted.submit } : {}),
      ...(submitted.close ? { close: submitted.close } : {}),
      blocks: [...renderer.message(reader, notice).blocks, ...((submitted.blocks ?? []) as SlackBlock[])] as never,
    };
  }

  /**
   * Slack waits 3 s for a view_submission's answer. The submission's work (files fetched, the turn)
   * races `modalAckBudgetMs`: done in time, the answer is synchronous as before (field errors, the
   * refused form, or a plain ack). Not done in time, the modal is answered at once with
   * `response_action: "update"` to a "working…" view and the work finishes after the ack: field errors
   * come back as the form again (views.update, the errors listed above the fields), success closes into
   * a "done" view and the replies are posted where the form was opened. Never an error page.
   */
  bolt.view({ type: "view_submission", callback_id: /.*/ }, async ({ ack, body, view, client, context }) => {
    const b = body as unknown as { team?: { id: string } | null; user: { id: string; team_id?: string }; trigger_id?: string };
    const parsedMetadata = modalMetadataSchema.safeParse(JSON.parse(view.private_metadata || "{}"));
    if (!parsedMetadata.success) return ack();
    const metadata = parsedMetadata.data;
    const teamId = b.team?.id ?? b.user.team_id ?? "";
    const place: SlackPlace = { teamId, channelId: metadata.c, ...(metadata.t ? { threadTs: metadata.t } : {}) };
    const submitted = submittedForm(view.state.values);
    const knownReader = profiles.get(`${teamId}:${b.user.id}`);
    let reader: Reader = readerFrom(knownReader ?? { at: 0 });

    const work = async (): Promise<ModalOutcome> => {
      reader = readerFrom(await readerOf(client, teamId, b.user.id));
      // Files given in the modal: downloaded and measured here; a refused file is that field's error.
      const files: UploadedFile[] = [];
      const fileErrors: Record<string, string> = {};
      for (const [field, refs] of Object.entries(submitted.files)) {
        for (const ref of refs) {
          const fetched = await fetchSlackFile({ client, botToken: context.botToken ?? "", blobs: ctx.blobs, limits }, ref.id);
          if (fetched.ok) {
            await recordUpload(teamId, b.user.id, fetched.file);
            files.push(fetched.file);
          } else fileErrors[field] = renderer.text(reader, rejectionMessage(fetched.rejection).text ?? { key: "common:somethingWentWrong" });
        }
      }
      if (Object.keys(fileErrors).length > 0) return { kind: "errors", errors: fileErrors };
      const eventId = `interaction:${b.trigger_id ?? `${view.id}:${view.hash}`}`;
      const turn = await runTurn({ client, place, userId: b.user.id, eventId, payload: { kind: "form", formId: metadata.f, values: submitted.values, files } });
      const again = turn.replies.find((r) => r.form?.formId === metadata.f)?.form;
      if (again) {
        const errors = renderer.modalErrors(reader, again);
        if (Object.keys(errors).length > 0) return { kind: "errors", errors, form: again };
        // Refused without a field to blame: the modal stays, the refusal above its fields.
        const refusal = turn.replies.find((r) => r.tone === "error" && !r.form);
        return { kind: "again", view: renderer.modalView(reader, again, metadata, refusal) };
      }
      return { kind: "done", replies: turn.replies, subject: turn.subject };
    };

    // In the person's turn order like every other turn (issue 15); a deep queue only means "working…" first.
    const running = turns.run(personKey(teamId, b.user.id), work);
    const LATE = Symbol("late");
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), modalAckBudgetMs)));
    let first: ModalOutcome | typeof LATE;
    try {
      first = await Promise.race([running, late]);
    } catch (err) {
      log.error({ err }, "modal submission failed");
      return ack({ response_action: "update", view: noticeView(reader, metadata, "slack:modal.failed") });
    } finally {
      clearTimeout(timer);
    }
    if (first !== LATE) {
      if (first.kind === "errors") return ack({ response_action: "errors", errors: first.errors });
      if (first.kind === "again") return ack({ response_action: "update", view: first.view });
      await ack();
      void afterAck("modal submission", personKey(teamId, b.user.id), () => deliverReplies(client, place, reader, first.subject, first.replies, "command"));
      return;
    }
    await ack({ response_action: "update", view: noticeView(reader, metadata, "slack:modal.working") });
    void afterAck("slow modal submission", personKey(teamId, b.user.id), async () => {
      let outcome: ModalOutcome;
      try {
        outcome = await running;
      } catch (err) {
        await client.views.update({ view_id: view.id, view: noticeView(reader, metadata, "slack:modal.failed") });
        throw err;
      }
      if (outcome.kind === "done") {
        await client.views.update({ view_id: view.id, view: noticeView(reader, metadata, "slack:modal.done") });
        await deliverReplies(client, place, reader, outcome.subject, outcome.replies, "command");
        return;
      }
      if (outcome.kind === "again") {
        await client.views.update({ view_id: view.id, view: outcome.view });
        return;
      }
      // Field errors after the ack cannot be "errors" any more: the form again, each error named above its fields.
      await client.views.update({ view_id: view.id, view: lateErrorsView(reader, metadata, outcome, view as unknown as SubmittedView) });
    });
  });

  // --- slash command ------------------------------------------------------------------------------

  function slashPayload(text: string): InboundPayload | "claimNeedsOrder" {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const verb = words.join(" ").toLowerCase();
    if (verb === "" || verb === "help") return { kind: "action", actionId: USE_CASE.whatNow, payload: {} };
    if (verb === "orders") return { kind: "action", actionId: USE_CASE.myItems, payload: {} };
    if (verb === "new order" || verb === "order") return { kind: "action", actionId: USE_CASE.requestOrder, payload: {} };
    if (words[0]?.toLowerCase() === "claim")
      return words[1] ? { kind: "action", actionId: USE_CASE.fileClaim, payload: { orderId: words[1] } } : "claimNeedsOrder";
    return { kind: "text", text };
  }

  bolt.command(SLASH_COMMAND, async ({ ack, command, client }) => {
    await ack();
    void afterAck("slash command", personKey(command.team_id, command.user_id), async () => {
      const place = await dmPlace(client, command.team_id, command.user_id);
      const settings = settingsCommandOf(command.text.split(/\s+/));
      if (settings) return settingsTurn(client, place, command.user_id, settings);
      const payload = slashPayload(command.text);
      if (payload === "claimNeedsOrder") {
        const reader = readerFrom(await readerOf(client, command.team_id, command.user_id));
        await poster.post(client, place.teamId, place.channelId, reader, { text: { key: "slack:slash.claimNeedsOrder" }, tone: "warning" });
        return;
      }
      const { replies, reader, subject } = await runTurn({ client, place, userId: command.user_id, eventId: `interaction:${command.trigger_id}`, payload });
      await deliverReplies(client, place, reader, subject, replies, payload.kind === "action" ? originOf(payload.actionId) : "query", command.trigger_id);
    });
  });

  bolt.error(async (error) => {
    const platform = platformErrorOf((error as { original?: unknown }).original ?? error);
    log.error({ err: error, ...(platform ? { slackError: platform, deadToken: DEAD_TOKEN_ERRORS.has(platform) } : {}) }, "Slack handler failed");
  });

  // Every request Bolt takes is tracked until its listeners finish (they run after the ack): stop() waits for them.
  const processEvent = bolt.processEvent.bind(bolt);
  bolt.processEvent = (event) => {
    const running = processEvent(event);
    const tracked = running.catch(() => undefined);
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
    return running;
  };

  // --- the channel --------------------------------------------------------------------------------

  return {
    name: SLACK_CHANNEL,
    sender,
    config,
    ...(staffChannel ? { staffChannel } : {}),
    mount(routes: ChannelRoutes) {
      if (!(receiver instanceof HTTPReceiver)) return; // Socket Mode: Slack comes to us over the socket
      const listener = receiver.requestListener;
      routes.raw("POST", SLACK_EVENTS_PATH, withTimestampWindow(listener, nowMs));
      if (config.mode === "oauth") {
        routes.raw("GET", SLACK_INSTALL_PATH, listener);
        routes.raw("GET", SLACK_REDIRECT_PATH, listener);
      }
    },
    async start() {
      if (receiver instanceof SocketModeReceiver) await bolt.start();
    },
    async stop() {
      if (receiver instanceof SocketModeReceiver) await bolt.stop();
      await this.settled();
    },
    async settled() {
      while (inFlight.size > 0 || turns.size > 0) await Promise.allSettled([...inFlight, turns.settled()]);
    },
  };
}
