/**
 * PO-07 / ORD-02: the deposit is recorded with its method and fee (by the order's policy profile) ("confirmed" → "deposit-paid"), and
 * the supplier is told to start production. A payment outside the platform is recorded but flagged
 * as not covered.
 */
import { z } from "zod";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { isPositive, moneySchema } from "../../shared/money.js";
import { authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState, Payment } from "../order-state.js";
import { confirmedTermsOf } from "../order-versions.js";
import { paymentFee } from "../payment-fees.js";
import { POLICY_VERSIONS, policyFor } from "../../policy/policy.js";
import { PAYMENT_METHODS } from "../terms.js";

export const recordDepositCommand = z.object({
  orderId: idSchema,
  amount: moneySchema,
  method: z.enum(PAYMENT_METHODS),
  /** Required for T/T and Western Union (checked against the method's range); computed otherwise. */
  fee: moneySchema.optional(),
  /** PO-07: paid through the platform to the designated account. */
  throughPlatform: z.boolean(),
  reference: z.string().trim().min(1).max(200),
});
export type RecordDepositCommand = z.input<typeof recordDepositCommand>;

export function recordDeposit(order: OrderState, command: RecordDepositCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(recordDepositCommand, command);
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "record-deposit", ["confirmed"], ["buyer", "system"]);
  const currency = confirmedTermsOf(order, "record-deposit").currency;
  if (cmd.amount.currency !== currency) refuse("ORDER_PAYMENT_CURRENCY_MISMATCH", { expected: currency, given: cmd.amount.currency });
  if (!isPositive(cmd.amount)) refuse("ORDER_PAYMENT_NOT_POSITIVE", { amount: cmd.amount });
  // POL-02: confirmation recorded the policy whose fee schedule applies (PO-07).
  const policy = policyFor(order.policy ?? refuse("ORDER_ILLEGAL_TRANSITION", { from: order.status, action: "record-deposit" }), POLICY_VERSIONS);
  const payment: Payment = {
    kind: "deposit",
    amount: cmd.amount,
    method: cmd.method,
    fee: paymentFee(policy.paymentFees, cmd.method, cmd.amount, cmd.fee),
    throughPlatform: cmd.throughPlatform,
    reference: cmd.reference,
    paidAt: ctx.now,
  };
  const stream = orderStream(order.id);
  return [
    event(ORDER_EVENT.depositRecorded, stream, ctx, { payment, covered: payment.throughPlatform }),
    event(ORDER_EVENT.productionRequested, stream, ctx, { supplierId: order.supplier.id }), // ORD-02
  ];
}
