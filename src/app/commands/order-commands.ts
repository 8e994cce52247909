/**
 * The order use cases (PO-01…PO-09, ORD-01…ORD-04, TA-03) bound to the store: each builder names the
 * streams the command locks and reads, and calls the pure use case with `{ now, actor }`.
 */
import { emptyLedger, ledgerStream, type LedgerState } from "../../domain/ledger/ledger.js";
import { orderStream } from "../../domain/orders/order-events.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import { latestVersion } from "../../domain/orders/order-versions.js";
import { confirmAmendment, declineAmendment, type AnswerAmendmentCommand } from "../../domain/orders/use-cases/answer-amendment.js";
import { cancelOrder, type CancelOrderCommand } from "../../domain/orders/use-cases/cancel-order.js";
import { confirmAsBuyer, type ConfirmAsBuyerCommand } from "../../domain/orders/use-cases/confirm-as-buyer.js";
import { confirmAsSupplier, type ConfirmAsSupplierCommand } from "../../domain/orders/use-cases/confirm-as-supplier.js";
import { confirmReceipt } from "../../domain/orders/use-cases/confirm-receipt.js";
import { draftTerms, type DraftTermsCommand } from "../../domain/orders/use-cases/draft-terms.js";
import { proposeChange, type ProposeChangeCommand } from "../../domain/orders/use-cases/propose-change.js";
import { recordDeposit, type RecordDepositCommand } from "../../domain/orders/use-cases/record-deposit.js";
import { recordShipment, type RecordShipmentCommand } from "../../domain/orders/use-cases/record-shipment.js";
import { requestOrder, type RequestOrderCommand } from "../../domain/orders/use-cases/request-order.js";
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import { refuse } from "../../domain/shared/errors.js";
import type { CommandSpec, StreamStates } from "../../adapters/db/unit-of-work.js";
import { contextOf, type Actor } from "../actor.js";
import type { OrderRef } from "./refs.js";

const orderOf = (s: StreamStates, orderId: string): OrderState => s.require<OrderState>(orderStream(orderId));

/** The supplier's ledger, or an empty one in the order's currency (nothing frozen yet). */
function ledgerOf(s: StreamStates, order: OrderState): LedgerState {
  const currency = order.confirmedTerms?.currency ?? latestVersion(order).terms.currency ?? "USD";
  return s.get<LedgerState>(ledgerStream(order.supplier.id)) ?? emptyLedger(order.supplier.id, currency);
}

/** PO-01: the buyer requests an order (its id is in the command). */
export function requestOrderSpec(actor: Actor, command: RequestOrderCommand): CommandSpec {
  const order = orderStream(command.orderId);
  return {
    name: "order.request",
    streams: [order],
    reads: [partyStream(actor.partyId), partyStream(command.supplierId)],
    decide: (s, now) =>
      requestOrder(
        {
          existing: s.get<OrderState>(order),
          buyer: s.require<PartyState>(partyStream(actor.partyId)),
          supplier: s.get<PartyState>(partyStream(command.supplierId)) ?? refuse("ORDER_NOT_A_SUPPLIER", { partyId: command.supplierId }),
        },
        command,
        contextOf(actor, now),
      ),
  };
}

/** PO-01: the supplier drafts (or completes) the terms. */
export function draftTermsSpec(actor: Actor, command: DraftTermsCommand): CommandSpec {
  return {
    name: "order.draftTerms",
    streams: [orderStream(command.orderId)],
    decide: (s, now) => draftTerms(orderOf(s, command.orderId), command, contextOf(actor, now)),
  };
}

/** PO-01 / PO-05: either party proposes a change (an amendment once confirmed). */
export function proposeChangeSpec(actor: Actor, command: ProposeChangeCommand): CommandSpec {
  return {
    name: "order.proposeChange",
    streams: [orderStream(command.orderId)],
    decide: (s, now) => proposeChange(orderOf(s, command.orderId), command, contextOf(actor, now)),
  };
}

