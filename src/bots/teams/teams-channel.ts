/**
 * The Microsoft Teams / Bot Framework channel (issue 13): a `CloudAdapter` behind `POST /api/messages`
 * and a ChannelSender for the outbox.
 *
 * Inbound: the body is read here (bounded), parsed, and the request authenticated FIRST — issuer,
 * audience = our app id, the `serviceurl` claim = the activity's serviceUrl, the signing key's
 * endorsements ⊇ the channel — so every authentication failure is a 401 (the adapter alone would answer
 * 500 to an unsigned token). The authenticated request then runs through the adapter's pipeline.
 * Messages, card submits (Action.Submit) and Action.Execute invokes become neutral Inbound for the
 * engine; its replies go back as Adaptive Cards (poster.ts: where each goes, which older cards it makes
 * stale); the card acted on is updated in place; a card's refresh invoke gets its current version; a
 * "send me a copy" press and the FileConsentCard answer are handled here (file-consent.ts). Installation and
 * conversation updates greet the user, which also stores the conversation reference (the engine stores
 * `inbound.conversation`: service URL and conversation id) for proactive messages.
 *
 * Outbound (proactive): `continueConversationAsync` with the stored reference, paced per conversation
 * under Teams' limits; 403 ConversationBlockedByUser / BotNotInConversationRoster are permanent (staff
 * are told by the dispatcher); 429/412/502/504 transient with Retry-After. A delivery is recorded under
 * its id with the activity id the connector returned, so a resumed delivery is not sent again; one
 * resumed inside the pending window (sent-activities.ts) is sent again marked as a possible repeat.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
  type InvokeResponse,
} from "botbuilder";
import type { AuthenticateRequestResult, ConnectorClient } from "botframework-connector";
import type { Logger } from "pino";
import { SUPPORTED_LANGUAGES, type Translator, type Reader } from "../conversation/i18n/index.js";
import type { ConversationRef, Inbound, InboundPayload, OutboundMessage, UploadedFile } from "../conversation/messages.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, cardDataToInbound, CardRenderer, type AdaptiveCard, type CardElement } from "./cards.js";
import {
  cardOffersFile,
  FILE_CONSENT_CONTENT_TYPE,
  FILE_CONSENT_INVOKE,
  FILE_COPY_ACTION,
  FILE_INFO_CONTENT_TYPE,
  fileConsentAnswerOf,
  offeredFileOf,
  uploadToConsentUrl,
} from "./file-consent.js";
import { REFRESH_VERB, TeamsPoster, type PostTarget } from "./poster.js";
import { conversationKindOf, TeamsPlaces, type ConversationKind } from "./teams-places.js";
import {
  DeliveryError,
  deliveryErrorOfHttpStatus,
  loadConversationState,
  saveConversationState,
  USE_CASE,
  type App,
  type BlobStore,
  type Channel,
  type ChannelContext,
  type ChannelSender,
  type ConversationEngine,
  type DeliveryAttempt,
  type DeliveryIdentity,
} from "./contract.js";
import { TeamsCredentialsFactory } from "./credentials.js";
import { storeTeamsFile, teamsFilesOf, TeamsFileError } from "./files.js";
import { ConversationPacer } from "./pacing.js";
import { SentActivities } from "./sent-activities.js";
import { parseTeamsConfig, PUBLIC_CLOUD, type TeamsConfig } from "./teams-config.js";

export const TEAMS_CHANNEL = "teams";
export const MESSAGES_PATH = "/api/messages";
/** The longest a send waits for a pacing slot before handing the delivery back to the outbox to retry. */
const MAX_PACING_WAIT_MS = 2_000;
/** Teams' own channel id; the reference we store does not keep the Bot Framework channel of origin. */
const BOT_FRAMEWORK_CHANNEL_ID = "msteams";
/** Connector answers that retrying can heal (Teams: throttling, precondition races, gateway errors). */
const TRANSIENT_STATUSES = new Set([408, 412, 429, 500, 502, 503, 504]);
const PERMANENT_CODES = new Set(["ConversationBlockedByUser", "BotNotInConversationRoster"]);

