/**
 * bench/statements — the SQL statements one turn sends to PostgreSQL, path by path (issue 15: "fewer
 * round trips per turn"). Starts the product in this process on a scratch database (demo data),
 * counts every query the `pg` driver is handed while one turn runs, and prints them.
 *
 *   npx tsx bench/statements.ts [--verbose]     (env: DATABASE_URL — a PostgreSQL server)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { pino } from "pino";
import { parseConfig } from "../src/config.js";
import { startServer } from "../src/main.js";

const VERBOSE = process.argv.includes("--verbose");
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

let recording: string[] | undefined;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string; name?: string } | undefined;
  const text = typeof first === "string" ? first : (first?.text ?? first?.name ?? "?");
  recording?.push(text.replace(/\s+/g, " ").trim());
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const name = `tab_bench_statements_${Date.now()}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const server = await startServer(
  parseConfig({
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "tab-statements-")),
    DATABASE_URL: url.toString(),
    DEMO: "1",
    OUTBOX_POLL_MS: "60000",
    SCHEDULER_CRON: "0 0 1 1 *",
    TRANSLATOR: "none",
  }),
  pino({ level: "silent" }),
);

async function post(pathName: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}${pathName}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function traced(label: string, work: () => Promise<unknown>): Promise<void> {
  // Twice: the first run warms caches (prepared plans, the conversation row); the second is counted.
  await work();
  recording = [];
  await work();
  const statements = recording;
  recording = undefined;
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s, (counts.get(s) ?? 0) + 1);
  process.stdout.write(`\n## ${label}: ${statements.length} statements\n`);
  if (VERBOSE) for (const s of statements) process.stdout.write(`  ${s.slice(0, 160)}\n`);
  else for (const [s, n] of counts) process.stdout.write(`  ${String(n).padStart(3)} × ${s.slice(0, 200)}\n`);
}

try {
  const token = async (partyId: string) => ((await post("/auth/demo", { partyId })).json as { token: string }).token;
  const buyer = await token("buyer-ohio-tools");
  const supplier = await token("supplier-shenzhen-fasteners");
  await post("/chat/inbound", { payload: { kind: "action", actionId: "common.enterThread", payload: { orderId: "PO-DEMO-1" } } }, supplier);
  await traced("web chat read turn (what can I do now)", () =>
    post("/chat/inbound", { payload: { kind: "action", actionId: "common.whatNow", payload: {} } }, buyer),
  );
  await traced("web chat message turn (in the order thread)", () =>
    post("/chat/inbound", { payload: { kind: "text", text: "Could you confirm the shipping date, please?" } }, supplier),
  );
} finally {
  await server.stop("done");
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
process.exit(0);
