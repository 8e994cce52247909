/**
 * ORD-03: the supplier records the shipment — date, carrier, tracking number and, when available,
 * customs export data — and the shipping date is checked against the agreed date ("daysLate").
 */
import { z } from "zod";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { daysBetween, localDateOf, type LocalDate } from "../../shared/time.js";
import { min, percentOf, type Money } from "../../shared/money.js";
import { POLICY_VERSIONS, policyFor, type PolicyProfile } from "../../policy/policy.js";
import { authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { LateDeliveryCompensation, OrderState, Shipment } from "../order-state.js";
import { confirmedTermsOf } from "../order-versions.js";
import { localDateSchema } from "../terms.js";

export const recordShipmentCommand = z.object({
  orderId: idSchema,
  shippedOn: localDateSchema,
  carrier: z.string().trim().min(1).max(100),
  trackingNumber: z.string().trim().min(1).max(100),
  customsExport: z.object({ declarationNumber: z.string().trim().min(1).max(100), exportedOn: localDateSchema }).optional(),
  /** CL-03: freight arranged by the buyer. */
  freightArrangedByBuyer: z.boolean().default(false),
});
export type RecordShipmentCommand = z.input<typeof recordShipmentCommand>;

export function recordShipment(order: OrderState, command: RecordShipmentCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(recordShipmentCommand, command);
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "record-shipment", ["deposit-paid", "reshipping"], ["supplier"]); // PO-05: "reshipping" ships again
  assertNotInFuture(cmd.shippedOn, localDateOf(ctx.now, order.supplier.calendar.timeZone));
  const terms = confirmedTermsOf(order, "record-shipment");
  const agreed = terms.shippingDate;
  const daysLate = daysBetween(agreed, cmd.shippedOn);
  const compensation = order.policy && daysLate > 0 ? lateDeliveryCompensation(terms.total, policyFor(order.policy, POLICY_VERSIONS)) : undefined;
  const shipment: Shipment = {
    shippedOn: cmd.shippedOn,
    recordedAt: ctx.now,
    carrier: cmd.carrier,
    trackingNumber: cmd.trackingNumber,
    ...(cmd.customsExport ? { customsExport: cmd.customsExport } : {}),
    daysLate,
    freightArrangedByBuyer: cmd.freightArrangedByBuyer,
    ...(compensation ? { lateDeliveryCompensation: compensation } : {}),
  };
  return [event(ORDER_EVENT.shipped, orderStream(order.id), ctx, { shipment })];
}

/** A reported date cannot lie after today in the reporting party's calendar. */
export function assertNotInFuture(date: LocalDate, today: LocalDate): void {
  if (date > today) refuse("ORDER_DATE_IN_FUTURE", { date, today });
}

/** POL-01 (express): the late-delivery compensation of an order of `total`, or undefined under a profile without one. */
export function lateDeliveryCompensation(total: Money, policy: PolicyProfile): LateDeliveryCompensation | undefined {
  const rule = policy.lateDeliveryCompensation;
  if (!rule) return undefined;
  const share = percentOf(total, rule.basisPoints);
  const sameCurrency = share.currency === rule.cap.currency;
  const amount = sameCurrency ? min(share, rule.cap) : share;
  return {
    amount,
    basisPoints: rule.basisPoints,
    cap: rule.cap,
    capApplied: sameCurrency && amount.amountMinor < share.amountMinor,
    needsStaffReview: !sameCurrency,
  };
}
