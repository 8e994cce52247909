/** Errors of the persistence layer. */
import type { StreamRef } from "../../domain/shared/events.js";
import { DomainError } from "../../domain/shared/errors.js";

/** Another transaction changed the stream after it was loaded (internal: the runner retries). */
export class StreamVersionConflict extends Error {
  constructor(
    readonly stream: StreamRef,
    readonly expectedVersion: number,
  ) {
    super(`stream ${stream.type}:${stream.id} is no longer at version ${expectedVersion}`);
    this.name = "StreamVersionConflict";
  }
}

/**
 * The command lost to concurrent changes more often than the runner retries: refused, nothing
 * written. Shown to users as errors:STORE_CONCURRENT_MODIFICATION ("someone else changed this, try again").
 */
export class ConcurrentModificationError extends DomainError {
  constructor(command: string, attempts: number) {
    super("STORE_CONCURRENT_MODIFICATION", { command, attempts });
  }
}

/** Unique keys whose violation means "another writer appended to this stream first". */
const STREAM_KEYS = ["domain_events_stream_version_key", "aggregate_snapshots_pkey"];

/**
 * Errors that mean "a concurrent transaction won", so a retry on fresh state may succeed: our own
 * version check, a duplicate stream version / snapshot row, a serialization failure or a deadlock.
 * Any other unique violation (e.g. a duplicate id chosen by a caller) is not retried.
 */
export function isConcurrencyFailure(error: unknown): boolean {
  if (error instanceof StreamVersionConflict) return true;
  if (typeof error !== "object" || error === null) return false;
  const { code, meta, message } = error as { code?: unknown; meta?: { modelName?: unknown }; message?: unknown };
  if (code === "P2034") return true; // Prisma: write conflict or deadlock, retry the transaction
  const text = `${typeof message === "string" ? message : ""} ${JSON.stringify(meta ?? {})}`;
  if (/\b(40001|40P01)\b|could not serialize access|deadlock detected/i.test(text)) return true;
  const streamKeyViolated = STREAM_KEYS.some((key) => text.includes(key));
  return streamKeyViolated && (code === "P2002" || code === "P2010" || /\b23505\b/.test(text));
}
