/**
 * `npm start` as a child process for tests: `node --import tsx src/main.ts` with the given
 * environment (embedded PGlite in a fresh data directory unless told otherwise, port 0 = any free
 * port), its JSON log lines collected, its URL read from the "listening" line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

export interface LogLine {
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly logs: readonly LogLine[];
  readonly stderr: () => string;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with how the process ended, sending nothing. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freshDataDir(prefix = "tab-server-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The environment without the variables a developer's shell or CI may set for other tests. */
export function cleanEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    "DATABASE_URL",
    "PORT",
    "HOST",
    "DEMO",
    "DATA_DIR",
    "TRANSLATOR",
    "GOOGLE_TRANSLATE_API_KEY",
    "GOOGLE_CLOUD_TRANSLATE_ENDPOINT",
    "NODE_ENV",
    "SESSION_SECRET",
  ])
    delete env[name];
  return { ...env, ...overrides };
}

/** Runs main.ts (with arguments) to completion: exit code, stdout, stderr. */
export function runMainToExit(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
  args: readonly string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`main.ts did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function startServerProcess(overrides: Record<string, string> = {}, startTimeoutMs = 120_000): Promise<ServerProcess> {
  const dataDir = overrides["DATA_DIR"] ?? freshDataDir();
  const env = cleanEnvironment({ HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", OUTBOX_POLL_MS: "200", ...overrides });
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  const waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = "";
  let pending = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdout.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const text of lines) {
      if (!text.trim().startsWith("{")) continue;
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

  const waitForLog = (predicate: (line: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> => {
    const seen = logs.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
      waiters.push({
        predicate,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  };

  const listening = await Promise.race([
    waitForLog((l) => l.msg === "listening", startTimeoutMs),
    exited.then(({ code }) => {
      throw new Error(`server exited (code ${code}) before listening; stderr: ${stderr.slice(-3000)}`);
    }),
  ]);
  return {
    url: String(listening["url"]),
    child,
    dataDir,
    logs,
    stderr: () => stderr,
    waitForLog,
    exited: () => exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
