/**
 * The host's limits come from the configuration (README "Configuration"): `startServer` hands
 * RATE_LIMIT_PER_IP_PER_MINUTE (and the other HTTP_* limits) to the host. Issue 15: it did not, so the
 * host kept its defaults (600/min per IP) whatever was configured, and the bench got 429s.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/main.js";

describe("the host's limits follow the configuration", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(
      parseConfig({
        NODE_ENV: "test",
        HOST: "127.0.0.1",
        PORT: "0",
        DATA_DIR: mkdtempSync(path.join(tmpdir(), "tab-limits-")),
        DEMO: "1",
        OUTBOX_POLL_MS: "60000",
        SCHEDULER_CRON: "0 0 1 1 *",
        RATE_LIMIT_PER_IP_PER_MINUTE: "3",
      }),
      pino({ level: "silent" }),
    );
  });

  afterAll(async () => {
    await server?.stop("test over");
  });

  it("RATE_LIMIT_PER_IP_PER_MINUTE=3: the fourth request of a minute is 429 with Retry-After; the health checks are exempt", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/chat/upload-limits`);
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get("retry-after")).toBeTruthy();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
