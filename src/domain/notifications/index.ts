/**
 * Notifications of a command's outcome (architecture step 5): for each event, who is told what.
 * `notificationsOf(events, states)` reads each event's own stream state after the command — an
 * order event the order, a claim event the claim — and returns the notifications in event order.
 */
import type { ClaimState } from "../claims/claim-state.js";
import { MESSAGE_EVENT, type CaseParties } from "../messages/message.js";
import type { OrderState } from "../orders/order-state.js";
import type { DomainEvent } from "../shared/events.js";
import { claimNotifications } from "./claim-notifications.js";
import { messageNotifications } from "./message-notifications.js";
import type { Notification } from "./notification.js";
import { orderNotifications } from "./order-notifications.js";

export * from "./notification.js";
export * from "./vocabulary.js";
export { USE_CASE, type UseCaseName } from "./action-ids.js";
export { orderNotifications } from "./order-notifications.js";
export { claimNotifications, proposalText } from "./claim-notifications.js";
export { messageNotifications } from "./message-notifications.js";
export { reminderNotification, businessDaysLeft, type DeadlineReminder, type ReminderSubjectState } from "./reminder-notifications.js";

/** The states a command left behind, by stream id (undefined when the command did not load it). */
export interface NotificationStates {
  order(orderId: string): OrderState | undefined;
  claim(claimId: string): ClaimState | undefined;
}

function casePartiesOf(e: DomainEvent, states: NotificationStates): CaseParties | undefined {
  if (e.stream.type === "order") {
    const order = states.order(e.stream.id);
    return order && { buyerId: order.buyer.id, supplierId: order.supplier.id };
  }
  if (e.stream.type === "claim") {
    const claim = states.claim(e.stream.id);
    return claim && { buyerId: claim.order.buyer.id, supplierId: claim.order.supplier.id };
  }
  return undefined;
}

export function notificationsOf(events: readonly DomainEvent[], states: NotificationStates): Notification[] {
  return events.flatMap((e): Notification[] => {
    if (e.type === MESSAGE_EVENT.sent) {
      const parties = casePartiesOf(e, states);
      return parties ? messageNotifications(e, parties) : [];
    }
    if (e.stream.type === "order") {
      const order = states.order(e.stream.id);
      return order ? orderNotifications(e, order) : [];
    }
    if (e.stream.type === "claim") {
      const claim = states.claim(e.stream.id);
      return claim ? claimNotifications(e, claim) : [];
    }
    return [];
  });
}
