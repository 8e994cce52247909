/** Reads outside a command: the current state of a stream, and its events (no lock, no transaction). */
import type { StreamRef } from "../domain/shared/events.js";
import type { DomainEvent } from "../domain/shared/events.js";
import { domainAggregates } from "../adapters/db/aggregates.js";
import type { Database } from "../adapters/db/database.js";
import { loadStream, readStream } from "../adapters/db/stream-store.js";

const aggregates = domainAggregates();

/** The stream's state, or undefined when it has no events. */
export async function readState<S>(db: Database, stream: StreamRef): Promise<S | undefined> {
  // Raw (issue 15): one statement needs no Prisma query of its own; read on every turn that shows a case.
  const loaded = await loadStream({ rows: (sql, params) => db.sql.query(sql, params) }, aggregates.get(stream.type), stream, "read");
  return loaded.state as S | undefined;
}

export async function readEvents(db: Database, stream: StreamRef): Promise<DomainEvent[]> {
  return readStream(db.prisma, stream);
}