/** The CloudAdapter with its pipeline reachable for a request we authenticated ourselves. */
class TeamsCloudAdapter extends CloudAdapter {
  runAuthenticated(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) throw new HttpProblem(413, "activity too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > maxBytes) throw new HttpProblem(413, "activity too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface ClientInfo {
  readonly locale?: string;
  readonly timezone?: string;
}

function clientInfoOf(activity: Activity): ClientInfo {
  const entity = (activity.entities ?? []).find((e) => e.type === "clientInfo") as ClientInfo | undefined;
  return entity ?? {};
}

/** CM-03: the reader's language from the activity (its `locale`, else the client's), time zone from `localTimezone`. */
export function readerOfActivity(activity: Activity): { locale?: string; timeZone?: string } {
  const info = clientInfoOf(activity);
  const locale = [activity.locale, info.locale].find((l): l is string => typeof l === "string" && l.length > 0 && l.length <= 35);
  const timeZone = [activity.localTimezone, info.timezone].find((z): z is string => typeof z === "string" && z.length <= 64 && isValidTimeZone(z));
  return { ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
}

/** A platform retry of the same activity has the same id; ids are unique per conversation. */
function eventIdOf(activity: Activity): string | undefined {
  if (!activity.id) return undefined;
  const conversation = createHash("sha256").update(activity.conversation.id).digest("hex").slice(0, 16);
  return `${activity.id.slice(0, 160)}@${conversation}`;
}

export function conversationRefOf(activity: Activity): ConversationRef {
  return { channel: TEAMS_CHANNEL, conversationId: activity.conversation.id, serviceUrl: activity.serviceUrl };
}

/** The reference continueConversationAsync needs, from what the engine stored. */
export function botFrameworkReference(
  ref: ConversationRef,
  externalUserId: string,
  appId: string | undefined,
  kind: ConversationKind = "personal",
): ConversationReference & { serviceUrl: string } {
  return {
    channelId: BOT_FRAMEWORK_CHANNEL_ID,
    serviceUrl: ref.serviceUrl as string,
    conversation: { id: ref.conversationId, isGroup: kind !== "personal", conversationType: kind, name: "" },
    user: { id: externalUserId, name: "" },
    bot: { id: appId ? `28:${appId}` : "bot", name: "" },
  };
}

interface RestLikeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly body?: unknown;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined | null } | Record<string, string>; readonly bodyAsText?: string | null };
}

function connectorErrorCode(error: RestLikeError): string | undefined {
  const fromBody = (body: unknown): string | undefined => {
    const parsed =
      typeof body === "string"
        ? (() => {
            try {
              return JSON.parse(body) as unknown;
            } catch {
              return undefined;
            }
          })()
        : body;
    const code = (parsed as { error?: { code?: unknown } } | undefined)?.error?.code;
    return typeof code === "string" ? code : undefined;
  };
  return fromBody(error.body) ?? fromBody(error.response?.bodyAsText) ?? error.code;
}

function retryAfterOf(error: RestLikeError): string | undefined {
  const headers = error.response?.headers;
  if (!headers) return undefined;
  if (typeof headers.get === "function") return headers.get("retry-after") ?? undefined;
  return (headers as Record<string, string>)["retry-after"];
}

/** A connector failure as the outbox's DeliveryError. */
export function deliveryErrorOfConnector(error: unknown, nowMs: number): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const rest = (typeof error === "object" && error !== null ? error : {}) as RestLikeError;
  const status = rest.statusCode;
  if (typeof status !== "number")
    return new DeliveryError(`the Bot Connector could not be reached: ${String((error as Error)?.message ?? error)}`, { permanent: false, cause: error });
  const code = connectorErrorCode(rest);
  if (status === 403 && code && PERMANENT_CODES.has(code))
    return new DeliveryError(`Teams refused the message: ${code}`, { permanent: true, status, cause: error });
  const base = deliveryErrorOfHttpStatus(status, retryAfterOf(rest), nowMs, code ?? "");
  if (TRANSIENT_STATUSES.has(status) && base.permanent) {
    return new DeliveryError(base.message, {
      permanent: false,
      status,
      ...(base.retryAfterMs === undefined ? {} : { retryAfterMs: base.retryAfterMs }),
      cause: error,
    });
  }
  return base;
}

