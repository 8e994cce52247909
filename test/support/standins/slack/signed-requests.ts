/**
 * Requests as Slack sends them to an app's Request URL, signed with the v0 scheme:
 * `x-slack-signature: v0=hex(HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + rawBody))` and
 * `x-slack-request-timestamp` (seconds). Events API callbacks are JSON; interactions are form-encoded
 * `payload=<json>`; slash commands are form-encoded fields. A retry carries `x-slack-retry-num`.
 */
import { createHmac, randomUUID } from "node:crypto";

export interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SigningOptions {
  /** Seconds since the epoch the request claims to be from (default now). */
  readonly timestamp?: number;
  /** Signs with this secret instead (a forgery). */
  readonly forgeWith?: string;
  readonly retryNum?: number;
}

export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export function signRequest(signingSecret: string, body: string, contentType: string, options: SigningOptions = {}): SignedRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(options.forgeWith ?? signingSecret, timestamp, body),
      ...(options.retryNum ? { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" } : {}),
    },
  };
}

export interface EventCallback {
  readonly teamId: string;
  readonly apiAppId?: string;
  readonly eventId?: string;
  readonly event: Record<string, unknown>;
  /** Enterprise Grid: the org, when the app is installed org-wide (`is_enterprise_install`). */
  readonly enterpriseId?: string;
}

/** An Events API `event_callback` envelope. */
export function eventCallbackBody(callback: EventCallback): Record<string, unknown> {
  const orgWide = callback.enterpriseId !== undefined;
  return {
    token: "verification-token-unused",
    team_id: callback.teamId,
    ...(orgWide ? { enterprise_id: callback.enterpriseId, is_enterprise_install: true } : {}),
    api_app_id: callback.apiAppId ?? "A0STANDIN",
    event: callback.event,
    type: "event_callback",
    event_id: callback.eventId ?? `Ev${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: callback.enterpriseId ?? null,
        team_id: callback.teamId,
        user_id: `UB${callback.teamId}`,
        is_bot: true,
        is_enterprise_install: orgWide,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function signedEvent(signingSecret: string, callback: EventCallback, options: SigningOptions = {}): SignedRequest & { eventId: string } {
  const body = eventCallbackBody(callback);
  return { ...signRequest(signingSecret, JSON.stringify(body), "application/json", options), eventId: String(body["event_id"]) };
}

/** A block_actions / view_submission / view_closed payload, form-encoded as `payload=<json>`. */
export function signedInteraction(signingSecret: string, payload: Record<string, unknown>, options: SigningOptions = {}): SignedRequest {
  return signRequest(signingSecret, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded", options);
}

export interface SlashCommand {
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly command?: string;
  readonly text: string;
  readonly triggerId?: string;
}

export function signedSlashCommand(signingSecret: string, command: SlashCommand, options: SigningOptions = {}): SignedRequest {
  const fields = {
    token: "verification-token-unused",
    team_id: command.teamId,
    team_domain: command.teamId.toLowerCase(),
    channel_id: command.channelId,
    channel_name: "directmessage",
    user_id: command.userId,
    user_name: command.userId.toLowerCase(),
    command: command.command ?? "/trade",
    text: command.text,
    api_app_id: "A0STANDIN",
    is_enterprise_install: "false",
    response_url: "http://127.0.0.1:9/commands/unused",
    trigger_id: command.triggerId ?? `${Date.now()}.trigger`,
  };
  return signRequest(signingSecret, new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", options);
}

/** Posts a signed request to the app's URL; returns status and body text. */
export async function postSigned(url: string, request: SignedRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}
