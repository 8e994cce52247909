/**
 * Posting one neutral message into a Teams conversation — a turn's reply or a proactive delivery — and
 * what follows from it (issue 13):
 * - where it goes (teams-places.ts): a channel's case reply chain, or the chat with a case header;
 * - the cards it makes stale: every older card about the same case in that conversation that still
 *   offers actions is updated in place (PUT .../activities/{id}) to its content without the actions
 *   and a "no longer available — <what changed>" line, in its reader's language (CM-03), so nobody
 *   presses a button the case has moved past;
 * - Universal Actions `refresh`: an actionable card names its reader, so Teams asks for its current
 *   version (an `adaptiveCard/action` invoke, verb REFRESH_VERB) when it is shown again;
 * - for a proactive delivery, the pending-send window (sent-activities.ts): a possibly repeated
 *   message says so at its top.
 */
import type { Reader } from "../conversation/i18n/index.js";
import { ActivityTypes, type Activity, type ChannelAccount } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Logger } from "pino";
import type { LocalizedText, OutboundMessage } from "../conversation/messages.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard, type CardElement, type CardRenderer } from "./cards.js";
import { FILE_COPY_ACTION } from "./file-consent.js";
import type { CaseSubject, SentActivities } from "./sent-activities.js";
import { baseConversationId, chainConversationId, chainRootOf, type ConversationKind, type TeamsPlaces } from "./teams-places.js";

/** The verb of a card's refresh action (never a neutral action id: those contain a dot and a use case). */
export const REFRESH_VERB = "teams.refresh";
/** The longest "what changed" quoted on a stale card. */
const CHANGE_MAX_CHARS = 200;

/** Where the person is, and how to reach that conversation. */
export interface PostTarget {
  readonly connector: ConnectorClient;
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly kind: ConversationKind;
  /** The conversation the person is in (a turn) or was last in (the stored reference). */
  readonly conversationId: string;
  readonly bot: ChannelAccount;
  readonly user: ChannelAccount;
  /** In a turn: replies into the turn's own conversation (threaded under the activity). */
  readonly replyHere?: (activity: Partial<Activity>) => Promise<string | undefined>;
}

export interface PostOptions {
  /** The outbox delivery id: the post is recorded under it (and its pending window kept). */
  readonly deliveryId?: string;
  /** A resumed delivery that may already be in the chat: said at its top. */
  readonly possiblyRepeated?: boolean;
  /** Ids posted earlier in the same turn: never made stale by their own siblings. */
  readonly postedThisTurn?: Set<string>;
}

export interface Rendered {
  readonly activity: Partial<Activity>;
  readonly card?: AdaptiveCard;
}

function isPlain(message: OutboundMessage): boolean {
  return (
    message.text !== undefined &&
    !message.personText &&
    !message.facts?.length &&
    !message.actions?.length &&
    !message.form &&
    !message.attachments?.length &&
    !message.deadline &&
    (message.tone === undefined || message.tone === "info" || message.tone === "success")
  );
}

export class TeamsPoster {
  constructor(
    private readonly renderer: CardRenderer,
    private readonly sent: SentActivities,
    private readonly places: TeamsPlaces,
    private readonly logger: Logger,
  ) {}

