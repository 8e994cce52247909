/**
 * What an outbox row asks to deliver, as a domain Notification: a `notification` row carries one;
 * a scheduler's `deadline.reminder` row (CL-10) is turned into one against the subject's current
 * state (the actor's calendar counts the business days left).
 */
import type { ClaimState } from "../../domain/claims/claim-state.js";
import type { DeadlineActor } from "../../domain/deadlines/deadline.js";
import { reminderNotification, type Notification, type ReminderSubjectState } from "../../domain/notifications/index.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import type { StreamType } from "../../domain/shared/events.js";
import type { AggregateRegistry } from "../db/aggregate-definition.js";
import { loadStream } from "../db/stream-store.js";
import type { Tx } from "../db/transaction.js";
import { REMINDER_OUTBOX_KIND } from "../db/outbox.js";
import { NOTIFICATION_OUTBOX_KIND } from "./notifications.js";

export interface OutboxRow {
  readonly id: bigint;
  readonly kind: string;
  readonly streamType: string | null;
  readonly streamId: string | null;
  readonly payload: unknown;
  readonly createdAt: string;
}

interface ReminderPayload {
  readonly deadlineId: string;
  readonly kind: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly dueAt: string;
  readonly actor: DeadlineActor;
  readonly actorPartyId: string | null;
}

async function reminderSubject(tx: Tx, aggregates: AggregateRegistry, row: OutboxRow): Promise<ReminderSubjectState | undefined> {
  if (row.streamType !== "order" && row.streamType !== "claim") return undefined;
  if (row.streamId === null) return undefined;
  const stream = { type: row.streamType as StreamType, id: row.streamId };
  const { state } = await loadStream(tx, aggregates.get(stream.type), stream, "read");
  if (state === undefined) return undefined;
  return row.streamType === "order" ? { order: state as OrderState } : { claim: state as ClaimState };
}

/** The notification of a row, or undefined when the row asks for nothing deliverable (unknown kind, no subject). */
export async function notificationOfRow(tx: Tx, aggregates: AggregateRegistry, row: OutboxRow): Promise<Notification | undefined> {
  if (row.kind === NOTIFICATION_OUTBOX_KIND) return row.payload as Notification;
  if (row.kind === REMINDER_OUTBOX_KIND) {
    const reminder = row.payload as ReminderPayload;
    const subject = await reminderSubject(tx, aggregates, row);
    return subject && reminderNotification({ ...reminder, firedAt: row.createdAt }, subject);
  }
  return undefined;
}
