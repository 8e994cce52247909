/**
 * A stand-in Slack on 127.0.0.1 (random port) speaking Slack's real wire formats, for tests that drive
 * the product's Slack channel through its normal SDKs (@slack/web-api, @slack/oauth, @slack/socket-mode)
 * with only the base URL changed (`SLACK_API_URL` = `apiUrl`):
 *
 * - Web API: `POST /api/<method>`, body form-encoded (JSON-valued arguments as JSON strings, as
 *   WebClient sends them) or JSON; token from `Authorization: Bearer …` or a `token` argument.
 *   Answers HTTP 200 `{ ok: true, … }` or `{ ok: false, error }`; a rate limit is HTTP 429 with
 *   `Retry-After` (seconds) and `{ ok: false, error: "ratelimited" }`.
 * - Token rotation (a workspace `rotating`): the code grant answers an expiring `xoxe.xoxb-…` token,
 *   `refresh_token` and `expires_in`; `grant_type=refresh_token` answers a new access token; an
 *   `expire`d token answers `token_expired`. Enterprise Grid (a workspace's `enterpriseId`): a code
 *   granted `orgWide` answers `enterprise`, `team: null`, `is_enterprise_install: true`.
 * - Methods: auth.test, chat.postMessage (with `metadata`), chat.update, conversations.open,
 *   conversations.history / conversations.replies (metadata only with `include_all_metadata`),
 *   users.info (`locale` only with `include_locale`; `tz`, `tz_offset`), views.open / views.update /
 *   views.publish, files.info, oauth.v2.access (code and refresh_token grants, client credentials by
 *   HTTP Basic or body), apps.connections.open (an `xapp-` token) → a `ws://` URL.
 * - File download: `GET /files-pri/<team>-<file>/<name>` (a file's `url_private`) needs the bot token
 *   of the file's workspace; without it Slack answers 200 with its HTML sign-in page, as here.
 * - Socket Mode: a `ws` server that says `{ type: "hello" }` on connect; `sendEnvelope` sends
 *   `{ envelope_id, type, payload, accepts_response_payload, retry_attempt, retry_reason }` and
 *   resolves with the client's ack `{ envelope_id, payload? }`.
 *
 * Every Web API call is recorded (`calls`). `script(method, outcomes)` queues failures a method
 * answers before it answers normally again: `{ status: 429, retryAfter }`, `{ status: 500 | 503 }`
 * or `{ error: "channel_not_found" | "token_revoked" | … }`; `revoke(token)` makes a token answer
 * `token_revoked` for good.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface StandInWorkspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Token rotation is on: an install gets an expiring `xoxe.xoxb-` token and a refresh token (12 h). */
  readonly rotating?: boolean;
  /** Enterprise Grid: the org this workspace belongs to (an org-wide install answers for all its workspaces). */
  readonly enterpriseId?: string;
}

export interface StandInUser {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  readonly realName?: string;
  readonly locale?: string;
  readonly tz?: string;
  readonly tzOffset?: number;
  readonly deleted?: boolean;
}

export interface StandInMessage {
  readonly channel: string;
  ts: string;
  readonly threadTs?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  readonly user: string;
  readonly botId?: string;
  edited?: boolean;
}

export interface StandInFile {
  readonly id: string;
  readonly teamId: string;
  readonly name: string;
  readonly mimetype: string;
  readonly bytes: Uint8Array;
}

export interface RecordedCall {
  readonly method: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly token: string | undefined;
  readonly contentType: string;
  /** HTTP status and `error` of the answer (undefined when ok). */
  readonly status: number;
  readonly error?: string;
}

export type ScriptedOutcome = { readonly status: 429; readonly retryAfter: number } | { readonly status: 500 | 502 | 503 } | { readonly error: string };

export interface SocketEnvelopeAck {
  readonly envelope_id: string;
  readonly payload?: unknown;
}

