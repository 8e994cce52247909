/**
 * npm run bench — issue 15: in one run, the floors (a bare Bolt echo bot and a bare botbuilder echo
 * bot) and the product (src/main.ts on PostgreSQL, when reachable, and on the embedded database),
 * each driven over 127.0.0.1 with autocannon; one table per run with requests/s, p50/p99, the
 * server's CPU per request (its process tree, from /proc), RSS after load, errors and the ratio to
 * the floor of the same run. Then the deadline sweep against the bare SQL loop (bench/sweep.ts).
 * Stops by itself: ~6-9 minutes, `--quick` ~2-3 minutes.
 *
 *   npm run bench [-- --quick] [-- --only=floors,pg,pglite,sweep] [-- --json=FILE] [-- --cpu-prof]
 *   --cpu-prof: the product runs under `node --cpu-prof` (profiles in bench/profiles/<database>/),
 *   and a summary of its top self-time functions is printed after the table.
 *   env: DATABASE_URL (a PostgreSQL server; else postgresql://postgres@127.0.0.1:5432/postgres is
 *        tried), BENCH_PRODUCT_ENV (extra KEY=VALUE,… for the product, e.g. the channels' variables),
 *        PGLITE_TRACE=FILE (the embedded database's mutex waits/holds per statement kind, event-loop
 *        delay, request timings: bench/lib/pglite-trace.ts), BENCH_LATENCY_LOG=FILE (every answer's
 *        time, latency, status and connection, to see which connections wait)
 */
import { createHmac } from "node:crypto";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { REPO_ROOT, startChild, type ServerChild } from "./lib/child.js";
import { formatSummary } from "./lib/profile-summary.js";
import { processesCpuMs, treeUsage } from "./lib/proc.js";
import { startStandIns, type StandIns } from "./lib/standins.js";
import { sweepBench } from "./sweep.js";

const args = process.argv.slice(2);
const QUICK = args.includes("--quick");
const ONLY = new Set((args.find((a) => a.startsWith("--only="))?.slice("--only=".length) ?? "floors,pg,pglite,sweep").split(","));
const JSON_OUT = args.find((a) => a.startsWith("--json="))?.slice("--json=".length);
const CPU_PROF = args.includes("--cpu-prof");
/** Only these product paths (read, message, slack, teams); default all. */
const PATHS = new Set((args.find((a) => a.startsWith("--paths="))?.slice("--paths=".length) ?? "slack,teams,read,message").split(","));
const profileSummaries: string[] = [];
const DURATION_S = QUICK ? 5 : 12;
const WARMUP_S = QUICK ? 1 : 3;
/**
 * The message turns warm up longer: on the embedded database a cold process spends 2-3× the CPU per
 * turn of a warm one (V8 tiers up the JS and PGlite's wasm while it runs; 37 ms/turn measured alone
 * after the 1 s warm-up vs 15.6 ms after the other paths), so a 1 s warm-up measured the JIT.
 */
const MESSAGE_WARMUP_S = QUICK ? 4 : 6;
const READ_CONNECTIONS = 10;
const MESSAGE_CONNECTIONS = 50;
const SLACK_CONNECTIONS = 10;
const SWEEP_DUE = QUICK ? 2_000 : 10_000;
/** Hex, as Slack issues signing secrets (the product validates the shape). */
const SIGNING_SECRET = "0123456789abcdef0123456789abcdef";
/** The demo order (src/adapters/demo/demo-data.ts DEMO_ORDER_ID) the message turns write to. */
const DEMO_ORDER_ID = "PO-DEMO-1";
const RUN_DEADLINE_MS = (QUICK ? 6 : 14) * 60_000;

interface Row {
  readonly target: string;
  readonly path: string;
  readonly connections?: number;
  readonly rps?: number;
  readonly p50?: number;
  readonly p99?: number;
  readonly cpuMsPerRequest?: number;
  /** CPU of the PostgreSQL backends serving the product, per request. */
  readonly dbCpuMsPerRequest?: number;
  readonly rssMb?: number;
  readonly errors?: number;
  readonly requests?: number;
  /** Ratio of requests/s to the floor of the same run. */
  readonly floor?: string;
  readonly ratio?: number;
  readonly note?: string;
}

