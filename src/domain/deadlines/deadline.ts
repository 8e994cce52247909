/**
 * CL-10 — deadlines as data. Every state that waits on someone yields Deadline records; a scheduler
 * fires reminders and default outcomes without knowing any rule: it sends the aggregate a
 * `DeadlinePassed` command carrying the deadline id, and the aggregate re-derives and applies it.
 */
import type { Instant } from "../shared/time.js";
import { addMs, instantMs } from "../shared/time.js";

export type SubjectType = "order" | "claim" | "page";

export interface DeadlineSubject {
  readonly type: SubjectType;
  readonly id: string;
}

/** Who must act before the deadline: a party role of the subject, or the platform's staff. */
export type DeadlineActor = "buyer" | "supplier" | "staff";

/** What happens by itself when the deadline passes. */
export type DefaultOutcome =
  | "escalate" // CL-09: ask the platform to decide
  | "close-claim-entrance" // CL-05/CL-06/ORD-04: the claim window closes (completion may follow)
  | "deem-received" // CL-10 / ORD-04: receipt never confirmed; the goods count as received by the policy's rule (POL-01)
  | "cancel-refund-request" // CL-10: the requested evidence never came, the refund request lapses
  | "platform-payout" // DT-05: pay the buyer on the supplier's behalf
  | "page-staff" // DT-01/DT-02: the decision target passed, staff are paged again
  | "close-appeal-window" // DT-08: the decision becomes final
  | "repeat-page" // DT-01
  | "escalate-page" // DT-01
  | "repage-acknowledger" // DT-02: acknowledged but undecided as the decision target approaches
  | "refund-without-return" // DT-06: the return did not happen in time
  | "allow-escalation" // CL-09: the supplier's response window or the negotiation period passed; either party may escalate
  | "resume-without-evidence"; // CL-14: evidence requested from the supplier never came; the case resumes without it

export interface Deadline {
  /** Stable id: the same waiting state always yields the same id, so re-deriving is idempotent. */
  readonly id: string;
  readonly kind: string;
  readonly subject: DeadlineSubject;
  readonly actor: DeadlineActor;
  /** Party id of the actor (undefined for staff). */
  readonly actorPartyId?: string;
  readonly dueAt: Instant;
  /** Reminder instants before dueAt (dueAt − n business days of the actor, at 09:00 local). */
  readonly reminders: readonly Instant[];
  readonly defaultOutcome: DefaultOutcome;
}

/** CL-14: a pause while the case waits on a third party. `to` unset = still paused. */
export interface Pause {
  readonly from: Instant;
  readonly to?: Instant;
  readonly reason: string;
}

/** CL-13: a staff extension of a window to a new date. */
export interface Extension {
  readonly deadlineKind: string;
  readonly newDueAt: Instant;
  readonly reason: string;
  readonly staffId: string;
  readonly at: Instant;
}

/** Total closed paused time that overlaps [start, ∞): added back to deadlines that started at `start`. */
export function pausedMsSince(pauses: readonly Pause[], start: Instant): number {
  const startMs = instantMs(start);
  return pauses.reduce((total, p) => {
    if (!p.to) return total;
    const from = Math.max(instantMs(p.from), startMs);
    const to = instantMs(p.to);
    return to > from ? total + (to - from) : total;
  }, 0);
}

export function isPaused(pauses: readonly Pause[]): boolean {
  return pauses.some((p) => !p.to);
}

/**
 * The due date of a running deadline: the base date shifted by the paused time recorded since it
 * started (CL-14) — or, if staff extended it (CL-13), the new date shifted by pauses since then.
 */
export function shiftedDueAt(baseDueAt: Instant, startedAt: Instant, pauses: readonly Pause[], extensions: readonly Extension[], kind: string): Instant {
  const extension = [...extensions].reverse().find((e) => e.deadlineKind === kind && instantMs(e.at) >= instantMs(startedAt));
  return extension ? addMs(extension.newDueAt, pausedMsSince(pauses, extension.at)) : addMs(baseDueAt, pausedMsSince(pauses, startedAt));
}

export function deadlineId(subject: DeadlineSubject, kind: string, round = 0): string {
  return `${subject.type}:${subject.id}:${kind}:${round}`;
}
