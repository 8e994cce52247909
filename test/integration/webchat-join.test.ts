/**
 * Issue 11's "done when", over HTTP only, on the real server in production mode (NODE_ENV=production,
 * so DEMO and the dev clock are off) and an empty database — embedded PGlite, and PostgreSQL when
 * DATABASE_URL is set (a scratch database of its own):
 * the admin CLI creates the first staff member and enrols a supplier (TA-01); a stranger takes a guest
 * session on the sign-in page (`POST /auth/guest`), registers their company as a buyer through the
 * engine's form in `/chat/inbound` (FR-02), continues as that buyer with the session the answer
 * carries, orders from the supplier named by company name (CM-06), the supplier — signed in with the
 * admin-printed one-time link (CM-05) — drafts and confirms, the deposit is recorded and a quality
 * claim filed (CL-01). A later sign-in link lands on the buyer's one web identity and its history.
 * A guest session is refused everywhere else, costs nothing stored until it submits the form, and
 * guest sessions are limited per IP. A compact transcript is printed (console.info).
 */
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/adapters/clock/clock.js";
import { openPersistence } from "../../src/adapters/db/persistence.js";
import { parseFlags, runAdminCommand } from "../../src/admin.js";
import type { App } from "../../src/app/app.js";
import { randomIds } from "../../src/app/ids.js";
import { parseConfig } from "../../src/config.js";
import { USE_CASE } from "../../src/domain/notifications/action-ids.js";
import { startServer, type RunningServer } from "../../src/main.js";
import { GUEST_SESSION_TTL_MS, SessionSigner } from "../../src/bots/webchat/sessions.js";
import type { DisplayMessage } from "../../src/bots/webchat/display.js";
import { issueLinkCode, partyOfLinkCode } from "../../src/app/identity/link-codes.js";
import { REQUESTED_TERMS, WITH_REQUIREMENT } from "../conversation/chat-fixtures.js";
import { createScratchPostgresDatabase, DATABASE_URL, temporaryDirectory } from "./support/backends.js";

const SESSION_SECRET = "joinweb-test-session-secret-0123456789abcdef";
const GUESTS_PER_IP_PER_MINUTE = 6;

interface Entry {
  readonly seq: number;
  readonly kind: "own" | "bot";
  readonly text?: string;
  readonly message?: DisplayMessage;
}
interface TurnAnswer {
  readonly entries: Entry[];
  readonly thread: { type: string; id: string } | null;
  readonly session?: { token: string; party: { partyId: string; displayName: string; role: string; locale: string; timeZone: string } };
}

interface World {
  readonly server: RunningServer;
  readonly url: string;
  readonly supplierCode: string;
  readonly staffCode: string;
  readonly supplierId: string;
  readonly logs: { msg?: string; status?: number }[];
}

/** The admin CLI's commands as `npm run admin -- …` runs them (src/admin.ts), the server not yet started. */
async function admin(env: Record<string, string>, transcript: string[], command: Parameters<typeof parseFlags>[0], ...args: string[]) {
  const config = parseConfig(env);
  const persistence = await openPersistence({ databaseUrl: config.databaseUrl, pgliteDataDir: path.join(config.dataDir, "pglite"), clock: systemClock });
  try {
    const app: App = { db: persistence.db, runner: persistence.runner, clock: systemClock, ids: randomIds };
    const lines = await runAdminCommand(app, config.publicUrl, command, parseFlags(command, args));
    transcript.push(`$ npm run admin -- ${command} ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ")}`, ...lines.map((l) => `  ${l}`));
    const link = lines.at(-1) ?? "";
    const partyId = /^party id: (\S+)$/m.exec(lines.join("\n"))?.[1];
    const code = new URL(link).searchParams.get("code");
    if (!partyId || !code) throw new Error(`admin printed no party id or link:\n${lines.join("\n")}`);
    return { partyId, code };
  } finally {
    await persistence.close();
  }
}

