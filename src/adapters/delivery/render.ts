/**
 * A domain Notification as the neutral OutboundMessage every channel renders (CM-03: keys and
 * parameters only; the channel formats them in the reader's language). A party's free text arrives
 * already translated for this reader, as PersonText (CM-01); a machine translation carries the
 * "show original" button first.
 */
import type { OutboundMessage, PersonText } from "../../bots/conversation/messages.js";
import { showOriginalButton } from "../../bots/conversation/person-text.js";
import type { Notification } from "../../domain/notifications/index.js";

export function renderNotification(notification: Notification, personText?: PersonText): OutboundMessage {
  const actions = [...(personText?.machineTranslated ? [showOriginalButton(personText, notification.subject)] : []), ...(notification.actions ?? [])];
  return {
    subject: notification.subject,
    text: notification.text,
    ...(personText ? { personText } : {}),
    ...(notification.facts ? { facts: notification.facts } : {}),
    ...(actions.length > 0 ? { actions } : {}),
    ...(notification.deadline ? { deadline: notification.deadline } : {}),
    ...(notification.tone ? { tone: notification.tone } : {}),
  };
}
