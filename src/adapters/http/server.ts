/**
 * The HTTP host (Fastify 5): a request id and a child logger per request (`currentLogger`), JSON
 * errors with stable codes, security headers (@fastify/helmet), rate limits (@fastify/rate-limit),
 * body limits and timeouts, zod-validated routes (fastify-type-provider-zod), `/healthz` and
 * `/readyz`, and a graceful close — stop taking requests (new ones get 503), end the long-lived
 * streams, let the requests in flight finish (a chat turn completes or never started), then drop
 * what is left after the timeout.
 *
 * Channels mount on it through `HostRoutes` (see src/bots/conversation/channel.ts): `raw` hands an
 * SDK node's request and response with the body unread (the reply is hijacked at onRequest, before
 * any body parser), `plugin` gives a channel its own encapsulated, zod-typed Fastify scope.
 * This module is infrastructure: it knows no channel and no use case.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from "fastify";
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { isDomainError } from "../../domain/shared/errors.js";
import { registerHealthRoutes, type Readiness } from "./health-routes.js";
import { errorBody, HttpError } from "./http-io.js";

/** The Fastify instance a channel's plugin gets: zod schemas type its routes. */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** Gets node's request and response with the body unread: SDK receivers verify signatures over the raw bytes. */
export type RawListener = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A channel's routes in their own encapsulated scope (hooks, content-type parsers, rate limits stay inside). */
export type HttpPlugin = (app: HttpApp) => Promise<void> | void;

export interface HostRoutes {
  raw(method: "GET" | "POST", path: string, listener: RawListener): void;
  plugin(plugin: HttpPlugin): void;
}

/** Every limit of the host (README "Configuration"); over a limit → 429 with Retry-After. */
export interface HostLimits {
  /** Requests per client IP per minute, every route but the health checks. */
  readonly requestsPerIpPerMinute: number;
  /** Open connections beyond which requests other than /healthz and /readyz get 429 (a reserve keeps the health checks answering). */
  readonly connectionBudget: number;
  /** Time for a client to send the request's headers. */
  readonly headersTimeoutMs: number;
  /** Time for a client to send the whole request (headers and body). */
  readonly requestTimeoutMs: number;
  /** A socket silent this long is closed: a stalled body is cut (live streams send a heartbeat well within it). */
  readonly idleTimeoutMs: number;
  /** Largest request body a route accepts unless it says otherwise (JSON). */
  readonly bodyLimitBytes: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  requestsPerIpPerMinute: 600,
  connectionBudget: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  bodyLimitBytes: 256 * 1024,
};

/** Connections kept free beyond the budget so the health checks still answer when it is spent. */
const HEALTH_RESERVE_CONNECTIONS = 32;
const HEALTH_PATHS = new Set(["/healthz", "/readyz"]);
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] as const;
/** Errors of a socket the client closed: the client left, the server is fine. */
const CLIENT_GONE_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE", "FST_ERR_CTP_INVALID_CONTENT_LENGTH"]);

export interface HttpHostOptions {
  readonly logger: Logger;
  readonly limits?: HostLimits;
  /** What `/readyz` reports. */
  readonly readiness: () => Promise<Readiness>;
}

export interface HttpHost {
  readonly server: Server;
  readonly routes: HostRoutes;
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops taking requests and resolves once those in flight have finished (or the timeout passed). */
  close(timeoutMs: number): Promise<{ readonly unfinished: number }>;
  /** Called when shutdown begins, so long-lived streams (SSE) can end themselves. */
  onClosing(listener: () => void): void;
  /** For tests: a request without a socket. */
  readonly fastify: HttpApp;
}

const requestLogger = new AsyncLocalStorage<Logger>();

/** The logger of the request being handled (it carries its reqId), else `fallback`: for code called during a turn. */
export function currentLogger(fallback: Logger): Logger {
  return requestLogger.getStore() ?? fallback;
}

