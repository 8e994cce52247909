/**
 * The "webchat" ChannelSender for the outbox dispatcher: a notification for a web-chat identity goes
 * into its mailbox and out to its open tabs (LiveSessions). Sending never fails — a person with no tab
 * open finds the message when they next open one — and a repeated idempotency key is dropped.
 */
import type { ConversationRef, OutboundMessage } from "../conversation/messages.js";
import type { ChannelSender, DeliveryAttempt, DeliveryIdentity } from "../../adapters/delivery/channel-sender.js";
import type { LiveSessions } from "./live-sessions.js";

const REMEMBERED_KEYS = 10_000;

export class WebChatSender implements ChannelSender {
  readonly #sentKeys = new Set<string>();

  constructor(private readonly sessions: LiveSessions) {}

  send(identity: DeliveryIdentity, _conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void> {
    if (this.#sentKeys.has(delivery.idempotencyKey)) return Promise.resolve();
    this.#sentKeys.add(delivery.idempotencyKey);
    if (this.#sentKeys.size > REMEMBERED_KEYS) this.#sentKeys.delete(this.#sentKeys.values().next().value as string);
    this.sessions.deliver(identity.externalUserId, message, { locale: identity.locale, timeZone: identity.timeZone });
    return Promise.resolve();
  }
}
