/**
 * Issue 10: three replicas of `npm start` (src/main.ts, ports 0) on one PostgreSQL database — a
 * buyer connected to A, a supplier to B, staff to C — and a whole claim story through the web chat's
 * HTTP API: negotiation, deposit, a claim with evidence, the supplier's answer, deadlines, escalation,
 * the staff decision, the refund. Each account also keeps a live tab open on every replica.
 * Asserted: every message reaches every open tab of its reader live exactly once and in order
 * (whichever replica recorded it), evidence downloads through every replica with its SHA-256, each
 * deadline fires once although all three sweep, and after `kill -9` of replica B mid-story the
 * others carry on — B's tabs reopen on C after their last entry and nothing is lost.
 * PostgreSQL only: skipped, saying so, without DATABASE_URL.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir, startServerProcess, type ServerProcess } from "../e2e/support/server-process.js";
import { createScratchPostgresDatabase, DATABASE_URL, POSTGRES_SKIP_NOTE } from "./support/backends.js";

const BUYER = "buyer-ohio-tools";
const SUPPLIER = "supplier-shenzhen-fasteners";
const STAFF = "staff-ana-lima";
const REPLICAS = ["A", "B", "C"] as const;
type ReplicaName = (typeof REPLICAS)[number];

interface Action {
  readonly actionId: string;
  readonly payload: Record<string, string | number | boolean>;
}
interface Entry {
  readonly seq: number;
  readonly kind: "bot" | "own";
  readonly text?: string;
  readonly message?: {
    text?: string;
    actions?: Action[];
    form?: { formId: string; submit: Action; fields: { name: string; value?: string }[] };
    subject?: { type: string; id: string };
    person?: { shown: string; original: string };
  };
}

/** A browser tab's live stream, read with fetch: entries in arrival order; reopened after its last entry when its replica dies. */
class LiveTab {
  readonly received: Entry[] = [];
  readonly opened: ReplicaName[] = [];
  #abort = new AbortController();
  #reading: Promise<void> = Promise.resolve();

  constructor(
    readonly account: string,
    private token: string,
  ) {}

  get lastSeq(): number {
    return this.received.at(-1)?.seq ?? 0;
  }

  async open(replica: ReplicaName, url: string): Promise<void> {
    this.#abort = new AbortController();
    const res = await fetch(`${url}/chat/events?token=${encodeURIComponent(this.token)}&after=${this.lastSeq}`, { signal: this.#abort.signal });
    expect(res.status).toBe(200);
    this.opened.push(replica);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    this.#reading = (async () => {
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: entry$/m.test(block)) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) this.received.push(JSON.parse(data) as Entry);
        }
      }
    })();
  }

  /** Resolves when the stream ended (its replica died or closed it). */
  ended(): Promise<void> {
    return this.#reading;
  }

  close(): void {
    this.#abort.abort();
  }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (!DATABASE_URL) console.warn(`three-replica story: ${POSTGRES_SKIP_NOTE}`);

