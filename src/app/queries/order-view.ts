/**
 * An order as a party sees it: every version's terms (PO-01/PO-05), the status, the deadlines, and —
 * for the buyer reviewing a complete draft — the confirmation advice (TA-06, PO-03, PO-04, PO-08).
 */
import type { Deadline } from "../../domain/deadlines/deadline.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../domain/ledger/ledger.js";
import { confirmationAdvice, type ConfirmationAdvice } from "../../domain/orders/confirmation-advice.js";
import { deadlinesOfOrder } from "../../domain/orders/order-deadlines.js";
import type { OrderState, OrderVersion } from "../../domain/orders/order-state.js";
import { latestVersion, pendingAmendment } from "../../domain/orders/order-versions.js";
import { add, zero, type Money } from "../../domain/shared/money.js";
import type { Database } from "../../adapters/db/database.js";
import type { Actor } from "../actor.js";
import { readState } from "../read-state.js";
import { loadOrder } from "./load.js";

export interface OrderView {
  readonly order: OrderState;
  readonly latest: OrderVersion;
  readonly versions: readonly OrderVersion[];
  readonly deadlines: readonly Deadline[];
  /** For the buyer while the draft (or an amendment) waits for its confirmation. */
  readonly advice?: ConfirmationAdvice;
  /** PO-05: the amendment version waiting for this viewer's confirmation, reviewed here before confirming. */
  readonly amendmentToAnswer?: OrderVersion;
}

/**
 * PO-05: the pending amendment this viewer has still to confirm — the counterparty of the proposer, or
 * either party of a reship version (both confirm it) that has not confirmed yet.
 */
export function amendmentAwaiting(order: OrderState, viewerPartyId: string): OrderVersion | undefined {
  const amendment = pendingAmendment(order);
  const role = viewerPartyId === order.buyer.id ? "buyer" : viewerPartyId === order.supplier.id ? "supplier" : undefined;
  if (!amendment || !role) return undefined;
  const confirmed = role === "buyer" ? amendment.buyerConfirmedAt : amendment.supplierConfirmedAt;
  if (confirmed !== undefined) return undefined;
  return amendment.proposedBy !== role || amendment.reshipOfClaim !== undefined ? amendment : undefined;
}

export async function orderView(db: Database, viewer: Actor, orderId: string): Promise<OrderView> {
  const order = await loadOrder(db, viewer, orderId);
  const latest = latestVersion(order);
  const amendment = amendmentAwaiting(order, viewer.partyId);
  const view: OrderView = {
    order,
    latest,
    versions: order.versions,
    deadlines: deadlinesOfOrder(order),
    ...(amendment ? { amendmentToAnswer: amendment } : {}),
  };
  // TA-06 / PO-03 / PO-08: the buyer is advised before confirming the first version and any amendment.
  if (viewer.partyId !== order.buyer.id || (order.status !== "awaiting-buyer" && !amendment)) return view;
  const ledger = await readState<LedgerState>(db, ledgerStream(order.supplier.id));
  const available = ledger ? ledgerBalances(ledger).available : zero(latest.terms.currency ?? "USD");
  return { ...view, advice: confirmationAdvice(order, { available: amendment ? withFrozenForOrder(available, order) : available }) };
}

/** TA-03: confirming an amendment freezes nothing new; the order's protected amount is already set aside for it. */
function withFrozenForOrder(available: Money, order: OrderState): Money {
  const frozen = order.confirmedTerms?.protectedAmount;
  return frozen && frozen.currency === available.currency ? add(available, frozen) : available;
}
