/**
 * CL-05 / CL-06 / CL-10 / ORD-04: the deadline an order waits on — the claim entrance closing — with
 * its reminders to the buyer. Computed from the policy version the order recorded at confirmation
 * (POL-02), in the buyer's calendar (POL-03).
 *
 * - pre-shipment coverage (CL-05): shipment + preShipmentClaimWindowAfterShipment (classic 15 days);
 * - post-delivery coverage (CL-06): the earliest of the profile's windows that have started —
 *   customs clearance + 15 days and shipment + 90 days (classic), receipt + 30 days (express).
 */
import { periodDeadline, reminderInstants } from "../calendar/business-calendar.js";
import { deadlineId, type Deadline } from "../deadlines/deadline.js";
import { POLICY_VERSIONS, policyFor, type Period, type PolicyProfile } from "../policy/policy.js";
import { earliest, endOfLocalDay, type Instant, type LocalDate } from "../shared/time.js";
import type { OrderState } from "./order-state.js";

export const CLAIM_WINDOW_DEADLINE_KIND = "claim-window";
/** ORD-04 / CL-10: the buyer's receipt confirmation, where the policy deems receipt after a while. */
export const RECEIPT_DEADLINE_KIND = "receipt";

export function claimWindowDeadlineId(orderId: string): string {
  return deadlineId({ type: "order", id: orderId }, CLAIM_WINDOW_DEADLINE_KIND);
}

/** When the claim entrance closes, or undefined while no window has started yet (or none applies). */
export function claimWindowClosesAt(order: OrderState, versions: readonly PolicyProfile[] = POLICY_VERSIONS): Instant | undefined {
  const { shipment, confirmedTerms, policy: policyRef } = order;
  if (!shipment || !confirmedTerms || !policyRef) return undefined;
  const policy = policyFor(policyRef, versions);
  const calendar = order.buyer.calendar;
  const fromDate = (date: LocalDate): Instant => endOfLocalDay(date, calendar.timeZone);
  const after = (from: Instant, period: Period | null): Instant | undefined => (period ? periodDeadline(from, period, calendar) : undefined);

  if (confirmedTerms.coverageType === "pre-shipment") {
    return after(fromDate(shipment.shippedOn), policy.preShipmentClaimWindowAfterShipment);
  }
  const candidates = [
    after(fromDate(shipment.shippedOn), policy.postDeliveryAfterShipment),
    order.customsClearedOn !== undefined ? after(fromDate(order.customsClearedOn), policy.postDeliveryAfterCustomsClearance) : undefined,
    order.receivedAt !== undefined ? after(order.receivedAt, policy.postDeliveryAfterReceipt) : undefined,
  ].filter((at): at is Instant => at !== undefined);
  return candidates.reduce<Instant | undefined>((soonest, at) => (soonest ? earliest(soonest, at) : at), undefined);
}

/**
 * ORD-04 / CL-10: when a shipped order whose buyer never confirms receipt counts as received, by the
 * policy's `deemedReceipt` rule in the buyer's calendar: a period after the shipping date (express), or
 * the moment the claim entrance closes (classic). Every coverage type has one, so every delivery path
 * completes; undefined once received (or before shipment).
 */
export function receiptDeemedAt(order: OrderState, versions: readonly PolicyProfile[] = POLICY_VERSIONS): Instant | undefined {
  const { shipment, policy: policyRef } = order;
  if (order.status !== "shipped" || !shipment || !policyRef) return undefined;
  const rule = policyFor(policyRef, versions).deemedReceipt;
  if (rule.kind === "when-claim-window-closes") return claimWindowClosesAt(order, versions);
  return periodDeadline(endOfLocalDay(shipment.shippedOn, order.buyer.calendar.timeZone), rule.period, order.buyer.calendar);
}

/** What the order waits on: receipt (default: deemed received) and the claim entrance closing (default: close it), reminding the buyer. */
export function deadlinesOfOrder(order: OrderState, versions: readonly PolicyProfile[] = POLICY_VERSIONS): Deadline[] {
  return [...receiptDeadlines(order, versions), ...claimWindowDeadlines(order, versions)];
}

function receiptDeadlines(order: OrderState, versions: readonly PolicyProfile[]): Deadline[] {
  const dueAt = receiptDeemedAt(order, versions);
  if (!dueAt || !order.policy || !order.shipment) return [];
  const policy = policyFor(order.policy, versions);
  // CL-10: where receipt is deemed when the claim entrance closes (classic), the buyer is already
  // reminded of that very moment by the claim window's reminders; a second reminder would be noise.
  const ownReminders = policy.deemedReceipt.kind === "after-shipment";
  return [
    {
      id: deadlineId({ type: "order", id: order.id }, RECEIPT_DEADLINE_KIND),
      kind: RECEIPT_DEADLINE_KIND,
      subject: { type: "order", id: order.id },
      actor: "buyer",
      actorPartyId: order.buyer.id,
      dueAt,
      reminders: ownReminders ? reminderInstants(dueAt, policy.reminderBusinessDaysBefore, order.buyer.calendar, order.shipment.recordedAt) : [],
      defaultOutcome: "deem-received",
    },
  ];
}

function claimWindowDeadlines(order: OrderState, versions: readonly PolicyProfile[]): Deadline[] {
  if (order.claimWindowClosed || (order.status !== "shipped" && order.status !== "received")) return [];
  const dueAt = claimWindowClosesAt(order, versions);
  if (!dueAt || !order.policy || !order.shipment) return [];
  const policy = policyFor(order.policy, versions);
  return [
    {
      id: claimWindowDeadlineId(order.id),
      kind: CLAIM_WINDOW_DEADLINE_KIND,
      subject: { type: "order", id: order.id },
      actor: "buyer",
      actorPartyId: order.buyer.id,
      dueAt,
      reminders: reminderInstants(dueAt, policy.reminderBusinessDaysBefore, order.buyer.calendar, order.shipment.recordedAt),
      defaultOutcome: "close-claim-entrance",
    },
  ];
}
