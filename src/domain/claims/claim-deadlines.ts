/**
 * CL-10: every state of a claim that waits on someone yields its deadlines, with a default outcome
 * that fires by itself and reminders for the party who must act, in that party's calendar (POL-03).
 * CL-13: staff extensions move a deadline to a new date; CL-14: paused time is added back, and the
 * deadlines that wait on the parties do not run while the case waits on a third party.
 */
import { periodDeadline, reminderInstants } from "../calendar/business-calendar.js";
import { deadlineId, isPaused, shiftedDueAt, type Deadline, type DeadlineActor, type DefaultOutcome } from "../deadlines/deadline.js";
import { policyFor, type PolicyProfile } from "../policy/policy.js";
import { addDaysToLocalDate, latest, localDateOf, localTimeToInstant, type Instant } from "../shared/time.js";
import type { ClaimState } from "./claim-state.js";
import type { EvidenceRequest } from "./claim-types.js";
import { pageDeadlines } from "./paging.js";

export const CLAIM_DEADLINE = {
  supplierResponse: "supplier-response", // CL-07
  negotiation: "negotiation", // CL-08 / CL-09
  autoEscalation: "auto-escalation", // CL-09 (express)
  evidenceRequest: "evidence-request", // CL-10 / CL-14
  determinationTarget: "determination-target", // DT-02
  returnShipment: "return-shipment", // DT-06
  supplierRefund: "supplier-refund", // CL-08 / DT-05
  appealWindow: "appeal-window", // DT-08
} as const;
export type ClaimDeadlineKind = (typeof CLAIM_DEADLINE)[keyof typeof CLAIM_DEADLINE];

const MIDNIGHT = { hour: 0, minute: 0, second: 0 } as const;

function policyOf(claim: ClaimState): PolicyProfile {
  return policyFor(claim.order.policy);
}

/** Due date of a deadline that waits on the parties: paused time is added back (CL-14), extensions apply (CL-13). */
function pausableDueAt(claim: ClaimState, base: Instant, startedAt: Instant, kind: ClaimDeadlineKind): Instant {
  return shiftedDueAt(base, startedAt, claim.pauses, claim.extensions, kind);
}

/** Due date of a deadline that third parties do not stop (refunds, returns, appeals): only extensions apply. */
function fixedDueAt(claim: ClaimState, base: Instant, startedAt: Instant, kind: ClaimDeadlineKind): Instant {
  return shiftedDueAt(base, startedAt, [], claim.extensions, kind);
}

/** CL-07: the end of the supplier's response window, in the supplier's calendar. */
export function supplierResponseDueAt(claim: ClaimState): Instant {
  const base = periodDeadline(claim.filedAt, policyOf(claim).supplierResponseWindow, claim.order.supplier.calendar);
  return pausableDueAt(claim, base, claim.filedAt, CLAIM_DEADLINE.supplierResponse);
}

/** CL-08 / CL-09: the end of the negotiation period, counted from the supplier's first response. */
export function negotiationEndsAt(claim: ClaimState): Instant | undefined {
  if (!claim.supplierRespondedAt) return undefined;
  const base = periodDeadline(claim.supplierRespondedAt, policyOf(claim).negotiationPeriod, claim.order.buyer.calendar);
  return pausableDueAt(claim, base, claim.supplierRespondedAt, CLAIM_DEADLINE.negotiation);
}

/** The start of day `day` of the claim (day 0 = the filing date, in the buyer's time zone), plus paused time. */
export function claimDayStartsAt(claim: ClaimState, day: number, kind: ClaimDeadlineKind = CLAIM_DEADLINE.autoEscalation): Instant {
  const timeZone = claim.order.buyer.calendar.timeZone;
  const base = localTimeToInstant(addDaysToLocalDate(localDateOf(claim.filedAt, timeZone), day), MIDNIGHT, timeZone);
  return pausableDueAt(claim, base, claim.filedAt, kind);
}

/** CL-09 (express): the moment the case escalates by itself; undefined when the profile never does. */
export function autoEscalationAt(claim: ClaimState): Instant | undefined {
  const day = policyOf(claim).autoEscalateOnDay;
  return day === null ? undefined : claimDayStartsAt(claim, day);
}

/** DT-02: the target for the platform's decision, counted from the escalation. */
export function determinationDueAt(claim: ClaimState): Instant | undefined {
  if (!claim.escalation) return undefined;
  const base = periodDeadline(claim.escalation.at, policyOf(claim).determinationTarget, claim.order.buyer.calendar);
  return pausableDueAt(claim, base, claim.escalation.at, CLAIM_DEADLINE.determinationTarget);
}

export function evidenceRequestDueAt(claim: ClaimState, request: EvidenceRequest): Instant {
  const party = request.from === "buyer" ? claim.order.buyer : claim.order.supplier;
  const base = periodDeadline(request.requestedAt, policyOf(claim).evidenceRequestWindow, party.calendar);
  return fixedDueAt(claim, base, request.requestedAt, CLAIM_DEADLINE.evidenceRequest);
}

/** DT-06: the supplier must take the return back (at its cost) within the return window. */
export function returnDueAt(claim: ClaimState): Instant | undefined {
  if (!claim.returnOfGoods) return undefined;
  const base = periodDeadline(claim.returnOfGoods.startedAt, policyOf(claim).returnShipmentWindow, claim.order.supplier.calendar);
  return fixedDueAt(claim, base, claim.returnOfGoods.startedAt, CLAIM_DEADLINE.returnShipment);
}