  /**
   * What a message becomes on the wire: an Adaptive Card, or plain text when it is one plain sentence
   * that names no case. `header`: the case named at the top (a flat chat has no thread to say it).
   */
  render(
    reader: Reader,
    message: OutboundMessage,
    options: { header?: boolean; notice?: LocalizedText; refreshFor?: string; fileCopies?: boolean } = {},
  ): Rendered {
    const header = options.header === true && message.subject !== undefined;
    if (isPlain(message) && message.text && !header && !options.notice)
      return { activity: { type: ActivityTypes.Message, textFormat: "plain", text: this.renderer.text(reader, message.text), locale: reader.locale } };
    const rendered = this.#withFileCopies(reader, message, this.renderer.render(reader, message), options.fileCopies === true);
    const top: CardElement[] = [];
    if (options.notice) top.push({ type: "TextBlock", text: this.renderer.text(reader, options.notice), wrap: true, color: "warning", isSubtle: true });
    if (header && message.subject) top.push(this.caseHeader(reader, message.subject));
    const withTop: AdaptiveCard = top.length ? { ...rendered, body: [...top, ...rendered.body] } : rendered;
    const card: AdaptiveCard =
      options.refreshFor && withTop.actions?.length
        ? { ...withTop, refresh: { action: { type: "Action.Execute", verb: REFRESH_VERB, data: { refresh: 1 } }, userIds: [options.refreshFor] } }
        : withTop;
    return {
      activity: { type: ActivityTypes.Message, locale: reader.locale, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] },
      card,
    };
  }

  /**
   * In a 1:1 chat a file the message lists can be had as a copy in the chat (a FileConsentCard, see
   * file-consent.ts): one "send me a copy" button per file. Group chats and channels cannot take one.
   */
  #withFileCopies(reader: Reader, message: OutboundMessage, card: AdaptiveCard, enabled: boolean): AdaptiveCard {
    const files = enabled ? (message.attachments ?? []) : [];
    if (files.length === 0) return card;
    const copies = files.map((f) =>
      this.renderer.action(reader, {
        actionId: FILE_COPY_ACTION,
        label: { key: "teams:file.copy.button", params: { name: f.name } },
        payload: { sha256: f.sha256, name: f.name, sizeBytes: f.sizeBytes },
      }),
    );
    return { ...card, actions: [...(card.actions ?? []), ...copies] };
  }

  /** "Order PO-12" / "Claim CL-3" as the card's first line (CM-06: every message names its case). */
  caseHeader(reader: Reader, subject: CaseSubject): CardElement {
    return {
      type: "Container",
      style: "emphasis",
      items: [
        { type: "TextBlock", text: this.renderer.word(reader, `teams:case.header.${subject.type}`, { subjectId: subject.id }), weight: "Bolder", wrap: true },
      ],
    };
  }

  /** Posts one message; returns the activity id the connector gave it. */
  async post(target: PostTarget, reader: Reader, message: OutboundMessage, options: PostOptions = {}): Promise<string | undefined> {
    const placement = await this.places.place(target.kind, target.conversationId, message.subject);
    const { activity, card } = this.render(reader, message, {
      header: placement.header,
      refreshFor: target.user.id,
      fileCopies: target.kind === "personal",
      ...(options.possiblyRepeated ? { notice: { key: "teams:delivery.possiblyRepeated" } } : {}),
    });
    if (options.deliveryId) await this.sent.beginSend(options.deliveryId, placement.conversationId);
    let activityId: string | undefined;
    // Where the post is recorded: a chain's root lives in its own chain (`<channel>;messageid=<root>`).
    let recordedIn = placement.conversationId;
    try {
      if (placement.startsChain) {
        // A new thread in a channel, as TeamsInfo.sendMessageToTeamsChannel makes one: a conversation
        // created in the channel with the message as its first activity.
        const created = await target.connector.conversations.createConversation({
          isGroup: true,
          channelData: { channel: { id: placement.startsChain.base } },
          activity: this.#addressed(target, placement.conversationId, activity, options) as Activity,
          bot: target.bot,
          members: [],
        });
        activityId = created.activityId ?? chainRootOf(created.id);
        if (activityId) recordedIn = chainConversationId(placement.startsChain.base, activityId);
      } else {
        activityId =
          target.replyHere && placement.conversationId === target.conversationId
            ? await target.replyHere(activity)
            : (
                await target.connector.conversations.sendToConversation(
                  placement.conversationId,
                  this.#addressed(target, placement.conversationId, activity, options),
                )
              ).id;
      }
    } catch (error) {
      // A 4xx answer is a refusal: nothing reached the chat. Anything else (5xx, timeout, reset) may have.
      const status = (error as { statusCode?: unknown } | null)?.statusCode;
      if (options.deliveryId && typeof status === "number" && status >= 400 && status < 500) await this.sent.abandonSend(options.deliveryId);
      throw error;
    }
    const id = activityId ?? options.deliveryId;
    if (!id) return undefined;
    options.postedThisTurn?.add(id);
    if (placement.startsChain) await this.places.recordChain(placement.startsChain.base, placement.startsChain.subject, id);
    if (options.deliveryId || card?.actions?.length) {
      await this.sent.record({
        conversationId: recordedIn,
        activityId: id,
        serviceUrl: target.serviceUrl,
        ...(options.deliveryId ? { deliveryId: options.deliveryId } : {}),
        ...(message.subject ? { subject: message.subject } : {}),
        reader,
        ...(card ? { card } : {}),
      });
    }
    if (message.subject) await this.supersede(target, reader, message, new Set([id, ...(options.postedThisTurn ?? [])]));
    return id;
  }

  /**
   * The older cards about this case in this conversation lose their actions: updated in place with
   * what changed (the newer message's first sentence). A failed update is logged and the card kept
   * actionable, so the next message about the case tries again; the new message is already out.
   */
  async supersede(target: PostTarget, reader: Reader, newer: OutboundMessage, except: ReadonlySet<string>): Promise<void> {
    const subject = newer.subject;
    if (!subject) return;
    const older = await this.sent.actionableAbout(baseConversationId(target.conversationId), subject, except);
    for (const card of older) {
      const note: LocalizedText = newer.text
        ? { key: "teams:card.noLongerAvailable", params: { change: this.#firstSentence(this.renderer.text(reader, newer.text)) } }
        : { key: "teams:card.superseded" };
      const stale = this.renderer.stale(card.reader, card.card, note);
      try {
        await target.connector.conversations.updateActivity(card.conversationId, card.activityId, {
          ...this.#addressed(target, card.conversationId, {
            type: ActivityTypes.Message,
            attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: stale }],
          }),
          id: card.activityId,
        });
        await this.sent.markStale(card.conversationId, card.activityId, stale);
      } catch (error) {
        this.logger.warn({ err: error, activityId: card.activityId, subject }, "Teams: a superseded card could not be updated in place");
      }
    }
  }

  #firstSentence(text: string): string {
    const line = text.split("\n")[0]?.trim() ?? "";
    return line.length > CHANGE_MAX_CHARS ? `${line.slice(0, CHANGE_MAX_CHARS - 1)}…` : line;
  }

  #addressed(target: PostTarget, conversationId: string, activity: Partial<Activity>, options: PostOptions = {}): Partial<Activity> {
    return {
      ...activity,
      // Teams assigns its own activity id (the spec says a bot SHOULD NOT set one); the delivery id is
      // sent anyway as a correlation a stand-in or a log can show, never relied on to find the message.
      ...(options.deliveryId ? { id: options.deliveryId } : {}),
      channelId: target.channelId,
      serviceUrl: target.serviceUrl,
      conversation: { id: conversationId, isGroup: target.kind !== "personal", conversationType: target.kind, name: "" },
      from: target.bot,
      recipient: target.user,
    };
  }
}
