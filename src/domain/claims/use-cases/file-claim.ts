/**
 * Filing a claim: CL-01 types, CL-02 eligibility, CL-03 exclusions, CL-04 late shipment, CL-05/CL-06
 * windows, FR-02 buyer coverage, TA-04 the frozen amount set aside, TA-07 staff on the buyer's behalf.
 */
import { z } from "zod";
import type { LedgerState } from "../../ledger/ledger.js";
import { holdForClaim } from "../../ledger/ledger.js";
import { claimWindowClosesAt } from "../../orders/order-deadlines.js";
import { ORDER_EVENT, orderStream, type OrderClaimData } from "../../orders/order-events.js";
import type { OrderState, OrderStatus } from "../../orders/order-state.js";
import type { OrderTerms } from "../../orders/terms.js";
import { assertBuyerCovered } from "../../parties/party-commands.js";
import type { PartyState } from "../../parties/party.js";
import type { PolicyRef } from "../../policy/policy.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { isPositive, sum, type Money } from "../../shared/money.js";
import { addDaysToLocalDate, isAtOrAfter, localDateOf } from "../../shared/time.js";
import { CLAIM_EVENT, claimEvent, type ClaimEscalatedData, type ClaimFiledData } from "../claim-events.js";
import { CLAIM_REASONS, type ClaimOrderSnapshot, type ClaimReason, type ClaimType } from "../claim-types.js";

export const fileClaimCommandSchema = z.object({
  claimId: z.string().min(1).max(200),
  reason: z.enum(CLAIM_REASONS),
  description: z.string().trim().min(1).max(4000),
});
export type FileClaimCommand = z.infer<typeof fileClaimCommandSchema>;

/** CL-02: the states in which an order is confirmed and not yet finished. */
const CLAIMABLE_STATUSES: readonly OrderStatus[] = ["confirmed", "deposit-paid", "shipped", "received", "reshipping"];

/** CL-01 / CL-03: the claim type a declared reason opens, or the exclusion that refuses it. */
export function claimTypeForReason(reason: ClaimReason, order: OrderState): ClaimType {
  switch (reason) {
    case "not-shipped-on-time":
      return "late-shipment";
    case "quality-differs-from-requirements":
      return "quality";
    case "damaged-in-freight":
      if (order.shipment?.freightArrangedByBuyer) return refuse("CLAIM_EXCLUDED_BUYER_ARRANGED_FREIGHT", { orderId: order.id });
      return "quality";
    case "reshipped-to-another-address":
      return refuse("CLAIM_EXCLUDED_RESHIPPED", { orderId: order.id });
    case "bought-outside-platform":
      return refuse("CLAIM_EXCLUDED_OUTSIDE_PLATFORM", { orderId: order.id });
    case "other":
      return refuse("CLAIM_EXCLUDED_OTHER_REASON", { orderId: order.id });
  }
}

/** PO-07: only payments made through the platform count. */
export function amountPaidThroughPlatform(order: OrderState, currency: string): Money {
  return sum(
    order.payments.filter((p) => p.throughPlatform).map((p) => p.amount),
    currency,
  );
}

/** TA-07: the buyer files; staff may file on the buyer's behalf only when the supplier is suspended. */
function assertMayFile(order: OrderState, supplier: PartyState, ctx: CommandContext): boolean {
  if (ctx.actor.kind === "staff") {
    if (!supplier.suspended) refuse("CLAIM_ON_BEHALF_SUPPLIER_NOT_SUSPENDED", { supplierId: supplier.id });
    return true;
  }
  if (ctx.actor.kind !== "buyer" || ctx.actor.partyId !== order.buyer.id) refuse("CLAIM_NOT_ELIGIBLE_NOT_BUYER", { orderId: order.id });
  return false;
}

function confirmedOrder(order: OrderState): { terms: OrderTerms; policy: PolicyRef; version: number } {
  const { confirmedTerms: terms, policy, confirmedVersion: version } = order;
  // CL-05 / CL-06: an order completed after its claim entrance closed says so, not "not confirmed".
  if (order.status === "completed" && order.claimWindowClosed) refuse("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED", { orderId: order.id });
  if (!CLAIMABLE_STATUSES.includes(order.status) || !terms || !policy || version === undefined) {
    return refuse("CLAIM_NOT_ELIGIBLE_ORDER_NOT_CONFIRMED", { orderId: order.id, status: order.status });
  }
  return { terms, policy, version };
}

