/**
 * An outbox kind delivered as it is to one destination, instead of being fanned out to every channel a
 * recipient has linked: a PagerDuty event goes to PagerDuty, once, with the outbox's retries (429/5xx
 * with backoff or Retry-After; a permanent 4xx recorded and told to staff). Deliveries to one
 * destination go out in outbox order (a trigger before the acknowledge of the same incident).
 */
import type { OutboxEntry } from "../db/outbox.js";
import type { DeliveryAttempt } from "./channel-sender.js";

export interface OutboxRoute {
  /** The deliveries' channel, e.g. "pagerduty". */
  readonly channel: string;
  /**
   * The destination of a payload (the delivery's external id; one destination's deliveries go in outbox
   * order), or undefined when it goes nowhere here (e.g. its routing key is not configured).
   */
  destination(payload: unknown): string | undefined;
  /** Sends the payload; rejects with a DeliveryError (any other error counts as transient). */
  send(payload: unknown, delivery: DeliveryAttempt): Promise<void>;
  /** Outbox entries written when a delivery of the payload fails for good (e.g. to tell staff). */
  failedForGood?(payload: unknown, error: unknown): readonly OutboxEntry[];
}

/** The route of a kind whose destination is not configured here (e.g. no Slack staff channel): its rows go nowhere, quietly. */
export function unconfiguredRoute(channel: string): OutboxRoute {
  return {
    channel,
    destination: () => undefined,
    send: () => Promise.reject(new Error(`${channel} is not configured`)),
  };
}
