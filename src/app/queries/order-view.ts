/**
 * An order as a party sees it: every version's terms (PO-01/PO-05), the status, the deadlines, and —
 * for the buyer reviewing a complete draft — the confirmation advice (TA-06, PO-03, PO-04, PO-08).
 */
import type { Deadline } from "../../domain/deadlines/deadline.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../domain/ledger/ledger.js";
import { confirmationAdvice, type ConfirmationAdvice } from "../../domain/orders/confirmation-advice.js";
import { deadlinesOfOrder } from "../../domain/orders/order-deadlines.js";
import type { OrderState, OrderVersion } from "../../domain/orders/order-state.js";
import { latestVersion } from "../../domain/orders/order-versions.js";
import { zero } from "../../domain/shared/money.js";
import type { Database } from "../../adapters/db/database.js";
import type { Actor } from "../actor.js";
import { readState } from "../read-state.js";
import { loadOrder } from "./load.js";

export interface OrderView {
  readonly order: OrderState;
  readonly latest: OrderVersion;
  readonly versions: readonly OrderVersion[];
  readonly deadlines: readonly Deadline[];
  /** For the buyer while the draft waits for its confirmation. */
  readonly advice?: ConfirmationAdvice;
}

export async function orderView(db: Database, viewer: Actor, orderId: string): Promise<OrderView> {
  const order = await loadOrder(db, viewer, orderId);
  const latest = latestVersion(order);
  const view: OrderView = { order, latest, versions: order.versions, deadlines: deadlinesOfOrder(order) };
  if (order.status !== "awaiting-buyer" || viewer.partyId !== order.buyer.id) return view;
  const ledger = await readState<LedgerState>(db, ledgerStream(order.supplier.id));
  const available = ledger ? ledgerBalances(ledger).available : zero(latest.terms.currency ?? "USD");
  return { ...view, advice: confirmationAdvice(order, { available }) };
}