describe.skipIf(!DATABASE_URL)("three replicas on one PostgreSQL database", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  const servers = new Map<ReplicaName, ServerProcess>();
  const tokens = new Map<string, string>();
  /** tabs[account][replica where it was opened first] */
  const tabs = new Map<string, Map<ReplicaName, LiveTab>>();
  let sql: pg.Client;

  const url = (replica: ReplicaName) => servers.get(replica)?.url ?? "";

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
    sql = new pg.Client({ connectionString: scratch.url });
    const env = (extra: Record<string, string> = {}) => ({
      DATABASE_URL: scratch.url,
      DEMO: "1",
      NODE_ENV: "development",
      OUTBOX_POLL_MS: "100",
      DATA_DIR: freshDataDir("tab-replica-"),
      ...extra,
    });
    // A migrates and seeds the demo into the empty database; B and C start on it together.
    servers.set("A", await startServerProcess(env()));
    const [b, c] = await Promise.all([startServerProcess(env()), startServerProcess(env())]);
    servers.set("B", b);
    servers.set("C", c);
    await sql.connect();
  }, 400_000);

  afterAll(async () => {
    for (const byReplica of tabs.values()) for (const tab of byReplica.values()) tab.close();
    await Promise.all([...servers.values()].map((s) => s.stop("SIGKILL")));
    await sql?.end();
    await scratch?.drop();
  });

  async function post<T>(replica: ReplicaName, path: string, body: unknown, token?: string): Promise<T> {
    const res = await fetch(`${url(replica)}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (res.status >= 300) throw new Error(`${path} on ${replica}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  let eventCounter = 0;
  async function turn(replica: ReplicaName, partyId: string, payload: unknown, echo?: string): Promise<Entry[]> {
    const answer = await post<{ entries: Entry[] }>(
      replica,
      "/chat/inbound",
      { eventId: `evt-replicas-${++eventCounter}`, ...(echo ? { echo } : {}), payload },
      tokens.get(partyId),
    );
    return answer.entries;
  }

  /** The newest action with this id among what the account's first tab has received. */
  function newestAction(partyId: string, actionId: string): Action | undefined {
    const tab = [...(tabs.get(partyId)?.values() ?? [])][0];
    for (const entry of [...(tab?.received ?? [])].reverse()) {
      const found =
        entry.message?.actions?.find((a) => a.actionId === actionId) ??
        (entry.message?.form?.submit.actionId === actionId ? entry.message.form.submit : undefined);
      if (found) return found;
    }
    return undefined;
  }

  async function act(replica: ReplicaName, partyId: string, actionId: string): Promise<Entry[]> {
    const action = await until(`${partyId} to be offered ${actionId}`, () => newestAction(partyId, actionId), 30_000);
    return turn(replica, partyId, { kind: "action", actionId: action.actionId, payload: action.payload });
  }

  /** Every outbox row handed over and every delivery sent. */
  const drained = () =>
    until("the outbox to drain", async () => {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM deliveries WHERE status <> 'sent'`);
      const { rows: outbox } = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM outbox WHERE delivered_at IS NULL`);
      return rows[0]?.n === "0" && outbox[0]?.n === "0" ? true : undefined;
    });

  const textsOf = (partyId: string): string => JSON.stringify([...(tabs.get(partyId)?.values() ?? [])][0]?.received ?? []);

  it("carries a whole claim story: every message reaches each open tab once, evidence from every replica, each deadline once, and a killed replica loses nothing", async () => {
    const home: Record<string, ReplicaName> = { [BUYER]: "A", [SUPPLIER]: "B", [STAFF]: "C" };
    for (const [partyId, replica] of Object.entries(home)) {
      const { token } = await post<{ token: string }>(replica, "/auth/demo", { partyId });
      tokens.set(partyId, token);
      // One live tab of the account on each replica, the home replica's first.
      const byReplica = new Map<ReplicaName, LiveTab>();
      for (const on of [replica, ...REPLICAS.filter((r) => r !== replica)]) {
        const tab = new LiveTab(partyId, token);
        await tab.open(on, url(on));
        byReplica.set(on, tab);
      }
      tabs.set(partyId, byReplica);
    }

    // Negotiation to confirmation: the buyer on A, the supplier on B.
    await turn("A", BUYER, { kind: "action", actionId: "common.whatNow", payload: {} });
    // TA-06 / PO-03 / PO-08: the buyer confirms under the review of the order (issue 16).
    await act("A", BUYER, "order.view");
    await act("A", BUYER, "order.confirmAsBuyer");
    await until("the buyer's confirmation", () => textsOf(BUYER).includes("You confirmed version"));
    await turn("B", SUPPLIER, { kind: "action", actionId: "common.whatNow", payload: {} });
    await act("B", SUPPLIER, "order.confirmAsSupplier");
    await until("the order confirmed by both", () => textsOf(SUPPLIER).includes("已由双方确认"));

    // The deposit, through its form.
    await turn("A", BUYER, { kind: "action", actionId: "common.whatNow", payload: {} });
    await act("A", BUYER, "order.recordDeposit");
    await turn("A", BUYER, { kind: "form", formId: "order.recordDeposit", values: { fee: "40.00", reference: "TT-2026-1187" }, files: [] });
    await until("the deposit", () => textsOf(BUYER).includes("Deposit of $375.00 recorded"));

    // Staff move the dev clock past the shipping date — on every replica (each has its own dev clock).
    const staffToken = tokens.get(STAFF) ?? "";
    const supplierOffset = await post<{ now: string }>("C", "/dev/clock", { businessDays: 15, calendarOf: SUPPLIER }, staffToken);
    for (const replica of ["A", "B"] as const) {
      const moved = await post<{ now: string }>(replica, "/dev/clock", { businessDays: 15, calendarOf: SUPPLIER }, staffToken);
      expect(Math.abs(Date.parse(moved.now) - Date.parse(supplierOffset.now))).toBeLessThan(120_000);
    }

    // The buyer files a late-shipment claim with a 2 MB evidence file uploaded through A.
    const evidence = Buffer.from(
      Array.from({ length: 70_000 }, (_, i) => `line ${i}: carrier recorded no pickup\n`)
        .join("")
        .slice(0, 2 * 1024 * 1024),
      "utf8",
    );
    const evidenceSha = createHash("sha256").update(evidence).digest("hex");
    const upload = await fetch(`${url("A")}/chat/upload`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.get(BUYER)}`, "content-type": "text/plain", "x-file-name": "tracking.txt" },
      body: evidence,
    });
    expect(upload.status).toBe(201);
    const { file } = (await upload.json()) as { file: { sha256: string } };
    expect(file.sha256).toBe(evidenceSha);
    await turn("A", BUYER, { kind: "action", actionId: "common.whatNow", payload: {} });
    await act("A", BUYER, "claim.file");
    await turn("A", BUYER, {
      kind: "form",
      formId: "claim.file",
      values: { reason: "not-shipped-on-time", description: "The goods were due to ship and nothing has shipped." },
      files: [file],
    });
    const claimId = await until("the claim", () => /Claim (CL-[A-Z0-9-]+) has been opened/.exec(textsOf(BUYER))?.[1]);

    // The evidence downloads through every replica, for the buyer, the supplier and staff, hash checked.
    const evidenceCheck: Record<string, string> = {};
    const download = async (replica: ReplicaName, partyId: string) => {
      const res = await fetch(`${url(replica)}/evidence/${evidenceSha}?token=${encodeURIComponent(tokens.get(partyId) ?? "")}`);
      const body = Buffer.from(await res.arrayBuffer());
      const ok = res.status === 200 && createHash("sha256").update(body).digest("hex") === evidenceSha && res.headers.get("x-sha256") === evidenceSha;
      evidenceCheck[`${replica}/${partyId}`] = ok ? `200, ${body.byteLength} bytes, SHA-256 matches` : `HTTP ${res.status}`;
      return ok;
    };
    for (const replica of REPLICAS) for (const partyId of [BUYER, SUPPLIER, STAFF]) expect(await download(replica, partyId)).toBe(true);

    // The supplier opens the claim's thread on B and answers in Chinese; the buyer reads it on A.
    // CM-06: viewing a claim does not enter its thread; "Message the buyer about CL-…" does.
    await turn("B", SUPPLIER, { kind: "action", actionId: "common.enterThread", payload: { claimId } });
    await turn("B", SUPPLIER, { kind: "text", text: "货物已于12月5日发运，跟踪号 SF1234567890" });
    await until("the supplier's answer at the buyer", () => textsOf(BUYER).includes("SF1234567890"));

    // Issue 10's case: the buyer sends 30 messages through A into the claim's thread; every supplier tab, on every replica, shows all 30.
    await turn("A", BUYER, { kind: "action", actionId: "common.enterThread", payload: { claimId } });
    const burst = Array.from({ length: 30 }, (_, i) => `Buyer note ${i + 1} of 30 about ${claimId}`);
    for (const text of burst) await turn("A", BUYER, { kind: "text", text });
    for (const tab of tabs.get(SUPPLIER)?.values() ?? []) {
      await until(
        `the 30 notes on the supplier's tab first opened on ${tab.opened[0]}`,
        () => burst.every((text) => JSON.stringify(tab.received).includes(text)) || undefined,
      );
    }
    const burstReceived = [...(tabs.get(SUPPLIER) ?? [])].map(
      ([replica, tab]) => `${replica}: ${burst.filter((text) => tab.received.some((e) => JSON.stringify(e).includes(text))).length}`,
    );

    // kill -9 replica B mid-story (once what was due is delivered — a delivery B had leased would wait out its lease):
    // its tabs end and reopen on C after their last entry, as a browser behind a load balancer would.
    await drained();
    const supplierMessagesBeforeKill = [...(tabs.get(SUPPLIER)?.values() ?? [])][0]?.received.length ?? 0;
    servers.get("B")?.child.kill("SIGKILL");
    await servers.get("B")?.exited();
    const reopened: LiveTab[] = [];
    for (const byReplica of tabs.values()) {
      const tab = byReplica.get("B");
      if (!tab) continue;
      await tab.ended();
      await tab.open("C", url("C"));
      reopened.push(tab);
    }
    expect(reopened).toHaveLength(3);

    // The supplier carries on through C (the load balancer's next choice); time passes the response window.
    await turn("C", SUPPLIER, { kind: "text", text: "补充：承运人已确认取件。" });
    const offersEscalation = (entries: readonly Entry[]) => entries.some((e) => e.message?.actions?.some((a) => a.actionId === "claim.escalate"));
    for (let i = 0, offered = false; i < 8 && !offered; i++) {
      const moved = await post<{ now: string }>("C", "/dev/clock", { toNextDeadline: true }, staffToken);
      // A's dev clock follows (to the hour, so it may be ahead): both replicas sweep what fell due.
      const onA = (await (await fetch(`${url("A")}/dev/clock`, { headers: { authorization: `Bearer ${staffToken}` } })).json()) as { now: string };
      const behindMs = Date.parse(moved.now) - Date.parse(onA.now);
      if (behindMs > 0) await post("A", "/dev/clock", { hours: Math.ceil(behindMs / 3_600_000) }, staffToken);
      offered = offersEscalation(await turn("A", BUYER, { kind: "action", actionId: "common.whatNow", payload: {} }));
    }
    await act("A", BUYER, "claim.escalate");
    await until("the escalation", () => textsOf(BUYER).includes("was escalated"));

    // Staff decide on C, through the engine's form.
    const caseFile = (await (await fetch(`${url("C")}/staff/api/cases/${claimId}`, { headers: { authorization: `Bearer ${staffToken}` } })).json()) as {
      actions: Action[];
    };
    const decide = caseFile.actions.find((a) => a.actionId === "staff.decide");
    expect(decide).toBeDefined();
    await turn("C", STAFF, { kind: "action", actionId: "staff.decide", payload: decide?.payload ?? {} });
    await turn("C", STAFF, {
      kind: "form",
      formId: "staff.decide",
      values: { outcome: "supplier-at-fault", reasons: "No shipment was recorded by the agreed date." },
      files: [],
    });
    await until("the decision at staff", () => textsOf(STAFF).includes("supplier is at fault") || undefined);
    await until("the buyer's refund", () => /refund/i.test(textsOf(BUYER)) || undefined);
    for (const replica of ["A", "C"] as const) for (const partyId of [BUYER, SUPPLIER, STAFF]) expect(await download(replica, partyId)).toBe(true);

    // Let the last deliveries settle: every outbox row handed over, every delivery sent.
    await drained();
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Every tab of every account got exactly the account's messages, in order, once.
    const report: string[] = [];
    let duplicates = 0;
    for (const [partyId, byReplica] of tabs) {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT id::text FROM webchat_messages WHERE external_user_id = (SELECT external_user_id FROM channel_identities WHERE party_id = $1 AND channel = 'webchat' LIMIT 1) ORDER BY webchat_messages.id`,
        [partyId],
      );
      const recorded = rows.map((r) => Number(r.id));
      for (const [first, tab] of byReplica) {
        const seqs = tab.received.map((e) => e.seq);
        duplicates += seqs.length - new Set(seqs).size;
        report.push(
          `${partyId} tab on ${first}${tab.opened.length > 1 ? `→${tab.opened.slice(1).join("→")}` : ""}: ${seqs.length} received live of ${recorded.length} recorded`,
        );
        expect(seqs).toEqual(recorded);
      }
    }
    expect(duplicates).toBe(0);
    expect(supplierMessagesBeforeKill).toBeGreaterThan(0);

    // Each deadline fired once, although all three replicas swept.
    const { rows: fired } = await sql.query<{ deadline_id: string; attempts: number }>(
      `SELECT deadline_id, attempts FROM deadlines WHERE status = 'fired' ORDER BY fired_at`,
    );
    expect(fired.length).toBeGreaterThan(0);
    for (const row of fired) expect(row.attempts).toBe(1);
    const { rows: sentCount } = await sql.query<{ kind: string; n: string }>(
      `SELECT kind, count(*)::text AS n FROM webchat_messages GROUP BY kind ORDER BY kind`,
    );

    console.log(
      [
        "three-replica story (A buyer, B supplier — killed with SIGKILL mid-story — C staff):",
        `  messages recorded: ${sentCount.map((r) => `${r.n} ${r.kind}`).join(", ")}`,
        `  the buyer's 30 notes through A, on the supplier's tabs first opened on ${burstReceived.join(", ")}`,
        ...report.map((line) => `  ${line}`),
        `  duplicates: ${duplicates}`,
        `  deadlines fired: ${fired.length}, each once (attempts ${fired.map((r) => r.attempts).join(",")})`,
        "  evidence (2 MiB text/plain):",
        ...Object.entries(evidenceCheck).map(([where, result]) => `    ${where}: ${result}`),
      ].join("\n"),
    );
  }, 600_000);
});
