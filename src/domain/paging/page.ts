/**
 * DT-01 / DT-02: a page follows its case, not the click. A page is a sequence of rounds; a round is
 * one set of targets paged (a level of the ladder, the out-of-hours level, or the acknowledger) and
 * is the unit PagerDuty deduplicates on (`dedup_key` per case and round). Within a round the page is
 * repeated; when the round's time is up it escalates to a new round. What happens next is always one
 * step with a due time — data the scheduler fires (CL-10) — derived from the page alone:
 *
 * - unacknowledged: repeat at the round's interval, escalate after the level's delay (the last level
 *   keeps repeating); a step due while the team is closed goes to the out-of-hours level instead,
 *   which repeats until the team opens and then hands the page to the ladder level it had reached;
 * - acknowledged while the case is undecided: `repageBeforeTargetMinutes` before the DT-02 target the
 *   acknowledger is paged again (a round of their own), then — unacknowledged — the next level.
 *
 * Pure: every instant comes from the caller.
 */
import { addMs, instantMs, isBefore, latest, type Instant } from "../shared/time.js";
import type { EscalationLevel, EscalationPolicy, PageTargets, StaffHours } from "./escalation-policy.js";
import { isStaffed, nextOpening } from "./staff-hours.js";

export type PageReason = "escalated" | "determination-overdue";

/** Why a round started. */
export type RoundReason = "raised" | "escalated" | "out-of-hours" | "back-in-hours" | "repage-acknowledger" | "repage-next-level";

/** Where an acknowledgement came from; it counts once whichever came first. */
export type AckSource = "console" | "chat" | "slack" | "pagerduty";

export interface PageRound {
  /** 1, 2, …: with the page id, PagerDuty's dedup key. */
  readonly round: number;
  /** The ladder level the page is at (an out-of-hours or acknowledger round keeps the level reached). */
  readonly level: number;
  readonly outOfHours: boolean;
  readonly reason: RoundReason;
  readonly targets: PageTargets;
  readonly escalateAfterMinutes: number;
  readonly repeats: number;
  readonly startedAt: Instant;
  /** Repeats sent in this round so far. */
  readonly repeated: number;
}

/** The parts of the escalation policy in force when the page was raised (its version on record). */
export interface PagePolicy {
  readonly version: number;
  readonly ladder: readonly EscalationLevel[];
  readonly hours?: StaffHours;
  readonly outOfHours?: EscalationLevel;
  readonly repageBeforeTargetMinutes: number;
}

export interface Page {
  readonly pageId: string;
  readonly claimId: string;
  readonly reason: PageReason;
  /** Path of the case in the staff console; the adapters prefix the public base URL. */
  readonly link: string;
  readonly raisedAt: Instant;
  readonly policy: PagePolicy;
  /** The ladder level reached (1 first). */
  readonly level: number;
  /** When the current round started. */
  readonly levelStartedAt: Instant;
  readonly lastNotifiedAt: Instant;
  /** Notifications of this page so far (raised = 1; every repeat and new round adds one). */
  readonly notifications: number;
  /** Every round so far; the last is the current one. */
  readonly rounds: readonly PageRound[];
  readonly acknowledgedAt?: Instant;
  /** Staff party id, or "pagerduty:<who>" for an acknowledgement made in PagerDuty. */
  readonly acknowledgedBy?: string;
  readonly acknowledgedVia?: AckSource;
  /** DT-02: when the undecided case was re-paged after an acknowledgement (once per page). */
  readonly repagedAt?: Instant;
}

export type PageStepKind = "repeat-page" | "escalate-page" | "repage-acknowledger";

export interface PageStep {
  readonly kind: PageStepKind;
  readonly dueAt: Instant;
}

/** What the page watches besides itself. */
export interface PageWatch {
  /** The case still waits for a decision (paging stops with the decision). */
  readonly awaitingDecision: boolean;
  /** DT-02: the decision target. */
  readonly decisionDueAt?: Instant;
}

const MS_PER_MINUTE = 60_000;

export function pagePolicyOf(policy: EscalationPolicy, ladder: readonly EscalationLevel[]): PagePolicy {
  return {
    version: policy.version,
    ladder,
    ...(policy.hours && policy.outOfHours ? { hours: policy.hours, outOfHours: policy.outOfHours } : {}),
    repageBeforeTargetMinutes: policy.repageBeforeTargetMinutes,
  };
}

