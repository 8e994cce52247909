/**
 * Issue 9 item 9, on the real server (in this process, embedded PGlite unless DATABASE_URL is set):
 * - the authorization matrix: every role (stranger, buyer, supplier, a second unrelated buyer and
 *   supplier, staff) × every HTTP route and every chat action → allowed or a clean refusal, never a
 *   leak (an unrelated party never sees the demo order's parties), never an internal error; the cells
 *   are printed;
 * - the HTTP fuzz: fast-check requests over every route (FUZZ_RUNS, default 2,000; `npm run fuzz -- --runs 20000`
 *   for the long run) → no 5xx, no "turn failed", the server alive; RSS before and after is printed.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { USE_CASE } from "../../src/domain/notifications/action-ids.js";
import { createScratchPostgresDatabase, DATABASE_URL } from "./support/backends.js";
import { failures, ROLES, startHardenedServer, type HardenedServer, type Role } from "./support/hardened-server.js";

let h: HardenedServer;
let scratch: { url: string; drop(): Promise<void> } | undefined;
beforeAll(async () => {
  // On PostgreSQL a database of its own: the demo data seeds only into an empty database.
  scratch = DATABASE_URL ? await createScratchPostgresDatabase() : undefined;
  h = await startHardenedServer(scratch ? { DATABASE_URL: scratch.url } : {});
});
afterAll(async () => {
  await h?.server.stop("test over");
  await scratch?.drop();
});

const FUZZ_RUNS = Number(process.env["FUZZ_RUNS"] ?? "2000");
/** Words only the demo order's own parties may ever see. */
const DEMO_ORDER_SECRETS = ["Ohio Tools", "深圳紧固件", "Shenzhen Fasteners"];
/** CM-06: a buyer picks its supplier from the directory of enrolled suppliers, so their names are not secret to another buyer. */
const secretsFor = (row: string, role: Role): readonly string[] => (role === "buyer2" && row === "action order.request" ? ["Ohio Tools"] : DEMO_ORDER_SECRETS);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "latin1");

type Expect = "ok" | "refused" | number | "any";
interface Probe {
  readonly name: string;
  request(role: Role): { path: string; init?: RequestInit };
  readonly expect: Partial<Record<Role, Expect>> & { readonly default: Expect };
}

const headersOf = (role: Role, extra: Record<string, string> = {}): Record<string, string> =>
  role === "stranger" ? extra : { ...extra, authorization: `Bearer ${h.tokens[role]}` };
const jsonPost = (role: Role, body: unknown): RequestInit => ({
  method: "POST",
  headers: headersOf(role, { "content-type": "application/json" }),
  body: JSON.stringify(body),
});
const signedIn = { stranger: 401, default: "ok" } as const;
const staffOnly = { stranger: 401, staff: "ok", default: 403 } as const;
let buyersUpload = "";

const ROUTES: Probe[] = [
  ...[
    "/healthz",
    "/readyz",
    "/",
    "/staff",
    "/staff/cases/CL-1",
    "/assets/app.js",
    "/auth/options?lang=fr",
    "/chat/upload-limits",
    "/chat/page-words?lang=ar",
  ].map((path): Probe => ({ name: `GET ${path}`, request: () => ({ path }), expect: { default: "ok" } })),
  { name: "POST /auth/demo", request: () => ({ path: "/auth/demo", init: jsonPost("stranger", { partyId: "buyer-ohio-tools" }) }), expect: { default: "ok" } },
  { name: "POST /auth/link (wrong code)", request: () => ({ path: "/auth/link", init: jsonPost("stranger", { code: "WRONG123" }) }), expect: { default: 400 } },
  { name: "GET /auth/me", request: (role) => ({ path: "/auth/me", init: { headers: headersOf(role) } }), expect: signedIn },
  { name: "GET /chat/events", request: (role) => ({ path: "/chat/events", init: { headers: headersOf(role) } }), expect: signedIn },
  {
    name: "POST /chat/upload",
    request: (role) => ({
      path: "/chat/upload",
      init: { method: "POST", headers: headersOf(role, { "content-type": "application/pdf", "x-file-name": `${role}.pdf` }), body: PDF },
    }),
    expect: signedIn,
  },
  {
    name: "GET /evidence/:sha256 (the buyer's upload)",
    request: (role) => ({ path: `/evidence/${buyersUpload}`, init: { headers: headersOf(role) } }),
    expect: { stranger: 401, buyer: "ok", staff: "ok", default: 404 },
  },
  { name: "GET /staff/api/queue", request: (role) => ({ path: "/staff/api/queue", init: { headers: headersOf(role) } }), expect: staffOnly },
  { name: "GET /staff/api/parties", request: (role) => ({ path: "/staff/api/parties", init: { headers: headersOf(role) } }), expect: staffOnly },
  {
    name: "GET /staff/api/cases/:claimId (unknown)",
    request: (role) => ({ path: "/staff/api/cases/CL-NOPE", init: { headers: headersOf(role) } }),
    expect: { stranger: 401, staff: "refused", default: 403 },
  },
  {
    name: "POST /staff/api/sign-in-links",
    request: (role) => ({ path: "/staff/api/sign-in-links", init: jsonPost(role, { partyId: "buyer-lisbon-parts" }) }),
    expect: staffOnly,
  },
  { name: "GET /dev/clock", request: (role) => ({ path: "/dev/clock", init: { headers: headersOf(role) } }), expect: staffOnly },
  { name: "POST /dev/clock", request: (role) => ({ path: "/dev/clock", init: jsonPost(role, { hours: 0 }) }), expect: staffOnly },
];

