/**
 * CM-01 / CM-05: a party's message in a case thread reaches the counterparty (a staff member's
 * reaches both parties) on every channel they have linked; the delivery adapter translates it into
 * each reader's language.
 */
import { MESSAGE_EVENT, type CaseMessage, type CaseParties } from "../messages/message.js";
import type { DomainEvent } from "../shared/events.js";
import { text, toParty, type Notification } from "./notification.js";

export function messageNotifications(e: DomainEvent, parties: CaseParties): Notification[] {
  if (e.type !== MESSAGE_EVENT.sent) return [];
  const { message } = e.data as { message: CaseMessage };
  const readers = [parties.buyerId, parties.supplierId].filter((partyId) => partyId !== message.sender.partyId);
  const ref = message.subject.type === "order" ? { orderId: message.subject.id } : { claimId: message.subject.id };
  return readers.map((partyId) => ({
    recipient: toParty(partyId),
    subject: message.subject,
    text: text(`common:notify.messageFrom.${message.sender.kind}`, ref),
    personMessage: {
      messageId: message.messageId,
      senderPartyId: message.sender.partyId,
      senderKind: message.sender.kind,
      text: message.originalText,
      language: message.originalLanguage,
      sentAt: message.sentAt,
    },
  }));
}
