/**
 * The one hook the app layer's CommandSpecs call: `notifications: notificationsOf` turns a committed
 * command outcome into outbox rows, one per notification (architecture steps 4–5). Who is told what
 * is decided by the domain (`src/domain/notifications`); this only reads the outcome's states.
 */
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { notificationsOf as domainNotificationsOf, type Notification, type NotificationStates } from "../../domain/notifications/index.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import type { StreamRef } from "../../domain/shared/events.js";
import type { OutboxEntry } from "../db/outbox.js";
import type { CommandOutcome, StreamStates } from "../db/unit-of-work.js";

/** Outbox kind of a domain Notification (payload: the Notification). */
export const NOTIFICATION_OUTBOX_KIND = "notification";

/** The state of a stream the command loaded, or undefined (not loaded, or no events yet). */
function loadedState<S>(states: StreamStates, stream: StreamRef): S | undefined {
  try {
    return states.get<S>(stream);
  } catch {
    return undefined; // the command did not load this stream
  }
}

function notificationStates(states: StreamStates): NotificationStates {
  return {
    order: (id) => loadedState<OrderState>(states, { type: "order", id }),
    claim: (id) => loadedState<ClaimState>(states, { type: "claim", id }),
  };
}

export function outboxEntryOf(notification: Notification): OutboxEntry {
  return {
    kind: NOTIFICATION_OUTBOX_KIND,
    ...("partyId" in notification.recipient ? { recipientPartyId: notification.recipient.partyId } : {}),
    stream: { type: notification.subject.type, id: notification.subject.id },
    payload: notification,
  };
}

/** CommandSpec.notifications: one outbox entry per notification of the outcome's events. */
export function notificationsOf(outcome: CommandOutcome): OutboxEntry[] {
  return domainNotificationsOf(outcome.events, notificationStates(outcome.states)).map(outboxEntryOf);
}
