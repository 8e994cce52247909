/**
 * A product with the Slack channel on a node:http host, talking to the stand-in Slack, over the real
 * database (embedded PGlite) and engine: a buyer (Ohio, English) who uses Slack, a supplier (Shenzhen,
 * Chinese) who uses the in-memory harness channel standing in for the web chat, and staff. The outbox
 * dispatcher delivers to both channels. Slack's requests are signed with real time (Slack's clock);
 * the product's business clock is a manual one.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino, type Logger } from "pino";
import { FileSystemBlobStore } from "../../../src/adapters/blob/fs-blob-store.js";
import type { Database } from "../../../src/adapters/db/database.js";
import { postgres } from "./backends.js";
import { domainAggregates } from "../../../src/adapters/db/aggregates.js";
import { enqueueOutbox } from "../../../src/adapters/db/outbox.js";
import { outboxEntryOf } from "../../../src/adapters/delivery/notifications.js";
import { OutboxDispatcher } from "../../../src/adapters/delivery/outbox-dispatcher.js";
import { translatorFromConfig, type TranslatorSettings } from "../../../src/adapters/translate/index.js";
import type { ChannelRoutes, RawListener } from "../../../src/bots/conversation/channel.js";
import type { OutboundMessage } from "../../../src/bots/conversation/messages.js";
import { decodeButtonValue } from "../../../src/bots/slack/block-kit.js";
import { createSlackChannel, type SlackChannel } from "../../../src/bots/slack/slack-channel.js";
import type { PacingRule } from "../../../src/bots/slack/slack-web.js";
import type { Notification } from "../../../src/domain/notifications/notification.js";
import { money } from "../../../src/domain/shared/money.js";
import { HarnessChannelSender, HARNESS_CHANNEL } from "../../support/harness/harness-channel.js";
import { createHarness, type Harness } from "../../support/harness/harness.js";
import { seedLinkCode, seedParty } from "../../support/harness/seeds.js";
import {
  postSigned,
  signedEvent,
  signedInteraction,
  signedSlashCommand,
  type EventCallback,
  type SigningOptions,
  type SlashCommand,
} from "../../support/standins/slack/signed-requests.js";
import { startSlackStandIn, type SlackStandIn, type StandInWorkspace } from "../../support/standins/slack/slack-standin.js";

export const SIGNING_SECRET = "5ac1e5ec7e75ac1e5ec7e75ac1e5ec7e";
export const START = "2026-03-02T14:00:00.000Z";
export const BUYER_ID = "buyer-ohio";
export const SUPPLIER_ID = "supplier-shenzhen";
export const STAFF_ID = "staff-ana";
export const CODES = { buyer: "BUYER234", supplier: "SHENZHEN", staff: "STAFF789" } as const;
export const TEAM = "T0001";
export const BUYER_SLACK = "UBUYER1";

export interface SlackWorld {
  readonly slack: SlackStandIn;
  readonly workspace: StandInWorkspace;
  readonly harness: Harness;
  readonly channel: SlackChannel;
  readonly dispatcher: OutboxDispatcher;
  readonly url: string;
  /** What the supplier received on the harness channel (the web chat's stand-in). */
  readonly supplierInbox: OutboundMessage[];
  /** Posts a signed Events API callback; waits for the turn it starts. */
  event(
    event: Record<string, unknown>,
    options?: SigningOptions & { eventId?: string; teamId?: string; enterpriseId?: string },
  ): Promise<{ status: number; body: string; eventId: string }>;
  /** Posts a signed interaction; `answeredInMs` is how long Slack would have waited for the HTTP answer (3 s allowed). */
  interaction(payload: Record<string, unknown>, options?: SigningOptions): Promise<{ status: number; body: string; answeredInMs: number }>;
  slash(command: Omit<SlashCommand, "teamId" | "channelId"> & { teamId?: string }, options?: SigningOptions): Promise<{ status: number; body: string }>;
  /** The buyer types in their DM (or a thread of it). */
  buyerSays(text: string, threadTs?: string): Promise<void>;
  /** Runs the dispatcher until nothing more is due now. */
  deliverAll(): Promise<void>;
  notifyBuyer(notification: Omit<Notification, "recipient">): Promise<void>;
  close(): Promise<void>;
}

let eventCounter = 0;

