/** The live bus of a database: LISTEN/NOTIFY on PostgreSQL, PGlite's `listen` on the embedded one. */
import type { Database } from "../db/database.js";
import type { LiveBus } from "./live-bus.js";
import { PgliteLiveBus } from "./pglite-live-bus.js";
import { PostgresLiveBus, type LiveBusLogger } from "./postgres-live-bus.js";

export { notifyInTransaction, type LiveBus, type LiveListener } from "./live-bus.js";
export { PgliteLiveBus } from "./pglite-live-bus.js";
export { PostgresLiveBus, type LiveBusLogger } from "./postgres-live-bus.js";

export async function openLiveBus(db: Database, logger: LiveBusLogger): Promise<LiveBus> {
  const source = db.notificationSource;
  if (source.backend === "postgres") return PostgresLiveBus.connect(source.connectionString, { logger });
  return new PgliteLiveBus(source.pglite, (err) => logger.error({ err }, "live listener failed"));
}