async function startWorld(env: Record<string, string>, transcript: string[]): Promise<World> {
  const staff = await admin(
    env,
    transcript,
    "create-staff",
    "--name",
    "Ana Lima",
    "--email",
    "ana@example.com",
    "--locale",
    "en",
    "--time-zone",
    "Europe/London",
  );
  const supplier = await admin(
    env,
    transcript,
    "enrol-supplier",
    "--company",
    "Berliner Schrauben GmbH",
    "--country",
    "DE",
    "--time-zone",
    "Europe/Berlin",
    "--locale",
    "de",
    "--qualification",
    "verified",
    "--volume-6m",
    "250000.00",
    "--currency",
    "USD",
    "--staff",
    staff.partyId,
  );
  const logs: World["logs"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim().startsWith("{")) logs.push(JSON.parse(line) as World["logs"][number]);
      done();
    },
  });
  const server = await startServer(parseConfig(env), pino({ level: "info" }, sink));
  return { server, url: server.url, supplierCode: supplier.code, staffCode: staff.code, supplierId: supplier.partyId, logs };
}

function productionEnv(dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    SESSION_SECRET,
    HOST: "127.0.0.1",
    PORT: "0",
    PUBLIC_URL: "http://chat.example.test",
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    OUTBOX_POLL_MS: "200",
    SCHEDULER_CRON: "0 0 1 1 *",
    SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: String(GUESTS_PER_IP_PER_MINUTE),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/** One line of a rendered bot message: its text, facts, buttons and form, as the reader sees them. */
function rendered(message: DisplayMessage | undefined): string {
  if (!message) return "";
  const parts: string[] = [];
  if (message.text) parts.push(message.text.replace(/\s+/g, " "));
  if (message.person) parts.push(`«${message.person.shown}»`);
  for (const f of message.facts ?? []) parts.push(`${f.label}: ${f.value}`);
  if (message.form) {
    const fields = message.form.fields.map((f) => `${f.label}${f.value ? `=${f.value}` : ""}${f.error ? ` ⚠ ${f.error}` : ""}`);
    parts.push(`[form "${message.form.title}": ${fields.join("; ")}]`);
  }
  if (message.actions?.length) parts.push(`[buttons: ${message.actions.map((a) => a.label).join(" | ")}]`);
  const line = parts.join(" ");
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

/** A person at a browser tab: every turn is a POST /chat/inbound, printed to the transcript. */
class Tab {
  token: string | undefined;
  last: TurnAnswer = { entries: [], thread: null };
  constructor(
    private readonly url: string,
    readonly who: string,
    private readonly transcript: string[],
    private readonly browser: { locale?: string; timeZone?: string } = {},
  ) {}

  async post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(body),
    });
  }

  async get(path: string): Promise<Response> {
    return fetch(`${this.url}${path}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
  }

  async turn(payload: unknown, echo: string): Promise<TurnAnswer> {
    const res = await this.post("/chat/inbound", { eventId: `evt-${Math.random().toString(36).slice(2)}`, ...this.browser, echo, payload });
    if (res.status !== 200) throw new Error(`${this.who}: turn answered ${res.status}: ${await res.text()}`);
    this.last = (await res.json()) as TurnAnswer;
    this.transcript.push(`${this.who}: ${echo}`);
    for (const entry of this.last.entries) if (entry.kind === "bot") this.transcript.push(`  bot → ${this.who}: ${rendered(entry.message)}`);
    if (this.last.session)
      this.transcript.push(`  (session swapped: ${this.who} is now ${this.last.session.party.displayName}, ${this.last.session.party.role})`);
    return this.last;
  }

  /** Presses a button: the one of that action the bot last showed (its label in the transcript), else the page's own (`label`). */
  click(actionId: string, label: string, payload: Record<string, string | number | boolean> = {}): Promise<TurnAnswer> {
    return this.turn({ kind: "action", actionId, payload }, `[${this.action(actionId)?.label ?? label}]`);
  }

  submit(formId: string, values: Record<string, string>, files: unknown[] = []): Promise<TurnAnswer> {
    const shown = Object.entries(values)
      .filter(([, v]) => v !== "")
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    return this.turn({ kind: "form", formId, values, files }, `[submits ${formId}: ${shown.length > 300 ? `${shown.slice(0, 300)}…` : shown}]`);
  }

  say(text: string): Promise<TurnAnswer> {
    return this.turn({ kind: "text", text }, text);
  }

  messages(): DisplayMessage[] {
    return this.last.entries.flatMap((e) => (e.kind === "bot" && e.message ? [e.message] : []));
  }

  form() {
    return this.messages().findLast((m) => m.form)?.form;
  }

  actions(): string[] {
    return this.messages().flatMap((m) => (m.actions ?? []).map((a) => a.actionId));
  }

  action(actionId: string) {
    return this.messages()
      .flatMap((m) => m.actions ?? [])
      .find((a) => a.actionId === actionId);
  }

  text(): string {
    return this.messages()
      .map((m) => m.text ?? "")
      .join("\n");
  }
}

/** Reads a live stream (SSE) until `done` holds for the entries received, or 10 s pass. */
async function liveEntries(url: string, token: string, done: (entries: Entry[]) => boolean): Promise<Entry[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  const entries: Entry[] = [];
  try {
    const res = await fetch(`${url}/chat/events?after=0&token=${encodeURIComponent(token)}`, { signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`live stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.includes("event: entry")) continue;
        const data = block
          .split("\n")
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("\n");
        entries.push(JSON.parse(data) as Entry);
      }
      if (done(entries)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return entries;
}

