/**
 * Issue 9 against the real server (in this process, embedded PGlite): the crash family of request
 * targets and NUL / lone-surrogate text get < 500 with stable codes; a session token with trailing
 * junk is refused; inbound dedupe is per account; signing in again reuses the party's one web-chat
 * identity; evidence is a capability of the claim (uploader, parties, staff) with the type measured
 * from the content; the limits answer 429 with Retry-After; production is safe by default.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.js";
import { cleanEnvironment, runMainToExit } from "../e2e/support/server-process.js";
import { CRASH_FAMILY_TARGETS, rawGetStatus } from "./support/raw-http.js";
import { failures, startHardenedServer, type HardenedServer } from "./support/hardened-server.js";

let h: HardenedServer;

beforeAll(async () => {
  h = await startHardenedServer({ LIVE_STREAMS_PER_IDENTITY: "2", UPLOAD_BYTES_PER_IDENTITY_PER_HOUR: "100000", SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "20" });
});
afterAll(async () => {
  await h?.server.stop("test over");
});

const json = { "content-type": "application/json" };
const as = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
const codeOf = async (res: Response) => ((await res.json()) as { error?: { code?: string } }).error?.code;

/** A minimal PDF (its signature is what the server measures). */
const pdf = (size: number) =>
  Buffer.concat([
    Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", "latin1"),
    Buffer.alloc(Math.max(0, size - 40), 0x20),
    Buffer.from("\n%%EOF\n"),
  ]);

describe("issue 9 on the real server", () => {
  it("the crash family of request targets gets < 500 and the server stays up", async () => {
    for (const target of [...CRASH_FAMILY_TARGETS, "/evidence/%", "/staff/cases/%E0%A4%A", "/assets/..%2f..%2fpackage.json"]) {
      expect(await rawGetStatus(Number(new URL(h.url).port), target), target).toBeLessThan(500);
    }
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it("NUL bytes and lone surrogates are refused at the boundary with 400 INVALID_TEXT", async () => {
    const cases: [string, string, RequestInit][] = [
      ["demo sign-in", "/auth/demo", { method: "POST", headers: json, body: '{"partyId":"staff-\\u0000"}' }],
      ["sign-in link", "/auth/link", { method: "POST", headers: json, body: '{"code":"AB\\ud800CD"}' }],
      ["staff case", "/staff/api/cases/%00", { headers: as(h.tokens.staff) }],
      ["dev clock", "/dev/clock", { method: "POST", headers: as(h.tokens.staff), body: '{"businessDays":1,"calendarOf":"x\\u0000"}' }],
      [
        "chat eventId",
        "/chat/inbound",
        { method: "POST", headers: as(h.tokens.buyer), body: '{"eventId":"evt-\\u0000-12345","payload":{"kind":"text","text":"hi"}}' },
      ],
      ["chat text", "/chat/inbound", { method: "POST", headers: as(h.tokens.buyer), body: '{"payload":{"kind":"text","text":"\\udc00"}}' }],
      ["sign-in link issue", "/staff/api/sign-in-links", { method: "POST", headers: as(h.tokens.staff), body: '{"partyId":"\\u0000"}' }],
    ];
    for (const [name, path, init] of cases) {
      const res = await fetch(`${h.url}${path}`, init);
      expect([name, res.status, await codeOf(res)]).toEqual([name, 400, "INVALID_TEXT"]);
    }
    expect(failures(h.logs)).toEqual([]);
  });

  it("a session token with trailing junk is refused", async () => {
    expect((await fetch(`${h.url}/auth/me`, { headers: { authorization: `Bearer ${h.tokens.buyer}` } })).status).toBe(200);
    expect((await fetch(`${h.url}/auth/me`, { headers: { authorization: `Bearer ${h.tokens.buyer}.anything` } })).status).toBe(401);
  });

  it("dedupe is per account: the same eventId from two parties runs both turns", async () => {
    const turn = (token: string) =>
      fetch(`${h.url}/chat/inbound`, {
        method: "POST",
        headers: as(token),
        body: JSON.stringify({ eventId: "evt-shared-0001", payload: { kind: "action", actionId: "common.whatNow", payload: {} } }),
      });
    for (const token of [h.tokens.buyer, h.tokens.supplier]) {
      const body = (await (await turn(token)).json()) as { entries: { kind: string }[] };
      expect(body.entries.filter((e) => e.kind === "bot").length).toBeGreaterThan(0);
    }
    const repeat = (await (await turn(h.tokens.buyer)).json()) as { entries: unknown[] };
    expect(repeat.entries).toEqual([]);
  });

  it("signing in again with a new link reuses the party's one web-chat identity (deliveries do not multiply)", async () => {
    for (let i = 0; i < 3; i++) {
      const issued = await fetch(`${h.url}/staff/api/sign-in-links`, {
        method: "POST",
        headers: as(h.tokens.staff),
        body: JSON.stringify({ partyId: h.partyIds.buyer2 }),
      });
      const { code } = (await issued.json()) as { code: string };
      expect((await fetch(`${h.url}/auth/link`, { method: "POST", headers: json, body: JSON.stringify({ code }) })).status).toBe(200);
    }
    const identities = await h.server.app.db.prisma.channelIdentity.findMany({ where: { partyId: h.partyIds.buyer2, channel: "webchat" } });
    expect(identities.map((i) => i.externalUserId)).toEqual([`web:${h.partyIds.buyer2}`]);
    expect((await fetch(`${h.url}/auth/me`, { headers: { authorization: `Bearer ${h.tokens.buyer2}` } })).status).toBe(200);
  });

  it("evidence: the type is measured from the content; only the uploader, the claim's parties and staff download it; attaching needs one's own upload", async () => {
    const upload = (token: string, bytes: Buffer, type: string, name: string) =>
      fetch(`${h.url}/chat/upload`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type, "x-file-name": name }, body: bytes });
    const exe = Buffer.concat([
      Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"),
      Buffer.alloc(64),
      Buffer.from("PE\x00\x00", "latin1"),
      Buffer.alloc(200),
    ]);
    const refused = await upload(h.tokens.buyer, exe, "application/pdf", "invoice.pdf");
    expect([refused.status, await codeOf(refused)]).toEqual([415, "UPLOAD_CONTENT_NOT_ALLOWED"]);
    const stored = await upload(h.tokens.buyer, pdf(2_000), "application/pdf", "invoice.pdf");
    expect(stored.status).toBe(201);
    const { file } = (await stored.json()) as { file: { sha256: string; mediaType: string; sizeBytes: number } };
    expect(file).toMatchObject({ mediaType: "application/pdf", sizeBytes: pdf(2_000).byteLength });
    const download = (token: string) => fetch(`${h.url}/evidence/${file.sha256}?token=${encodeURIComponent(token)}`);
    expect((await download(h.tokens.buyer)).status).toBe(200);
    expect((await download(h.tokens.staff)).status).toBe(200);
    for (const other of [h.tokens.buyer2, h.tokens.supplier2, h.tokens.supplier]) expect((await download(other)).status).toBe(404);
    const claimForm = {
      kind: "form",
      formId: "claim.file",
      values: { orderId: "PO-DEMO-1" },
      files: [{ name: "x.pdf", mediaType: "application/pdf", sizeBytes: 1, blobKey: file.sha256, sha256: file.sha256 }],
    };
    const stolen = await fetch(`${h.url}/chat/inbound`, { method: "POST", headers: as(h.tokens.buyer2), body: JSON.stringify({ payload: claimForm }) });
    expect([stolen.status, await codeOf(stolen)]).toEqual([403, "UPLOAD_NOT_YOURS"]);
    const invented = { ...claimForm, files: [{ ...claimForm.files[0], sha256: "ab".repeat(32) }] };
    expect((await fetch(`${h.url}/chat/inbound`, { method: "POST", headers: as(h.tokens.buyer), body: JSON.stringify({ payload: invented }) })).status).toBe(
      403,
    );
    // The hourly budget (100 kB here): a second 60 kB file is one too many.
    expect((await upload(h.tokens.supplier2, pdf(60_000), "application/pdf", "a.pdf")).status).toBe(201);
    const over = await upload(h.tokens.supplier2, pdf(60_000), "application/pdf", "b.pdf");
    expect([over.status, await codeOf(over)]).toEqual([429, "UPLOAD_BUDGET_SPENT"]);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("live streams per identity are capped (429 with Retry-After); other identities are unaffected", async () => {
    const controllers: AbortController[] = [];
    const open = async (token: string) => {
      const controller = new AbortController();
      controllers.push(controller);
      return fetch(`${h.url}/chat/events?token=${encodeURIComponent(token)}`, { signal: controller.signal });
    };
    try {
      expect((await open(h.tokens.supplier)).status).toBe(200);
      expect((await open(h.tokens.supplier)).status).toBe(200);
      const third = await open(h.tokens.supplier);
      expect([third.status, await codeOf(third)]).toEqual([429, "TOO_MANY_LIVE_STREAMS"]);
      expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await open(h.tokens.buyer2)).status).toBe(200);
    } finally {
      for (const c of controllers) c.abort();
    }
  });
});

