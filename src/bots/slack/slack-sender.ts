/**
 * Posting to Slack: replies to a person's turn and the outbox's deliveries (the ChannelSender).
 *
 * A message about an order or claim goes into that case's thread in the person's DM; the first such
 * message becomes the thread's root. Exactly once: every delivery carries its id in the message
 * `metadata` (`event_type: "tab_delivery"`); a resumed delivery (attempt > 1 — the process may have
 * died between the post and its "sent" mark) first looks for a message with that id in the thread or
 * channel (`include_all_metadata`) and, when it finds one, does not post again.
 */
import type { Reader } from "../conversation/i18n/index.js";
import type { WebClient } from "@slack/web-api";
import type { ChannelSender, DeliveryAttempt, DeliveryIdentity } from "../../adapters/delivery/channel-sender.js";
import { DeliveryError } from "../../adapters/delivery/channel-sender.js";
import type { ConversationRef, OutboundMessage } from "../conversation/messages.js";
import type { BlockKitRenderer } from "./block-kit.js";
import type { WorkspaceBot } from "./installation-store.js";
import { placeOfRef, slackUserOf, type CaseSubject, type CaseThreads } from "./slack-places.js";
import { retireStaleMessages, supersedes, type MessageOrigin, type SentMessages } from "./slack-sent-messages.js";
import { deliveryErrorOf, SLACK_CACHE_MAX, type ChannelPacer, type SlackClients } from "./slack-web.js";
import { LRUCache } from "lru-cache";

export const DELIVERY_METADATA_TYPE = "tab_delivery";

/** How many recent messages a resumed delivery searches for its id (it was posted moments before the crash). */
const SEARCH_LIMIT = 100;

export interface PostOptions {
  /** The outbox delivery id (carried in metadata). */
  readonly deliveryId?: string;
  /** Look for the delivery id before posting (a delivery attempted before). */
  readonly resumed?: boolean;
  /** The thread the person wrote in, and the case it is bound to (replies stay there). */
  readonly originThreadTs?: string;
  readonly originSubject?: CaseSubject;
  /** Where the message comes from: decides whether it makes older buttons on its case stale (slack-sent-messages.ts). */
  readonly origin?: MessageOrigin;
}

export interface Posted {
  readonly channel: string;
  readonly ts: string;
  /** True when a resumed delivery found its message already posted. */
  readonly alreadyPosted: boolean;
}

interface MetadataMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

const sameSubject = (a: CaseSubject | undefined, b: CaseSubject): boolean => a !== undefined && a.type === b.type && a.id === b.id;

export class SlackPoster {
  constructor(
    private readonly renderer: BlockKitRenderer,
    private readonly threads: CaseThreads,
    /** Messages with buttons, for replacing them once stale; absent = no record (unit tests). */
    private readonly sent?: SentMessages,
    /** A failed stale-button update does not undo a post that went out: it is reported here. */
    private readonly onStaleUpdateFailed: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  /** Records the message's live buttons and retires the older ones its case no longer allows. */
  async #afterPost(
    client: WebClient,
    teamId: string,
    channel: string,
    ts: string,
    reader: Reader,
    message: OutboundMessage,
    options: PostOptions,
    blocks: unknown[],
  ) {
    if (!this.sent || !ts) return;
    if (message.subject) await this.sent.record({ teamId, channelId: channel, ts, subject: message.subject, reader, blocks: blocks as never });
    if (!options.origin || !supersedes(message, options.origin)) return;
    try {
      await retireStaleMessages(client, this.renderer, this.sent, { teamId, channelId: channel, newTs: ts }, message);
    } catch (error) {
      this.onStaleUpdateFailed(error);
    }
  }

