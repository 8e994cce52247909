/**
 * A stand-in for the Bot Connector service (the `serviceUrl` a channel names on each activity) on
 * 127.0.0.1 (random port), speaking its v3 REST wire format:
 *
 * - `POST /v3/conversations/{conversationId}/activities` (send to conversation) and
 *   `POST /v3/conversations/{conversationId}/activities/{replyToId}` (reply) → 201 `{ id }`
 * - `PUT /v3/conversations/{conversationId}/activities/{activityId}` (update in place) → 200 `{ id }`
 * - `POST /v3/conversations` (create, `ConversationParameters`) → 201 `{ id, activityId? }`; with
 *   `channelData.channel.id` and an `activity`, a new thread in that Teams channel whose first post is
 *   the activity → `{ id: "<channel>;messageid=<activityId>", activityId }`
 * - `GET /files/{name}`: the pre-authenticated download URL a Teams file attachment names
 * - `PUT /uploads/{name}`: the pre-authenticated OneDrive upload URL a `fileConsent/invoke` names
 *   (FileConsentCard accepted); the bytes must come with `Content-Range: bytes 0-{n-1}/{n}` → 201
 *
 * Every call must carry `Authorization: Bearer <token>` issued by the identity stand-in's token
 * endpoint to the expected bot (else 401 in the connector's error shape `{ error: { code, message } }`).
 * Faults on demand: the next N sends answer 429 (with Retry-After) or another status, or are accepted
 * with the connection dropped before the answer (`acceptThenDrop`), and a
 * conversation can be blocked by its user (403 `ConversationBlockedByUser`) or lose the bot
 * (403 `BotNotInConversationRoster`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { BotFrameworkIdentityStandIn } from "./identity.js";

/** What a bot sent: the activity JSON as received, with where it went. */
export interface ReceivedActivity {
  readonly kind: "send" | "reply" | "update";
  readonly conversationId: string;
  /** The reply-to id (reply) or the updated activity's id (update). */
  readonly targetActivityId?: string;
  /** The id the connector gave it (for send/reply) or the updated id. */
  readonly id: string;
  // Activities are open JSON; tests read the fields they care about.
  readonly activity: Record<string, unknown> & {
    readonly type?: string;
    readonly text?: string;
    readonly attachments?: readonly { contentType: string; content: unknown }[];
  };
  readonly at: number;
}

export interface PlannedFault {
  readonly status: number;
  /** Retry-After header value in seconds. */
  readonly retryAfterSeconds?: number;
  readonly code?: string;
  /**
   * The send is accepted (the message is in the chat) and the connection then dropped before any
   * answer: the bot cannot know it went out — a crash between the connector's accept and the record.
   */
  readonly acceptThenDrop?: boolean;
}