/** The title of the action of this card that the user pressed (to say on the stale card what was done). */
function pressedTitle(card: AdaptiveCard, payload: InboundPayload): string | undefined {
  const id = payload.kind === "action" ? payload.actionId : payload.kind === "form" ? payload.formId : undefined;
  const pressed = (card.actions ?? []).find(
    (a: CardElement) => (a["data"] as { actionId?: string; formId?: string } | undefined)?.[payload.kind === "form" ? "formId" : "actionId"] === id,
  );
  return typeof pressed?.["title"] === "string" ? pressed["title"] : undefined;
}

interface TeamsBotDeps {
  readonly app: App;
  readonly adapter: CloudAdapter;
  readonly poster: TeamsPoster;
  readonly places: TeamsPlaces;
  readonly engine: ConversationEngine;
  readonly renderer: CardRenderer;
  readonly blobs: BlobStore;
  readonly sent: SentActivities;
  readonly logger: Logger;
  readonly config: TeamsConfig;
  /** The command list's words (every language, lower case) → the action each runs. */
  readonly commands: ReadonlyMap<string, string>;
}

/** The manifest's commands as typed in any of the product's languages (see app-package/manifest.ts). */
export function commandWords(translator: Translator): Map<string, string> {
  const actions = { help: USE_CASE.whatNow, myItems: USE_CASE.myItems, leave: USE_CASE.leaveThread } as const;
  const words = new Map<string, string>();
  for (const language of SUPPORTED_LANGUAGES) {
    for (const [command, actionId] of Object.entries(actions))
      words.set(translator.t(language, `teams:command.${command}.title`).toLocaleLowerCase(), actionId);
  }
  return words;
}

/** One turn of the bot: the activity as neutral Inbound, the engine's replies as cards. */
class TeamsBot {
  constructor(private readonly deps: TeamsBotDeps) {}