/** A shipping date six weeks from today (the server runs on the real clock: production has no dev clock). */
function shippingDateAhead(): string {
  return new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "latin1");

describe("web-chat sessions: guest tokens", () => {
  it("FR-02: a guest session names its identity, says it is a guest's, cannot be turned into a full one, and expires after an hour", () => {
    const signer = new SessionSigner("g".repeat(32));
    const token = signer.issueGuest("guest:1", 1_000);
    expect(signer.verify(token, 2_000)).toEqual({ externalUserId: "guest:1", expiresAtMs: 1_000 + GUEST_SESSION_TTL_MS, guest: true });
    expect(signer.verify(token, 1_000 + GUEST_SESSION_TTL_MS)).toBeUndefined();
    expect(signer.verify(signer.issue("guest:1", 1_000), 2_000)?.guest).toBe(false);
    const [v, , signature] = token.split(".");
    const unscoped = `${v}.${Buffer.from(JSON.stringify({ sub: "guest:1", exp: 9e15 })).toString("base64url")}.${signature}`;
    expect(signer.verify(unscoped, 2_000)).toBeUndefined();
  });
});

const BACKENDS: readonly { name: string; database: boolean }[] = [
  { name: "PGlite", database: false },
  ...(DATABASE_URL ? [{ name: "PostgreSQL", database: true }] : []),
];