describe("sign-in attempts (last: it spends this IP's sign-in budget)", () => {
  it("wrong link codes from one IP hit the sign-in limit (20/min here) with 429 and Retry-After; other routes still answer", async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await fetch(`${h.url}/auth/link`, { method: "POST", headers: json, body: JSON.stringify({ code: `WRONG${i}` }) });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(400);
    }
    expect(limited?.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await codeOf(limited as Response)).toBe("RATE_LIMITED");
    expect((await fetch(`${h.url}/auth/me`, { headers: { authorization: `Bearer ${h.tokens.buyer}` } })).status).toBe(200);
  });
});

describe("production is safe by default", () => {
  it("no demo sign-in and no dev clock unless explicitly enabled, never with NODE_ENV=production", () => {
    const production = parseConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) });
    expect({ demo: production.demo, devClock: production.devClock }).toEqual({ demo: false, devClock: false });
    for (const variable of ["DEMO", "DEV_CLOCK"]) {
      try {
        parseConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), [variable]: "1" });
        expect.unreachable(`${variable}=1 must be refused in production`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
      }
    }
    expect(parseConfig({ NODE_ENV: "development", DEV_CLOCK: "0" }).devClock).toBe(false);
  });

  it("start-up refuses DEMO=1 with NODE_ENV=production: exit 78 and a clear message", async () => {
    const result = await runMainToExit(cleanEnvironment({ NODE_ENV: "production", SESSION_SECRET: "y".repeat(32), DEMO: "1" }));
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("DEMO: is refused when NODE_ENV=production");
  });
});