  async #threadFor(teamId: string, channelId: string, message: OutboundMessage, options: PostOptions): Promise<string | undefined> {
    const subject = message.subject;
    if (!subject) return options.originThreadTs;
    if (options.originThreadTs && sameSubject(options.originSubject, subject)) return options.originThreadTs;
    return this.threads.threadOf(teamId, channelId, subject);
  }

  async #findDelivery(client: WebClient, channelId: string, threadTs: string | undefined, deliveryId: string): Promise<string | undefined> {
    const answer = threadTs
      ? await client.conversations.replies({ channel: channelId, ts: threadTs, include_all_metadata: true, limit: SEARCH_LIMIT })
      : await client.conversations.history({ channel: channelId, include_all_metadata: true, limit: SEARCH_LIMIT });
    const messages = (answer.messages ?? []) as MetadataMessage[];
    return messages.find((m) => m.metadata?.event_type === DELIVERY_METADATA_TYPE && m.metadata.event_payload?.["delivery_id"] === deliveryId)?.ts;
  }

  async post(client: WebClient, teamId: string, channelId: string, reader: Reader, message: OutboundMessage, options: PostOptions = {}): Promise<Posted> {
    const threadTs = await this.#threadFor(teamId, channelId, message, options);
    const startsThread = message.subject !== undefined && threadTs === undefined;
    if (options.deliveryId && options.resumed) {
      const found = await this.#findDelivery(client, channelId, threadTs, options.deliveryId);
      if (found) {
        if (startsThread && message.subject) await this.threads.record(teamId, channelId, message.subject, found);
        // The crash may have come before the older buttons were retired: retire them now.
        await this.#afterPost(client, teamId, channelId, found, reader, message, options, this.renderer.message(reader, message).blocks);
        return { channel: channelId, ts: found, alreadyPosted: true };
      }
    }
    const rendered = this.renderer.message(reader, message);
    const answer = await client.chat.postMessage({
      channel: channelId,
      text: rendered.text,
      blocks: rendered.blocks,
      unfurl_links: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(options.deliveryId ? { metadata: { event_type: DELIVERY_METADATA_TYPE, event_payload: { delivery_id: options.deliveryId } } } : {}),
    });
    const channel = answer.channel ?? channelId;
    const ts = answer.ts ?? "";
    if (startsThread && message.subject && ts) await this.threads.record(teamId, channel, message.subject, ts);
    await this.#afterPost(client, teamId, channel, ts, reader, message, options, rendered.blocks);
    return { channel, ts, alreadyPosted: false };
  }
}

export interface SlackSenderDependencies {
  readonly poster: SlackPoster;
  readonly clients: SlackClients;
  /** The bot of a workspace (its token, refreshed when it rotates); undefined once uninstalled. */
  readonly botOf: (teamId: string) => Promise<WorkspaceBot | undefined>;
  readonly nowMs: () => number;
  /** Per-channel pacing of proactive posts; absent = none. */
  readonly pacer?: ChannelPacer;
  /** The reader of a delivery: the person's own language and zone over the party's (absent = the party's). */
  readonly readerOf?: (externalUserId: string, party: Reader) => Promise<Reader>;
}

/** The Slack ChannelSender the outbox dispatcher calls with each delivery. */
export class SlackSender implements ChannelSender {
  readonly #dmChannels = new LRUCache<string, string>({ max: SLACK_CACHE_MAX });

  constructor(private readonly deps: SlackSenderDependencies) {}

  async #dmChannel(client: WebClient, teamId: string, userId: string): Promise<string> {
    const key = `${teamId}:${userId}`;
    const known = this.#dmChannels.get(key);
    if (known) return known;
    const opened = await client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new DeliveryError(`conversations.open gave no channel for ${key}`, { permanent: false });
    this.#dmChannels.set(key, id);
    return id;
  }

  async send(identity: DeliveryIdentity, conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void> {
    const user = slackUserOf(identity.externalUserId);
    if (!user) throw new DeliveryError(`"${identity.externalUserId}" is not a Slack identity (team:user)`, { permanent: true });
    try {
      const bot = await this.deps.botOf(user.teamId);
      if (!bot) throw new DeliveryError(`the app is not installed in Slack workspace ${user.teamId} (uninstalled or token revoked)`, { permanent: true });
      const client = this.deps.clients.of(bot.botToken);
      const place = conversationRef ? placeOfRef(conversationRef) : undefined;
      // A notification goes to the person's DM (its case thread there), whatever thread they last wrote in.
      const channelId =
        place?.channelId.startsWith("D") && place.teamId === user.teamId ? place.channelId : await this.#dmChannel(client, user.teamId, user.userId);
      const wait = this.deps.pacer?.take(`${user.teamId}/${channelId}`) ?? 0;
      if (wait > 0) throw new DeliveryError(`pacing posts to Slack channel ${channelId}; retry in ${wait} ms`, { permanent: false, retryAfterMs: wait });
      const party: Reader = { locale: identity.locale, timeZone: identity.timeZone };
      const reader = this.deps.readerOf ? await this.deps.readerOf(identity.externalUserId, party) : party;
      await this.deps.poster.post(client, user.teamId, channelId, reader, message, {
        deliveryId: delivery.idempotencyKey,
        resumed: delivery.attempt > 1,
        origin: "delivery",
      });
    } catch (error) {
      throw deliveryErrorOf(error, this.deps.nowMs());
    }
  }
}
