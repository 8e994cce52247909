/**
 * The HTTP adapter's pieces without a browser: per-tab sessions, the route table, the web chat's
 * renderer (CM-03: the reader's language, currency format and time zone; CM-01: translation marked,
 * original kept), evidence upload limits (CL-11), the live mailbox a reconnecting tab catches up from,
 * and the dev clock.
 */
import { mkdtempSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/bots/conversation/messages.js";
import { SHOW_ORIGINAL_ACTION } from "../../src/bots/conversation/person-text.js";
import { createTranslator } from "../../src/bots/conversation/i18n/index.js";
import type { HttpError } from "../../src/adapters/http/http-io.js";
import { pino } from "pino";
import { createHttpHost } from "../../src/adapters/http/server.js";
import { SessionSigner, SESSION_TTL_MS } from "../../src/bots/webchat/sessions.js";
import { DisplayRenderer } from "../../src/bots/webchat/display.js";
import { LiveSessions } from "../../src/bots/webchat/live-sessions.js";
import { WebChatMailbox } from "../../src/bots/webchat/webchat-messages.js";
import { openDatabase } from "../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../src/adapters/db/migrator.js";
import { cleanFileName } from "../../src/bots/conversation/evidence-files.js";
import { storeUpload, uploadLimits } from "../../src/bots/webchat/uploads.js";
import type { BlobStore } from "../../src/adapters/blob/blob-store.js";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { DevClock } from "../../src/adapters/clock/dev-clock.js";
import { money } from "../../src/domain/shared/money.js";

const renderer = new DisplayRenderer(createTranslator());

describe("web-chat sessions", () => {
  it("a token names its identity, cannot be forged and expires", () => {
    const signer = new SessionSigner("s".repeat(32));
    const token = signer.issue("demo:buyer", 1_000);
    expect(signer.verify(token, 2_000)?.externalUserId).toBe("demo:buyer");
    expect(signer.verify(token, 1_000 + SESSION_TTL_MS)).toBeUndefined();
    const [v, payload, signature] = token.split(".");
    const forged = `${v}.${Buffer.from(JSON.stringify({ sub: "demo:staff", exp: 9e15 })).toString("base64url")}.${signature}`;
    expect(signer.verify(forged, 2_000)).toBeUndefined();
    expect(new SessionSigner("t".repeat(32)).verify(`${v}.${payload}.${signature}`, 2_000)).toBeUndefined();
  });
});

describe("routes", () => {
  it("match by method and path, capture parameters, and tell a wrong method from an unknown path", async () => {
    const host = await createHttpHost({
      logger: pino({ level: "silent" }),
      readiness: () => Promise.resolve({ ready: true, database: "ok", pendingMigrations: [] }),
    });
    host.routes.plugin((http) => {
      http.get("/staff/api/cases/:claimId", async (request) => ({
        params: request.params,
      }));
      http.get("/assets/*", async (request) => ({ params: request.params }));
    });
    const get = async (method: "GET" | "POST", url: string) => {
      const res = await host.fastify.inject({ method, url });
      return {
        status: res.statusCode,
        body: res.json<{ params?: unknown; error?: { code: string } }>(),
      };
    };
    expect((await get("GET", "/staff/api/cases/CL-1")).body).toMatchObject({
      params: { claimId: "CL-1" },
    });
    expect((await get("GET", "/assets/css/app.css")).body).toMatchObject({
      params: { "*": "css/app.css" },
    });
    expect(await get("POST", "/staff/api/cases/CL-1")).toMatchObject({
      status: 405,
      body: { error: { code: "METHOD_NOT_ALLOWED" } },
    });
    expect(await get("GET", "/nowhere")).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
    await host.fastify.close();
  });
});

describe("the web chat's renderer", () => {
  const deposit: OutboundMessage = {
    subject: { type: "order", id: "PO-1" },
    text: { key: "common:youCanNow" },
    facts: [{ label: { key: "common:party.buyer" }, value: money(37_500, "USD") }],
    deadline: {
      dueAt: "2026-12-24T15:59:59.000Z",
      label: { key: "common:youCanNow" },
    },
  };

  it("CM-03: renders the bot's words in the reader's language, amounts in its format, instants in its zone", () => {
    const en = renderer.render({ locale: "en-US", timeZone: "America/New_York" }, deposit);
    const zh = renderer.render({ locale: "zh-CN", timeZone: "Asia/Shanghai" }, deposit);
    expect(en.text).toBe("Here is what you can do now:");
    expect(zh.text).toBe("您现在可以：");
    expect(en.facts?.[0]?.value).toBe("$375.00");
    expect(en.deadline?.dueAtText).toContain("10:59");
    expect(zh.deadline?.dueAtText).toContain("23:59");
    expect(en.deadline?.dueAt).toBe("2026-12-24T15:59:59.000Z");
  });

  it("CM-01: a translated message is marked machine-translated and keeps its original one action away (in place, no round trip)", () => {
    const shown = renderer.render(
      { locale: "en-US", timeZone: "UTC" },
      {
        personText: {
          messageId: "MSG-1",
          senderPartyId: "s",
          senderName: "Shenzhen Fasteners",
          original: "货物已于12月5日发运",
          originalLanguage: "zh-CN",
          shown: "The goods were shipped on December 5",
          shownLanguage: "en",
          machineTranslated: true,
        },
        actions: [
          {
            actionId: SHOW_ORIGINAL_ACTION,
            label: { key: "common:translation.showOriginal" },
            payload: { messageId: "MSG-1" },
          },
        ],
      },
    );
    expect(shown.person).toMatchObject({
      shown: "The goods were shipped on December 5",
      original: "货物已于12月5日发运",
      machineTranslated: true,
      note: "Machine-translated",
    });
    expect(shown.person?.originalHeading).toContain("Chinese");
    expect(shown.actions).toBeUndefined();
  });
});

describe("evidence uploads (CL-11)", () => {
  const blobs: BlobStore = {
    put: (bytes) =>
      Promise.resolve({
        key: "k".repeat(64),
        sha256: "a".repeat(64),
        sizeBytes: bytes.byteLength,
      }),
    get: () => Promise.reject(new Error("unused")),
    has: () => Promise.resolve(false),
  };

  it("states the policy's limits and refuses other types, empty and oversized files", async () => {
    const limits = uploadLimits(1_000);
    expect(limits.maxBytes).toBe(1_000);
    expect(limits.mediaTypes).toContain("application/pdf");
    await expect(storeUpload(blobs, limits, "x.exe", "application/x-msdownload", new Uint8Array(5))).rejects.toMatchObject({
      status: 415,
    } satisfies Partial<HttpError>);
    await expect(storeUpload(blobs, limits, "a.txt", "text/plain", new Uint8Array(0))).rejects.toMatchObject({ status: 400 });
    await expect(storeUpload(blobs, limits, "a.txt", "text/plain", new Uint8Array(1_001))).rejects.toMatchObject({ status: 413 });
    // Binary bytes declared as text are not text (issue 9: the type is measured).
    await expect(storeUpload(blobs, limits, "a.txt", "text/plain", new Uint8Array(3))).rejects.toMatchObject({ status: 415 });
    expect(await storeUpload(blobs, limits, "../../etc/a.txt", "text/plain; charset=utf-8", new TextEncoder().encode("abc"))).toMatchObject({
      name: "a.txt",
      mediaType: "text/plain",
      sizeBytes: 3,
    });
    expect(cleanFileName("C:\\Users\\me\\photo.jpg")).toBe("photo.jpg");
  });
});

describe("the live mailbox", () => {
  it("pushes each entry to every open tab in its own language, and a reconnecting tab catches up after its last entry", async () => {
    const db = await openDatabase({ pgliteDataDir: "memory://" });
    await migrate(db.sql, await readMigrations());
    const now = () => "2026-11-22T12:00:00.000Z";
    const sessions = new LiveSessions(renderer, now, new WebChatMailbox(db, now));
    const english = fakeResponse();
    const chinese = fakeResponse();
    await sessions.open("web:1", english.res, { locale: "en-US", timeZone: "UTC" }, 0);
    await sessions.open("web:1", chinese.res, { locale: "zh-CN", timeZone: "UTC" }, 0);
    const own = await sessions.recordOwn("web:1", "hello");
    const reply = await sessions.deliver("web:1", { text: { key: "common:youCanNow" } }, { locale: "en-US", timeZone: "UTC" });
    expect(reply.seq).toBeGreaterThan(own.seq);
    expect(english.written()).toContain("Here is what you can do now:");
    expect(chinese.written()).toContain("您现在可以：");
    const late = fakeResponse();
    await sessions.open("web:1", late.res, { locale: "en-US", timeZone: "UTC" }, own.seq);
    expect(late.written()).not.toContain("hello");
    expect(late.written()).toContain(`id: ${reply.seq}`);
    sessions.closeAll();
    expect(english.ended()).toBe(true);
    await db.close();
  });
});

function fakeResponse(): {
  res: ServerResponse;
  written: () => string;
  ended: () => boolean;
} {
  let text = "";
  let ended = false;
  const res = {
    writeHead: () => res,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    end: () => {
      ended = true;
    },
    on: () => res,
  } as unknown as ServerResponse;
  return { res, written: () => text, ended: () => ended };
}

describe("the dev clock", () => {
  it("only moves forward, and a restart keeps the offset so time never runs back behind the data", () => {
    const system = new ManualClock("2026-11-22T12:00:00.000Z");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tab-clock-")), "offset");
    const clock = new DevClock(system, file);
    expect(clock.moveTo("2026-12-10T00:00:00.000Z")).toBe("2026-12-10T00:00:00.000Z");
    expect(clock.moveTo("2026-12-01T00:00:00.000Z")).toBe("2026-12-10T00:00:00.000Z");
    expect(() => clock.advance(-1)).toThrow(RangeError);
    system.advance(60_000);
    expect(new DevClock(system, file).now()).toBe("2026-12-10T00:01:00.000Z");
  });
});
