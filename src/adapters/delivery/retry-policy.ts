/**
 * When a failed delivery is tried again: after the channel's Retry-After when it gave one (429/503),
 * else after an exponential backoff (base · 2^(attempt−1), capped); after `maxAttempts` attempts, or
 * at once for a permanent failure, the delivery is recorded as failed.
 */
import { isDeliveryError } from "./channel-sender.js";

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 15 * 60_000 };

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/** The exponential backoff before attempt `attempt + 1`: base · 2^(attempt−1), capped. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export function retryDecision(error: unknown, attempt: number, policy: RetryPolicy): RetryDecision {
  if (isDeliveryError(error) && error.permanent) return { retry: false };
  if (attempt >= policy.maxAttempts) return { retry: false };
  if (isDeliveryError(error) && error.retryAfterMs !== undefined) return { retry: true, delayMs: error.retryAfterMs };
  return { retry: true, delayMs: backoffDelayMs(attempt, policy) };
}