export interface SlackWorldOptions {
  /** The translator the outbox uses (default none). */
  readonly translator?: TranslatorSettings;
  /** The channel's variables (default: single workspace TEAM over HTTP, bot ids given). */
  readonly env?: (slack: SlackStandIn, workspace: StandInWorkspace) => Record<string, string>;
  /** Workspaces besides TEAM (a team id, or a workspace with rotation / Enterprise Grid settings). */
  readonly moreWorkspaces?: readonly (string | (Partial<StandInWorkspace> & { teamId: string }))[];
  /** Per-channel pacing of deliveries (default none here: the tests post many messages a second to one DM). */
  readonly pacing?: PacingRule;
  /** The engine the channel talks to, wrapped (e.g. slowed down); default the harness's own. */
  readonly wrapEngine?: (engine: Harness["engine"]) => Harness["engine"];
  /** The channel's modal acknowledgement budget (default the channel's own). */
  readonly modalAckBudgetMs?: number;
  /** The channel's logger (default silent, or SLACK_TEST_LOG's level). */
  readonly logger?: Logger;
  /**
   * A migrated, empty database (test/integration/support/backends.ts); default an in-memory PGlite, or
   * the DATABASE_URL server when SLACK_WORLD_BACKEND=postgres (runs any Slack test file on PostgreSQL).
   */
  readonly database?: () => Promise<Database>;
}

