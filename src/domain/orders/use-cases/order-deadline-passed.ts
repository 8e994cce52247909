/**
 * CL-10 / CL-05 / CL-06 / ORD-04: the scheduler fires an order deadline. The claim entrance closes
 * (and the order completes if received with no open claim); or, on a shipped order whose buyer never
 * confirmed receipt, the goods are deemed received by the policy's rule (any coverage type, POL-01). A stale or unknown deadline id, or one
 * not yet due, is a no-op.
 */
import { z } from "zod";
import type { LedgerState } from "../../ledger/ledger.js";
import { POLICY_VERSIONS, type PolicyProfile } from "../../policy/policy.js";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { isBefore } from "../../shared/time.js";
import { deadlinesOfOrder } from "../order-deadlines.js";
import { ORDER_EVENT, orderStream, type OrderReceiptConfirmedData } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { withCompletion } from "./complete-if-done.js";

export const orderDeadlinePassedCommand = z.object({
  type: z.literal("DeadlinePassed"),
  deadlineId: idSchema,
});
export type OrderDeadlinePassedCommand = z.input<typeof orderDeadlinePassedCommand>;

export interface OrderDeadlinePassedInput {
  readonly order: OrderState;
  readonly ledger: LedgerState;
  readonly policyVersions?: readonly PolicyProfile[];
}

export function orderDeadlinePassed(input: OrderDeadlinePassedInput, command: OrderDeadlinePassedCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(orderDeadlinePassedCommand, command);
  const { order, ledger } = input;
  const deadline = deadlinesOfOrder(order, input.policyVersions ?? POLICY_VERSIONS).find((d) => d.id === cmd.deadlineId);
  if (!deadline || isBefore(ctx.now, deadline.dueAt)) return [];
  if (deadline.defaultOutcome === "deem-received") {
    // ORD-04 / CL-10: receipt never confirmed; the goods count as received and the receipt window starts.
    const data: OrderReceiptConfirmedData = { deemed: true };
    return withCompletion(order, [event(ORDER_EVENT.receiptConfirmed, orderStream(order.id), ctx, data)], ledger, ctx);
  }
  return withCompletion(order, [event(ORDER_EVENT.claimEntranceClosed, orderStream(order.id), ctx, { deadlineId: deadline.id })], ledger, ctx);
}