/** The HttpError an error answers as: ours, a domain refusal (409), a validation or framework error (4xx), else 500. */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isDomainError(error)) return new HttpError(409, error.code, error.code, error.params);
  const fastifyError = error as Partial<FastifyError> & {
    validation?: unknown;
  };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, "").replaceAll("/", "."),
      message: v.message ?? "invalid",
    }));
    const where = fastifyError.validationContext ?? "body";
    return new HttpError(400, "INVALID_REQUEST", `the request's ${where} does not have the expected shape`, { issues });
  }
  switch (fastifyError.code) {
    case "INVALID_TEXT":
      return new HttpError(400, "INVALID_TEXT", TEXT_NOT_ALLOWED);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "send Content-Type: application/json");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpError(413, "BODY_TOO_LARGE", "the body is too large");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new HttpError(400, "INVALID_JSON", "the body is not valid JSON");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HttpError(400, "INVALID_CONTENT_LENGTH", "the body's length does not match Content-Length");
    default:
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return new HttpError(400, "INVALID_JSON", "the body is not valid JSON");
  const status = fastifyError.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500)
    return new HttpError(status, fastifyError.code ?? `HTTP_${status}`, fastifyError.message ?? "bad request");
  return new HttpError(500, "INTERNAL", "something went wrong; the request id is in the x-request-id header");
}

/** The message of a zod refinement refusing NUL bytes and lone surrogates: the host answers it as INVALID_TEXT. */
export const TEXT_NOT_ALLOWED = "text must be valid Unicode without NUL bytes";

// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const UNCLEAN_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string anywhere in the value (keys included) holds a NUL byte or a lone surrogate. */
export function hasUncleanText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return UNCLEAN_TEXT.test(value);
  if (depth > 32 || value === null || typeof value !== "object") return false;
  for (const [key, item] of Object.entries(value)) if (hasUncleanText(key, depth + 1) || hasUncleanText(item, depth + 1)) return true;
  return false;
}