export function currentRound(page: Page): PageRound {
  const round = page.rounds.at(-1);
  if (!round) throw new Error(`page ${page.pageId} has no round`);
  return round;
}

function levelOf(policy: PagePolicy, level: number): EscalationLevel {
  const found = policy.ladder[Math.min(level, policy.ladder.length) - 1];
  if (!found) throw new Error("a page policy has at least one level");
  return found;
}

function intervalMs(round: PageRound): number {
  return (round.escalateAfterMinutes * MS_PER_MINUTE) / (round.repeats + 1);
}

/** The page's next step, or undefined when it waits on nothing (decided, or acknowledged with no re-page to come). */
export function nextPageStep(page: Page, watch: PageWatch): PageStep | undefined {
  if (!watch.awaitingDecision) return undefined;
  if (page.acknowledgedAt !== undefined) {
    if (page.repagedAt !== undefined || watch.decisionDueAt === undefined) return undefined;
    const at = addMs(watch.decisionDueAt, -page.policy.repageBeforeTargetMinutes * MS_PER_MINUTE);
    // Acknowledged already inside the re-page window: the acknowledger knows the target is near.
    return isBefore(page.acknowledgedAt, at) ? { kind: "repage-acknowledger", dueAt: at } : undefined;
  }
  const round = currentRound(page);
  // On the round's schedule — but never sooner than an interval after the last notice: a page whose
  // steps fell due during downtime is repeated once when the scheduler is back, not once per missed slot.
  const interval = intervalMs(round);
  const nextRepeat = latest(addMs(round.startedAt, Math.round((round.repeated + 1) * interval)), addMs(page.lastNotifiedAt, Math.round(interval)));
  if (round.outOfHours && page.policy.hours) {
    const opens = nextOpening(page.policy.hours, round.startedAt);
    return instantMs(opens) <= instantMs(nextRepeat) ? { kind: "escalate-page", dueAt: opens } : { kind: "repeat-page", dueAt: nextRepeat };
  }
  const escalateAt = addMs(round.startedAt, round.escalateAfterMinutes * MS_PER_MINUTE);
  const atTop = round.level >= page.policy.ladder.length && round.reason !== "repage-acknowledger";
  if (atTop || (round.repeated < round.repeats && isBefore(nextRepeat, escalateAt))) return { kind: "repeat-page", dueAt: nextRepeat };
  return { kind: "escalate-page", dueAt: escalateAt };
}

function newRound(policy: PagePolicy, round: number, level: number, reason: RoundReason, at: Instant, targets?: PageTargets): PageRound {
  const ooh = reason === "out-of-hours" ? policy.outOfHours : undefined;
  const timing = ooh ?? levelOf(policy, level);
  return {
    round,
    level,
    outOfHours: ooh !== undefined,
    reason,
    targets: targets ?? timing.targets,
    escalateAfterMinutes: timing.escalateAfterMinutes,
    repeats: timing.repeats,
    startedAt: at,
    repeated: 0,
  };
}

/** The team is closed at `at` and the policy says where pages go then. */
function closed(policy: PagePolicy, at: Instant): boolean {
  return policy.hours !== undefined && policy.outOfHours !== undefined && !isStaffed(policy.hours, at);
}

/** The first round of a page raised at `at`. */
export function firstRound(policy: PagePolicy, at: Instant): PageRound {
  return newRound(policy, 1, 1, closed(policy, at) ? "out-of-hours" : "raised", at);
}

/** What a step does when it fires at `at`: the page is repeated in its round, or a new round starts. */
export type PageMove = { readonly kind: "repeat" } | { readonly kind: "round"; readonly round: PageRound };

