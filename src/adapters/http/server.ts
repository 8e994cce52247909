/**
 * The HTTP server (node:http, no framework): a request id and a child logger per request, JSON
 * errors, and a graceful close — stop taking requests (new ones get 503), let the requests in
 * flight finish (a chat turn completes or never started), then drop what is left after the timeout.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { isDomainError } from "../../domain/shared/errors.js";
import { HttpError, sendError } from "./http-io.js";
import type { Router } from "./router.js";

export interface HttpServer {
  readonly server: Server;
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops taking requests and resolves once those in flight have finished (or the timeout passed). */
  close(timeoutMs: number): Promise<{ readonly unfinished: number }>;
  /** Called when shutdown begins, so long-lived streams (SSE) can end themselves. */
  onClosing(listener: () => void): void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

const requestLogger = new AsyncLocalStorage<Logger>();

/** The logger of the request being handled (it carries its reqId), else `fallback`: for code called during a turn. */
export function currentLogger(fallback: Logger): Logger {
  return requestLogger.getStore() ?? fallback;
}

export function createHttpServer(router: Router, logger: Logger): HttpServer {
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const closingListeners: (() => void)[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const header = req.headers["x-request-id"];
    const requestId = typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
    const url = new URL(req.url ?? "/", "http://localhost");
    const log = logger.child({ reqId: requestId });
    const started = performance.now();
    res.setHeader("x-request-id", requestId);
    if (closing) {
      res.setHeader("connection", "close");
      sendError(res, new HttpError(503, "SHUTTING_DOWN", "the server is shutting down"));
      return;
    }
    try {
      const match = router.match(req.method ?? "GET", url.pathname);
      if (match === undefined) throw new HttpError(404, "NOT_FOUND", `no route for ${url.pathname}`);
      if (match === "method-not-allowed") throw new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method ?? ""} is not allowed here`);
      await requestLogger.run(log, () => match.handler({ req, res, url, params: match.params, requestId, log }));
    } catch (error) {
      if (res.headersSent) {
        log.error({ err: error }, "request failed after the answer started");
        res.destroy();
      } else if (error instanceof HttpError) {
        sendError(res, error);
      } else if (isDomainError(error)) {
        sendError(res, new HttpError(409, error.code, error.code, error.params));
      } else {
        log.error({ err: error }, "request failed");
        sendError(res, new HttpError(500, "INTERNAL", "something went wrong; the request id is in the x-request-id header"));
      }
    } finally {
      if (url.pathname !== "/healthz" && url.pathname !== "/readyz") {
        log.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
      }
    }
  };

  const server = createServer((req, res) => {
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    onClosing: (listener) => closingListeners.push(listener),
    async close(timeoutMs) {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const listener of closingListeners) listener();
      server.closeIdleConnections();
      const allDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
      const result = await Promise.race([allDone.then(() => "done" as const), timedOut]);
      clearTimeout(timer);
      const unfinished = result === "timeout" ? inFlight : 0;
      server.closeAllConnections();
      await stopped;
      return { unfinished };
    },
  };
}