export interface SlackStandIn {
  /** For `slackApiUrl` / `SLACK_API_URL`: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly calls: readonly RecordedCall[];
  callsTo(method: string): readonly RecordedCall[];
  readonly messages: readonly StandInMessage[];
  /** Messages in one channel (and thread, when given), oldest first. */
  messagesIn(channel: string, threadTs?: string): readonly StandInMessage[];
  /** The App Home view last published for a user. */
  homeOf(userId: string): unknown;
  readonly views: ReadonlyMap<string, unknown>;
  addWorkspace(workspace: Partial<StandInWorkspace> & { teamId: string }): StandInWorkspace;
  workspace(teamId: string): StandInWorkspace;
  addUser(user: StandInUser): void;
  /** A file as if a user had uploaded it to Slack; `url_private` is served with the bot token only. */
  addFile(file: Omit<StandInFile, "id"> & { id?: string }): StandInFile & { urlPrivate: string };
  /** The DM channel id between the bot and a user (conversations.open answers it). */
  dmChannelOf(userId: string): string;
  /** Queued answers for the next calls of a method, in order, before it answers normally again. */
  script(method: string, outcomes: readonly ScriptedOutcome[]): void;
  revoke(token: string): void;
  /** The token answers `token_expired` from now on (a rotating token past its 12 hours). */
  expire(token: string): void;
  /** What an OAuth `code` exchanges for: the workspace the installer chose and who installed; `orgWide` = an Enterprise Grid org install. */
  grantCode(code: string, teamId: string, installerUserId: string, options?: { orgWide?: boolean }): void;
  /** Rotating tokens issued so far (by the code and refresh_token grants), oldest first. */
  readonly issuedTokens: readonly string[];
  /** The app-level token Socket Mode opens a connection with. */
  readonly appToken: string;
  readonly socketConnections: number;
  /** Resolves when a Socket Mode client is connected (hello sent). */
  socketConnected(): Promise<void>;
  sendEnvelope(
    type: "events_api" | "interactive" | "slash_commands",
    payload: unknown,
    options?: { envelopeId?: string; retryAttempt?: number },
  ): Promise<SocketEnvelopeAck>;
  reset(): void;
  close(): Promise<void>;
}

const JSON_ARGUMENTS = new Set(["blocks", "attachments", "metadata", "view", "users"]);

