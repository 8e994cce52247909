/**
 * A ChannelSender that keeps what it is sent, for tests and the harness channel. It honours
 * idempotency keys like a channel that supports them (a repeated key is dropped), and can be told
 * to fail the next sends with a given DeliveryError.
 */
import type { ConversationRef, OutboundMessage } from "../../src/bots/conversation/messages.js";
import type { ChannelSender, DeliveryAttempt, DeliveryIdentity } from "../../src/adapters/delivery/channel-sender.js";

export interface SentMessage {
  readonly identity: DeliveryIdentity;
  readonly conversationRef?: ConversationRef;
  readonly message: OutboundMessage;
  readonly idempotencyKey: string;
  readonly attempt: number;
}

export class InMemoryChannelSender implements ChannelSender {
  readonly #sent: SentMessage[] = [];
  readonly #keys = new Set<string>();
  readonly #failures: Error[] = [];
  readonly #attempts: { readonly identity: DeliveryIdentity; readonly attempt: number; readonly idempotencyKey: string }[] = [];

  send(identity: DeliveryIdentity, conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void> {
    this.#attempts.push({ identity, attempt: delivery.attempt, idempotencyKey: delivery.idempotencyKey });
    const failure = this.#failures.shift();
    if (failure) return Promise.reject(failure);
    if (this.#keys.has(delivery.idempotencyKey)) return Promise.resolve();
    this.#keys.add(delivery.idempotencyKey);
    this.#sent.push({ identity, ...(conversationRef ? { conversationRef } : {}), message, idempotencyKey: delivery.idempotencyKey, attempt: delivery.attempt });
    return Promise.resolve();
  }

  /** The next `times` sends fail with `error` (in order, after any already queued). */
  failNext(error: Error, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push(error);
  }

  /** Messages delivered (each idempotency key once), in order. */
  get sent(): readonly SentMessage[] {
    return this.#sent;
  }

  /** Every call, failed ones included. */
  get attempts(): readonly { readonly identity: DeliveryIdentity; readonly attempt: number; readonly idempotencyKey: string }[] {
    return this.#attempts;
  }

  sentTo(externalUserId: string): SentMessage[] {
    return this.#sent.filter((s) => s.identity.externalUserId === externalUserId);
  }

  clear(): void {
    this.#sent.length = 0;
    this.#attempts.length = 0;
    this.#failures.length = 0;
    this.#keys.clear();
  }
}