  async onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    await this.deps.places.rememberKind(activity.conversation.id, conversationKindOf(activity.conversation.conversationType));
    switch (activity.type) {
      case ActivityTypes.Message:
        return this.onMessage(context);
      case ActivityTypes.Invoke:
        if (activity.name === "adaptiveCard/action") return this.onExecute(context);
        if (activity.name === FILE_CONSENT_INVOKE) return this.onFileConsent(context);
        return;
      case ActivityTypes.InstallationUpdate:
        if (typeof activity.action === "string" && activity.action.startsWith("add")) return this.greet(context);
        return;
      case ActivityTypes.ConversationUpdate:
        if ((activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id)) return this.greet(context);
        return;
      default:
        return;
    }
  }

  #inbound(activity: Activity, payload: InboundPayload): Inbound {
    const eventId = eventIdOf(activity);
    return {
      channel: TEAMS_CHANNEL,
      externalUserId: activity.from.id,
      ...(eventId ? { eventId } : {}),
      conversation: conversationRefOf(activity),
      ...readerOfActivity(activity),
      payload,
    };
  }

  #reader(inbound: Inbound): Reader {
    return { locale: inbound.locale ?? "en", timeZone: inbound.timeZone ?? "UTC" };
  }

  /** The engine's answer to one inbound, sent back into the conversation as cards (actionable ones recorded). */
  async #handle(context: TurnContext, inbound: Inbound): Promise<void> {
    await this.#bindChain(context.activity);
    // The engine remembers the conversation reference, also on the turn that links the account.
    const replies = await this.deps.engine.handle(inbound);
    await this.#send(context, this.#reader(inbound), replies);
  }

  /**
   * CM-06 in a Teams channel: a person writing in a case's reply chain is in that case's thread (the
   * chain is its own engine conversation, bound to the case), as in a Slack thread.
   */
  async #bindChain(activity: Activity): Promise<void> {
    if (conversationKindOf(activity.conversation.conversationType) !== "channel") return;
    const subject = await this.deps.places.subjectOfChain(activity.conversation.id);
    if (!subject) return;
    const key = { channel: TEAMS_CHANNEL, conversationId: activity.conversation.id, externalUserId: activity.from.id };
    const stored = await loadConversationState(this.deps.app.db, key);
    if (stored.subject?.type === subject.type && stored.subject.id === subject.id) return;
    await saveConversationState(this.deps.app.db, key, { ...stored, subject }, this.deps.app.clock.now());
  }

  #target(context: TurnContext): PostTarget {
    const activity = context.activity;
    return {
      connector: context.turnState.get<ConnectorClient>(this.deps.adapter.ConnectorClientKey),
      channelId: activity.channelId,
      serviceUrl: activity.serviceUrl,
      kind: conversationKindOf(activity.conversation.conversationType),
      conversationId: activity.conversation.id,
      bot: activity.recipient,
      user: activity.from,
      replyHere: async (reply) => (await context.sendActivity(reply))?.id,
    };
  }

  /** The replies of one turn, each where its case lives; older cards about the same case go stale. */
  async #send(context: TurnContext, reader: Reader, replies: readonly OutboundMessage[]): Promise<void> {
    const target = this.#target(context);
    const postedThisTurn = new Set<string>();
    for (const message of replies) await this.deps.poster.post(target, reader, message, { postedThisTurn });
  }

  /** First contact (installation, or the bot added to the chat): the user is greeted, which stores the reference. */
  async greet(context: TurnContext): Promise<void> {
    await this.#handle(context, this.#inbound(context.activity, { kind: "action", actionId: USE_CASE.whatNow, payload: {} }));
  }

  async onMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.value !== undefined && activity.value !== null) {
      const payload = cardDataToInbound(activity.value);
      if (!payload) return;
      if (payload.kind === "action" && payload.actionId === FILE_COPY_ACTION) return this.#offerFile(context, payload.payload);
      const inbound = this.#inbound(activity, payload);
      // Action.Submit: the card the button was on is replaced in place by its stale version.
      const stale = activity.replyToId ? await this.#staleCard(activity.conversation.id, activity.replyToId, payload) : undefined;
      if (stale && activity.replyToId) {
        await context.updateActivity({
          type: ActivityTypes.Message,
          id: activity.replyToId,
          attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: stale }],
        });
      }
      return this.#handle(context, inbound);
    }
    const files = teamsFilesOf(activity.attachments);
    if (files.length > 0) return this.#onFiles(context, files);
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text?.trim() ?? "";
    if (text.length === 0) return;
    // A command of the manifest's command list (in any of the eight languages) is its button.
    const command = this.deps.commands.get(text.toLocaleLowerCase());
    const payload: InboundPayload = command ? { kind: "action", actionId: command, payload: {} } : { kind: "text", text };
    return this.#handle(context, this.#inbound(activity, payload));
  }

  /** Action.Execute: the invoke response is the card in its stale version (Teams swaps it in place). */
  async onExecute(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value = activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined;
    if (value?.action?.verb === REFRESH_VERB) return this.onRefresh(context);
    const payload = cardDataToInbound(value?.action?.data);
    if (payload?.kind === "action" && payload.actionId === FILE_COPY_ACTION) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "" } },
      });
      return this.#offerFile(context, payload.payload);
    }
    const stale = payload && activity.replyToId ? await this.#staleCard(activity.conversation.id, activity.replyToId, payload) : undefined;
    const body = stale
      ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: stale }
      : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "" };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    if (payload) await this.#handle(context, this.#inbound(activity, payload));
  }

  /** Universal Actions refresh: the card as it stands now (stale once acted on or superseded); nothing runs. */
  async onRefresh(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const current = activity.replyToId ? await this.deps.sent.currentCard(activity.conversation.id, activity.replyToId) : undefined;
    const body = current
      ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: current }
      : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "" };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }

  /**
   * "Send me a copy" of a file the card listed: a FileConsentCard for it, if the button is on a card
   * the bot sent into this 1:1 chat (the consent card is recorded, so its answer can be checked).
   */
  async #offerFile(context: TurnContext, raw: unknown): Promise<void> {
    const activity = context.activity;
    const reader = this.#reader(this.#inbound(activity, { kind: "text", text: "" }));
    const file = offeredFileOf(raw);
    const card = file && activity.replyToId ? await this.deps.sent.currentCard(activity.conversation.id, activity.replyToId) : undefined;
    const personal = conversationKindOf(activity.conversation.conversationType) === "personal";
    if (!file || !personal || !cardOffersFile(card, file.sha256)) {
      this.deps.logger.warn(
        { conversationId: activity.conversation.id, replyToId: activity.replyToId },
        "Teams: a file copy not offered on that card was asked for",
      );
      return this.#send(context, reader, [{ text: { key: "teams:file.copy.notOffered" }, tone: "warning" }]);
    }
    const consent = {
      contentType: FILE_CONSENT_CONTENT_TYPE,
      name: file.name,
      content: {
        description: this.deps.renderer.word(reader, "teams:file.copy.consent", { name: file.name, size: String(file.sizeBytes), sha256: file.sha256 }),
        sizeInBytes: file.sizeBytes,
        acceptContext: file,
        declineContext: file,
      },
    };
    const response = await context.sendActivity({ type: ActivityTypes.Message, attachments: [consent] });
    // Kept as the activity's content (not an Adaptive Card, never actionable): the answer's context is checked against it.
    if (response?.id)
      await this.deps.sent.record({
        conversationId: activity.conversation.id,
        activityId: response.id,
        serviceUrl: activity.serviceUrl,
        reader,
        card: consent as unknown as AdaptiveCard,
      });
  }

  /** The user's answer to a FileConsentCard: accepted → the bytes PUT to their OneDrive and a FileInfoCard; declined → said so. */
  async onFileConsent(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const answer = fileConsentAnswerOf(activity.value);
    const stored = answer && activity.replyToId ? await this.deps.sent.currentCard(activity.conversation.id, activity.replyToId) : undefined;
    const offered = (stored as unknown as { contentType?: string; content?: { acceptContext?: { sha256?: string } } } | undefined) ?? {};
    if (!answer || offered.contentType !== FILE_CONSENT_CONTENT_TYPE || offered.content?.acceptContext?.sha256 !== answer.context.sha256) {
      this.deps.logger.warn({ replyToId: activity.replyToId }, "Teams: a file consent answer for no consent card of ours");
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 400 } });
      return;
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    const reader = this.#reader(this.#inbound(activity, { kind: "text", text: "" }));
    const name = answer.context.name;
    if (answer.action === "decline" || !answer.uploadInfo)
      return this.#send(context, reader, [{ text: { key: "teams:file.copy.declined", params: { name } } }]);
    try {
      const bytes = await this.deps.blobs.get(answer.context.sha256);
      await uploadToConsentUrl(answer.uploadInfo.uploadUrl, bytes);
    } catch (error) {
      this.deps.logger.warn({ err: error, file: name }, "Teams: the file copy could not be uploaded");
      return this.#send(context, reader, [{ text: { key: "teams:file.copy.uploadFailed", params: { name } }, tone: "error" }]);
    }
    const info = answer.uploadInfo;
    await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [
        { contentType: FILE_INFO_CONTENT_TYPE, contentUrl: info.contentUrl, name: info.name, content: { uniqueId: info.uniqueId, fileType: info.fileType } },
      ],
    });
  }

  async #staleCard(conversationId: string, activityId: string, payload: InboundPayload): Promise<AdaptiveCard | undefined> {
    const stored = await this.deps.sent.actionableCard(conversationId, activityId);
    if (!stored) return undefined;
    const title = pressedTitle(stored.card, payload) ?? "";
    const stale = this.deps.renderer.stale(stored.reader, stored.card, { key: "teams:card.done", params: { action: title } });
    await this.deps.sent.markStale(conversationId, activityId, stale);
    return stale;
  }

  /** CL-11: files sent in the chat are measured and stored, then handed to the form that asks for files. */
  async #onFiles(context: TurnContext, files: readonly { name: string; downloadUrl: string }[]): Promise<void> {
    const activity = context.activity;
    const base = this.#inbound(activity, { kind: "text", text: "" });
    const reader = this.#reader(base);
    const stored: UploadedFile[] = [];
    const notes: OutboundMessage[] = [];
    for (const file of files) {
      try {
        const uploaded = await storeTeamsFile(this.deps.blobs, file, this.deps.config.maxFileBytes);
        stored.push(uploaded);
        notes.push({
          text: { key: "teams:file.received", params: { name: uploaded.name, size: uploaded.sizeBytes, sha256: uploaded.sha256 } },
          tone: "success",
        });
      } catch (error) {
        if (!(error instanceof TeamsFileError)) throw error;
        this.deps.logger.warn({ err: error, file: file.name }, "Teams file not stored");
        const key = error.problem === "tooLarge" ? "teams:file.tooLarge" : "teams:file.downloadFailed";
        notes.push({ text: { key, params: { name: file.name, limitMb: Math.floor(this.deps.config.maxFileBytes / (1024 * 1024)) } }, tone: "error" });
      }
    }
    await this.#send(context, reader, notes);
    if (stored.length === 0) return;
    const state = await loadConversationState(this.deps.app.db, {
      channel: TEAMS_CHANNEL,
      conversationId: activity.conversation.id,
      externalUserId: activity.from.id,
    });
    const formId = (state.flow as { formId?: unknown } | undefined)?.formId;
    if (typeof formId !== "string") {
      await this.#send(context, reader, [{ text: { key: "teams:file.noOpenForm", params: { name: stored.map((f) => f.name).join(", ") } }, tone: "warning" }]);
      return;
    }
    await this.#handle(context, { ...base, payload: { kind: "form", formId, values: {}, files: stored } });
  }
}