/** Every chat action, pressed on the demo order (and an unknown claim) by every role. */
const ACTION_PAYLOAD = { orderId: "PO-DEMO-1", version: 2, claimId: "CL-NOPE", messageId: "MSG-NOPE", partyId: "buyer-lisbon-parts" };
const ORDER_PARTY_ONLY = new Set<string>([USE_CASE.viewOrder]);

async function cellOf(res: Response): Promise<{ cell: string; text: string }> {
  const text = await res.text();
  if (res.status >= 500) return { cell: `5xx:${res.status}`, text };
  if (res.status >= 300) return { cell: `refused:${res.status}`, text };
  if (text.includes('"tone":"error"')) return { cell: "refused", text };
  return { cell: "ok", text };
}

function matches(cell: string, expected: Expect): boolean {
  if (expected === "any") return !cell.startsWith("5xx");
  if (expected === "ok") return cell === "ok";
  if (expected === "refused") return cell.startsWith("refused");
  return cell === `refused:${expected}`;
}

describe("authorization matrix", () => {
  it("every role × every HTTP route and chat action: allowed or a clean refusal, never a leak, never an internal error", async () => {
    // Bytes only the buyer uploads: the upload row has every role upload PDF, and whoever uploaded the same bytes may download them.
    const upload = await fetch(`${h.url}/chat/upload`, {
      method: "POST",
      headers: headersOf("buyer", { "content-type": "application/pdf", "x-file-name": "buyer.pdf" }),
      body: Buffer.concat([PDF, Buffer.from(`% buyer ${Date.now()}\n`)]),
    });
    buyersUpload = ((await upload.json()) as { file: { sha256: string } }).file.sha256;
    const table: Record<string, Record<string, string>> = {};
    const wrong: string[] = [];
    const check = (row: string, role: Role, cell: string, expected: Expect, text: string) => {
      (table[row] ??= {})[role] = cell;
      if (!matches(cell, expected)) wrong.push(`${row} × ${role}: ${cell}, expected ${String(expected)}: ${text.slice(0, 160)}`);
      if (
        (role === "buyer2" || role === "supplier2" || role === "stranger") &&
        secretsFor(row, role).some((s) => text.includes(s)) &&
        !row.startsWith("GET /auth/options") &&
        !row.startsWith("POST /auth/demo")
      ) {
        wrong.push(`${row} × ${role}: leaks the demo order's parties`);
      }
    };
    for (const probe of ROUTES) {
      for (const role of ROLES) {
        const { path, init } = probe.request(role);
        const controller = new AbortController();
        const res = await fetch(`${h.url}${path}`, { ...init, signal: controller.signal });
        const { cell, text } = path === "/chat/events" ? { cell: res.status < 300 ? "ok" : `refused:${res.status}`, text: "" } : await cellOf(res);
        controller.abort();
        check(probe.name, role, cell, probe.expect[role] ?? probe.expect.default, text);
      }
    }
    const actions = Object.values(USE_CASE).filter((id) => id !== USE_CASE.linkAccount);
    for (const actionId of actions) {
      for (const role of ROLES) {
        const res = await fetch(`${h.url}/chat/inbound`, jsonPost(role, { payload: { kind: "action", actionId, payload: ACTION_PAYLOAD } }));
        const { cell, text } = await cellOf(res);
        const expected: Expect = role === "stranger" ? 401 : (role === "buyer2" || role === "supplier2") && ORDER_PARTY_ONLY.has(actionId) ? "refused" : "any";
        check(`action ${actionId}`, role, cell, expected, text);
      }
    }
    console.log(`authorization matrix (${Object.keys(table).length} rows × ${ROLES.length} roles):`);
    console.table(table);
    expect(wrong).toEqual([]);
    expect(failures(h.logs)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz

const NASTY = [
  "",
  "/",
  "//",
  "%",
  "%00",
  "%ff",
  "%ED%A0%80",
  "..",
  "../..",
  "\\",
  "@",
  ":",
  "[",
  "?",
  "#",
  "a".repeat(300),
  "PO-DEMO-1",
  "CL-1",
  "0".repeat(64),
  "%E2%80%AE",
  "%F0%9F%92%A9",
];
const segment = fc.oneof(fc.constantFrom(...NASTY), fc.stringMatching(/^[A-Za-z0-9._~%-]{0,40}$/));
const ROUTE_TEMPLATES = [
  "/healthz",
  "/readyz",
  "/",
  "/staff",
  "/staff/cases/{}",
  "/assets/{}",
  "/auth/options",
  "/auth/demo",
  "/auth/link",
  "/auth/me",
  "/chat/inbound",
  "/chat/events",
  "/chat/upload-limits",
  "/chat/upload",
  "/chat/page-words",
  "/evidence/{}",
  "/staff/api/queue",
  "/staff/api/cases/{}",
  "/staff/api/parties",
  "/staff/api/sign-in-links",
  "/dev/clock",
  "/{}",
  "/{}/{}",
];
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "PO-DEMO-1", "buyer-ohio-tools", "staff-ana-lima", "CL-1", "x".repeat(5_000)),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const payload = fc.oneof(
  fc.record({ kind: fc.constant("text"), text }),
  fc.record({
    kind: fc.constant("action"),
    actionId: fc.oneof(fc.constantFrom(...Object.values(USE_CASE)), text),
    payload: fc.dictionary(fc.constantFrom("orderId", "claimId", "version", "messageId", "partyId", "x"), scalar),
  }),
  fc.record({
    kind: fc.constant("form"),
    formId: fc.oneof(fc.constantFrom(...Object.values(USE_CASE)), text),
    values: fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 }))),
    files: fc.constant([]),
  }),
  fc.anything({ maxDepth: 3 }),
);
const body = fc.oneof(
  fc.record({ payload, eventId: fc.option(text, { nil: undefined }), locale: fc.option(text, { nil: undefined }), echo: fc.option(text, { nil: undefined }) }),
  fc.record({ partyId: text }),
  fc.record({ code: text }),
  fc.record({ days: scalar, hours: scalar, businessDays: scalar, calendarOf: scalar, toNextDeadline: scalar }),
  fc.anything({ maxDepth: 4 }),
);
const requestArb = fc.record({
  method: fc.constantFrom("GET", "GET", "POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"),
  template: fc.constantFrom(...ROUTE_TEMPLATES),
  segments: fc.array(segment, { minLength: 2, maxLength: 2 }),
  query: fc.array(fc.tuple(fc.constantFrom("token", "lang", "after", "x", "lang"), fc.oneof(segment, text)), { maxLength: 3 }),
  role: fc.constantFrom<Role | "junk" | "garbage">(...ROLES, "junk", "garbage"),
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/pdf",
    "image/png",
    "multipart/form-data; boundary=x",
    "",
    "application/x-www-form-urlencoded",
  ),
  body: fc.oneof(
    body.map((b) => JSON.stringify(b) ?? "null"),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString("latin1")),
  ),
  lastEventId: fc.option(fc.oneof(segment, fc.integer().map(String)), { nil: undefined }),
});

