/**
 * `GET /healthz` — liveness: the process answers. `GET /readyz` — readiness: the database answers and
 * every migration of prisma/migrations is recorded as applied in `_prisma_migrations`; 503 otherwise,
 * naming what is missing. A server shutting down answers 503 to both (see server.ts).
 */
import type { Database } from "../db/database.js";
import { migrate, type MigrationFile } from "../db/migrator.js";
import type { FastifyInstance } from "fastify";

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
    return {
      ready: pendingMigrations.length === 0,
      database: "ok",
      pendingMigrations,
    };
  } catch (error) {
    return {
      ready: false,
      database: "unreachable",
      pendingMigrations: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * A readiness check that repairs what it can (issue 10): when the database answers but migrations
 * are pending — it was dropped and recreated, or restored from an old dump — it applies them (the
 * migrator is idempotent and serialised across replicas; one run at a time here) and checks again,
 * so /readyz recovers without a restart. A failed migration is reported as the readiness error and
 * tried again at the next check.
 */
export function recoveringReadiness(
  db: Database,
  migrations: readonly MigrationFile[],
  onRemigrated?: (applied: readonly string[]) => void,
): () => Promise<Readiness> {
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

/** Health checks: never rate-limited, kept answering by the connection reserve (server.ts). */
export function registerHealthRoutes(fastify: FastifyInstance, readiness: () => Promise<Readiness>): void {
  fastify.get("/healthz", { config: { rateLimit: false } }, async (_request, reply) => reply.header("cache-control", "no-store").send({ status: "ok" }));
  fastify.get("/readyz", { config: { rateLimit: false } }, async (_request, reply) => {
    const state = await readiness();
    return reply
      .code(state.ready ? 200 : 503)
      .header("cache-control", "no-store")
      .send({ status: state.ready ? "ready" : "not-ready", ...state });
  });
}
