/**
 * The "webchat" ChannelSender for the outbox dispatcher: a notification for a web-chat identity is
 * recorded in its conversation in the database and NOTIFYed (LiveSessions), so its open tabs on every
 * replica show it at once and a tab opened later finds it. A repeated idempotency key (the delivery
 * id) is dropped by the database's unique key, across restarts and replicas. A failure to record it
 * (database unreachable) is transient: the dispatcher retries.
 */
import type { ConversationRef, OutboundMessage } from "../conversation/messages.js";
import { DeliveryError, type ChannelSender, type DeliveryAttempt, type DeliveryIdentity } from "../../adapters/delivery/channel-sender.js";
import type { LiveSessions } from "./live-sessions.js";

export class WebChatSender implements ChannelSender {
  constructor(private readonly sessions: LiveSessions) {}

  async send(identity: DeliveryIdentity, _conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void> {
    try {
      await this.sessions.record(identity.externalUserId, [{ kind: "bot", message }], delivery.idempotencyKey);
    } catch (error) {
      throw new DeliveryError("the web-chat message could not be recorded", { permanent: false, cause: error });
    }
  }
}
