/**
 * Issue 10, item 4: `/readyz` of a running `npm start` recovers by itself once the database is back —
 * here the database is dropped (connections cut) and recreated empty; the next checks find it
 * reachable without a schema, migrate it again, and answer ready, with no restart.
 * PostgreSQL only: skipped, saying so, without DATABASE_URL.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../e2e/support/server-process.js";
import { createScratchPostgresDatabase, DATABASE_URL, POSTGRES_SKIP_NOTE } from "./support/backends.js";

if (!DATABASE_URL) console.warn(`readiness recovery: ${POSTGRES_SKIP_NOTE}`);

describe.skipIf(!DATABASE_URL)("/readyz after the database is dropped and recreated", () => {
  let server: ServerProcess | undefined;
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>> | undefined;

  afterAll(async () => {
    await server?.stop("SIGKILL");
    await scratch?.drop();
  });

  it("is not ready while the database is gone, and ready again without a restart once it is back", async () => {
    scratch = await createScratchPostgresDatabase();
    server = await startServerProcess({ DATABASE_URL: scratch.url });
    const readyz = async () => {
      const res = await fetch(`${server?.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { database: string; pendingMigrations: string[] } };
    };
    expect((await readyz()).status).toBe(200);

    const name = new URL(scratch.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      const gone = await readyz();
      expect(gone.status).toBe(503);
      expect(gone.body.database).toBe("unreachable");
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }

    const deadline = Date.now() + 60_000;
    let last = await readyz();
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      last = await readyz();
    }
    expect(last).toEqual({ status: 200, body: expect.objectContaining({ status: "ready", database: "ok", pendingMigrations: [] }) as unknown });
    await server.waitForLog((l) => l.msg === "the database had lost its schema; migrations applied again");
    expect(server.child.exitCode).toBeNull();
  }, 240_000);
});