const rows: Row[] = [];
const started = Date.now();

function log(line: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Load and measurement

interface Load {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  readonly requests: autocannon.Request[];
  readonly headers?: Record<string, string>;
  /** Warm-up before measuring (default WARMUP_S). */
  readonly warmupS?: number;
}

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
  readonly cpuMs: number;
  readonly dbCpuMs: number;
  readonly rssMb: number;
  readonly durationMs: number;
}

function cannon(load: Load): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: load.durationS,
        requests: load.requests,
        headers: load.headers ?? {},
        timeout: 30,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("error", () => undefined);
    if (process.env.BENCH_LATENCY_LOG) {
      const file = process.env.BENCH_LATENCY_LOG;
      const lines: string[] = [];
      const ids = new WeakMap<object, number>();
      instance.on("response", (client: object, status: number, _bytes: number, ms: number) => {
        if (!ids.has(client)) ids.set(client, lines.length);
        lines.push(`${Date.now()} ${ms.toFixed(0)} ${status} c${ids.get(client)}`);
      });
      instance.on("done", () => appendFileSync(file, `--- run ${load.durationS}s\n${lines.join("\n")}\n`));
    }
  });
}

/** Waits until the tree's CPU use falls to idle (work queued behind the responses: outbox, replies). */
async function settle(pid: number, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  let last = treeUsage(pid).cpuMs;
  while (Date.now() < until) {
    await sleep(250);
    const now = treeUsage(pid).cpuMs;
    if (now - last <= 10) return;
    last = now;
  }
}

