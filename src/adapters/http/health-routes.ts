/**
 * `GET /healthz` — liveness: the process answers. `GET /readyz` — readiness: the database answers and
 * every migration of prisma/migrations is recorded as applied in `_prisma_migrations`; 503 otherwise,
 * naming what is missing. A server shutting down answers 503 to both (see server.ts).
 */
import type { Database } from "../db/database.js";
import type { MigrationFile } from "../db/migrator.js";
import { sendJson } from "./http-io.js";
import type { Router } from "./router.js";

export interface Readiness {
  readonly ready: boolean;
  readonly database: "ok" | "unreachable";
  readonly pendingMigrations: readonly string[];
  readonly error?: string;
}

export async function checkReadiness(db: Database, migrations: readonly MigrationFile[]): Promise<Readiness> {
  try {
    const [table] = await db.sql.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS name`);
    const rows = table?.name
      ? await db.sql.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      : [];
    const applied = new Set(rows.map((r) => r.migration_name));
    const pendingMigrations = migrations.map((m) => m.name).filter((name) => !applied.has(name));
    return { ready: pendingMigrations.length === 0, database: "ok", pendingMigrations };
  } catch (error) {
    return { ready: false, database: "unreachable", pendingMigrations: [], error: error instanceof Error ? error.message : String(error) };
  }
}

export function registerHealthRoutes(router: Router, db: Database, migrations: readonly MigrationFile[]): void {
  router.add("GET", "/healthz", ({ res }) => sendJson(res, 200, { status: "ok" }));
  router.add("GET", "/readyz", async ({ res }) => {
    const readiness = await checkReadiness(db, migrations);
    sendJson(res, readiness.ready ? 200 : 503, { status: readiness.ready ? "ready" : "not-ready", ...readiness });
  });
}