/** CL-04: from the day after the agreed shipping date (buyer's calendar), while nothing is shipped. */
function assertLateShipmentClaimable(order: OrderState, terms: OrderTerms, ctx: CommandContext): void {
  if (order.shipment) refuse("CLAIM_LATE_SHIPMENT_ALREADY_SHIPPED", { orderId: order.id, shippedOn: order.shipment.shippedOn });
  const today = localDateOf(ctx.now, order.buyer.calendar.timeZone);
  if (today <= terms.shippingDate) {
    refuse("CLAIM_LATE_SHIPMENT_TOO_EARLY", { orderId: order.id, availableFrom: addDaysToLocalDate(terms.shippingDate, 1) });
  }
}

/** CL-05 / CL-06: the claim entrance of the order (computed by the orders module) is still open. */
function assertWindowOpen(order: OrderState, ctx: CommandContext): void {
  if (order.claimWindowClosed) refuse("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED", { orderId: order.id });
  const closesAt = claimWindowClosesAt(order);
  if (closesAt !== undefined && isAtOrAfter(ctx.now, closesAt)) refuse("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED", { orderId: order.id, closedAt: closesAt });
}

export function fileClaim(
  order: OrderState,
  buyer: PartyState,
  supplier: PartyState,
  ledger: LedgerState,
  command: FileClaimCommand,
  ctx: CommandContext,
): DomainEvent[] {
  const cmd = parseCommand(fileClaimCommandSchema, command);
  const onBehalfOfBuyer = assertMayFile(order, supplier, ctx);
  if (buyer.id !== order.buyer.id || supplier.id !== order.supplier.id) refuse("CLAIM_PARTY_MISMATCH", { orderId: order.id });
  assertBuyerCovered(buyer); // FR-02
  const { terms, policy, version } = confirmedOrder(order);
  if (order.chargebackFiledAt) refuse("CLAIM_NOT_ELIGIBLE_CHARGEBACK_IN_PROGRESS", { orderId: order.id }); // CL-02 / CL-12
  if (order.openClaimId) refuse("CLAIM_EXCLUDED_DUPLICATE", { orderId: order.id, openClaimId: order.openClaimId }); // CL-03
  if (order.claimIds.includes(cmd.claimId)) refuse("CLAIM_ID_ALREADY_USED", { claimId: cmd.claimId });
  const type = claimTypeForReason(cmd.reason, order);
  if (!isPositive(terms.protectedAmount)) refuse("CLAIM_NOT_ELIGIBLE_NOT_COVERED", { orderId: order.id });
  if (type === "quality" && !terms.qualityAssured) refuse("CLAIM_NOT_ELIGIBLE_QUALITY_NOT_ASSURED", { orderId: order.id });
  const amountPaid = amountPaidThroughPlatform(order, terms.currency);
  if (!isPositive(amountPaid)) refuse("CLAIM_NOT_ELIGIBLE_NOT_PAID_THROUGH_PLATFORM", { orderId: order.id }); // PO-07
  assertWindowOpen(order, ctx);
  if (type === "late-shipment") assertLateShipmentClaimable(order, terms, ctx);

  const snapshot: ClaimOrderSnapshot = {
    orderId: order.id,
    orderVersion: version,
    buyer: order.buyer,
    supplier: order.supplier,
    policy,
    coverageType: terms.coverageType,
    protectedAmount: terms.protectedAmount,
    amountPaid,
    paymentMethod: terms.paymentMethod,
    shippingDate: terms.shippingDate,
  };
  const filed: ClaimFiledData = { claimId: cmd.claimId, type, reason: cmd.reason, description: cmd.description, order: snapshot, onBehalfOfBuyer };
  const opened: OrderClaimData = { claimId: cmd.claimId };
  const events: DomainEvent[] = [
    claimEvent(CLAIM_EVENT.filed, cmd.claimId, ctx, filed),
    event(ORDER_EVENT.claimOpened, orderStream(order.id), ctx, opened),
    ...holdForClaim(ledger, { orderId: order.id, claimId: cmd.claimId }, ctx), // TA-04
  ];
  if (onBehalfOfBuyer) {
    // TA-07: the supplier is suspended and cannot negotiate; staff decide straight away.
    const escalated: ClaimEscalatedData = { escalation: { at: ctx.now, by: "staff", reason: "supplier-suspended" } };
    events.push(claimEvent(CLAIM_EVENT.escalated, cmd.claimId, ctx, escalated));
  }
  return events;
}
