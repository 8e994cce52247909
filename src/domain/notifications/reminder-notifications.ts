/**
 * CL-10: the party who must act is reminded before a deadline passes, in its own language, with the
 * business days it has left counted in its own calendar. The scheduler turns each due reminder row
 * into a `DeadlineReminder`; this module says what the reminder tells whom.
 */
import { isBusinessDay, type BusinessCalendar } from "../calendar/business-calendar.js";
import { CLAIM_DEADLINE } from "../claims/claim-deadlines.js";
import type { ClaimState } from "../claims/claim-state.js";
import type { DeadlineActor } from "../deadlines/deadline.js";
import { CLAIM_WINDOW_DEADLINE_KIND, RECEIPT_DEADLINE_KIND } from "../orders/order-deadlines.js";
import type { OrderState } from "../orders/order-state.js";
import { addDaysToLocalDate, instantMs, localDateOf, type Instant } from "../shared/time.js";
import { USE_CASE } from "./action-ids.js";
import { action, instant, text, toParty, toStaff, type Notification, type NotificationSubject } from "./notification.js";

/** A reminder row that fell due (from the scheduler's `deadline.reminder` outbox payload). */
export interface DeadlineReminder {
  readonly deadlineId: string;
  readonly kind: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly dueAt: Instant;
  readonly actor: DeadlineActor;
  readonly actorPartyId: string | null;
  /** When the reminder fired. */
  readonly firedAt: Instant;
}

/** The state the reminder is about: it holds the actor's calendar and the case references. */
export type ReminderSubjectState = { readonly order: OrderState } | { readonly claim: ClaimState };

/** Reminder texts, one plural pair per deadline kind in the locale files. */
const CLAIM_REMINDER_KINDS: ReadonlySet<string> = new Set(Object.values(CLAIM_DEADLINE));
const ORDER_REMINDER_KINDS: ReadonlySet<string> = new Set([CLAIM_WINDOW_DEADLINE_KIND, RECEIPT_DEADLINE_KIND]);

const DAY_MS = 86_400_000;

/**
 * Business days left before the deadline's day, counting the day the reminder fires: the inverse of
 * `reminderInstants` (a reminder n business days before the due day says n), in the actor's calendar.
 * Without a calendar (staff): whole calendar days, rounded up.
 */
export function businessDaysLeft(firedAt: Instant, dueAt: Instant, calendar: BusinessCalendar | undefined): number {
  if (!calendar) return Math.max(0, Math.ceil((instantMs(dueAt) - instantMs(firedAt)) / DAY_MS));
  const dueDay = localDateOf(dueAt, calendar.timeZone);
  let count = 0;
  for (let day = localDateOf(firedAt, calendar.timeZone); day < dueDay; day = addDaysToLocalDate(day, 1)) {
    if (isBusinessDay(day, calendar)) count++;
  }
  return count;
}

function actorCalendar(state: ReminderSubjectState, actor: DeadlineActor): BusinessCalendar | undefined {
  if (actor === "staff") return undefined;
  const parties = "order" in state ? state.order : state.claim.order;
  return (actor === "buyer" ? parties.buyer : parties.supplier).calendar;
}

function reminderKey(kind: string): string {
  if (CLAIM_REMINDER_KINDS.has(kind)) return `claim:notify.reminder.${kind}`;
  if (ORDER_REMINDER_KINDS.has(kind)) return `order:notify.reminder.${kind}`;
  return "common:notify.reminder";
}

/** CL-10: the reminder for the party who must act (staff when the actor is staff). */
export function reminderNotification(reminder: DeadlineReminder, state: ReminderSubjectState): Notification {
  const subject: NotificationSubject = "order" in state ? { type: "order", id: state.order.id } : { type: "claim", id: state.claim.id };
  const ref = "order" in state ? { orderId: state.order.id } : { claimId: state.claim.id, orderId: state.claim.order.orderId };
  const count = businessDaysLeft(reminder.firedAt, reminder.dueAt, actorCalendar(state, reminder.actor));
  return {
    recipient: reminder.actor === "staff" || reminder.actorPartyId === null ? toStaff() : toParty(reminder.actorPartyId),
    subject,
    text: text(reminderKey(reminder.kind), { ...ref, count, dueAt: instant(reminder.dueAt) }),
    deadline: { dueAt: reminder.dueAt, label: text("common:notify.deadline") },
    actions: [action(USE_CASE.whatNow, "common:whatCanIDoNow", { [subject.type === "order" ? "orderId" : "claimId"]: subject.id }, "primary")],
    tone: "warning",
  };
}