async function measure(server: ServerChild, load: Load, db?: DbProbe, settleMs = 3_000): Promise<Measured> {
  await cannon({ ...load, durationS: load.warmupS ?? WARMUP_S });
  await settle(server.pid, settleMs);
  const dbPids = db ? await db.backendPids() : [];
  const before = treeUsage(server.pid);
  const dbBefore = processesCpuMs(dbPids);
  const t0 = performance.now();
  const result = await cannon(load);
  const durationMs = performance.now() - t0;
  await settle(server.pid, settleMs);
  const after = treeUsage(server.pid);
  const dbAfter = processesCpuMs(dbPids);
  // Only answered turns count (2xx): an error answer is not a turn.
  const requests = result["2xx"];
  return {
    rps: requests / (durationMs / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMs: after.cpuMs - before.cpuMs,
    dbCpuMs: dbAfter - dbBefore,
    rssMb: after.rssBytes / 1024 / 1024,
    durationMs,
  };
}

function rowOf(target: string, pathName: string, connections: number, m: Measured, extra: Partial<Row> = {}): Row {
  const n = Math.max(1, m.requests);
  return {
    target,
    path: pathName,
    connections,
    rps: m.rps,
    p50: m.p50,
    p99: m.p99,
    cpuMsPerRequest: m.cpuMs / n,
    ...(m.dbCpuMs > 0 ? { dbCpuMsPerRequest: m.dbCpuMs / n } : {}),
    rssMb: m.rssMb,
    errors: m.errors,
    requests: m.requests,
    ...extra,
    // autocannon counts only answers received inside the window: a row of zeros means every turn took longer.
    ...(m.requests === 0
      ? { note: `no answer within the ${DURATION_S} s window (every turn took longer; machine overloaded?)${extra.note ? `; ${extra.note}` : ""}` }
      : {}),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until no chat.postMessage has arrived at the stand-in for a second (or `maxMs` passed). */
async function postsQuiet(standIns: StandIns, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  let last = standIns.slackPosts();
  let quietSince = Date.now();
  while (Date.now() < until && Date.now() - quietSince < 1_000) {
    await sleep(100);
    const now = standIns.slackPosts();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}

// ---------------------------------------------------------------------------------------------
// Wire formats

let slackSequence = 0;

/** A Slack Events API `event_callback` with a DM message, signed as Slack signs (v0, HMAC-SHA256). */
function signedSlackEvent(user: string, text: string): { body: string; headers: Record<string, string> } {
  const n = ++slackSequence;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, "0")}`;
  const body = JSON.stringify({
    token: "bench-verification-token",
    team_id: "T0BENCH",
    api_app_id: "A0BENCH",
    type: "event_callback",
    event_id: `Ev0BENCH${process.pid}x${n}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: "T0BENCH",
        user_id: "U0BENCHBOT",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    event: {
      type: "message",
      channel_type: "im",
      channel: `D0${user}`,
      user,
      text,
      ts,
      event_ts: ts,
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
  };
}

function slackRequests(users: readonly string[], text: string): autocannon.Request[] {
  let i = 0;
  return [
    {
      method: "POST",
      path: "/slack/events",
      setupRequest: (req) => {
        const { body, headers } = signedSlackEvent(users[i++ % users.length] ?? "U0BENCH1", text);
        return { ...req, body, headers: { ...req.headers, ...headers } };
      },
    },
  ];
}

let activitySequence = 0;

/** A Bot Framework message activity as a channel posts it to the bot (auth off: no Authorization header). */
function botActivity(connectorUrl: string, user: string, text: string): string {
  const n = ++activitySequence;
  return JSON.stringify({
    type: "message",
    id: `bench-${process.pid}-${n}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connectorUrl,
    channelId: "msteams",
    from: {
      id: `29:${user}`,
      name: user,
      aadObjectId: `00000000-0000-0000-0000-${user.padStart(12, "0").slice(-12)}`,
    },
    conversation: {
      id: `a:bench-${user}`,
      conversationType: "personal",
      tenantId: "bench-tenant",
    },
    recipient: { id: "28:bench-bot", name: "bench bot" },
    text,
    locale: "en-US",
    channelData: { tenant: { id: "bench-tenant" } },
  });
}

function activityRequests(connectorUrl: string, users: readonly string[], text: string): autocannon.Request[] {
  let i = 0;
  return [
    {
      method: "POST",
      path: "/api/messages",
      setupRequest: (req) => ({
        ...req,
        body: botActivity(connectorUrl, users[i++ % users.length] ?? "u1", text),
        headers: { ...req.headers, "content-type": "application/json" },
      }),
    },
  ];
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<{ status: number; json: T }> {
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: (text ? JSON.parse(text) : undefined) as T,
  };
}

// ---------------------------------------------------------------------------------------------
// Floors

interface Floors {
  slackAck?: Row;
  slackTurn?: Row;
  teams?: Row;
}

/** A Slack full turn: acked events until the replies (k per event) arrived at the stand-in. */
async function slackFullTurn(
  server: ServerChild,
  standIns: StandIns,
  users: readonly string[],
  text: string,
  target: string,
): Promise<{ ack: Row; turn: Row }> {
  const load: Load = {
    url: server.url,
    connections: SLACK_CONNECTIONS,
    durationS: DURATION_S,
    requests: slackRequests(users, text),
  };
  await cannon({ ...load, durationS: WARMUP_S });
  await settle(server.pid, 5_000);
  // Calibrate: how many chat.postMessage calls one event causes — after the warm-up, once every
  // earlier reply (the link turns', the warm-up's) has arrived. A late one counted as the probe's made
  // "2/event" on PostgreSQL, and the full turn then waited 60 s for replies that never come (issue 15).
  await postsQuiet(standIns, 30_000);
  const posts0 = standIns.slackPosts();
  const probe = signedSlackEvent(users[0] ?? "U0BENCH1", text);
  await fetch(`${server.url}/slack/events`, {
    method: "POST",
    headers: probe.headers,
    body: probe.body,
  });
  await waitFor(() => standIns.slackPosts() > posts0, 10_000);
  await postsQuiet(standIns, 10_000);
  const perEvent = Math.max(1, standIns.slackPosts() - posts0);
  const before = treeUsage(server.pid);
  const postsBefore = standIns.slackPosts();
  const t0 = performance.now();
  const result = await cannon(load);
  const acked = result.requests.total - result.non2xx;
  const complete = await waitFor(() => standIns.slackPosts() - postsBefore >= acked * perEvent, 60_000);
  const turnMs = performance.now() - t0;
  await settle(server.pid, 3_000);
  const after = treeUsage(server.pid);
  const m: Measured = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMs: after.cpuMs - before.cpuMs,
    dbCpuMs: 0,
    rssMb: after.rssBytes / 1024 / 1024,
    durationMs: turnMs,
  };
  const posted = standIns.slackPosts() - postsBefore;
  const turnsPerSecond = Math.min(acked, posted / perEvent) / (turnMs / 1000);
  const ack = rowOf(target, "Slack event → ack", SLACK_CONNECTIONS, m);
  const turn: Row = {
    ...rowOf(target, "full Slack turn (→ chat.postMessage)", SLACK_CONNECTIONS, { ...m, p50: NaN, p99: NaN }),
    rps: turnsPerSecond,
    note: `${posted} posts for ${acked} events (${perEvent}/event)${complete ? "" : "; replies still missing after 60 s"}`,
  };
  return { ack, turn };
}

async function runFloors(standIns: StandIns): Promise<Floors> {
  const floors: Floors = {};
  const bolt = await startChild("bolt-echo", "bench/floors/bolt-echo.ts", {
    ...process.env,
    PORT: "0",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIns.slackApiUrl,
  });
  try {
    log(`floor: Bolt echo at ${bolt.url}`);
    const users = Array.from({ length: 10 }, (_, i) => `U0BENCH${i + 1}`);
    const { ack, turn } = await slackFullTurn(bolt, standIns, users, "hello", "floor: Bolt echo");
    floors.slackAck = ack;
    floors.slackTurn = turn;
    rows.push(ack, turn);
  } finally {
    await bolt.stop();
  }
  const bb = await startChild("botbuilder-echo", "bench/floors/botbuilder-echo.ts", { ...process.env, PORT: "0" });
  try {
    log(`floor: botbuilder echo at ${bb.url}`);
    const before = standIns.connectorActivities();
    const m = await measure(bb, {
      url: bb.url,
      connections: READ_CONNECTIONS,
      durationS: DURATION_S,
      requests: activityRequests(standIns.connectorUrl, ["u1", "u2", "u3"], "hello"),
    });
    const replies = standIns.connectorActivities() - before;
    floors.teams = rowOf("floor: botbuilder echo", "Bot Framework activity → reply", READ_CONNECTIONS, m, { note: `${replies} replies at the connector` });
    rows.push(floors.teams);
  } finally {
    await bb.stop();
  }
  return floors;
}

// ---------------------------------------------------------------------------------------------
// The product

interface DbProbe {
  backendPids(): Promise<number[]>;
}

interface ProductRun {
  readonly label: string;
  readonly env: Record<string, string>;
  readonly db?: DbProbe;
}

function productEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    "DATABASE_URL",
    "PORT",
    "HOST",
    "DEMO",
    "DATA_DIR",
    "TRANSLATOR",
    "NODE_ENV",
    "SESSION_SECRET",
    "MICROSOFT_APP_ID",
    "MICROSOFT_APP_PASSWORD",
  ])
    delete env[name];
  const extra = Object.fromEntries(
    (process.env.BENCH_PRODUCT_ENV ?? "")
      .split(",")
      .filter((kv) => kv.includes("="))
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  for (const name of Object.keys(env)) if (/^(SLACK_|MICROSOFT_|TEAMS_|BOT_FRAMEWORK_)/.test(name)) delete env[name];
  return {
    ...env,
    HOST: "127.0.0.1",
    PORT: "0",
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    OUTBOX_POLL_MS: "200",
    TRANSLATOR: "none",
    // One client address and one identity drive the load: the host's limits would answer 429s instead.
    RATE_LIMIT_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_PER_IDENTITY_PER_MINUTE: "1000000",
    // The sign-ins of the set-up (demo identities, Slack/Teams link codes) come from the same address.
    SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "1000000",
    // 50 keep-alive connections: far below the default budget (1,000), raised so it never decides a row.
    HTTP_CONNECTION_BUDGET: "100000",
    ...overrides,
    ...extra,
  };
}

/** Does the product answer on this path (any status but 404)? */
async function answers(url: string, init: RequestInit): Promise<boolean> {
  try {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return res.status !== 404;
  } catch {
    return false;
  }
}

interface Session {
  readonly staffToken: string;
  readonly buyerToken: string;
  readonly supplierToken: string;
  readonly buyerPartyId: string;
}

async function signIn(url: string): Promise<Session> {
  const options = (await (await fetch(`${url}/auth/options`)).json()) as {
    demo: boolean;
    identities: { partyId: string; role: string }[];
  };
  if (!options.demo) throw new Error("the product runs without DEMO: the bench signs in with the demo identities (DEMO=1)");
  const idOf = (role: string) => {
    const found = options.identities.find((i) => i.role === role);
    if (!found) throw new Error(`no demo identity with role ${role}`);
    return found.partyId;
  };
  const tokenOf = async (partyId: string) => {
    const res = await postJson<{ token: string }>(`${url}/auth/demo`, {
      partyId,
    });
    if (res.status !== 200) throw new Error(`demo sign-in as ${partyId}: HTTP ${res.status}`);
    return res.json.token;
  };
  const buyerPartyId = idOf("buyer");
  return {
    staffToken: await tokenOf(idOf("staff")),
    buyerToken: await tokenOf(buyerPartyId),
    supplierToken: await tokenOf(idOf("supplier")),
    buyerPartyId,
  };
}

/** A one-time sign-in code for the party, issued by staff (CM-05); typed into Slack/Teams it links that account. */
async function linkCode(url: string, session: Session, partyId: string): Promise<string> {
  const res = await postJson<{ code: string }>(`${url}/staff/api/sign-in-links`, { partyId }, session.staffToken);
  if (res.status !== 201) throw new Error(`issuing a sign-in link: HTTP ${res.status}`);
  return res.json.code;
}

function chatRequests(body: unknown): autocannon.Request[] {
  return [{ method: "POST", path: "/chat/inbound", body: JSON.stringify(body) }];
}

const readTurnBody = {
  payload: { kind: "action", actionId: "common.whatNow", payload: {} },
};
const messageTurnBody = {
  payload: {
    kind: "text",
    text: "Could you confirm the shipping date, please?",
  },
};

async function runProduct(run: ProductRun, standIns: StandIns, floors: Floors): Promise<void> {
  const profileDir = path.join(REPO_ROOT, "bench", "profiles", run.label.replace(/\W+/g, "-").toLowerCase());
  if (CPU_PROF) rmSync(profileDir, { recursive: true, force: true });
  // The channels' variables (src/bots/slack/slack-config.ts, src/bots/teams/teams-config.ts): Slack on
  // one workspace against the stand-in Web API; Teams with authentication off (the Emulator mode,
  // never in production, no MICROSOFT_APP_ID) replying at the activity's serviceUrl (the stand-in).
  const channels = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_BOT_USER_ID: "U0BENCHBOT",
    SLACK_BOT_ID: "B0BENCH",
    SLACK_API_URL: standIns.slackApiUrl,
    BOT_FRAMEWORK_EMULATOR: "true",
  };
  const server = await startChild(`product (${run.label})`, "src/main.ts", productEnvironment({ ...channels, ...run.env }), [
    ...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    ...(process.env.PGLITE_TRACE ? ["--import", "./bench/lib/pglite-trace.ts"] : []),
  ]);
  const target = `product (${run.label})`;
  try {
    log(`${target} at ${server.url}`);
    const session = await signIn(server.url);
    const ratioTo = (floor: Row | undefined, row: Row): Row =>
      floor?.rps && row.rps !== undefined ? { ...row, floor: floor.target, ratio: row.rps / floor.rps } : row;

    // Slack — only once the channel answers on /slack/events.
    const challenge = signedSlackEvent("U0PROBE", "probe");
    const slackUp = await answers(`${server.url}/slack/events`, {
      method: "POST",
      headers: challenge.headers,
      body: JSON.stringify({
        type: "url_verification",
        challenge: "c",
        token: "t",
      }),
    });
    if (!PATHS.has("slack")) {
      // not asked for
    } else if (!slackUp) {
      rows.push({
        target,
        path: "Slack event → ack",
        note: "not available: channel not configured",
      });
      rows.push({
        target,
        path: "full Slack turn (→ chat.postMessage)",
        note: "not available: channel not configured",
      });
    } else {
      const users = Array.from({ length: 5 }, (_, i) => `U0BENCHP${i + 1}`);
      for (const user of users) {
        const code = await linkCode(server.url, session, session.buyerPartyId);
        const event = signedSlackEvent(user, code);
        await fetch(`${server.url}/slack/events`, {
          method: "POST",
          headers: event.headers,
          body: event.body,
        });
      }
      await sleep(1_500);
      const { ack, turn } = await slackFullTurn(server, standIns, users, "what can I do now", target);
      rows.push(ratioTo(floors.slackAck, ack), ratioTo(floors.slackTurn, turn));
    }

    // Teams — only once the channel answers on /api/messages.
    const teamsUp = await answers(`${server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: botActivity(standIns.connectorUrl, "probe", "probe"),
    });
    if (!PATHS.has("teams")) {
      // not asked for
    } else if (!teamsUp) {
      rows.push({
        target,
        path: "Bot Framework activity → reply",
        note: "not available: channel not configured",
      });
    } else {
      const users = Array.from({ length: 5 }, (_, i) => `benchp${i + 1}`);
      for (const user of users) {
        const code = await linkCode(server.url, session, session.buyerPartyId);
        await fetch(`${server.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: botActivity(standIns.connectorUrl, user, code),
        });
      }
      await sleep(1_500);
      const before = standIns.connectorActivities();
      const m = await measure(
        server,
        {
          url: server.url,
          connections: READ_CONNECTIONS,
          durationS: DURATION_S,
          requests: activityRequests(standIns.connectorUrl, users, "what can I do now"),
        },
        run.db,
      );
      const replies = standIns.connectorActivities() - before;
      rows.push(
        ratioTo(
          floors.teams,
          rowOf(target, "Bot Framework activity → reply", READ_CONNECTIONS, m, {
            note: `${replies} replies at the connector`,
          }),
        ),
      );
    }

    // Web chat read turn: "what can I do now" (the buyer, no thread).
    const auth = (token: string) => ({
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    });
    if (PATHS.has("read")) {
      const read = await measure(
        server,
        {
          url: server.url,
          connections: READ_CONNECTIONS,
          durationS: DURATION_S,
          requests: chatRequests(readTurnBody),
          headers: auth(session.buyerToken),
        },
        run.db,
      );
      rows.push(ratioTo(floors.slackAck, rowOf(target, 'web chat read turn ("what can I do now")', READ_CONNECTIONS, read)));
    }

    // Web chat message turns: the supplier enters the demo order's thread (CM-06: only the explicit
    // "enter" binds it; "what can I do now" on the order does not), so each text is a message to the
    // buyer (CM-02) — a command on the order stream, not a help answer.
    if (PATHS.has("message")) {
      const open = await postJson<{ entries: unknown[]; thread: { type: string; id: string } | null }>(
        `${server.url}/chat/inbound`,
        {
          payload: {
            kind: "action",
            actionId: "common.enterThread",
            payload: { orderId: DEMO_ORDER_ID },
          },
        },
        session.supplierToken,
      );
      if (open.status !== 200) throw new Error(`entering the order thread: HTTP ${open.status}`);
      if (open.json.thread?.id !== DEMO_ORDER_ID) throw new Error(`entering the order thread: the chat is bound to ${JSON.stringify(open.json.thread)}`);
      const message = await measure(
        server,
        {
          url: server.url,
          connections: MESSAGE_CONNECTIONS,
          durationS: DURATION_S,
          requests: chatRequests(messageTurnBody),
          headers: auth(session.supplierToken),
          warmupS: MESSAGE_WARMUP_S,
        },
        run.db,
        10_000,
      );
      rows.push(
        ratioTo(
          floors.slackAck,
          rowOf(target, "web chat message turn", MESSAGE_CONNECTIONS, message, {
            note: "50 clients, one identity, one order stream",
          }),
        ),
      );
    }
  } finally {
    await server.stop();
    if (CPU_PROF) {
      for (const file of readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"))) {
        profileSummaries.push(`### ${target} — ${file}\n\n${formatSummary(path.join(profileDir, file), 20)}`);
      }
    }
  }
}

async function postgresServer(): Promise<string | undefined> {
  const candidate = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({
    connectionString: candidate,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return candidate;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withScratchDatabase<T>(serverUrl: string, work: (url: string, probe: DbProbe) => Promise<T>): Promise<T> {
  const name = `tab_bench_product_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const probe: DbProbe = {
    async backendPids() {
      const { rows: found } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [name]);
      return found.map((r) => r.pid);
    },
  };
  try {
    return await work(url.toString(), probe);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const fmt = (v: number | undefined, digits = 0) =>
  v === undefined || Number.isNaN(v)
    ? "—"
    : v.toLocaleString("en", {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      });

function printTable(): void {
  const header = ["target", "path", "conn", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "DB CPU ms/req", "RSS MB", "errors", "ratio to floor", "note"];
  const lines = rows.map((r) => [
    r.target,
    r.path,
    fmt(r.connections),
    fmt(r.rps),
    fmt(r.p50),
    fmt(r.p99),
    fmt(r.cpuMsPerRequest, 2),
    fmt(r.dbCpuMsPerRequest, 2),
    fmt(r.rssMb),
    fmt(r.errors),
    r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}× ${r.floor?.replace(/^floor: /, "") ?? ""}`,
    r.note ?? "",
  ]);
  const out = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...lines.map((l) => `| ${l.join(" | ")} |`)];
  process.stdout.write(`\n${out.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const hardStop = setTimeout(() => {
    log(`time limit (${RUN_DEADLINE_MS / 60_000} min) reached: printing what was measured and stopping`);
    printTable();
    process.exit(3);
  }, RUN_DEADLINE_MS);
  hardStop.unref();
  log(
    `${QUICK ? "quick" : "full"} run: ${DURATION_S} s per path (+${WARMUP_S} s warm-up, message turns +${MESSAGE_WARMUP_S} s); ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}); node ${process.version}`,
  );
  const standIns = await startStandIns();
  const tempDirs: string[] = [];
  try {
    const floors = ONLY.has("floors") ? await runFloors(standIns) : {};
    const serverUrl = ONLY.has("pg") || ONLY.has("sweep") ? await postgresServer() : undefined;
    if (ONLY.has("pg")) {
      if (!serverUrl)
        rows.push({
          target: "product (PostgreSQL)",
          path: "all",
          note: "not available: no PostgreSQL reachable (set DATABASE_URL)",
        });
      else {
        const dataDir = mkdtempSync(path.join(tmpdir(), "tab-bench-pg-"));
        tempDirs.push(dataDir);
        await withScratchDatabase(serverUrl, (databaseUrl, db) =>
          runProduct(
            {
              label: "PostgreSQL",
              env: { DATABASE_URL: databaseUrl, DEMO: "1", DATA_DIR: dataDir },
              db,
            },
            standIns,
            floors,
          ),
        );
      }
    }
    if (ONLY.has("pglite")) {
      const dataDir = mkdtempSync(path.join(tmpdir(), "tab-bench-pglite-"));
      tempDirs.push(dataDir);
      await runProduct({ label: "embedded PGlite", env: { DEMO: "1", DATA_DIR: dataDir } }, standIns, floors);
    }
    if (ONLY.has("sweep")) {
      if (!serverUrl)
        rows.push({
          target: "deadline sweep",
          path: "sweep",
          note: "not available: no PostgreSQL reachable",
        });
      else {
        log(`sweep: ${SWEEP_DUE.toLocaleString("en")} due deadlines`);
        const s = await sweepBench({
          serverUrl,
          pending: SWEEP_DUE * 2,
          due: SWEEP_DUE,
          workers: 4,
          print: false,
        });
        rows.push({
          target: "bare SQL claim+mark loop",
          path: `sweep ${s.due.toLocaleString("en")} due (4 connections)`,
          rps: s.bareLoopPerSecond,
          note: "firings/s",
        });
        rows.push({
          target: "DeadlineSweeper",
          path: `sweep ${s.due.toLocaleString("en")} due (4 workers, +outbox)`,
          rps: s.sweepPerSecond,
          floor: "bare SQL loop",
          ratio: s.sweepPerSecond / s.bareLoopPerSecond,
          note: "firings/s",
        });
      }
    }
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    printTable();
    process.exitCode = 1;
    return;
  } finally {
    await standIns.close();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    clearTimeout(hardStop);
  }
  printTable();
  if (profileSummaries.length > 0) process.stdout.write(`\n## CPU profiles\n\n${profileSummaries.join("\n\n")}\n`);
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify({ at: new Date().toISOString(), quick: QUICK, rows }, null, 2)}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
process.exit(process.exitCode ?? 0);