/** PO-05: the counterparty confirms the pending amendment (the version it saw); it becomes the confirmed terms. */
export function confirmAmendmentSpec(actor: Actor, command: AnswerAmendmentCommand): CommandSpec {
  return {
    name: "order.confirmAmendment",
    streams: [orderStream(command.orderId)],
    decide: (s, now) => confirmAmendment(orderOf(s, command.orderId), command, contextOf(actor, now)),
  };
}

/** PO-05: the counterparty declines the pending amendment; the confirmed terms stay in force. */
export function declineAmendmentSpec(actor: Actor, command: AnswerAmendmentCommand): CommandSpec {
  return {
    name: "order.declineAmendment",
    streams: [orderStream(command.orderId)],
    decide: (s, now) => declineAmendment(orderOf(s, command.orderId), command, contextOf(actor, now)),
  };
}

/** PO-01: the buyer confirms the version it reviewed. */
export function confirmAsBuyerSpec(actor: Actor, command: ConfirmAsBuyerCommand): CommandSpec {
  return {
    name: "order.confirmAsBuyer",
    streams: [orderStream(command.orderId)],
    reads: [partyStream(actor.partyId)],
    decide: (s, now) =>
      confirmAsBuyer({ order: orderOf(s, command.orderId), buyer: s.require<PartyState>(partyStream(actor.partyId)) }, command, contextOf(actor, now)),
  };
}

/** PO-01 / TA-03: the supplier confirms last; the protected amount is frozen on its ledger. */
export function confirmAsSupplierSpec(actor: Actor, command: ConfirmAsSupplierCommand): CommandSpec {
  return {
    name: "order.confirmAsSupplier",
    streams: [orderStream(command.orderId), ledgerStream(actor.partyId)],
    reads: [partyStream(actor.partyId)],
    decide: (s, now) => {
      const order = orderOf(s, command.orderId);
      return confirmAsSupplier(
        // Only the order's own supplier's ledger is loaded: anyone else is refused by the domain (authorize) before it is read.
        {
          order,
          supplier: s.require<PartyState>(partyStream(actor.partyId)),
          ledger: order.supplier.id === actor.partyId ? ledgerOf(s, order) : emptyLedger(order.supplier.id, "USD"),
        },
        command,
        contextOf(actor, now),
      );
    },
  };
}

/** PO-07 / ORD-02: the deposit paid through the platform. */
export function recordDepositSpec(actor: Actor, command: RecordDepositCommand): CommandSpec {
  return {
    name: "order.recordDeposit",
    streams: [orderStream(command.orderId)],
    decide: (s, now) => recordDeposit(orderOf(s, command.orderId), command, contextOf(actor, now)),
  };
}

/** ORD-03: the supplier marks the order shipped. */
export function recordShipmentSpec(actor: Actor, command: RecordShipmentCommand): CommandSpec {
  return {
    name: "order.recordShipment",
    streams: [orderStream(command.orderId)],
    decide: (s, now) => recordShipment(orderOf(s, command.orderId), command, contextOf(actor, now)),
  };
}

/** ORD-04: the buyer confirms receipt (completion may release the frozen amount). */
export function confirmReceiptSpec(actor: Actor, ref: OrderRef): CommandSpec {
  return {
    name: "order.confirmReceipt",
    streams: [orderStream(ref.orderId), ledgerStream(ref.supplierId)],
    decide: (s, now) => {
      const order = orderOf(s, ref.orderId);
      return confirmReceipt({ order, ledger: ledgerOf(s, order) }, { orderId: ref.orderId }, contextOf(actor, now));
    },
  };
}

/** ORD-01 / TA-04: either party cancels before shipping. */
export function cancelOrderSpec(actor: Actor, ref: OrderRef, command: CancelOrderCommand): CommandSpec {
  return {
    name: "order.cancel",
    streams: [orderStream(ref.orderId), ledgerStream(ref.supplierId)],
    decide: (s, now) => {
      const order = orderOf(s, ref.orderId);
      return cancelOrder({ order, ledger: ledgerOf(s, order) }, command, contextOf(actor, now));
    },
  };
}
