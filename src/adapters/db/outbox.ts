/**
 * Outbox rows: notifications written in the command's transaction and delivered after commit by the
 * dispatcher (architecture step 5). Nothing is sent inside a transaction.
 */
import type { StreamRef } from "../../domain/shared/events.js";
import { asJson, type Tx } from "./transaction.js";

export interface OutboxEntry {
  /** What to render, e.g. "order.confirmed", "deadline.reminder". */
  readonly kind: string;
  /** The party to notify on every channel it has linked; unset = staff / broadcast by kind. */
  readonly recipientPartyId?: string;
  readonly stream?: StreamRef;
  readonly payload: unknown;
}

export async function enqueueOutbox(tx: Tx, entries: readonly OutboxEntry[], now: string): Promise<void> {
  if (entries.length === 0) return;
  await tx.outboxMessage.createMany({
    data: entries.map((e) => ({
      kind: e.kind,
      recipientPartyId: e.recipientPartyId ?? null,
      streamType: e.stream?.type ?? null,
      streamId: e.stream?.id ?? null,
      payload: asJson(e.payload),
      createdAt: now,
      availableAt: now,
    })),
  });
}

/** The outbox kind of a deadline reminder (the delivery renders it against its subject's state). */
export const REMINDER_OUTBOX_KIND = "deadline.reminder";