export async function startSlackWorld(options: SlackWorldOptions = {}): Promise<SlackWorld> {
  const slack = await startSlackStandIn({
    workspaces: [{ teamId: TEAM }, ...(options.moreWorkspaces ?? []).map((w) => (typeof w === "string" ? { teamId: w } : w))],
  });
  const workspace = slack.workspace(TEAM);
  slack.addUser({ id: BUYER_SLACK, teamId: TEAM, name: "buyer", realName: "Olivia Buyer", locale: "en-US", tz: "America/New_York", tzOffset: -18000 });
  const database = options.database ?? (process.env["SLACK_WORLD_BACKEND"] === "postgres" ? () => postgres.open() : undefined);
  const harness = await createHarness({ start: START, ...(database ? { database } : {}) });
  const { app } = harness;
  await seedParty(app, {
    partyId: BUYER_ID,
    role: "buyer",
    displayName: "Ohio Tools LLC",
    locale: "en-US",
    calendar: { country: "US", timeZone: "America/New_York" },
    contact: { email: "buy@ohiotools.example" },
  });
  await seedParty(app, {
    partyId: SUPPLIER_ID,
    role: "supplier",
    displayName: "深圳紧固件有限公司",
    locale: "zh-CN",
    calendar: { country: "CN", timeZone: "Asia/Shanghai" },
    contact: { email: "sales@szfasteners.example" },
    limit: money(500_000, "USD"),
  });
  await seedParty(app, {
    partyId: STAFF_ID,
    role: "staff",
    displayName: "Ana (Trade Assurance)",
    locale: "en-GB",
    calendar: { country: "GB", timeZone: "Europe/London" },
    contact: {},
    staffLevel: 1,
  });
  await seedLinkCode(app, BUYER_ID, CODES.buyer);
  await seedLinkCode(app, SUPPLIER_ID, CODES.supplier);
  await seedLinkCode(app, STAFF_ID, CODES.staff);
  const supplier = harness.join("supplier", { externalUserId: "U-SUPPLIER", locale: "zh-CN", timeZone: "Asia/Shanghai" });
  harness.join("staff", { externalUserId: "U-STAFF", locale: "en-GB", timeZone: "Europe/London" });

  const blobDir = await mkdtemp(path.join(tmpdir(), "tab-slack-blobs-"));
  const channel = createSlackChannel(
    {
      app,
      engine: options.wrapEngine ? options.wrapEngine(harness.engine) : harness.engine,
      i18n: harness.translator,
      blobs: new FileSystemBlobStore(blobDir),
      logger: options.logger ?? pino({ level: process.env["SLACK_TEST_LOG"] ?? "silent" }),
      publicUrl: "http://127.0.0.1:1",
      nodeEnv: "test",
      env: options.env?.(slack, workspace) ?? {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: workspace.botToken,
        SLACK_BOT_USER_ID: workspace.botUserId,
        SLACK_BOT_ID: workspace.botId,
        SLACK_API_URL: slack.apiUrl,
      },
    },
    { pacing: options.pacing ?? null, ...(options.modalAckBudgetMs === undefined ? {} : { modalAckBudgetMs: options.modalAckBudgetMs }) },
  );
  if (!channel) throw new Error("the Slack channel did not configure");

  const routes = new Map<string, RawListener>();
  const channelRoutes: ChannelRoutes = {
    raw: (method, route, listener) => void routes.set(`${method} ${route}`, listener),
    plugin: () => {
      throw new Error("the Slack channel mounts raw routes only");
    },
  };
  channel.mount(channelRoutes);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const listener = routes.get(`${req.method ?? ""} ${new URL(req.url ?? "/", "http://127.0.0.1").pathname}`);
    if (!listener) {
      res.writeHead(404);
      res.end();
      return;
    }
    void listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const supplierInbox: OutboundMessage[] = [];
  const logger = { warn: () => undefined };
  const dispatcher = new OutboxDispatcher(app.db, app.clock, domainAggregates(), {
    senders: {
      slack: channel.sender,
      [HARNESS_CHANNEL]: new HarnessChannelSender((externalUserId) =>
        externalUserId === supplier.account.externalUserId ? { receive: (m) => void supplierInbox.push(m) } : undefined,
      ),
    },
    translator: translatorFromConfig(options.translator ?? { kind: "none", timeoutMs: 1000 }, { logger }),
    translatorName: options.translator?.kind ?? "none",
    logger,
  });

  async function deliverAll(): Promise<void> {
    for (let pass = 0; pass < 30; pass++) {
      const report = await dispatcher.dispatchOnce();
      if (report.fannedOut + report.sent + report.retrying + report.failed === 0) return;
    }
    throw new Error("the outbox did not settle");
  }

  async function event(body: Record<string, unknown>, options: SigningOptions & { eventId?: string; teamId?: string; enterpriseId?: string } = {}) {
    const callback: EventCallback = {
      teamId: options.teamId ?? TEAM,
      event: body,
      ...(options.eventId ? { eventId: options.eventId } : {}),
      ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}),
    };
    const request = signedEvent(SIGNING_SECRET, callback, options);
    const answer = await postSigned(`${url}/slack/events`, request);
    await channel?.settled();
    return { ...answer, eventId: request.eventId };
  }

  return {
    slack,
    workspace,
    harness,
    channel,
    dispatcher,
    url,
    supplierInbox,
    event,
    async interaction(payload, options = {}) {
      const started = performance.now();
      const answer = await postSigned(`${url}/slack/events`, signedInteraction(SIGNING_SECRET, payload, options));
      const answeredInMs = performance.now() - started;
      await channel.settled();
      return { ...answer, answeredInMs };
    },
    async slash(command, options = {}) {
      const answer = await postSigned(
        `${url}/slack/events`,
        signedSlashCommand(SIGNING_SECRET, { teamId: TEAM, channelId: slack.dmChannelOf(command.userId), ...command }, options),
      );
      await channel.settled();
      return answer;
    },
    async buyerSays(text, threadTs) {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++eventCounter).padStart(6, "9")}`;
      await event({
        type: "message",
        channel: slack.dmChannelOf(BUYER_SLACK),
        channel_type: "im",
        user: BUYER_SLACK,
        text,
        ts,
        event_ts: ts,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    },
    deliverAll,
    async notifyBuyer(notification) {
      await app.db.prisma.$transaction((tx) =>
        enqueueOutbox(tx, [outboxEntryOf({ ...notification, recipient: { partyId: BUYER_ID } } as Notification)], app.clock.now()),
      );
    },
    async close() {
      await channel.stop?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slack.close();
      await harness.close();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}

/** The text of every block of a posted message, joined (what a person reads). */
export function readable(message: { text: string; blocks?: unknown[] } | undefined): string {
  if (!message) return "";
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record["text"] === "string" && (record["type"] === "mrkdwn" || record["type"] === "plain_text")) texts.push(record["text"]);
    for (const value of Object.values(record)) if (typeof value === "object") walk(value);
  };
  walk(message.blocks ?? []);
  return texts.length > 0 ? texts.join("\n") : message.text;
}

// --- a Slack user's hands: clicking buttons and submitting modals as Slack sends them ---------------

export interface ButtonElement {
  action_id: string;
  value: string;
  text: { text: string };
}

interface InputBlock {
  type: string;
  block_id: string;
  element: { type: string };
}

export function buttonsOf(message: { blocks?: unknown[] } | undefined): ButtonElement[] {
  return ((message?.blocks ?? []) as { type: string; elements?: ButtonElement[] }[]).filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
}

let triggers = 0;
export const nextTrigger = (): string => `trig-${++triggers}`;

/** The user clicks the newest button in their DM that runs this action (with this payload). */
export async function clickIn(world: SlackWorld, teamId: string, userId: string, actionId: string, payload: Record<string, unknown> = {}): Promise<void> {
  const dm = world.slack.dmChannelOf(userId);
  const matches = (b: ButtonElement): boolean => {
    const action = decodeButtonValue(b.value);
    return action?.actionId === actionId && Object.entries(payload).every(([k, v]) => action.payload[k] === v);
  };
  const message = [...world.slack.messagesIn(dm)].reverse().find((m) => buttonsOf(m).some(matches));
  if (!message)
    throw new Error(
      `no button ${actionId} ${JSON.stringify(payload)} in ${userId}'s DM:\n${world.slack
        .messagesIn(dm)
        .map((m) => readable(m))
        .join("\n---\n")}`,
    );
  const button = buttonsOf(message).find(matches) as ButtonElement;
  const answer = await world.interaction({
    type: "block_actions",
    team: { id: teamId, domain: "t" },
    user: { id: userId, team_id: teamId },
    api_app_id: "A0STANDIN",
    trigger_id: nextTrigger(),
    channel: { id: dm },
    container: { type: "message", message_ts: message.ts, channel_id: dm, is_ephemeral: false },
    message: { ts: message.ts, type: "message", text: message.text, blocks: message.blocks, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) },
    actions: [{ type: "button", action_id: button.action_id, block_id: "b", value: button.value, text: button.text, action_ts: "1.1" }],
  });
  if (answer.status !== 200) throw new Error(`block_actions answered ${answer.status}`);
}

function inputState(element: string, value: string): Record<string, unknown> {
  if (element === "datepicker") return { type: element, selected_date: value };
  // A file input's value here: the ids of files the user picked (Slack uploads them before the submission), comma-separated.
  if (element === "file_input") return { type: element, files: value.split(",").map((id) => ({ id })) };
  if (element === "static_select" || element === "radio_buttons") return { type: element, selected_option: { value } };
  return { type: element, value };
}

type ModalAnswer = { response_action?: string; errors?: Record<string, string>; view?: unknown };

/** The user fills in the modal last opened for this form and submits it; Slack's synchronous answer. */
export async function submitModalIn(
  world: SlackWorld,
  teamId: string,
  userId: string,
  formId: string,
  values: Record<string, string>,
  viewId?: string,
): Promise<ModalAnswer> {
  return (await submitModalTimed(world, teamId, userId, formId, values, viewId)).answer;
}

/** As submitModalIn, with how long the HTTP answer took (Slack allows 3 s). */
export async function submitModalTimed(
  world: SlackWorld,
  teamId: string,
  userId: string,
  formId: string,
  values: Record<string, string>,
  /** The view's id as Slack gave it at views.open (needed when the app updates the modal later). */
  viewId?: string,
): Promise<{ answer: ModalAnswer; answeredInMs: number }> {
  const open = [...world.slack.callsTo("views.open")].reverse().find((c) => (c.args["view"] as { callback_id: string }).callback_id === formId);
  if (!open) throw new Error(`no modal for ${formId} was opened`);
  const view = open.args["view"] as { callback_id: string; private_metadata: string; blocks: InputBlock[] };
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks.filter((b) => b.type === "input")) {
    const value = values[block.block_id];
    if (value !== undefined) state[block.block_id] = { value: inputState(block.element.type, value) };
  }
  const trigger = nextTrigger();
  const answer = await world.interaction({
    type: "view_submission",
    team: { id: teamId, domain: "t" },
    user: { id: userId, team_id: teamId },
    api_app_id: "A0STANDIN",
    trigger_id: trigger,
    view: {
      id: viewId ?? `V-${trigger}`,
      hash: `h-${trigger}`,
      type: "modal",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: state },
    },
  });
  if (answer.status !== 200) throw new Error(`view_submission answered ${answer.status}`);
  return { answer: answer.body === "" ? {} : (JSON.parse(answer.body) as ModalAnswer), answeredInMs: answer.answeredInMs };
}

/** The id the stand-in gave the modal last opened for this form. */
export function openedViewId(world: SlackWorld, formId: string): string {
  const found = [...world.slack.views.entries()].reverse().find(([, view]) => (view as { callback_id?: string }).callback_id === formId);
  if (!found) throw new Error(`no modal for ${formId} is open`);
  return found[0];
}

/** Every PO-02 term as the buyer types it: the conversation suite's own request (1 000 bolts, 375.00 of a 500.00 deposit protected). */
export { REQUESTED_TERMS } from "../../conversation/chat-fixtures.js";

/** Installs the app into a workspace the way an admin does: /slack/install → Slack → /slack/oauth_redirect. */
export async function installInto(world: SlackWorld, teamId: string, installerUserId: string, options: { orgWide?: boolean } = {}): Promise<void> {
  const install = await fetch(`${world.url}/slack/install`, { redirect: "manual" });
  const location = new URL(install.headers.get("location") ?? "");
  const state = location.searchParams.get("state") ?? "";
  const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const code = `code-${teamId}-${nextTrigger()}`;
  world.slack.grantCode(code, teamId, installerUserId, options);
  const redirect = await fetch(`${world.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
    redirect: "manual",
  });
  if (redirect.status !== 200) throw new Error(`installing into ${teamId} answered ${redirect.status}`);
}
