/**
 * Issue 10's adapters on each backend: the live bus (NOTIFY inside the recording transaction reaches
 * every listener once it commits, never when it rolls back; on PostgreSQL the listening connection
 * comes back by itself and its listeners catch up), the web chat's messages (a message recorded by
 * one replica reaches the open tabs of every replica exactly once; catch-up from the database), the
 * database blob store (20 MB in chunks, SHA-256 checked in and out), the shared session key, and
 * readiness that recovers once the schema is back.
 */
import type { ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobCorruptedError, BlobNotFoundError } from "../../src/adapters/blob/blob-store.js";
import { PostgresBlobStore } from "../../src/adapters/blob/postgres-blob-store.js";
import { sharedSecret } from "../../src/adapters/db/app-secrets.js";
import { openDatabase, type Database } from "../../src/adapters/db/database.js";
import { readMigrations } from "../../src/adapters/db/migrator.js";
import { recoveringReadiness } from "../../src/adapters/http/health-routes.js";
import { notifyInTransaction, openLiveBus, PostgresLiveBus, type LiveBus } from "../../src/adapters/live/index.js";
import { createTranslator } from "../../src/bots/conversation/i18n/index.js";
import { DisplayRenderer } from "../../src/bots/webchat/display.js";
import { LiveSessions } from "../../src/bots/webchat/live-sessions.js";
import { parseMailboxNotice, WEBCHAT_LIVE_CHANNEL, WebChatMailbox } from "../../src/bots/webchat/webchat-messages.js";
import { BACKENDS, createScratchPostgresDatabase, DATABASE_URL, POSTGRES_SKIP_NOTE } from "./support/backends.js";

const NOW = () => "2026-12-03T10:00:00.000Z";
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const renderer = new DisplayRenderer(createTranslator());

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function fakeTab(): { res: ServerResponse; ids: () => number[] } {
  let text = "";
  const res = {
    writeHead: () => res,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    end: () => undefined,
    on: () => res,
  } as unknown as ServerResponse;
  return { res, ids: () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])) };
}

