/**
 * `npm start` as a new user runs it (a child process): health and readiness, a configuration error
 * naming each bad variable, and graceful shutdown — SIGTERM during a chat turn finds the turn
 * completed (its command committed, its answer sent) and a request after SIGTERM not started.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readState } from "../../src/app/read-state.js";
import { openDatabase } from "../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../src/adapters/db/migrator.js";
import { checkReadiness } from "../../src/adapters/http/health-routes.js";
import { orderStream } from "../../src/domain/orders/order-events.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { cleanEnvironment, runMainToExit, startServerProcess, type ServerProcess } from "../e2e/support/server-process.js";

const EX_CONFIG = 78;
let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.stop("SIGKILL");
  server = undefined;
});

async function signIn(url: string, partyId: string): Promise<string> {
  const res = await fetch(`${url}/auth/demo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ partyId }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

function turn(url: string, token: string, eventId: string, payload: unknown): Promise<Response> {
  return fetch(`${url}/chat/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ eventId, payload }),
  });
}

describe("npm start", () => {
  it("answers /healthz and /readyz (database reachable, every migration applied) with demo data on first run", async () => {
    server = await startServerProcess({ DEMO: "1" });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: "ok", pendingMigrations: [] });
    const options = (await (await fetch(`${server.url}/auth/options`)).json()) as { identities: { partyId: string; locale: string; timeZone: string }[] };
    expect(options.identities.map((i) => [i.partyId, i.locale, i.timeZone])).toEqual([
      ["buyer-ohio-tools", "en-US", "America/New_York"],
      ["supplier-shenzhen-fasteners", "zh-CN", "Asia/Shanghai"],
      ["staff-ana-lima", "en-GB", "Europe/London"],
    ]);
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(server.logs.some((l) => l.msg === "demo data created")).toBe(true);

    // Who may do what: a turn needs a session; the staff console and the dev clock need staff.
    expect((await fetch(`${server.url}/chat/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
    const buyer = await signIn(server.url, "buyer-ohio-tools");
    const asBuyer = { authorization: `Bearer ${buyer}` };
    expect((await fetch(`${server.url}/staff/api/queue`, { headers: asBuyer })).status).toBe(403);
    expect(
      (await fetch(`${server.url}/dev/clock`, { method: "POST", headers: { ...asBuyer, "content-type": "application/json" }, body: '{"days":1}' })).status,
    ).toBe(403);
    expect((await fetch(`${server.url}/evidence/${"0".repeat(64)}`, { headers: asBuyer })).status).toBe(404);
    const refused = await fetch(`${server.url}/chat/upload`, {
      method: "POST",
      headers: { ...asBuyer, "content-type": "application/x-msdownload" },
      body: "MZ",
    });
    expect(refused.status).toBe(415);
    const reply = await turn(server.url, buyer, "evt-what-now", { kind: "action", actionId: "common.whatNow", payload: {} });
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const requestId = reply.headers.get("x-request-id");
    await server.waitForLog((l) => l.msg === "turn answered" && l["reqId"] === requestId);
  });

  it.skipIf(!process.env["DATABASE_URL"])("with DATABASE_URL: PostgreSQL, migrations applied at start, ready, no demo data by default", async () => {
    server = await startServerProcess({ DATABASE_URL: process.env["DATABASE_URL"] ?? "" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready", database: "ok", pendingMigrations: [] });
    expect(server.logs.find((l) => l.msg === "database ready")?.["backend"]).toBe("postgres");
    expect(((await (await fetch(`${server.url}/auth/options`)).json()) as { demo: boolean }).demo).toBe(false);
  });

  it("refuses to start with a message naming each invalid or missing variable", async () => {
    const result = await runMainToExit(cleanEnvironment({ PORT: "eighty", DEMO: "maybe", TRANSLATOR: "google-v2" }));
    expect(result.code).toBe(EX_CONFIG);
    for (const variable of ["PORT", "DEMO", "GOOGLE_TRANSLATE_API_KEY"]) expect(result.stderr).toContain(`${variable}:`);
  });

  it("CM-05: with DEMO off, a one-time sign-in link from the command line signs a person in, once", async () => {
    server = await startServerProcess({ DEMO: "1" });
    const { dataDir } = server;
    await server.stop();
    server = undefined;
    const issued = await runMainToExit(cleanEnvironment({ DATA_DIR: dataDir, PUBLIC_URL: "https://chat.example.com" }), 60_000, [
      "issue-sign-in-link",
      "staff-ana-lima",
    ]);
    expect(issued.code).toBe(0);
    // An unknown party is a sentence and exit 65 (a refusal), not a stack trace.
    const unknown = await runMainToExit(cleanEnvironment({ DATA_DIR: dataDir }), 60_000, ["issue-sign-in-link", "nobody-here"]);
    expect(unknown.code).toBe(65);
    expect(unknown.stderr.trim()).toBe("There is no account nobody-here.");
    const code = /^https:\/\/chat\.example\.com\/\?code=([A-Z0-9]{8}) /.exec(issued.stdout)?.[1];
    expect(code).toBeDefined();

    server = await startServerProcess({ DATA_DIR: dataDir, DEMO: "0" });
    expect(((await (await fetch(`${server.url}/auth/options`)).json()) as { demo: boolean }).demo).toBe(false);
    expect(
      (await fetch(`${server.url}/auth/demo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"partyId":"staff-ana-lima"}' }))
        .status,
    ).toBe(404);
    const redeem = () => fetch(`${server?.url}/auth/link`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
    const first = await redeem();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { party: { partyId: string; role: string } }).party).toMatchObject({ partyId: "staff-ana-lima", role: "staff" });
    expect((await redeem()).status).toBe(400);
  });

  it("SIGTERM during a turn: the turn completes and is answered; a request after SIGTERM is not started", async () => {
    server = await startServerProcess({ DEMO: "1", SHUTDOWN_TIMEOUT_MS: "30000" });
    const { url, dataDir } = server;
    const token = await signIn(url, "buyer-ohio-tools");

    const inFlight = turn(url, token, "evt-confirm-1", {
      kind: "action",
      actionId: "order.confirmAsBuyer",
      payload: { orderId: "PO-DEMO-1", version: 2, reviewed: true },
    });
    await server.waitForLog((l) => l.msg === "turn");
    server.child.kill("SIGTERM");
    await server.waitForLog((l) => typeof l.msg === "string" && l.msg.startsWith("shutting down"));
    const late = await turn(url, token, "evt-cancel-1", { kind: "action", actionId: "order.cancel", payload: { orderId: "PO-DEMO-1" } }).then(
      (res) => res.status,
      () => "refused",
    );

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.stringify(await answer.json())).toContain("PO-DEMO-1");
    expect([503, "refused"]).toContain(late);
    const exit = await server.exited();
    expect(exit.code).toBe(0);
    expect(server.logs.at(-1)?.msg).toBe("stopped");
    server = undefined;

    // What the database holds after the shutdown: the turn's command committed with its dedupe mark; nothing of the late request.
    const db = await openDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
    try {
      const order = await readState<OrderState>(db, orderStream("PO-DEMO-1"));
      expect(order?.status).toBe("awaiting-supplier");
      const marks = await db.prisma.processedInboundEvent.findMany({ where: { channel: "webchat" } });
      expect(marks.map((m) => m.externalEventId)).toEqual(["evt-confirm-1"]);
    } finally {
      await db.close();
    }
  });
});

describe("/readyz", () => {
  it("is not ready until every migration is applied, and not ready when the database is gone", async () => {
    const migrations = await readMigrations();
    const db = await openDatabase({ pgliteDataDir: "memory://" });
    expect(await checkReadiness(db, migrations)).toEqual({ ready: false, database: "ok", pendingMigrations: migrations.map((m) => m.name) });
    await migrate(db.sql, migrations.slice(0, 1));
    expect((await checkReadiness(db, migrations)).pendingMigrations).toEqual(migrations.slice(1).map((m) => m.name));
    await migrate(db.sql, migrations);
    expect(await checkReadiness(db, migrations)).toEqual({ ready: true, database: "ok", pendingMigrations: [] });
    await db.close();
    expect(await checkReadiness(db, migrations)).toMatchObject({ ready: false, database: "unreachable" });
  });
});