function isClientGone(error: unknown, request: FastifyRequest): boolean {
  const code = (error as { code?: unknown }).code;
  return (typeof code === "string" && CLIENT_GONE_CODES.has(code)) || request.raw.socket?.destroyed === true;
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

export async function createHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const limits = options.limits ?? DEFAULT_HOST_LIMITS;
  const logger = options.logger;
  let closing = false;
  let inFlight = 0;
  let openConnections = 0;
  let drained: (() => void) | undefined;
  const closingListeners: (() => void)[] = [];

  const fastify = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    // One "request" line per request (onResponse below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => {
      const header = req.headers["x-request-id"];
      return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
    },
    bodyLimit: limits.bodyLimitBytes,
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    return503OnClosing: false,
    forceCloseConnections: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  // Text with NUL bytes or lone surrogates is refused at the schema, before zod and long before the database (issue 9).
  fastify.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    return (data: unknown) =>
      hasUncleanText(data) ? { error: Object.assign(new Error(TEXT_NOT_ALLOWED), { statusCode: 400, code: "INVALID_TEXT" }) } : validate(data);
  });
  fastify.setSerializerCompiler(serializerCompiler);
  // JSON only unless a route's scope adds a parser (the web chat's uploads): anything else is 415.
  fastify.removeContentTypeParser("text/plain");

  const server = fastify.server;
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  server.maxConnections = limits.connectionBudget + HEALTH_RESERVE_CONNECTIONS;
  server.on("connection", (socket: Socket) => {
    openConnections++;
    socket.once("close", () => openConnections--);
  });
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
  });
  // A malformed request line or header never reaches a route: answer 400 and close (never crash).
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    logger.info({ code: err.code }, "malformed request or client gone");
    if (socket.writable && !socket.destroyed) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });

  // Every route handler runs with its request's logger as the current one (for code called during a turn).
  fastify.addHook("onRoute", (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      return requestLogger.run(request.log as unknown as Logger, () => handler.call(this, request, reply));
    } as typeof route.handler;
  });

  fastify.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (closing) {
      reply.header("connection", "close");
      throw new HttpError(503, "SHUTTING_DOWN", "the server is shutting down");
    }
    if (openConnections > limits.connectionBudget && !HEALTH_PATHS.has(pathOf(request.url))) {
      reply.header("connection", "close");
      throw new HttpError(429, "SERVER_BUSY", "the server has too many open connections; try again shortly", undefined, { "retry-after": "5" });
    }
  });

  fastify.addHook("onResponse", async (request, reply) => {
    const path = pathOf(request.url);
    if (HEALTH_PATHS.has(path)) return;
    request.log.info(
      {
        method: request.method,
        path,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });

  /** 404, or 405 when the path exists for another method. */
  const notFoundOf = (request: FastifyRequest): HttpError => {
    const path = pathOf(request.url);
    const other = METHODS.some((method) => method !== request.method && fastify.findRoute({ method, url: path }) !== null);
    return other ? new HttpError(405, "METHOD_NOT_ALLOWED", `${request.method} is not allowed here`) : new HttpError(404, "NOT_FOUND", "no such route");
  };

  fastify.setErrorHandler((error, request, reply) => {
    // Fastify parses a request's body before its not-found handler runs: a malformed body sent to no
    // route is still "no such route" (QA pass), not INVALID_JSON. The onRequest refusals (503, 429) stand.
    if (request.is404 && /^FST_ERR_CTP_/.test(String((error as { code?: unknown }).code ?? "")) && !isClientGone(error, request)) {
      const http = notFoundOf(request);
      void reply.code(http.status).header("cache-control", "no-store").send(errorBody(http));
      return;
    }
    if (isClientGone(error, request)) {
      request.log.info({ code: (error as { code?: unknown }).code }, "client disconnected");
      if (!reply.sent) void reply.code(400).send(errorBody(new HttpError(400, "CLIENT_CLOSED", "the client closed the request")));
      return;
    }
    const http = httpErrorOf(error);
    if (http.status >= 500) request.log.error({ err: error }, "request failed");
    void reply
      .code(http.status)
      .headers({ "cache-control": "no-store", ...http.headers })
      .send(errorBody(http));
  });

  fastify.setNotFoundHandler((request, reply) => {
    const http = notFoundOf(request);
    void reply.code(http.status).header("cache-control", "no-store").send(errorBody(http));
  });

  await fastify.register(helmet, {
    // The pages load only their own modules and styles (no inline script, no framing).
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    hsts: false,
  });
  await fastify.register(rateLimit, {
    global: true,
    max: limits.requestsPerIpPerMinute,
    timeWindow: 60_000,
    allowList: (request) => HEALTH_PATHS.has(pathOf(request.url)),
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, "RATE_LIMITED", `too many requests; try again in ${context.after}`, { limit: context.max, retryAfter: context.after }),
  });
  registerHealthRoutes(fastify, options.readiness);

  const routes: HostRoutes = {
    raw(method, path, listener) {
      fastify.route({
        method,
        url: path,
        // The SDK reads the body itself: take the request over before any body parser runs.
        onRequest: (request, reply, done) => {
          reply.hijack();
          void requestLogger.run(request.log as unknown as Logger, async () => {
            try {
              await listener(request.raw, reply.raw);
            } catch (error) {
              if (isClientGone(error, request)) {
                request.log.info("client disconnected");
              } else {
                request.log.error({ err: error }, "request failed");
                if (!reply.raw.headersSent) {
                  reply.raw.writeHead(500, {
                    "content-type": "application/json; charset=utf-8",
                  });
                  reply.raw.end(JSON.stringify(errorBody(httpErrorOf(error))));
                } else {
                  reply.raw.destroy();
                }
              }
            }
          });
          done();
        },
        handler: async () => undefined,
      });
    },
    plugin(plugin) {
      void fastify.register(async (scope) => plugin(scope));
    },
  };

  return {
    server,
    routes,
    fastify,
    async listen(host, port) {
      await fastify.listen({ host, port });
      return server.address() as AddressInfo;
    },
    onClosing: (listener) => closingListeners.push(listener),
    async close(timeoutMs) {
      closing = true;
      const stopped = fastify.close();
      for (const listener of closingListeners) listener();
      server.closeIdleConnections();
      const allDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
      const result = await Promise.race([allDone.then(() => "done" as const), timedOut]);
      clearTimeout(timer);
      const unfinished = result === "timeout" ? inFlight : 0;
      // Finished answers close gently (FIN after the last byte); only what is still open is cut.
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, unfinished > 0 ? 0 : 250).unref());
      await Promise.race([stopped, grace]);
      server.closeAllConnections();
      await stopped;
      return { unfinished };
    },
  };
}