export function moveOf(page: Page, step: PageStepKind, at: Instant): PageMove {
  const round = currentRound(page);
  const isClosed = closed(page.policy, at);
  const next = (level: number, reason: RoundReason, targets?: PageTargets): PageMove => ({
    kind: "round",
    round: newRound(page.policy, page.rounds.length + 1, level, reason, at, targets),
  });
  switch (step) {
    case "repeat-page":
      // A repeat due while the team is closed goes to the out-of-hours level (the acknowledger's own round stays theirs).
      if (!isClosed || round.outOfHours || round.reason === "repage-acknowledger") return { kind: "repeat" };
      return next(round.level, "out-of-hours");
    case "escalate-page": {
      if (round.outOfHours) {
        // The team opened: hand the page to the ladder level reached (still closed — fired late or early — keep repeating).
        return isClosed ? { kind: "repeat" } : next(round.level, "back-in-hours");
      }
      const level = Math.min(round.level + 1, page.policy.ladder.length);
      if (isClosed) return next(level, "out-of-hours");
      return next(level, round.reason === "repage-acknowledger" ? "repage-next-level" : "escalated");
    }
    case "repage-acknowledger": {
      const ackedInProduct = page.acknowledgedBy !== undefined && page.acknowledgedVia !== "pagerduty";
      // Someone who acknowledged in PagerDuty has no staff id here: their level's targets are paged instead.
      const targets = ackedInProduct ? { ...levelOf(page.policy, page.level).targets, staffIds: [page.acknowledgedBy ?? ""] } : undefined;
      return next(page.level, "repage-acknowledger", targets);
    }
  }
}

/** The page after a move at `at`. */
export function applyMove(page: Page, move: PageMove, at: Instant): Page {
  const notified = { lastNotifiedAt: at, notifications: page.notifications + 1 };
  if (move.kind === "repeat") {
    const round = currentRound(page);
    return { ...page, ...notified, rounds: [...page.rounds.slice(0, -1), { ...round, repeated: round.repeated + 1 }] };
  }
  const { acknowledgedAt: _a, acknowledgedBy: _b, acknowledgedVia: _v, ...unacknowledged } = page;
  const repaged = move.round.reason === "repage-acknowledger" ? { repagedAt: at } : {};
  return { ...unacknowledged, ...notified, ...repaged, level: move.round.level, levelStartedAt: at, rounds: [...page.rounds, move.round] };
}

/** One notification of a simulated page (for the schedule's properties and the console's preview). */
export interface PageNotice {
  readonly at: Instant;
  readonly round: number;
  readonly level: number;
  readonly outOfHours: boolean;
  readonly reason: RoundReason | "repeat";
}

/**
 * The notifications a page raised at `raisedAt` sends until `until`, fired exactly when due, with an
 * optional acknowledgement (by a staff member) at `acknowledgedAt`.
 */
export function pageSchedule(
  policy: PagePolicy,
  raisedAt: Instant,
  until: Instant,
  options: { acknowledgedAt?: Instant; acknowledgedBy?: string; decisionDueAt?: Instant; maxNotices?: number } = {},
): PageNotice[] {
  const first = firstRound(policy, raisedAt);
  let page: Page = {
    pageId: "p",
    claimId: "c",
    reason: "escalated",
    link: "",
    raisedAt,
    policy,
    level: 1,
    levelStartedAt: raisedAt,
    lastNotifiedAt: raisedAt,
    notifications: 1,
    rounds: [first],
  };
  const notices: PageNotice[] = [{ at: raisedAt, round: 1, level: 1, outOfHours: first.outOfHours, reason: first.reason }];
  const watch: PageWatch = { awaitingDecision: true, ...(options.decisionDueAt ? { decisionDueAt: options.decisionDueAt } : {}) };
  let ackPending = options.acknowledgedAt;
  const max = options.maxNotices ?? 1000;
  while (notices.length < max) {
    const step = nextPageStep(page, watch);
    if (ackPending && (!step || !isBefore(step.dueAt, ackPending))) {
      if (isBefore(until, ackPending)) break;
      page = { ...page, acknowledgedAt: ackPending, acknowledgedBy: options.acknowledgedBy ?? "staff", acknowledgedVia: "console" };
      ackPending = undefined;
      continue;
    }
    if (!step || isBefore(until, step.dueAt)) break;
    const move = moveOf(page, step.kind, step.dueAt);
    page = applyMove(page, move, step.dueAt);
    const round = currentRound(page);
    notices.push({
      at: step.dueAt,
      round: round.round,
      level: round.level,
      outOfHours: round.outOfHours,
      reason: move.kind === "repeat" ? "repeat" : round.reason,
    });
  }
  return notices;
}