/**
 * The connector client (Azure core-client) retries 429s and 5xx by itself, outside our pacing: a retry
 * could be the 8th send of a second. Proactive sends leave retrying to the outbox (honouring
 * Retry-After), so every attempt goes through the pacer. botbuilder 4.23 is the last version; the
 * policy name is core-rest-pipeline's.
 */
function withoutClientRetries(connector: ConnectorClient): void {
  const pipeline = (connector as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }).client?.pipeline;
  pipeline?.removePolicy({ name: "defaultRetryPolicy" });
}

/**
 * Proactive delivery through the stored conversation reference. Exactly once where Teams allows it:
 * a recorded delivery is never sent again; one resumed inside the pending window (posted, maybe
 * accepted, never recorded: a crash or a lost answer) is sent again saying it may be a repeat, since
 * Teams can neither find the first copy (no GET for an activity) nor take our id for it.
 */
export class TeamsSender implements ChannelSender {
  readonly #pacer = new ConversationPacer();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string | undefined,
    private readonly poster: TeamsPoster,
    private readonly sent: SentActivities,
    private readonly places: TeamsPlaces,
  ) {}

  async send(identity: DeliveryIdentity, conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void> {
    if (!conversationRef?.serviceUrl) {
      throw new DeliveryError(`no Teams conversation is stored for ${identity.externalUserId}: the user has not written to the bot yet`, { permanent: true });
    }
    const state = await this.sent.deliveryState(delivery.idempotencyKey);
    if (state === "sent") return;
    const now = Date.now();
    const wait = this.#pacer.reserve(conversationRef.conversationId, now, MAX_PACING_WAIT_MS);
    if (wait === undefined) {
      const freeInMs = this.#pacer.delayMs(conversationRef.conversationId, now);
      throw new DeliveryError(`Teams pacing: the conversation is at its rate limit for ${freeInMs} ms`, { permanent: false, retryAfterMs: freeInMs });
    }
    if (wait > 0) await sleep(wait);

    const reader = { locale: identity.locale, timeZone: identity.timeZone };
    const kind = await this.places.kindOf(conversationRef.conversationId);
    try {
      const reference = botFrameworkReference(conversationRef, identity.externalUserId, this.appId, kind);
      await this.adapter.continueConversationAsync(this.appId ?? "", reference, async (context) => {
        // Sent to the conversation, not as a reply: a proactive turn's own activity id is made up.
        const connector = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
        withoutClientRetries(connector);
        const target: PostTarget = {
          connector,
          channelId: reference.channelId ?? BOT_FRAMEWORK_CHANNEL_ID,
          serviceUrl: reference.serviceUrl,
          kind,
          conversationId: conversationRef.conversationId,
          bot: reference.bot,
          user: reference.user ?? { id: identity.externalUserId, name: "" },
        };
        await this.poster.post(target, reader, message, { deliveryId: delivery.idempotencyKey, possiblyRepeated: state === "possiblySent" });
      });
    } catch (error) {
      throw deliveryErrorOfConnector(error, Date.now());
    }
  }
}

