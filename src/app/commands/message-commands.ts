/**
 * CM-02: a party's free text in a case thread is recorded on the order's or claim's stream, in the
 * sender's language. Translating it for the reader and delivering it to the other party happen after
 * commit, through the outbox (delivery adapter).
 */
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import { sendMessage, type CaseParties, type SendMessageCommand } from "../../domain/messages/message.js";
import { orderStream } from "../../domain/orders/order-events.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import type { StreamRef } from "../../domain/shared/events.js";
import type { CommandSpec, StreamStates } from "../../adapters/db/unit-of-work.js";
import { contextOf, type Actor } from "../actor.js";

export function subjectStream(subject: SendMessageCommand["subject"]): StreamRef {
  return subject.type === "order" ? orderStream(subject.id) : claimStream(subject.id);
}

function partiesOf(s: StreamStates, subject: SendMessageCommand["subject"]): CaseParties {
  if (subject.type === "order") {
    const order = s.require<OrderState>(orderStream(subject.id));
    return { buyerId: order.buyer.id, supplierId: order.supplier.id };
  }
  const claim = s.require<ClaimState>(claimStream(subject.id));
  return { buyerId: claim.order.buyer.id, supplierId: claim.order.supplier.id };
}

export function sendMessageSpec(actor: Actor, command: SendMessageCommand): CommandSpec {
  return {
    name: "message.send",
    streams: [subjectStream(command.subject)],
    decide: (s, now) => sendMessage(partiesOf(s, command.subject), command, contextOf(actor, now)),
  };
}
