/**
 * Diagnostics for the embedded database (issue 15), preloaded into the product by `bench/run.ts` when
 * PGLITE_TRACE=FILE is set (`node --import`): every 2 s it appends to FILE, per statement kind, how
 * long calls waited for PGlite's transaction mutex and held it, the event-loop delay, GC pauses, the
 * HTTP requests' server-side time and in-flight count, and gaps > 500 ms before a connection's next
 * request was read. It wraps PGlite.create and two of PGlite's internals (`_runExclusiveTransaction`,
 * `query`, `transaction`), so it is for measuring, never for production.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { appendFileSync } from "node:fs";
import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { PGlite, type Transaction } from "@electric-sql/pglite";

interface Ctx {
  label: string;
  tCall: number;
  tStart?: number;
  statements?: string[];
  stmtMs?: number;
}

interface Stat {
  n: number;
  wait: number[];
  hold: number[];
  stmt: number;
  stmtMs: number;
}

const TRACE_FILE = process.env.PGLITE_TRACE;
if (TRACE_FILE) {
  const create = PGlite.create.bind(PGlite) as (...args: unknown[]) => Promise<PGlite>;
  (PGlite as unknown as { create: (...args: unknown[]) => Promise<PGlite> }).create = async (...args: unknown[]) => {
    const pglite = await create(...args);
    tracePglite(pglite, TRACE_FILE);
    return pglite;
  };
}

function tracePglite(pglite: PGlite, file: string): void {
  const als = new AsyncLocalStorage<Ctx>();
  const stats = new Map<string, Stat>();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const reqAls = new AsyncLocalStorage<{ t0: number; url: string; events: string[] }>();
  let inflight = 0;
  let maxInflight = 0;
  const serverMs: number[] = [];
  const slow: string[] = [];
  const gcs: number[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push(e.duration);
  }).observe({ entryTypes: ["gc"] });
  diagnostics.subscribe("net.server.socket", (message) => {
    (message as { socket: { __connectedAt?: number } }).socket.__connectedAt = performance.now();
  });
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const sock = request.socket as unknown as { __lastFinish?: number; __n?: number };
    const connected = (sock as { __connectedAt?: number }).__connectedAt;
    const gap = sock.__lastFinish === undefined ? (connected === undefined ? -1 : performance.now() - connected) : performance.now() - sock.__lastFinish;
    if (gap > 500) slow.push(`GAP ${gap.toFixed(0)} ms before request ${sock.__n ?? 0} on socket ${request.socket.remotePort}`);
    sock.__n = (sock.__n ?? 0) + 1;
    response.on("finish", () => (sock.__lastFinish = performance.now()));
    const req = { t0: performance.now(), url: request.url ?? "", events: [`in ${inflight}`] };
    inflight++;
    reqAls.enterWith(req);
    response.on("finish", () => {
      inflight--;
      const total = performance.now() - req.t0;
      serverMs.push(total);
      maxInflight = Math.max(maxInflight, inflight + 1);
      if (total > 1000 || Math.random() < 0.01) slow.push(`${total.toFixed(0)} ms ${req.url}: ${req.events.join(" | ")}`);
    });
  });
  const note = (ctx: Ctx, tEnd: number) => {
    const req = reqAls.getStore();
    if (!req) return;
    req.events.push(
      `${ctx.label.slice(0, 28)} @${(ctx.tCall - req.t0).toFixed(0)} w${((ctx.tStart ?? tEnd) - ctx.tCall).toFixed(0)} h${(tEnd - (ctx.tStart ?? tEnd)).toFixed(0)}`,
    );
  };
  const record = (ctx: Ctx, tEnd: number) => {
    note(ctx, tEnd);
    const held = tEnd - (ctx.tStart ?? tEnd);
    if (held > 100) slow.push(`LONG HOLD ${held.toFixed(0)} ms ${ctx.label} stmts ${ctx.statements?.join(",") ?? ""} stmtMs ${ctx.stmtMs?.toFixed(0) ?? ""}`);
    const label = ctx.label;
    const s = stats.get(label) ?? { n: 0, wait: [], hold: [], stmt: 0, stmtMs: 0 };
    s.n++;
    s.wait.push((ctx.tStart ?? tEnd) - ctx.tCall);
    s.hold.push(tEnd - (ctx.tStart ?? tEnd));
    s.stmt += ctx.statements?.length ?? 1;
    s.stmtMs += ctx.stmtMs ?? 0;
    stats.set(label, s);
  };
  const p = pglite as unknown as Record<string, (...args: unknown[]) => unknown>;
  const origTx = p._runExclusiveTransaction!.bind(pglite);
  p._runExclusiveTransaction = (fn: unknown) => {
    const ctx = als.getStore();
    return origTx(async () => {
      if (ctx) ctx.tStart = performance.now();
      try {
        return await (fn as () => Promise<unknown>)();
      } finally {
        if (ctx) record(ctx, performance.now());
      }
    });
  };
  const origQuery = pglite.query.bind(pglite);
  p.query = (sql: unknown, ...rest: unknown[]) =>
    als.run({ label: `q ${labelOf(String(sql))}`, tCall: performance.now() }, () => (origQuery as (...a: unknown[]) => unknown)(sql, ...rest));
  const origTransaction = pglite.transaction.bind(pglite);
  p.transaction = (cb: unknown) => {
    const ctx: Ctx = { label: "tx", tCall: performance.now(), statements: [], stmtMs: 0 };
    return als.run(ctx, () =>
      origTransaction(async (tx: Transaction) => {
        const origTxQuery = tx.query.bind(tx);
        const wrapped = Object.create(tx) as Transaction;
        (wrapped as unknown as Record<string, unknown>).query = async (sql: string, ...rest: unknown[]) => {
          const t0 = performance.now();
          try {
            return await (origTxQuery as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
          } finally {
            ctx.stmtMs = (ctx.stmtMs ?? 0) + performance.now() - t0;
            ctx.statements?.push(labelOf(sql));
            if (ctx.statements?.length === 1 || (ctx.statements?.length === 2 && ctx.label === "tx SAVEPOINT")) ctx.label = `tx ${labelOf(sql)}`;
          }
        };
        return (cb as (t: Transaction) => Promise<unknown>)(wrapped);
      }),
    );
  };
  const pct = (xs: number[], q: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  };
  let t0 = performance.now();
  setInterval(() => {
    const t = performance.now();
    const lines = [
      `--- ${new Date().toISOString()} window ${(t - t0).toFixed(0)} ms; loop delay p50 ${(loop.percentile(50) / 1e6).toFixed(1)} p99 ${(loop.percentile(99) / 1e6).toFixed(1)} max ${(loop.max / 1e6).toFixed(1)} ms`,
    ];
    let holdTotal = 0;
    for (const [label, s] of [...stats.entries()].sort((a, b) => b[1].hold.reduce((x, y) => x + y, 0) - a[1].hold.reduce((x, y) => x + y, 0))) {
      const hold = s.hold.reduce((x, y) => x + y, 0);
      holdTotal += hold;
      lines.push(
        `${label.padEnd(60)} n ${String(s.n).padStart(5)} hold ${hold.toFixed(0).padStart(6)} ms (avg ${(hold / s.n).toFixed(1)}, p99 ${pct(s.hold, 0.99).toFixed(1)}) wait p50 ${pct(s.wait, 0.5).toFixed(0)} p99 ${pct(s.wait, 0.99).toFixed(0)} stmts ${(s.stmt / s.n).toFixed(1)} stmtMs ${(s.stmtMs / s.n).toFixed(1)}`,
      );
    }
    lines.push(
      `mutex held ${holdTotal.toFixed(0)} ms of ${(t - t0).toFixed(0)}; gc ${gcs.length} total ${gcs.reduce((a, b) => a + b, 0).toFixed(0)} ms max ${Math.max(0, ...gcs).toFixed(0)}`,
    );
    lines.push(
      `server-side ${serverMs.length} requests p50 ${pct(serverMs, 0.5).toFixed(0)} p99 ${pct(serverMs, 0.99).toFixed(0)} max ${Math.max(0, ...serverMs).toFixed(0)} ms; max inflight ${maxInflight}`,
    );
    serverMs.length = 0;
    maxInflight = 0;
    lines.push(...slow.splice(0));
    gcs.length = 0;
    if (stats.size > 0) appendFileSync(file, lines.join("\n") + "\n");
    stats.clear();
    loop.reset();
    t0 = t;
  }, 2_000).unref();
}

function labelOf(sql: string): string {
  const s = sql.replace(/\s+/g, " ").trim();
  const verb = s.split(" ")[0]?.toUpperCase() ?? "";
  if (verb === "SAVEPOINT" || verb === "RELEASE" || verb === "ROLLBACK") return verb;
  const table = /(?:FROM|INTO|UPDATE)\s+(?:"?public"?\.)?"?(\w+)"?/i.exec(s)?.[1] ?? s.slice(0, 30);
  if (verb === "WITH") return `WITH..${table} ${s.slice(5, 30)}`;
  return `${verb} ${table}`;
}