describe.each(BACKENDS)(
  "a buyer joins from the web chat and trades, DEMO off, production, empty database on $name",
  { timeout: 120_000 },
  ({ name, database }) => {
    let world: World;
    let dir: { dir: string; remove(): Promise<void> };
    let scratch: { url: string; drop(): Promise<void> } | undefined;
    const transcript: string[] = [];
    let buyer: Tab;
    let guestToken = "";
    let buyerId = "";
    let guestIdentity = "";

    beforeAll(async () => {
      dir = await temporaryDirectory("tab-joinweb-");
      scratch = database ? await createScratchPostgresDatabase() : undefined;
      world = await startWorld(productionEnv(dir.dir, scratch?.url), transcript);
    }, 240_000);

    afterAll(async () => {
      await world?.server.stop("test over");
      await scratch?.drop();
      await dir?.remove();
      console.info(`\n—— transcript (${name}) ——\n${transcript.join("\n")}\n——`);
    });

    it("FR-02: the sign-in page offers no demo identities, and a stranger takes a guest session", async () => {
      const options = (await (await fetch(`${world.url}/auth/options?lang=en`)).json()) as { demo: boolean; identities: unknown[] };
      expect(options).toEqual({ demo: false, identities: [] });
      const words = (await (await fetch(`${world.url}/chat/page-words?lang=de`)).json()) as { words: Record<string, string> };
      expect(words.words["registerAsBuyer"]).toBe("Als Käufer registrieren");
      expect((await fetch(`${world.url}/`).then((r) => r.text())).includes('id="register-button"')).toBe(true);

      buyer = new Tab(world.url, "buyer", transcript, { locale: "en-US", timeZone: "America/Chicago" });
      const res = await buyer.post("/auth/guest", {});
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { token: string; guest: boolean };
      expect(answer.guest).toBe(true);
      guestToken = answer.token;
      buyer.token = guestToken;
      transcript.push("buyer: (opens the chat page, presses “Register as a buyer”: POST /auth/guest → a guest session)");
    });

    it("FR-02: the guest is shown the registration form, its defaults the browser's time zone, country and language", async () => {
      await buyer.click(USE_CASE.registerBuyer, "Register as a buyer");
      const form = buyer.form();
      expect(form?.formId).toBe(USE_CASE.registerBuyer);
      const values = Object.fromEntries((form?.fields ?? []).map((f) => [f.name, f.value]));
      expect(values).toMatchObject({ timeZone: "America/Chicago", country: "US", locale: "en" });
      expect(buyer.last.session).toBeUndefined();
    });

    it("FR-02: a wrong time zone comes back on its field, in the browser's language, nothing typed lost", async () => {
      await buyer.submit(USE_CASE.registerBuyer, {
        company: "Ohio Tools LLC",
        contactName: "Pat Miller",
        email: "pat@ohiotools.example",
        timeZone: "Mars/Base",
      });
      const fields = Object.fromEntries((buyer.form()?.fields ?? []).map((f) => [f.name, f]));
      expect(fields["timeZone"]?.error).toBe("Unknown time zone: use a name such as Europe/Berlin.");
      expect(fields["company"]?.value).toBe("Ohio Tools LLC");
      expect(buyer.last.session).toBeUndefined();
    });

    it("FR-02 / CM-05: the registration links the guest identity to the new buyer and the answer carries the buyer's session", async () => {
      await buyer.submit(USE_CASE.registerBuyer, {
        company: "Ohio Tools LLC",
        contactName: "Pat Miller",
        email: "pat@ohiotools.example",
        country: "US",
        timeZone: "America/Chicago",
        locale: "en",
      });
      expect(buyer.text()).toContain("Welcome, Ohio Tools LLC");
      const session = buyer.last.session;
      expect(session?.party).toMatchObject({ displayName: "Ohio Tools LLC", role: "buyer", locale: "en", timeZone: "America/Chicago" });
      buyerId = session?.party.partyId ?? "";
      buyer.token = session?.token;
      const identities = await world.server.app.db.prisma.channelIdentity.findMany({ where: { partyId: buyerId } });
      expect(identities.map((i) => [i.channel, i.externalUserId.startsWith("guest:")])).toEqual([["webchat", true]]);
      guestIdentity = identities[0]?.externalUserId ?? "";
      const me = (await (await buyer.get("/auth/me")).json()) as { party: { partyId: string } };
      expect(me.party.partyId).toBe(buyerId);
    });

    it("FR-02: the old guest token stays a guest's: refused elsewhere, and a retried turn with it only hands the buyer's session again", async () => {
      const headers = { authorization: `Bearer ${guestToken}` };
      expect((await fetch(`${world.url}/auth/me`, { headers })).status).toBe(403);
      const retry = await fetch(`${world.url}/chat/inbound`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ payload: { kind: "action", actionId: USE_CASE.myItems, payload: {} } }),
      });
      const answer = (await retry.json()) as TurnAnswer;
      expect(answer.entries).toEqual([]);
      expect(answer.session?.party.partyId).toBe(buyerId);
      expect(await world.server.app.db.prisma.party.count({ where: { role: "buyer" } })).toBe(1);
    });

    let orderId = "";
    let claimId = "";
    let buyersUpload = "";
    it("CM-06 / PO-01: the new buyer orders from the enrolled supplier named by company name", async () => {
      await buyer.click(USE_CASE.whatNow, "What can I do now?");
      expect(buyer.actions()).toContain(USE_CASE.requestOrder);
      await buyer.click(USE_CASE.requestOrder, "Request an order");
      expect(buyer.form()?.formId).toBe(USE_CASE.requestOrder);
      await buyer.submit(USE_CASE.requestOrder, {
        ...REQUESTED_TERMS,
        ...WITH_REQUIREMENT,
        supplierId: "Berliner Schrauben",
        shippingDate: shippingDateAhead(),
      });
      const subject = buyer.messages().find((m) => m.subject?.type === "order")?.subject;
      expect(subject?.id).toBeTruthy();
      orderId = subject?.id ?? "";
      expect(buyer.text()).toContain(orderId);
    });

    let supplier: Tab;
    it("TA-01 / CM-05 / PO-01: the supplier signs in with the admin-printed link, drafts the terms; both confirm", async () => {
      supplier = new Tab(world.url, "supplier", transcript, { timeZone: "Europe/Berlin" });
      const res = await supplier.post("/auth/link", { code: world.supplierCode });
      expect(res.status).toBe(200);
      const signed = (await res.json()) as { token: string; party: { partyId: string; locale: string } };
      expect(signed.party).toMatchObject({ partyId: world.supplierId, locale: "de" });
      supplier.token = signed.token;
      transcript.push("supplier: (opens the admin-printed one-time link: POST /auth/link)");

      await supplier.click(USE_CASE.whatNow, "Was kann ich jetzt tun?");
      expect(supplier.actions()).toContain(USE_CASE.draftTerms);
      await supplier.click(USE_CASE.draftTerms, "Konditionen entwerfen", { orderId });
      await supplier.submit(USE_CASE.draftTerms, {});
      expect(supplier.messages()[0]?.tone).toBe("success");

      await buyer.click(USE_CASE.viewOrder, "View the order", { orderId });
      const confirm = buyer.action(USE_CASE.confirmAsBuyer);
      expect(confirm?.payload).toMatchObject({ orderId, reviewed: true });
      await buyer.click(USE_CASE.confirmAsBuyer, confirm?.label ?? "Confirm", { ...confirm?.payload });
      expect(buyer.messages()[0]?.tone).toBe("success");

      await supplier.click(USE_CASE.confirmAsSupplier, "Bestellung bestätigen", { orderId, version: Number(confirm?.payload["version"]) });
      expect(supplier.text()).toContain(orderId);
      expect(supplier.messages()[0]?.tone).toBe("success");
    });

    it("PO-07 / CL-01: the buyer records the deposit and files a quality claim with a file", async () => {
      await buyer.click(USE_CASE.recordDeposit, "Record the deposit", { orderId });
      await buyer.submit(USE_CASE.recordDeposit, { reference: `TT-${orderId}`, fee: "35.00" });
      expect(buyer.text()).toContain("Deposit of $375.00 recorded");

      const upload = await fetch(`${world.url}/chat/upload`, {
        method: "POST",
        headers: { authorization: `Bearer ${buyer.token}`, "content-type": "application/pdf", "x-file-name": "inspection.pdf" },
        body: PDF,
      });
      expect(upload.status).toBe(201);
      const { file } = (await upload.json()) as { file: { sha256: string } };
      buyersUpload = file.sha256;
      transcript.push("buyer: (uploads inspection.pdf: POST /chat/upload)");
      await buyer.click(USE_CASE.fileClaim, "Open a claim", { orderId });
      await buyer.submit(
        USE_CASE.fileClaim,
        { reason: "quality-differs-from-requirements", description: "The pre-shipment sample bolts measure 38 mm, not 40 mm." },
        [file],
      );
      expect(buyer.text()).toMatch(/^Claim CL-\S+ has been opened for order/);
      expect(buyer.messages().map(rendered).join(" ")).toContain("Evidence: 1 evidence file");
      claimId = /^Claim (CL-\S+) /.exec(buyer.text())?.[1] ?? "";

      // CL-07: the supplier is now asked to respond to it.
      await supplier.click(USE_CASE.whatNow, "Was kann ich jetzt tun?");
      expect(supplier.actions()).toContain(USE_CASE.respondToClaim);
    });

    it("CM-05: a sign-in link staff issue later lands on the buyer's one web identity, with its conversation history", async () => {
      const staff = new Tab(world.url, "staff", transcript);
      const signed = (await (await staff.post("/auth/link", { code: world.staffCode })).json()) as { token: string };
      staff.token = signed.token;
      const parties = (await (await staff.get("/staff/api/parties")).json()) as { parties: { partyId: string; displayName: string; role: string }[] };
      expect(parties.parties).toContainEqual(expect.objectContaining({ partyId: buyerId, displayName: "Ohio Tools LLC", role: "buyer" }));
      const issued = (await (await staff.post("/staff/api/sign-in-links", { partyId: buyerId })).json()) as { code: string };
      transcript.push("staff: (signs in with the admin-printed link, issues a sign-in link for Ohio Tools LLC: POST /staff/api/sign-in-links)");

      const again = new Tab(world.url, "buyer (another browser)", transcript);
      const res = await again.post("/auth/link", { code: issued.code });
      expect(res.status).toBe(200);
      again.token = ((await res.json()) as { token: string }).token;
      transcript.push("buyer (another browser): (opens the staff-issued link: POST /auth/link)");
      const identities = await world.server.app.db.prisma.channelIdentity.findMany({ where: { partyId: buyerId } });
      expect(identities.map((i) => i.externalUserId)).toEqual([guestIdentity]);
      const history = await liveEntries(world.url, again.token ?? "", (entries) => entries.some((e) => e.message?.text?.startsWith("Claim CL-")));
      const texts = history.map((e) => e.text ?? e.message?.text ?? "");
      expect(texts.some((t) => t.startsWith("Welcome, Ohio Tools LLC"))).toBe(true);
      expect(texts.some((t) => t.startsWith("Claim CL-"))).toBe(true);
      transcript.push(`  (its live stream replays the conversation from the registration: ${history.length} entries, from the welcome to the claim)`);
    });

    /** A fresh guest session, as the page's "Register as a buyer" takes one. */
    async function guestSession(): Promise<{ token: string; externalUserId: string }> {
      const res = await fetch(`${world.url}/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      const signer = new SessionSigner(SESSION_SECRET);
      return { token, externalUserId: signer.verify(token)?.externalUserId ?? "" };
    }

    it("FR-02: a guest session is refused by every route but the registration turn — no orders, no staff API, no evidence, no live stream", async () => {
      const guest = await guestSession();
      const bearer = { authorization: `Bearer ${guest.token}` };
      const q = `token=${encodeURIComponent(guest.token)}`;
      const probes: [string, string, RequestInit?][] = [
        ["GET /auth/me", "/auth/me", { headers: bearer }],
        ["GET /chat/thread", "/chat/thread", { headers: bearer }],
        ["GET /chat/events", "/chat/events", { headers: bearer }],
        ["GET /chat/events?token=", `/chat/events?${q}`],
        ["POST /chat/upload", "/chat/upload", { method: "POST", headers: { ...bearer, "content-type": "application/pdf", "x-file-name": "a.pdf" }, body: PDF }],
        ["GET /evidence/:sha256", `/evidence/${buyersUpload}`, { headers: bearer }],
        ["GET /evidence/:sha256?token=", `/evidence/${buyersUpload}?${q}`],
        ["GET /staff/api/queue", "/staff/api/queue", { headers: bearer }],
        ["GET /staff/api/parties", "/staff/api/parties", { headers: bearer }],
        ["GET /staff/api/cases/:claimId", `/staff/api/cases/${claimId}`, { headers: bearer }],
        [
          "POST /staff/api/sign-in-links",
          "/staff/api/sign-in-links",
          { method: "POST", headers: { ...bearer, "content-type": "application/json" }, body: JSON.stringify({ partyId: buyerId }) },
        ],
        ["GET /staff/api/escalation-policy", "/staff/api/escalation-policy", { headers: bearer }],
        [
          "PUT /staff/api/escalation-policy",
          "/staff/api/escalation-policy",
          { method: "PUT", headers: { ...bearer, "content-type": "application/json" }, body: "{}" },
        ],
      ];
      const cells: Record<string, string> = {};
      for (const [name, path, init] of probes) {
        const res = await fetch(`${world.url}${path}`, init);
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        cells[name] = `${res.status} ${body.error?.code ?? ""}`;
      }
      expect(cells).toEqual(Object.fromEntries(probes.map(([name]) => [name, "403 REGISTER_FIRST"])));

      // Every button of the chat, on the buyer's order and claim, and a form of another use case: the registration form, nothing else.
      const tab = new Tab(world.url, "guest", [], { locale: "en-US", timeZone: "America/Chicago" });
      tab.token = guest.token;
      const leaks: string[] = [];
      const offered = (what: string) => {
        const forms = tab.messages().map((m) => m.form?.formId);
        const seen = JSON.stringify(tab.messages());
        if (forms.join() !== USE_CASE.registerBuyer || tab.last.session || /Ohio Tools|Berliner/.test(seen) || seen.includes(orderId))
          leaks.push(`${what}: ${seen.slice(0, 200)}`);
      };
      for (const actionId of Object.values(USE_CASE)) {
        await tab.click(actionId, actionId, { orderId, claimId, version: 2, partyId: buyerId });
        offered(`action ${actionId}`);
      }
      await tab.submit(USE_CASE.requestOrder, { ...REQUESTED_TERMS, supplierId: "Berliner Schrauben" });
      offered("form order.request");
      // A sign-in code typed in the chat links nothing: sign-in links have their own route (one web identity per party).
      const code = (await issueLinkCode(world.server.app, "system", world.supplierId)).code;
      await tab.say(code);
      offered("a typed sign-in code");
      expect(leaks).toEqual([]);
      expect(await partyOfLinkCode(world.server.app, code)).toBe(world.supplierId);

      // FR-02: nothing is kept for a guest who has not submitted the form — no identity, no messages, no inbound rows.
      const prisma = world.server.app.db.prisma;
      const where = { externalUserId: guest.externalUserId };
      expect([
        await prisma.channelIdentity.count({ where }),
        await prisma.webChatMessage.count({ where }),
        await prisma.processedInboundEvent.count({ where }),
        await prisma.conversationState.count({ where }),
      ]).toEqual([0, 0, 0, 0]);
    });

    it("FR-02: a German browser gets the form and its validation errors in German", async () => {
      const guest = await guestSession();
      const tab = new Tab(world.url, "guest (German browser)", transcript, { locale: "de-DE", timeZone: "Europe/Berlin" });
      tab.token = guest.token;
      await tab.click(USE_CASE.registerBuyer, "Als Käufer registrieren");
      expect(tab.form()?.title).toBe("Ihr Unternehmen als Käufer registrieren");
      expect(Object.fromEntries((tab.form()?.fields ?? []).map((f) => [f.name, f.value]))).toMatchObject({
        country: "DE",
        timeZone: "Europe/Berlin",
        locale: "de",
      });
      await tab.submit(USE_CASE.registerBuyer, { company: "", contactName: "Jonas Weber", country: "ZZ" });
      const errors = Object.fromEntries((tab.form()?.fields ?? []).filter((f) => f.error).map((f) => [f.name, f.error]));
      expect(errors["company"]).toBeTruthy();
      expect(Object.values(errors).join(" ")).not.toMatch(/Please|required/);
      expect(await world.server.app.db.prisma.channelIdentity.count({ where: { externalUserId: guest.externalUserId } })).toBe(0);

      // A browser that says nothing gets no guessed defaults (and the form in English).
      const silent = new Tab(world.url, "guest (silent browser)", []);
      silent.token = guest.token;
      await silent.click(USE_CASE.registerBuyer, "Register as a buyer");
      expect(silent.form()?.title).toBe("Register your company as a buyer");
      expect(silent.form()?.fields.filter((f) => f.value !== undefined)).toEqual([]);
    });

    it("FR-02: guest sessions are limited per IP (SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE): then 429 with Retry-After", async () => {
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (let i = 0; i < GUESTS_PER_IP_PER_MINUTE + 2 && !limited; i++) {
        const res = await fetch(`${world.url}/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        statuses.push(res.status);
        if (res.status === 429) limited = res;
      }
      expect(limited?.headers.get("retry-after")).toBeTruthy();
      expect(((await limited?.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
      // This test's own successes plus the earlier tests' guest sessions fill the minute's allowance exactly.
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(GUESTS_PER_IP_PER_MINUTE - 3);
    });

    it("no request failed and no turn failed on the way", () => {
      expect(world.logs.filter((l) => l.msg === "turn failed" || l.msg === "request failed" || (typeof l.status === "number" && l.status >= 500))).toEqual([]);
    });
  },
);
