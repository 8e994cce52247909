/**
 * A server under test as a child process (`node --import tsx <entry>`): its URL read from its first
 * line saying where it listens — `{"listening":port}` from a floor, pino's `"listening"` line with
 * `url` from src/main.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export interface ServerChild {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Collected stderr and non-JSON stdout, for failure reports. */
  readonly output: () => string;
  stop(): Promise<void>;
}

export async function startChild(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
  startTimeoutMs = 180_000,
): Promise<ServerChild> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args, entry], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let pending = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not listen within ${startTimeoutMs} ms:\n${output.slice(-4000)}`)), startTimeoutMs);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) {
          output += `${line}\n`;
          continue;
        }
        let parsed: { listening?: number; msg?: string; url?: string; level?: number };
        try {
          parsed = JSON.parse(line) as typeof parsed;
        } catch {
          continue;
        }
        if ((parsed.level ?? 0) >= 50) output += `${line}\n`;
        if (typeof parsed.listening === "number") {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${parsed.listening}`);
        } else if (parsed.msg === "listening" && parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output.slice(-4000)}`));
    });
  });
  return {
    name,
    pid: child.pid ?? -1,
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.once("exit", () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
