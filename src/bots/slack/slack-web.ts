/**
 * Web API clients as this product uses them (platform notes, Slack): no SDK-side retries — the
 * default retries for ~30 minutes and a 429 pauses the whole client queue — so a failed call fails at
 * once and the outbox schedules the retry; and the mapping of Web API failures to DeliveryErrors:
 * 429 → transient with Retry-After, HTTP 5xx / network → transient, and the errors that no retry can
 * cure (channel_not_found, not_in_channel, account_inactive, revoked or invalid tokens…) → permanent.
 */
import { LRUCache } from "lru-cache";
import { ErrorCode, WebClient, type WebAPIHTTPError, type WebAPIPlatformError, type WebAPIRateLimitedError } from "@slack/web-api";
import { DeliveryError, deliveryErrorOfHttpStatus, isDeliveryError } from "../../adapters/delivery/channel-sender.js";

/**
 * Entries of each per-person, per-channel or per-token cache of the Slack channel at most (issue 15:
 * plain maps grew with every person and channel seen, for the life of the process). The least recently
 * used is forgotten first — and asked again, or recreated, when needed.
 */
export const SLACK_CACHE_MAX = 10_000;

/** One client per bot token: WebClient keeps per-client state (queue, team id), tokens are few. */
export class SlackClients {
  readonly #clients = new LRUCache<string, WebClient>({ max: 1_000 });

  constructor(private readonly apiUrl: string) {}

  of(token: string): WebClient {
    let client = this.#clients.get(token);
    if (!client) {
      client = new WebClient(token, slackClientOptions(this.apiUrl));
      this.#clients.set(token, client);
    }
    return client;
  }

  forget(token: string): void {
    this.#clients.delete(token);
  }
}

export function slackClientOptions(apiUrl: string): {
  slackApiUrl: string;
  retryConfig: { retries: number };
  rejectRateLimitedCalls: boolean;
  timeout: number;
} {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 };
}

/** Platform errors a later attempt may get past; every other `ok: false` answer is final. */
const TRANSIENT_PLATFORM_ERRORS: ReadonlySet<string> = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "team_added_to_org",
]);

/** The Web API errors meaning this workspace's token is dead (uninstalled or revoked). */
export const DEAD_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  "token_revoked",
  "token_expired",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "team_access_not_granted",
  "app_uninstalled",
]);

export function platformErrorOf(error: unknown): string | undefined {
  return (error as { code?: string }).code === ErrorCode.PlatformError ? (error as WebAPIPlatformError).data.error : undefined;
}

/** A Web API failure as the outbox understands it. */
export function deliveryErrorOf(error: unknown, nowMs: number): DeliveryError {
  if (isDeliveryError(error)) return error;
  const code = (error as { code?: string } | null)?.code;
  if (code === ErrorCode.RateLimitedError) {
    const retryAfter = (error as WebAPIRateLimitedError).retryAfter;
    return new DeliveryError(`Slack rate limit; retry after ${retryAfter}s`, { permanent: false, status: 429, retryAfterMs: retryAfter * 1000, cause: error });
  }
  if (code === ErrorCode.HTTPError) {
    const http = error as WebAPIHTTPError;
    const retryAfter = http.headers["retry-after"];
    return deliveryErrorOfHttpStatus(http.statusCode, typeof retryAfter === "string" ? retryAfter : undefined, nowMs, "Slack Web API");
  }
  const platform = platformErrorOf(error);
  if (platform !== undefined) return new DeliveryError(`Slack answered ${platform}`, { permanent: !TRANSIENT_PLATFORM_ERRORS.has(platform), cause: error });
  // A request that never got an answer (connection refused, timeout): try again later.
  return new DeliveryError(`Slack Web API unreachable: ${(error as Error).message}`, { permanent: false, cause: error });
}

export interface PacingRule {
  /** Posts allowed at once into a quiet channel. */
  readonly burst: number;
  /** Sustained posts per second per channel (Slack: chat.postMessage about 1 per second per channel). */
  readonly perSecond: number;
}

export const SLACK_POST_PACING: PacingRule = { burst: 4, perSecond: 1 };

/**
 * Per-channel pacing of posts (a token bucket per channel): the outbox's sender asks before posting
 * and, when the channel is busy, fails the attempt as transient with the wait as Retry-After, so the
 * dispatcher schedules it instead of Slack answering 429.
 */
export class ChannelPacer {
  // A channel forgotten (least recently posted to) starts again with a full burst.
  readonly #buckets = new LRUCache<string, { tokens: number; atMs: number }>({ max: SLACK_CACHE_MAX });

  constructor(
    private readonly rule: PacingRule,
    private readonly nowMs: () => number,
  ) {}

  /** 0 when a post to this channel may go now (and counts it); else the milliseconds to wait. */
  take(channel: string): number {
    const now = this.nowMs();
    const bucket = this.#buckets.get(channel) ?? { tokens: this.rule.burst, atMs: now };
    const tokens = Math.min(this.rule.burst, bucket.tokens + ((now - bucket.atMs) / 1000) * this.rule.perSecond);
    if (tokens >= 1) {
      this.#buckets.set(channel, { tokens: tokens - 1, atMs: now });
      return 0;
    }
    this.#buckets.set(channel, { tokens, atMs: now });
    return Math.ceil(((1 - tokens) / this.rule.perSecond) * 1000);
  }
}
