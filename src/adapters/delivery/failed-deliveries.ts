/** Deliveries that failed for good (a permanent channel error or every retry used), for staff. */
import type { Instant } from "../../domain/shared/time.js";
import type { Database } from "../db/database.js";

export interface FailedDelivery {
  readonly deliveryId: string;
  readonly outboxId: string;
  /** The outbox kind ("notification", "deadline.reminder"). */
  readonly kind: string;
  readonly subject?: { readonly type: string; readonly id: string };
  readonly partyId: string;
  readonly channel: string;
  readonly externalUserId: string;
  readonly attempts: number;
  readonly failedAt: Instant;
  readonly lastError: string | null;
}

/** The most recent failures first. */
export async function failedDeliveries(db: Database, options: { limit?: number } = {}): Promise<FailedDelivery[]> {
  const rows = await db.prisma.delivery.findMany({
    where: { status: "failed" },
    orderBy: [{ failedAt: "desc" }, { id: "asc" }],
    take: options.limit ?? 100,
  });
  const outbox = await db.prisma.outboxMessage.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.outboxId))] } },
    select: { id: true, kind: true, streamType: true, streamId: true },
  });
  const outboxById = new Map(outbox.map((row) => [row.id, row]));
  return rows.map((row) => {
    const source = outboxById.get(row.outboxId);
    return {
      deliveryId: row.id,
      outboxId: String(row.outboxId),
      kind: source?.kind ?? "unknown",
      ...(source?.streamType && source.streamId ? { subject: { type: source.streamType, id: source.streamId } } : {}),
      partyId: row.partyId,
      channel: row.channel,
      externalUserId: row.externalUserId,
      attempts: row.attempts,
      failedAt: (row.failedAt ?? row.createdAt).toISOString(),
      lastError: row.lastError,
    };
  });
}
