/**
 * `GET /healthz` — liveness: the process answers. `GET /readyz` — readiness: the database answers and
 * every migration of prisma/migrations is recorded as applied in `_prisma_migrations`; 503 otherwise,
 * naming what is missing. A server shutting down answers 503 to both (see server.ts).
 *
 * Readiness recovers by itself (issue 10): each check asks the database again, and a database that
 * answers without the schema (dropped and recreated, restored from an old dump) is migrated again —
 * the migrator is idempotent and serialised across replicas — so no restart is needed.
 */
import type { Database } from "../db/database.js";
import { migrate, type MigrationFile } from "../db/migrator.js";
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

/**
 * A readiness check that repairs what it can: when the database answers but migrations are pending,
 * it applies them (one run at a time in this process) and checks again. A failed migration is
 * reported as the readiness error and tried again at the next check.
 */
export function recoveringReadiness(db: Database, migrations: readonly MigrationFile[], onRemigrated?: (applied: readonly string[]) => void): () => Promise<Readiness> {
  let migrating: Promise<unknown> | undefined;
  return async () => {
    const readiness = await checkReadiness(db, migrations);
    if (readiness.database !== "ok" || readiness.pendingMigrations.length === 0) return readiness;
    migrating ??= migrate(db.sql, migrations)
      .then((report) => onRemigrated?.(report.applied))
      .finally(() => {
        migrating = undefined;
      });
    try {
      await migrating;
    } catch (error) {
      return { ...readiness, ready: false, error: error instanceof Error ? error.message : String(error) };
    }
    return checkReadiness(db, migrations);
  };
}

export function registerHealthRoutes(router: Router, db: Database, migrations: readonly MigrationFile[], onRemigrated?: (applied: readonly string[]) => void): void {
  const check = recoveringReadiness(db, migrations, onRemigrated);
  router.add("GET", "/healthz", ({ res }) => sendJson(res, 200, { status: "ok" }));
  router.add("GET", "/readyz", async ({ res }) => {
    const readiness = await check();
    sendJson(res, readiness.ready ? 200 : 503, { status: readiness.ready ? "ready" : "not-ready", ...readiness });
  });
}
