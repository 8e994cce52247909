/**
 * What firing a deadline row does (CL-10). A reminder becomes an outbox notification to the party
 * who must act; a default outcome sends the subject's aggregate `DeadlinePassed` through the
 * use case registered for the subject type, in the firing's transaction (the aggregate re-derives
 * the deadline; a stale id yields no events).
 */
import type { StreamRef } from "../../domain/shared/events.js";
import type { SubjectType } from "../../domain/deadlines/deadline.js";
import { enqueueOutbox, type OutboxEntry } from "../db/outbox.js";
import type { Tx } from "../db/transaction.js";
import type { CommandRunner, CommandSpec } from "../db/unit-of-work.js";
import type { DeadlineHandler, DueDeadline } from "./deadline-sweeper.js";

/**
 * Builds the DeadlinePassed command of one subject type for a due outcome row. It may read state
 * through `tx` first (e.g. to learn which ledger an order belongs to); the command then loads and
 * locks what it writes.
 */
export type DeadlinePassedCommand = (deadline: DueDeadline, tx: Tx) => CommandSpec | Promise<CommandSpec>;

export type DeadlineOutcomeRegistry = Readonly<Partial<Record<SubjectType, DeadlinePassedCommand>>>;

export { REMINDER_OUTBOX_KIND } from "../db/outbox.js";
import { REMINDER_OUTBOX_KIND } from "../db/outbox.js";

export function reminderPayload(deadline: DueDeadline): Record<string, string | null> {
  return {
    deadlineId: deadline.deadlineId,
    kind: deadline.kind,
    subjectType: deadline.subjectType,
    subjectId: deadline.subjectId,
    dueAt: deadline.dueAt,
    actor: deadline.actor,
    actorPartyId: deadline.actorPartyId,
  };
}

/** A reminder's one effect: an outbox row to the party who must act. */
function reminderOutbox(deadline: DueDeadline): OutboxEntry[] | undefined {
  if (deadline.action !== "reminder") return undefined;
  const stream = { type: deadline.streamType, id: deadline.streamId } as StreamRef;
  return [
    {
      kind: REMINDER_OUTBOX_KIND,
      ...(deadline.actorPartyId ? { recipientPartyId: deadline.actorPartyId } : {}),
      stream,
      payload: reminderPayload(deadline),
    },
  ];
}

export function createDeadlineHandler(runner: CommandRunner, outcomes: DeadlineOutcomeRegistry): DeadlineHandler {
  const handler: DeadlineHandler = async (deadline, tx) => {
    const reminder = reminderOutbox(deadline);
    if (reminder) {
      await enqueueOutbox(tx, reminder, deadline.fireAt);
      return;
    }
    const command = outcomes[deadline.subjectType as SubjectType];
    if (!command) throw new Error(`no DeadlinePassed use case registered for subject type "${deadline.subjectType}"`);
    await runner.executeIn(tx, await command(deadline, tx));
  };
  return Object.assign(handler, { outboxOnly: reminderOutbox });
}
