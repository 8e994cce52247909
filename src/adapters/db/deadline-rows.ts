/**
 * CL-10: the deadline table mirrors what each stream's state waits on. A Deadline becomes one row
 * per firing action — each reminder, and the default outcome — with an id built from the deadline's
 * stable id, the action and its instant. After every change the stream's rows are re-derived:
 * new rows are inserted, pending rows no longer derived are cancelled, a cancelled row derived again
 * is re-armed, and a fired row is never fired again.
 */
import type { Deadline } from "../../domain/deadlines/deadline.js";
import type { StreamRef } from "../../domain/shared/events.js";
import type { Tx } from "./transaction.js";

export type DeadlineAction = "reminder" | "outcome";

export interface DeadlineRow {
  readonly id: string;
  readonly deadlineId: string;
  readonly kind: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly streamType: string;
  readonly streamId: string;
  readonly action: DeadlineAction;
  readonly fireAt: string;
  readonly dueAt: string;
  readonly actor: string;
  readonly actorPartyId: string | null;
  readonly defaultOutcome: string;
}

export function deadlineRowId(deadlineId: string, action: DeadlineAction, fireAt: string): string {
  return `${deadlineId}|${action}|${new Date(fireAt).toISOString()}`;
}

/** The rows a set of deadlines stands for (reminders first, then the outcome at dueAt). */
export function rowsOfDeadlines(stream: StreamRef, deadlines: readonly Deadline[]): DeadlineRow[] {
  return deadlines.flatMap((d) => {
    const row = (action: DeadlineAction, fireAt: string): DeadlineRow => ({
      id: deadlineRowId(d.id, action, fireAt),
      deadlineId: d.id,
      kind: d.kind,
      subjectType: d.subject.type,
      subjectId: d.subject.id,
      streamType: stream.type,
      streamId: stream.id,
      action,
      fireAt: new Date(fireAt).toISOString(),
      dueAt: new Date(d.dueAt).toISOString(),
      actor: d.actor,
      actorPartyId: d.actorPartyId ?? null,
      defaultOutcome: d.defaultOutcome,
    });
    return [...d.reminders.map((at) => row("reminder", at)), row("outcome", d.dueAt)];
  });
}

export interface DeadlineSync {
  readonly inserted: number;
  readonly cancelled: number;
}

/** Replaces a stream's pending deadline rows with those derived from its new state. */
export async function syncDeadlineRows(tx: Tx, stream: StreamRef, derived: readonly DeadlineRow[], now: string): Promise<DeadlineSync> {
  const derivedIds = derived.map((r) => r.id);
  const cancelled = await tx.scheduledDeadline.updateMany({
    where: { streamType: stream.type, streamId: stream.id, status: "pending", id: { notIn: derivedIds } },
    data: { status: "cancelled", cancelledAt: now },
  });
  if (derived.length === 0) return { inserted: 0, cancelled: cancelled.count };
  await tx.scheduledDeadline.updateMany({
    where: { id: { in: derivedIds }, status: "cancelled" },
    data: { status: "pending", cancelledAt: null },
  });
  const inserted = await tx.scheduledDeadline.createMany({
    data: derived.map((r) => ({ ...r, status: "pending", createdAt: now })),
    skipDuplicates: true,
  });
  return { inserted: inserted.count, cancelled: cancelled.count };
}
