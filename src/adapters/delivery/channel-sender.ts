/**
 * The port every messaging channel (Slack, Teams, web chat, the test harness) implements for
 * proactive delivery: render one neutral OutboundMessage for one linked account and send it.
 * A failure is a DeliveryError saying whether retrying can help (429/5xx) or not (4xx, unknown user).
 */
import type { ConversationRef, OutboundMessage } from "../../domain/notifications/vocabulary.js";

/** A channel identity of the recipient (CM-05), with what the renderer needs to format for them (CM-03). */
export interface DeliveryIdentity {
  readonly channel: string;
  readonly externalUserId: string;
  readonly partyId: string;
  /** The reader's language (BCP 47) and time zone, from the party. */
  readonly locale: string;
  readonly timeZone: string;
}

/** About this attempt: `idempotencyKey` is the delivery id, the same on every attempt of one delivery. */
export interface DeliveryAttempt {
  readonly idempotencyKey: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export interface ChannelSender {
  /**
   * Sends the message to the identity (in `conversationRef` when given, else the channel's direct
   * conversation with the user). A channel that supports idempotency keys passes
   * `delivery.idempotencyKey`, so a re-send after a crash between send and acknowledgement is dropped.
   * Rejects with a DeliveryError (any other error counts as transient).
   */
  send(identity: DeliveryIdentity, conversationRef: ConversationRef | undefined, message: OutboundMessage, delivery: DeliveryAttempt): Promise<void>;
}

export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(message: string, options: { permanent: boolean; retryAfterMs?: number; status?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DeliveryError";
    this.permanent = options.permanent;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}

/**
 * Retry-After as milliseconds: delay-seconds or an HTTP date (relative to `nowMs`); undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The DeliveryError of an HTTP answer: 429 and 5xx are transient (honouring Retry-After), 408 too;
 * any other 4xx is permanent.
 */
export function deliveryErrorOfHttpStatus(status: number, retryAfter: string | null | undefined, nowMs: number, detail = ""): DeliveryError {
  const transient = status === 429 || status === 408 || status >= 500;
  const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
  return new DeliveryError(`channel answered HTTP ${status}${detail ? `: ${detail}` : ""}`, {
    permanent: !transient,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