function parseArguments(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
  const args: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    if (JSON_ARGUMENTS.has(name) && /^[[{]/.test(value)) args[name] = JSON.parse(value) as unknown;
    else args[name] = value;
  }
  return args;
}

function truthy(value: unknown): boolean {
  return value === true || value === "true" || value === "1" || value === 1;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
}

class PlatformError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

export async function startSlackStandIn(options: { workspaces?: readonly (Partial<StandInWorkspace> & { teamId: string })[] } = {}): Promise<SlackStandIn> {
  const workspaces = new Map<string, StandInWorkspace>();
  const users = new Map<string, StandInUser>();
  const files = new Map<string, StandInFile>();
  const messages: StandInMessage[] = [];
  const views = new Map<string, unknown>();
  const homes = new Map<string, unknown>();
  const calls: RecordedCall[] = [];
  const scripted = new Map<string, ScriptedOutcome[]>();
  const revoked = new Set<string>();
  const codes = new Map<string, { teamId: string; userId: string; orgWide: boolean }>();
  const refreshTokens = new Map<string, string>();
  /** Rotating access tokens → their workspace; expired ones answer token_expired. */
  const rotatingTokens = new Map<string, string>();
  const issuedTokens: string[] = [];
  const expired = new Set<string>();
  const ROTATION_SECONDS = 12 * 60 * 60;
  const appToken = "xapp-1-A0STANDIN-1-standin";
  let tsCounter = 0;
  let origin = "";

  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, "0")}`;

  function addWorkspace(w: Partial<StandInWorkspace> & { teamId: string }): StandInWorkspace {
    const full: StandInWorkspace = {
      teamName: `Workspace ${w.teamId}`,
      botToken: `xoxb-${w.teamId}-standin`,
      botUserId: `UB${w.teamId}`,
      botId: `B${w.teamId}`,
      appId: "A0STANDIN",
      ...w,
    };
    workspaces.set(full.teamId, full);
    return full;
  }
  for (const w of options.workspaces ?? [{ teamId: "T0001" }]) addWorkspace(w);

  const workspaceOfToken = (token: string | undefined): StandInWorkspace | undefined => {
    const rotatingTeam = token === undefined ? undefined : rotatingTokens.get(token);
    if (rotatingTeam) return workspaces.get(rotatingTeam);
    return [...workspaces.values()].find((w) => w.botToken === token && !w.rotating);
  };
  const dmChannelOf = (userId: string): string => `D${userId}`;

  function requireWorkspace(token: string | undefined): StandInWorkspace {
    if (token === undefined) throw new PlatformError("not_authed");
    if (revoked.has(token)) throw new PlatformError("token_revoked");
    if (expired.has(token)) throw new PlatformError("token_expired");
    const workspace = workspaceOfToken(token);
    if (!workspace) throw new PlatformError("invalid_auth");
    return workspace;
  }

  function knownChannel(channel: unknown): string {
    if (typeof channel !== "string" || channel === "") throw new PlatformError("channel_not_found");
    if (channel.startsWith("U")) return dmChannelOf(channel); // posting to a user id posts in the bot's DM with them
    if (channel.startsWith("D") && users.has(channel.slice(1))) return channel;
    if (channel.startsWith("C")) return channel;
    throw new PlatformError("channel_not_found");
  }

  function withMetadata(message: StandInMessage, include: boolean): Record<string, unknown> {
    return {
      type: "message",
      ts: message.ts,
      text: message.text,
      user: message.user,
      ...(message.botId ? { bot_id: message.botId } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.edited ? { edited: { user: message.user, ts: nextTs() } } : {}),
      ...(include && message.metadata ? { metadata: message.metadata } : {}),
    };
  }

  const methods: Record<string, (args: Record<string, unknown>, token: string | undefined, request: IncomingMessage) => Record<string, unknown>> = {
    "auth.test": (_args, token) => {
      const w = requireWorkspace(token);
      return {
        url: `https://${w.teamId.toLowerCase()}.slack.com/`,
        team: w.teamName,
        user: "tradebot",
        team_id: w.teamId,
        user_id: w.botUserId,
        bot_id: w.botId,
        is_enterprise_install: false,
      };
    },
    "chat.postMessage": (args, token) => {
      const w = requireWorkspace(token);
      const channel = knownChannel(args["channel"]);
      if (typeof args["text"] !== "string" && args["blocks"] === undefined) throw new PlatformError("no_text");
      const metadata = args["metadata"] as StandInMessage["metadata"] | undefined;
      const threadTs = typeof args["thread_ts"] === "string" && args["thread_ts"] !== "" ? args["thread_ts"] : undefined;
      if (threadTs && !messages.some((m) => m.channel === channel && m.ts === threadTs)) throw new PlatformError("thread_not_found");
      const message: StandInMessage = {
        channel,
        ts: nextTs(),
        text: typeof args["text"] === "string" ? args["text"] : "",
        ...(Array.isArray(args["blocks"]) ? { blocks: args["blocks"] as unknown[] } : {}),
        ...(metadata ? { metadata } : {}),
        ...(threadTs ? { threadTs } : {}),
        user: w.botUserId,
        botId: w.botId,
      };
      messages.push(message);
      return { channel, ts: message.ts, message: withMetadata(message, false) };
    },
    "chat.update": (args, token) => {
      requireWorkspace(token);
      const channel = knownChannel(args["channel"]);
      const message = messages.find((m) => m.channel === channel && m.ts === args["ts"]);
      if (!message) throw new PlatformError("message_not_found");
      if (typeof args["text"] === "string") message.text = args["text"];
      if (Array.isArray(args["blocks"])) message.blocks = args["blocks"] as unknown[];
      message.edited = true;
      return { channel, ts: message.ts, text: message.text };
    },
    "conversations.open": (args, token) => {
      requireWorkspace(token);
      const userId = String(args["users"] ?? "").split(",")[0] ?? "";
      const user = users.get(userId);
      if (!user) throw new PlatformError("user_not_found");
      if (user.deleted) throw new PlatformError("account_inactive");
      return { channel: { id: dmChannelOf(userId) } };
    },
    "conversations.history": (args, token) => {
      requireWorkspace(token);
      const channel = knownChannel(args["channel"]);
      const limit = Number(args["limit"] ?? 100);
      const found = messages
        .filter((m) => m.channel === channel && m.threadTs === undefined)
        .reverse()
        .slice(0, limit);
      return { messages: found.map((m) => withMetadata(m, truthy(args["include_all_metadata"]))), has_more: false };
    },
    "conversations.replies": (args, token) => {
      requireWorkspace(token);
      const channel = knownChannel(args["channel"]);
      const ts = args["ts"];
      const root = messages.find((m) => m.channel === channel && m.ts === ts);
      if (!root) throw new PlatformError("thread_not_found");
      const thread = [root, ...messages.filter((m) => m.channel === channel && m.threadTs === ts)];
      return { messages: thread.map((m) => withMetadata(m, truthy(args["include_all_metadata"]))), has_more: false };
    },
    "users.info": (args, token) => {
      requireWorkspace(token);
      const user = users.get(String(args["user"]));
      if (!user) throw new PlatformError("user_not_found");
      return {
        user: {
          id: user.id,
          team_id: user.teamId,
          name: user.name,
          real_name: user.realName ?? user.name,
          deleted: user.deleted ?? false,
          is_bot: false,
          tz: user.tz ?? "America/Los_Angeles",
          tz_label: "",
          tz_offset: user.tzOffset ?? -28800,
          ...(truthy(args["include_locale"]) ? { locale: user.locale ?? "en-US" } : {}),
          profile: { real_name: user.realName ?? user.name, display_name: user.name },
        },
      };
    },
    "views.open": (args, token) => {
      requireWorkspace(token);
      if (typeof args["trigger_id"] !== "string" || args["trigger_id"] === "") throw new PlatformError("invalid_trigger_id");
      const id = `V${randomUUID().slice(0, 8).toUpperCase()}`;
      const view = { id, ...(args["view"] as Record<string, unknown>) };
      views.set(id, view);
      return { view };
    },
    "views.update": (args, token) => {
      requireWorkspace(token);
      const id = String(args["view_id"] ?? "");
      if (!views.has(id)) throw new PlatformError("not_found");
      const view = { id, ...(args["view"] as Record<string, unknown>) };
      views.set(id, view);
      return { view };
    },
    "views.publish": (args, token) => {
      requireWorkspace(token);
      const userId = String(args["user_id"] ?? "");
      if (!users.has(userId)) throw new PlatformError("user_not_found");
      const view = { id: `VH${userId}`, ...(args["view"] as Record<string, unknown>) };
      homes.set(userId, view);
      return { view };
    },
    "files.info": (args, token) => {
      const w = requireWorkspace(token);
      const file = files.get(String(args["file"]));
      if (!file || file.teamId !== w.teamId) throw new PlatformError("file_not_found");
      const urlPrivate = `${origin}/files-pri/${file.teamId}-${file.id}/${encodeURIComponent(file.name)}`;
      return {
        file: {
          id: file.id,
          name: file.name,
          title: file.name,
          mimetype: file.mimetype,
          filetype: file.name.split(".").pop(),
          size: file.bytes.byteLength,
          url_private: urlPrivate,
          url_private_download: `${urlPrivate}?download=1`,
        },
      };
    },
    "oauth.v2.access": (args, _token, request) => {
      let clientId = args["client_id"];
      const basic = request.headers.authorization?.match(/^Basic (.+)$/)?.[1];
      if (basic) clientId = Buffer.from(basic, "base64").toString("utf8").split(":")[0];
      if (typeof clientId !== "string" || clientId === "") throw new PlatformError("invalid_client_id");
      let grant: { teamId: string; userId: string; orgWide: boolean } | undefined;
      const refreshing = args["grant_type"] === "refresh_token";
      if (refreshing) {
        const teamId = refreshTokens.get(String(args["refresh_token"]));
        if (!teamId) throw new PlatformError("invalid_refresh_token");
        grant = { teamId, userId: "", orgWide: false };
      } else {
        grant = codes.get(String(args["code"]));
        if (!grant) throw new PlatformError("invalid_code");
        codes.delete(String(args["code"]));
      }
      const w = workspaces.get(grant.teamId);
      if (!w) throw new PlatformError("team_not_found");
      // Token rotation: a new expiring access token on each grant; the refresh token stays valid (two refreshes may race).
      let rotation: Record<string, unknown> = {};
      if (w.rotating) {
        const accessToken = `xoxe.xoxb-${w.teamId}-${issuedTokens.length + 1}`;
        issuedTokens.push(accessToken);
        rotatingTokens.set(accessToken, w.teamId);
        const refreshToken = refreshing ? String(args["refresh_token"]) : `xoxe-1-${w.teamId}-${randomUUID().slice(0, 8)}`;
        refreshTokens.set(refreshToken, w.teamId);
        rotation = { access_token: accessToken, refresh_token: refreshToken, expires_in: ROTATION_SECONDS };
      }
      if (refreshing) return { token_type: "bot", scope: "chat:write,im:history,users:read,files:read,commands", ...rotation };
      const orgWide = grant.orgWide && w.enterpriseId !== undefined;
      return {
        app_id: w.appId,
        authed_user: { id: grant.userId },
        scope: "chat:write,im:history,users:read,files:read,commands",
        token_type: "bot",
        access_token: w.botToken,
        bot_user_id: w.botUserId,
        team: orgWide ? null : { id: w.teamId, name: w.teamName },
        enterprise: w.enterpriseId ? { id: w.enterpriseId, name: `Org ${w.enterpriseId}` } : null,
        is_enterprise_install: orgWide,
        ...rotation,
      };
    },
    "apps.connections.open": (_args, token) => {
      if (token !== appToken) throw new PlatformError("invalid_auth");
      return { url: `${origin.replace(/^http/, "ws")}/link/?ticket=${randomUUID()}&app_id=A0STANDIN` };
    },
  };

  const sockets = new Set<WebSocket>();
  const pendingAcks = new Map<string, (ack: SocketEnvelopeAck) => void>();
  let connectedWaiters: (() => void)[] = [];
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("message", (data: Buffer) => {
      const ack = JSON.parse(data.toString("utf8")) as SocketEnvelopeAck;
      pendingAcks.get(ack.envelope_id)?.(ack);
      pendingAcks.delete(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: sockets.size,
        debug_info: { host: "standin", approximate_connection_time: 3600 },
        connection_info: { app_id: "A0STANDIN" },
      }),
    );
    for (const waiter of connectedWaiters) waiter();
    connectedWaiters = [];
  });

  async function handleApi(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    const contentType = request.headers["content-type"] ?? "";
    const args = parseArguments(contentType, await readBody(request));
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const token = bearer ?? (typeof args["token"] === "string" ? args["token"] : undefined);
    const record = (status: number, error?: string): void => {
      calls.push({ method, args, token, contentType, status, ...(error ? { error } : {}) });
    };
    const queued = scripted.get(method)?.shift();
    if (queued) {
      if ("error" in queued) {
        record(200, queued.error);
        return answer(response, 200, { ok: false, error: queued.error });
      }
      record(queued.status, queued.status === 429 ? "ratelimited" : "http_error");
      if (queued.status === 429) return answer(response, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(queued.retryAfter) });
      response.writeHead(queued.status, { "content-type": "text/html" });
      return void response.end("<html><body>Slack is having trouble</body></html>");
    }
    const run = methods[method];
    if (!run) {
      record(200, "unknown_method");
      return answer(response, 200, { ok: false, error: "unknown_method" });
    }
    try {
      const result = run(args, token, request);
      record(200);
      answer(response, 200, { ok: true, ...result });
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      record(200, error.error);
      answer(response, 200, { ok: false, error: error.error });
    }
  }

  function handleFile(request: IncomingMessage, response: ServerResponse, path: string): void {
    const match = /^\/files-pri\/([^-]+)-([^/]+)\//.exec(path);
    const file = match ? files.get(match[2] ?? "") : undefined;
    const token = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const w = token && !revoked.has(token) ? workspaceOfToken(token) : undefined;
    if (!file || !w || w.teamId !== file.teamId) {
      // Slack's answer to a url_private fetch without the workspace's token: its sign-in page, status 200.
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void response.end("<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>");
    }
    response.writeHead(200, { "content-type": file.mimetype, "content-length": String(file.bytes.byteLength) });
    response.end(Buffer.from(file.bytes));
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const api = /^\/api\/([a-zA-Z0-9.]+)$/.exec(path);
    if (api && request.method === "POST") {
      handleApi(request, response, api[1] ?? "").catch((error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      });
      return;
    }
    if (path.startsWith("/files-pri/") && request.method === "GET") return handleFile(request, response, path);
    response.writeHead(404);
    response.end();
  });
  server.on("upgrade", (request, socket, head) => {
    if (!(request.url ?? "").startsWith("/link/")) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages,
    messagesIn: (channel, threadTs) =>
      messages.filter((m) => m.channel === channel && (threadTs === undefined ? true : m.ts === threadTs || m.threadTs === threadTs)),
    homeOf: (userId) => homes.get(userId),
    views,
    addWorkspace,
    workspace(teamId) {
      const w = workspaces.get(teamId);
      if (!w) throw new Error(`no stand-in workspace ${teamId}`);
      return w;
    },
    addUser: (user) => void users.set(user.id, user),
    addFile(file) {
      const full: StandInFile = { ...file, id: file.id ?? `F${randomUUID().slice(0, 8).toUpperCase()}` };
      files.set(full.id, full);
      return { ...full, urlPrivate: `${origin}/files-pri/${full.teamId}-${full.id}/${encodeURIComponent(full.name)}` };
    },
    dmChannelOf,
    script: (method, outcomes) => void scripted.set(method, [...(scripted.get(method) ?? []), ...outcomes]),
    revoke: (token) => void revoked.add(token),
    expire: (token) => void expired.add(token),
    grantCode: (code, teamId, userId, grantOptions = {}) => void codes.set(code, { teamId, userId, orgWide: grantOptions.orgWide ?? false }),
    issuedTokens,
    appToken,
    get socketConnections() {
      return sockets.size;
    },
    socketConnected: () => (sockets.size > 0 ? Promise.resolve() : new Promise<void>((resolve) => connectedWaiters.push(resolve))),
    sendEnvelope(type, payload, envelopeOptions = {}) {
      const socket = [...sockets][0];
      if (!socket) return Promise.reject(new Error("no Socket Mode client is connected"));
      const envelopeId = envelopeOptions.envelopeId ?? randomUUID();
      return new Promise<SocketEnvelopeAck>((resolve) => {
        pendingAcks.set(envelopeId, resolve);
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== "events_api",
            ...(type === "events_api" ? { retry_attempt: envelopeOptions.retryAttempt ?? 0, retry_reason: envelopeOptions.retryAttempt ? "timeout" : "" } : {}),
          }),
        );
      });
    },
    reset() {
      calls.length = 0;
      messages.length = 0;
      scripted.clear();
      revoked.clear();
    },
    close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
