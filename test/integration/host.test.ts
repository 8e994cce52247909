/**
 * The Fastify host without a database: request ids, JSON errors with stable codes, the crash family
 * of request targets (issue 9), graceful close ending live streams, and the limits (429 + Retry-After).
 */
import { request as httpRequest, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_HOST_LIMITS, createHttpHost, type HostLimits, type HttpHost } from "../../src/adapters/http/server.js";
import { HttpError } from "../../src/adapters/http/http-io.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { CRASH_FAMILY_TARGETS, rawGetStatus } from "./support/raw-http.js";

let host: HttpHost | undefined;
afterEach(async () => {
  await host?.close(500);
  host = undefined;
});

async function start(limits: Partial<HostLimits> = {}): Promise<{ host: HttpHost; port: number }> {
  host = await createHttpHost({
    logger: pino({ level: "silent" }),
    limits: { ...DEFAULT_HOST_LIMITS, ...limits },
    readiness: () => Promise.resolve({ ready: true, database: "ok", pendingMigrations: [] }),
  });
  host.routes.plugin((http) => {
    http.get("/items/:id", { schema: { params: z.object({ id: z.string().max(20) }) } }, async (request) => ({ id: request.params.id }));
    http.post("/items", { schema: { body: z.object({ name: z.string().min(1) }) } }, async (request) => ({ name: request.body.name }));
    http.get("/refused", async () => {
      throw new DomainError("ORDER_NOT_FOUND", { orderId: "PO-1" });
    });
    http.get("/teapot", async () => {
      throw new HttpError(418, "TEAPOT", "short and stout");
    });
    http.get("/stream", async (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/event-stream" });
      reply.raw.write("retry: 2000\n\n");
      streams.push(reply.raw);
    });
    http.addHook("preClose", async () => {
      for (const res of streams) res.end();
    });
  });
  const streams: ServerResponse[] = [];
  const address = await host.listen("127.0.0.1", 0);
  return { host, port: address.port };
}

describe("the HTTP host", () => {
  it("answers JSON errors with stable codes: not found, wrong method, schema, domain refusal (409), its own", async () => {
    const { port } = await start();
    const base = `http://127.0.0.1:${port}`;
    const json = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code });
    expect(await json(await fetch(`${base}/nowhere`))).toEqual({ status: 404, code: "NOT_FOUND" });
    expect(await json(await fetch(`${base}/items/1`, { method: "POST" }))).toEqual({ status: 405, code: "METHOD_NOT_ALLOWED" });
    expect(await json(await fetch(`${base}/items`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }))).toEqual({
      status: 400,
      code: "INVALID_REQUEST",
    });
    expect(await json(await fetch(`${base}/items`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }))).toEqual({
      status: 400,
      code: "INVALID_JSON",
    });
    expect(await json(await fetch(`${base}/items`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }))).toEqual({
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    expect(await json(await fetch(`${base}/refused`))).toEqual({ status: 409, code: "ORDER_NOT_FOUND" });
    expect(await json(await fetch(`${base}/teapot`))).toEqual({ status: 418, code: "TEAPOT" });
    const named = await fetch(`${base}/items/1`, { headers: { "x-request-id": "abc-123" } });
    expect(named.headers.get("x-request-id")).toBe("abc-123");
    expect((await fetch(`${base}/items/1`, { headers: { "x-request-id": "bad id!" } })).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("QA pass: the route is matched before the body is parsed — a malformed or oversized body to no route is 404 (405 for another method), not a body error", async () => {
    const { port } = await start({ bodyLimitBytes: 1024 });
    const base = `http://127.0.0.1:${port}`;
    const answer = async (path: string, body: string, method = "POST") => {
      const res = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json" }, body });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect(await answer("/nowhere", "{not json")).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: "no such route" } } });
    expect((await answer("/nowhere", "")).status).toBe(404);
    expect((await answer("/nowhere", JSON.stringify({ big: "x".repeat(4096) }))).status).toBe(404);
    expect((await answer("/items/1", "{not json")).body).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
    // A route that exists still says what is wrong with its body.
    expect(await answer("/items", "{not json")).toMatchObject({ status: 400, body: { error: { code: "INVALID_JSON" } } });
    expect((await answer("/items", JSON.stringify({ name: "x".repeat(4096) }))).status).toBe(413);
  });

  it("issue 9: no request target of the crash family gets a 5xx, and the server stays up", async () => {
    const { port } = await start();
    const targets = [
      ...CRASH_FAMILY_TARGETS,
      "/%",
      "/%00",
      "/items/%00",
      "/items/%E0%A4%A",
      "/items/%ED%A0%80",
      "/healthz?%",
      "*",
      "/..%2f..%2fetc%2fpasswd",
      "/assets/../../x",
    ];
    for (const target of targets) {
      expect(await rawGetStatus(port, target), target).toBeLessThan(500);
    }
    expect(await rawGetStatus(port, "/healthz")).toBe(200);
  });

  it("graceful close: live streams end, new requests get 503 or are refused, close resolves with nothing unfinished", async () => {
    const { host: running, port } = await start();
    const ended = new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/stream" }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve(text));
      });
      req.on("error", reject);
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closed = running.close(5_000);
    expect(await ended).toContain("retry: 2000");
    expect(await closed).toEqual({ unfinished: 0 });
    host = undefined;
  });

  it("over the per-IP limit: 429 with Retry-After; the health checks are never limited", async () => {
    const { port } = await start({ requestsPerIpPerMinute: 3 });
    const base = `http://127.0.0.1:${port}`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/items/1`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fetch(`${base}/items/1`);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("a stalled request body is cut once the connection is idle past the limit (30 s by default; 1 s here)", async () => {
    const { port } = await start({ idleTimeoutMs: 1_000 });
    const started = performance.now();
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write('POST /items HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"name":'),
      );
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk.toString()));
      socket.on("close", () => resolve(answer));
      socket.on("error", () => undefined);
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(900);
    expect(elapsed).toBeLessThan(10_000);
    expect(closed).not.toMatch(/^HTTP\/1\.1 5/);
  });
});