/** CL-08 / DT-05: the supplier's refund deadline, in its calendar. */
export function supplierRefundDueAt(claim: ClaimState): Instant | undefined {
  if (!claim.refundDue) return undefined;
  const base = periodDeadline(claim.refundDue.startedAt, policyOf(claim).supplierRefundWindow, claim.order.supplier.calendar);
  return fixedDueAt(claim, base, claim.refundDue.startedAt, CLAIM_DEADLINE.supplierRefund);
}

/** DT-08: the later end of the appeal window in both parties' calendars, as recorded with the decision. */
export function appealWindowEndsAt(claim: ClaimState): Instant | undefined {
  if (!claim.decision || !claim.appealWindowEndsAt) return undefined;
  return fixedDueAt(claim, claim.appealWindowEndsAt, claim.decision.at, CLAIM_DEADLINE.appealWindow);
}

/** DT-08: the appeal window of a decision taken now, for both parties. */
export function appealWindowFrom(claim: ClaimState, decidedAt: Instant): Instant {
  const window = policyOf(claim).appealWindow;
  return latest(periodDeadline(decidedAt, window, claim.order.buyer.calendar), periodDeadline(decidedAt, window, claim.order.supplier.calendar));
}

function claimDeadline(
  claim: ClaimState,
  kind: ClaimDeadlineKind,
  actor: DeadlineActor,
  dueAt: Instant,
  startedAt: Instant,
  defaultOutcome: DefaultOutcome,
  round = 0,
): Deadline {
  const subject = { type: "claim" as const, id: claim.id };
  const party = actor === "buyer" ? claim.order.buyer : actor === "supplier" ? claim.order.supplier : undefined;
  const reminders = party ? reminderInstants(dueAt, policyOf(claim).reminderBusinessDaysBefore, party.calendar, startedAt) : [];
  return {
    id: deadlineId(subject, kind, round),
    kind,
    subject,
    actor,
    ...(party ? { actorPartyId: party.id } : {}),
    dueAt,
    reminders,
    defaultOutcome,
  };
}

function negotiationDeadlines(claim: ClaimState): Deadline[] {
  const out: Deadline[] = [];
  if (claim.status === "awaiting-response" && !claim.responseOverdueAt) {
    out.push(claimDeadline(claim, CLAIM_DEADLINE.supplierResponse, "supplier", supplierResponseDueAt(claim), claim.filedAt, "allow-escalation"));
  }
  const negotiationEnd = negotiationEndsAt(claim);
  if (claim.status === "negotiating" && negotiationEnd && claim.supplierRespondedAt && !claim.negotiationEndedAt) {
    const lastMove = claim.rounds.at(-1)?.by ?? "supplier";
    const toMove = lastMove === "buyer" ? "supplier" : "buyer";
    out.push(claimDeadline(claim, CLAIM_DEADLINE.negotiation, toMove, negotiationEnd, claim.supplierRespondedAt, "allow-escalation"));
  }
  const autoAt = autoEscalationAt(claim);
  if (autoAt) out.push(claimDeadline(claim, CLAIM_DEADLINE.autoEscalation, "supplier", autoAt, claim.filedAt, "escalate"));
  return out;
}

/** CL-10: everything the claim waits on now, with stable ids. */
export function deadlinesOfClaim(claim: ClaimState): Deadline[] {
  if (claim.status === "closed") return [];
  const out: Deadline[] = [];
  const paused = isPaused(claim.pauses);
  if (!paused && (claim.status === "awaiting-response" || claim.status === "negotiating")) out.push(...negotiationDeadlines(claim));
  claim.evidenceRequests.forEach((request, index) => {
    if (request.fulfilledAt || request.lapsedAt) return;
    const outcome = request.from === "buyer" ? "cancel-refund-request" : "resume-without-evidence";
    out.push(claimDeadline(claim, CLAIM_DEADLINE.evidenceRequest, request.from, evidenceRequestDueAt(claim, request), request.requestedAt, outcome, index));
  });
  const determinationDue = determinationDueAt(claim);
  if (!paused && claim.status === "escalated" && determinationDue && claim.escalation && !claim.determinationOverdueAt) {
    out.push(claimDeadline(claim, CLAIM_DEADLINE.determinationTarget, "staff", determinationDue, claim.escalation.at, "page-staff"));
  }
  const returnDue = returnDueAt(claim);
  if (claim.status === "awaiting-return" && returnDue && claim.returnOfGoods) {
    out.push(claimDeadline(claim, CLAIM_DEADLINE.returnShipment, "supplier", returnDue, claim.returnOfGoods.startedAt, "refund-without-return"));
  }
  const refundDue = supplierRefundDueAt(claim);
  if (claim.status === "refund-due" && refundDue && claim.refundDue) {
    out.push(claimDeadline(claim, CLAIM_DEADLINE.supplierRefund, "supplier", refundDue, claim.refundDue.startedAt, "platform-payout"));
  }
  const appealEnd = appealWindowEndsAt(claim);
  if (appealEnd && claim.decision && !claim.appealWindowClosed && !claim.appeal) {
    out.push(claimDeadline(claim, CLAIM_DEADLINE.appealWindow, "staff", appealEnd, claim.decision.at, "close-appeal-window"));
  }
  out.push(...pageDeadlines(claim, determinationDue));
  return out;
}