/** Every byte of the text's UTF-8 percent-encoded (a lone surrogate becomes U+FFFD's bytes, as a browser would send). */
const percentEncoded = (value: string): string => [...Buffer.from(value, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

function authorizationOf(role: Role | "junk" | "garbage"): string | undefined {
  if (role === "stranger") return undefined;
  if (role === "junk") return `Bearer ${h.tokens.buyer}.anything`;
  if (role === "garbage") return "Bearer v1.e30.AAAA";
  return `Bearer ${h.tokens[role]}`;
}

describe("HTTP fuzz", () => {
  it(`${FUZZ_RUNS} generated requests over every route: no 5xx, no "turn failed", the server alive`, async () => {
    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    let count = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        let i = 0;
        const path = r.template.replace(/\{\}/g, () => r.segments[i++] ?? "");
        const query = r.query.map(([k, v]) => `${k}=${percentEncoded(v.slice(0, 200))}`).join("&");
        const headers: Record<string, string> = {};
        const auth = authorizationOf(r.role);
        if (auth) headers["authorization"] = auth;
        if (r.contentType) headers["content-type"] = r.contentType;
        if (r.lastEventId !== undefined) headers["last-event-id"] = r.lastEventId;
        const hasBody = r.method !== "GET" && r.method !== "HEAD";
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 10_000);
        let status: number;
        try {
          const res = await fetch(`${h.url}${path}${query ? `?${query}` : ""}`, {
            method: r.method,
            headers,
            ...(hasBody ? { body: r.body } : {}),
            signal: controller.signal,
          });
          status = res.status;
          if (res.headers.get("content-type")?.startsWith("text/event-stream")) controller.abort();
          else await res.arrayBuffer();
        } catch (error) {
          // A URL fetch() itself refuses to send (it normalises what it can) is not the server's answer.
          if (error instanceof TypeError && !controller.signal.aborted) return;
          if (controller.signal.aborted) return;
          throw error;
        } finally {
          clearTimeout(timer);
        }
        count++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status, `${r.method} ${path}?${query}`).toBeLessThan(500);
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    const rssAfter = process.memoryUsage().rss;
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    console.log(
      `HTTP fuzz: ${FUZZ_RUNS} runs, ${count} answered, ${[...statuses.entries()].filter(([s]) => s >= 500).length} status kinds ≥ 500; statuses ${JSON.stringify(Object.fromEntries([...statuses.entries()].sort()))}; ` +
        `database ${h.server.app.db.backend}; RSS before ${Math.round(rssBefore / 1048576)} MB, after ${Math.round(rssAfter / 1048576)} MB`,
    );
    expect(failures(h.logs)).toEqual([]);
  });
});