describe.each(BACKENDS)("replica adapters on $backend", (backendUnderTest) => {
  let a: Database;
  let b: Database;
  let busA: LiveBus;
  let busB: LiveBus;

  beforeAll(async () => {
    a = await backendUnderTest.open();
    // A second replica: another pool on the same PostgreSQL database; PGlite has one process, so the same instance.
    b = backendUnderTest.backend === "postgres" ? await backendUnderTest.open({ keepRows: true }) : a;
    busA = await openLiveBus(a, quiet);
    busB = b === a ? busA : await openLiveBus(b, quiet);
  });

  afterAll(async () => {
    await busA?.close();
    if (busB !== busA) await busB?.close();
    if (b !== a) await b?.close();
    await a?.close();
  });

  it("a NOTIFY reaches every listener when its transaction commits, and none when it rolls back", async () => {
    const heardA: string[] = [];
    const heardB: string[] = [];
    const stopA = await busA.listen("test_channel", (p) => heardA.push(p));
    const stopB = await busB.listen("test_channel", (p) => heardB.push(p));
    await a.prisma.$transaction(async (tx) => notifyInTransaction(tx, "test_channel", "1"));
    await a.prisma
      .$transaction(async (tx) => {
        await notifyInTransaction(tx, "test_channel", "rolled-back");
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await b.prisma.$transaction(async (tx) => notifyInTransaction(tx, "test_channel", "2"));
    await until(() => heardA.length >= 2 && heardB.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heardA).toEqual(["1", "2"]);
    expect(heardB).toEqual(["1", "2"]);
    await stopA();
    await stopB();
    await expect(busA.listen("Robert'); DROP TABLE", () => undefined)).rejects.toThrow(RangeError);
  });

  it("a message recorded on one replica reaches each open tab of its account on every replica once, in order; a late tab catches up from the database", async () => {
    const replicaA = new LiveSessions(renderer, NOW, new WebChatMailbox(a, NOW));
    const replicaB = new LiveSessions(renderer, NOW, new WebChatMailbox(b, NOW));
    await replicaA.listen(busA);
    await replicaB.listen(busB);
    const reader = { locale: "en-US", timeZone: "UTC" };
    const tabOnA = fakeTab();
    const tabOnB = fakeTab();
    const otherAccountOnB = fakeTab();
    await replicaA.open("web:buyer", tabOnA.res, reader, 0);
    await replicaB.open("web:buyer", tabOnB.res, reader, 0);
    await replicaB.open("web:supplier", otherAccountOnB.res, reader, 0);

    // 30 messages, recorded alternately by A and B, several at once; one delivery sent twice.
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const replica = i % 2 === 0 ? replicaA : replicaB;
        const entries = await replica.record("web:buyer", [{ kind: "bot", message: { text: { key: "common:youCanNow" } } }], `delivery-${i}`);
        sent.push(...entries.map((e) => e.seq));
      }),
    );
    expect(await replicaB.record("web:buyer", [{ kind: "bot", message: { text: { key: "common:youCanNow" } } }], "delivery-7")).toEqual([]);
    sent.sort((x, y) => x - y);
    await until(() => tabOnA.ids().length >= 30 && tabOnB.ids().length >= 30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tabOnA.ids()).toEqual(sent);
    expect(tabOnB.ids()).toEqual(sent);
    expect(otherAccountOnB.ids()).toEqual([]);

    const late = fakeTab();
    await replicaB.open("web:buyer", late.res, reader, sent[9] ?? 0);
    expect(late.ids()).toEqual(sent.slice(10));

    // A tab ahead of the database (an id from the in-memory mailbox before this upgrade) resumes from the newest entry.
    const ahead = fakeTab();
    await replicaB.open("web:buyer", ahead.res, reader, Date.now() * 1000);
    const [next] = await replicaA.record("web:buyer", [{ kind: "own", text: "after the upgrade" }]);
    await until(() => ahead.ids().length > 0);
    expect(ahead.ids()).toEqual([next?.seq]);
    replicaA.closeAll();
    replicaB.closeAll();
  });

  it("issue 15: an append of several items is one statement — items keep their order, one account's appends never interleave, a repeated delivery writes none of its items and notifies nothing", async () => {
    const mailbox = new WebChatMailbox(a, NOW);
    const account = `web:many-${backendUnderTest.backend}`;
    const notices: number[] = [];
    const stop = await busA.listen(WEBCHAT_LIVE_CHANNEL, (payload) => {
      const notice = parseMailboxNotice(payload);
      if (notice?.account === account) notices.push(notice.seq);
    });
    const items = (n: number) => Array.from({ length: 3 }, (_, j) => ({ kind: "own" as const, text: `${n}.${j}` }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => mailbox.append(account, items(i), `many-${backendUnderTest.backend}-${i}`)));
    for (const [i, entries] of results.entries()) {
      expect(entries.map((e) => (e.kind === "own" ? e.text : ""))).toEqual([`${i}.0`, `${i}.1`, `${i}.2`]);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((e) => e.seq).sort((x, y) => x - y));
    }
    expect(await mailbox.append(account, items(3), `many-${backendUnderTest.backend}-3`)).toEqual([]);
    const stored = await mailbox.after(account, 0, 1_000);
    expect(stored).toHaveLength(60);
    // In id order, each append's three items are together and in order: the lock covers the ids.
    for (let k = 0; k < 60; k += 3) {
      const texts = stored.slice(k, k + 3).map((e) => (e.kind === "own" ? e.text : ""));
      const prefix = texts[0]?.split(".")[0];
      expect(texts).toEqual([`${prefix}.0`, `${prefix}.1`, `${prefix}.2`]);
    }
    await until(() => notices.length >= 20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(notices).toHaveLength(20);
    expect(notices.sort((x, y) => x - y)).toEqual(results.map((entries) => entries.at(-1)?.seq).sort((x, y) => (x ?? 0) - (y ?? 0)));
    await stop();
  });

  it("stores evidence bytes in chunks, once per SHA-256, checks the hash on the way out, and says when a blob is missing", async () => {
    const store = new PostgresBlobStore(a.sql, NOW);
    const other = new PostgresBlobStore(b.sql, NOW);
    const size = backendUnderTest.backend === "postgres" ? 20 * 1024 * 1024 : 3 * 1024 * 1024 + 17;
    const bytes = new Uint8Array(randomBytes(size));
    const stored = await store.put(bytes);
    expect(stored.sizeBytes).toBe(size);
    expect(await store.put(bytes)).toEqual(stored);
    expect(Buffer.from(await other.get(stored.key)).equals(Buffer.from(bytes))).toBe(true);
    const [chunks] = await a.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM blob_chunks WHERE sha256 = $1`, [stored.key]);
    expect(Number(chunks?.n)).toBe(Math.ceil(size / (1024 * 1024)));
    await expect(store.get("0".repeat(64))).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get("../etc/passwd")).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.has(stored.key)).toBe(true);

    const small = await store.put(new TextEncoder().encode("Carrier: no pickup recorded\n"));
    await a.sql.query(`UPDATE blob_chunks SET bytes = $2 WHERE sha256 = $1`, [small.key, Buffer.from("Carrier: pickup recorded!!!\n")]);
    await expect(other.get(small.key)).rejects.toBeInstanceOf(BlobCorruptedError);
  });

  it("a generated secret is stored once and every replica and restart reads the same", async () => {
    const first = await sharedSecret(a.sql, "test.secret", () => "first", NOW());
    const second = await sharedSecret(b.sql, "test.secret", () => "second", NOW());
    expect([first, second]).toEqual(["first", "first"]);
  });
});

describe.skipIf(!DATABASE_URL)("PostgreSQL: recovery without a restart", () => {
  if (!DATABASE_URL) console.warn(POSTGRES_SKIP_NOTE);

  it("the live bus reconnects after its connection is killed, and its listeners catch up", async () => {
    const db = await openDatabase({ databaseUrl: DATABASE_URL });
    const bus = await PostgresLiveBus.connect(DATABASE_URL ?? "", { logger: quiet, reconnectDelayMs: { min: 50, max: 500 } });
    const heard: string[] = [];
    let resumed = 0;
    await bus.listen("test_reconnect", (p) => heard.push(p));
    bus.onResumed(() => resumed++);
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE 'LISTEN%test_reconnect%'`);
    await until(() => resumed === 1);
    expect(bus.connected).toBe(true);
    await db.prisma.$transaction(async (tx) => notifyInTransaction(tx, "test_reconnect", "after"));
    await until(() => heard.includes("after"));
    await admin.end();
    await bus.close();
    await db.close();
  });

  it("/readyz's check re-migrates a database that lost its schema and is ready again", async () => {
    const scratch = await createScratchPostgresDatabase();
    const db = await openDatabase({ databaseUrl: scratch.url });
    try {
      const migrations = await readMigrations();
      const applied: string[][] = [];
      const check = recoveringReadiness(db, migrations, (names) => applied.push([...names]));
      expect(await check()).toEqual({ ready: true, database: "ok", pendingMigrations: [] });
      await db.sql.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
      expect(await check()).toEqual({ ready: true, database: "ok", pendingMigrations: [] });
      expect(applied).toEqual([migrations.map((m) => m.name), migrations.map((m) => m.name)]);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });
});