export interface BotConnectorStandIn {
  readonly serviceUrl: string;
  /** Sends and replies (not updates), in the order accepted. */
  readonly activities: readonly ReceivedActivity[];
  readonly updates: readonly ReceivedActivity[];
  readonly createdConversations: readonly Record<string, unknown>[];
  /** Every answered send attempt: status, conversation and when, for pacing checks. */
  readonly attempts: readonly { readonly status: number; readonly conversationId: string; readonly at: number }[];
  /** The next `count` sends/replies answer with this fault. */
  failNext(count: number, fault: PlannedFault): void;
  /** The next `count` updates (PUT) answer with this status. */
  failNextUpdates(count: number, status: number): void;
  /** All later sends to this conversation answer 403 with this code. */
  block(conversationId: string, code: "ConversationBlockedByUser" | "BotNotInConversationRoster"): void;
  /** Serves the bytes at `${serviceUrl}/files/{name}` (a Teams file's downloadUrl). */
  addFile(name: string, bytes: Buffer): string;
  readonly fileDownloads: number;
  /** The upload URL Teams would name in a `fileConsent/invoke` for this file. */
  uploadUrl(name: string): string;
  /** Files the bot uploaded through an upload URL, with the Content-Range it sent. */
  readonly uploads: readonly { readonly name: string; readonly bytes: Buffer; readonly contentRange: string | undefined }[];
  /** Sends, replies and updates that hold an Adaptive Card, with their cards. */
  cards(): readonly { readonly received: ReceivedActivity; readonly card: Record<string, unknown> }[];
  close(): Promise<void>;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

const connectorError = (code: string, message: string) => ({ error: { code, message } });

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface BotConnectorOptions {
  readonly identity: BotFrameworkIdentityStandIn;
  /** The bot app id tokens must be issued to. */
  readonly botAppId: string;
  /** Accept calls without a token, as the Bot Framework Emulator's connector does. */
  readonly anonymous?: boolean;
}

export async function startBotConnectorStandIn(options: BotConnectorOptions): Promise<BotConnectorStandIn> {
  const activities: ReceivedActivity[] = [];
  const updates: ReceivedActivity[] = [];
  const created: Record<string, unknown>[] = [];
  const attempts: { status: number; conversationId: string; at: number }[] = [];
  const faults: PlannedFault[] = [];
  const updateFaults: number[] = [];
  const blocked = new Map<string, string>();
  const files = new Map<string, Buffer>();
  let fileDownloads = 0;
  const uploads: { name: string; bytes: Buffer; contentRange: string | undefined }[] = [];
  let nextId = 1;
  let base = "";

  async function authorized(req: IncomingMessage): Promise<boolean> {
    const header = req.headers.authorization ?? "";
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) return false;
    const bot = await options.identity.verifyBotToken(token);
    return bot?.appId === options.botAppId;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      const file = /^\/files\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && file) {
        const bytes = files.get(decodeURIComponent(file[1] ?? ""));
        if (!bytes) return sendJson(res, 404, connectorError("NotFound", "no such file"));
        fileDownloads++;
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) });
        return res.end(bytes);
      }
      const upload = /^\/uploads\/([^/]+)$/.exec(url.pathname);
      if (req.method === "PUT" && upload) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const bytes = Buffer.concat(chunks);
        const contentRange = req.headers["content-range"];
        // OneDrive's upload session: one PUT of the whole file names its range.
        if (bytes.byteLength > 0 && contentRange !== `bytes 0-${bytes.byteLength - 1}/${bytes.byteLength}`)
          return sendJson(res, 400, { error: { code: "invalidRange", message: `bad Content-Range ${contentRange ?? "(none)"}` } });
        const name = decodeURIComponent(upload[1] ?? "");
        uploads.push({ name, bytes, contentRange });
        return sendJson(res, 201, { id: `onedrive-${uploads.length}`, name, size: bytes.byteLength });
      }
      if (!options.anonymous && !(await authorized(req)))
        return sendJson(res, 401, connectorError("Unauthorized", "Authorization has been denied for this request."));

      if (req.method === "POST" && url.pathname === "/v3/conversations") {
        const parameters = await readJson(req);
        created.push(parameters);
        // A new thread in a Teams channel: the activity is its first post; the answer names the thread.
        const channel = (parameters["channelData"] as { channel?: { id?: string } } | undefined)?.channel?.id;
        const first = parameters["activity"] as ReceivedActivity["activity"] | undefined;
        if (channel && first) {
          const id = `1:${nextId++}`;
          attempts.push({ status: 201, conversationId: channel, at: Date.now() });
          activities.push({ kind: "send", conversationId: channel, id, activity: first, at: Date.now() });
          return sendJson(res, 201, { id: `${channel};messageid=${id}`, activityId: id });
        }
        const members = (parameters["members"] as { id?: string }[] | undefined) ?? [];
        return sendJson(res, 201, { id: `a:created-${created.length}-${members[0]?.id ?? "unknown"}` });
      }
      const route = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
      if (!route) return sendJson(res, 404, connectorError("NotFound", `no route ${req.method} ${url.pathname}`));
      const conversationId = decodeURIComponent(route[1] ?? "");
      const targetActivityId = route[2] === undefined ? undefined : decodeURIComponent(route[2]);
      const activity = await readJson(req);
      const now = Date.now();

      if (req.method === "PUT" && targetActivityId) {
        const failed = updateFaults.shift();
        if (failed !== undefined) return sendJson(res, failed, connectorError("ServiceError", `stand-in update fault ${failed}`));
        updates.push({ kind: "update", conversationId, targetActivityId, id: targetActivityId, activity, at: now });
        return sendJson(res, 200, { id: targetActivityId });
      }
      if (req.method !== "POST") return sendJson(res, 405, connectorError("MethodNotAllowed", "method not allowed"));

      const blockedCode = blocked.get(conversationId);
      if (blockedCode) {
        attempts.push({ status: 403, conversationId, at: now });
        const message =
          blockedCode === "ConversationBlockedByUser" ? "User blocked the conversation with the bot." : "The bot is not part of the conversation roster.";
        return sendJson(res, 403, connectorError(blockedCode, message));
      }
      const fault = faults.shift();
      if (fault?.acceptThenDrop) {
        attempts.push({ status: 201, conversationId, at: now });
        activities.push({
          kind: targetActivityId ? "reply" : "send",
          conversationId,
          ...(targetActivityId ? { targetActivityId } : {}),
          id: `1:${nextId++}`,
          activity,
          at: now,
        });
        req.socket.destroy();
        return;
      }
      if (fault) {
        attempts.push({ status: fault.status, conversationId, at: now });
        const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
        return sendJson(
          res,
          fault.status,
          connectorError(fault.code ?? (fault.status === 429 ? "Throttled" : "ServiceError"), `stand-in fault ${fault.status}`),
          headers,
        );
      }
      attempts.push({ status: 201, conversationId, at: now });
      const id = `1:${nextId++}`;
      activities.push({ kind: targetActivityId ? "reply" : "send", conversationId, ...(targetActivityId ? { targetActivityId } : {}), id, activity, at: now });
      return sendJson(res, 201, { id });
    })().catch((error: unknown) => sendJson(res, 500, connectorError("ServiceError", String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    serviceUrl: `${base}/`,
    activities,
    updates,
    createdConversations: created,
    attempts,
    failNext(count, fault) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    failNextUpdates(count, status) {
      for (let i = 0; i < count; i++) updateFaults.push(status);
    },
    block: (conversationId, code) => void blocked.set(conversationId, code),
    addFile(name, bytes) {
      files.set(name, bytes);
      return `${base}/files/${encodeURIComponent(name)}`;
    },
    get fileDownloads() {
      return fileDownloads;
    },
    uploadUrl: (name) => `${base}/uploads/${encodeURIComponent(name)}`,
    uploads,
    cards() {
      return [...activities, ...updates].flatMap((received) =>
        (received.activity.attachments ?? [])
          .filter((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE)
          .map((a) => ({ received, card: a.content as Record<string, unknown> })),
      );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