function isMetadataOutage(error: unknown): boolean {
  return error instanceof Error && /^Failed to load (openID config|Keys)/.test(error.message);
}

export interface TeamsChannel extends Channel {
  readonly config: TeamsConfig;
}

/** The Teams channel, or undefined when neither MICROSOFT_APP_ID nor BOT_FRAMEWORK_EMULATOR is set. */
export function createTeamsChannel(ctx: ChannelContext): TeamsChannel | undefined {
  const parsedConfig = parseTeamsConfig(ctx.env, ctx.publicUrl, ctx.nodeEnv);
  if (!parsedConfig) return undefined;
  const config: TeamsConfig = parsedConfig;
  const credentials = new TeamsCredentialsFactory(config.appId, config.appPassword, config.tokenUrl);
  // Every override is given, so the SDK uses exactly these (platform notes, Bot Framework).
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.appId ?? "",
      MicrosoftAppType: config.appType,
      ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
      ToChannelFromBotLoginUrl: config.tokenUrl,
      ToChannelFromBotOAuthScope: PUBLIC_CLOUD.botFrameworkScope,
      ToBotFromChannelTokenIssuer: PUBLIC_CLOUD.channelTokenIssuer,
      OAuthUrl: PUBLIC_CLOUD.oAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: PUBLIC_CLOUD.emulatorOpenIdMetadataUrl,
      CallerId: PUBLIC_CLOUD.callerId,
    },
    credentials,
  );
  const adapter = new TeamsCloudAdapter(auth);
  const logger = ctx.logger.child({ channel: TEAMS_CHANNEL });
  const renderer = new CardRenderer(ctx.i18n, ctx.publicUrl);
  const sent = new SentActivities(ctx.app);
  const places = new TeamsPlaces(ctx.app);
  const poster = new TeamsPoster(renderer, sent, places, logger);
  const bot = new TeamsBot({
    app: ctx.app,
    adapter,
    poster,
    places,
    engine: ctx.engine,
    renderer,
    blobs: ctx.blobs,
    sent,
    logger,
    config,
    commands: commandWords(ctx.i18n),
  });
  adapter.onTurnError = async (_context, error) => {
    // Rethrown so the request answers 500 and the channel retries; the engine already kept the user's input.
    logger.error({ err: error }, "Teams turn failed");
    throw error;
  };

  async function onMessages(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let activity: Activity;
    try {
      const text = await readBody(req, config.maxActivityBytes);
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || typeof (parsed as { type?: unknown }).type !== "string")
        throw new HttpProblem(400, "not an activity");
      activity = parsed as Activity;
      if (typeof activity.serviceUrl !== "string" || typeof activity.conversation?.id !== "string" || typeof activity.from?.id !== "string")
        throw new HttpProblem(400, "activity without serviceUrl, conversation or sender");
    } catch (error) {
      const status = error instanceof HttpProblem ? error.status : 400;
      return answer(res, status, { error: status === 413 ? "activity too large" : "bad activity" });
    }
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await auth.authenticateRequest(activity, req.headers.authorization ?? "");
    } catch (error) {
      // An unreachable key document is our outage (the channel retries a 503); anything else is the caller's token.
      const status = isMetadataOutage(error) ? 503 : 401;
      logger.warn({ err: error, status }, "Teams request not authenticated");
      return answer(res, status, { error: status === 401 ? "unauthorized" : "authentication unavailable" });
    }
    try {
      const invoke = await adapter.runAuthenticated(authenticated, activity, (context) => bot.onTurn(context));
      return answer(res, invoke?.status ?? 200, invoke?.body);
    } catch (error) {
      logger.error({ err: error }, "Teams activity failed");
      return answer(res, 500, { error: "internal error" });
    }
  }

  return {
    name: TEAMS_CHANNEL,
    config,
    sender: new TeamsSender(adapter, config.appId, poster, sent, places),
    mount(routes) {
      routes.raw("POST", MESSAGES_PATH, onMessages);
    },
  };
}
