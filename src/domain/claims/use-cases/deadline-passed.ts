/**
 * CL-10: the scheduler fires a deadline by id; the claim re-derives its deadlines and applies the
 * default outcome. A stale id (no longer waited on, or not yet due) is a no-op.
 */
import { z } from "zod";
import { deadlineId, type Deadline } from "../../deadlines/deadline.js";
import type { LedgerState } from "../../ledger/ledger.js";
import type { OrderState } from "../../orders/order-state.js";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { isBefore } from "../../shared/time.js";
import { CLAIM_DEADLINE, deadlinesOfClaim, determinationDueAt } from "../claim-deadlines.js";
import { CLAIM_EVENT, claimEvent, type ClaimEvidenceRequestData } from "../claim-events.js";
import { applyToClaim, type ClaimState } from "../claim-state.js";
import { closeClaim, closeIfSettled, type ClaimSurroundings } from "../close-claim.js";
import type { EscalationPolicy } from "../../paging/escalation-policy.js";
import { advancePage, pageOfDeadline, raisePage } from "../paging.js";
import { resumeIfNothingAwaited } from "../third-party-wait.js";
import { escalationEvents } from "./escalate-claim.js";
import { payOutOnSupplierBehalf } from "./refunds.js";
import { returnWaivedEvents } from "./return-goods.js";

export const deadlinePassedCommandSchema = z.object({ deadlineId: z.string().min(1).max(500) });
export type DeadlinePassedCommand = z.infer<typeof deadlinePassedCommandSchema>;

/** CL-10 / CL-14: requested evidence never came — from the buyer, its refund request lapses; from the supplier, the case resumes. */
function evidenceRequestLapsed(claim: ClaimState, surroundings: ClaimSurroundings, deadline: Deadline, ctx: CommandContext): DomainEvent[] {
  const subject = { type: "claim" as const, id: claim.id };
  const request = claim.evidenceRequests.find((_, index) => deadlineId(subject, CLAIM_DEADLINE.evidenceRequest, index) === deadline.id);
  if (!request) return [];
  const data: ClaimEvidenceRequestData = { requestId: request.requestId };
  const lapsed = claimEvent(CLAIM_EVENT.evidenceRequestLapsed, claim.id, ctx, data);
  if (request.from === "buyer") return [lapsed, ...closeClaim(claim, surroundings, "evidence-not-provided", ctx)];
  return [lapsed, ...resumeIfNothingAwaited(applyToClaim(claim, [lapsed]), ctx)];
}

function defaultOutcome(
  claim: ClaimState,
  surroundings: ClaimSurroundings,
  deadline: Deadline,
  ctx: CommandContext,
  paging: EscalationPolicy | undefined,
): DomainEvent[] {
  switch (deadline.kind) {
    case CLAIM_DEADLINE.supplierResponse:
      return [claimEvent(CLAIM_EVENT.supplierResponseOverdue, claim.id, ctx, {})];
    case CLAIM_DEADLINE.negotiation:
      return [claimEvent(CLAIM_EVENT.negotiationPeriodEnded, claim.id, ctx, {})];
    case CLAIM_DEADLINE.autoEscalation:
      return escalationEvents(claim, { at: ctx.now, by: "system", reason: "automatic" }, ctx, paging);
    case CLAIM_DEADLINE.evidenceRequest:
      return evidenceRequestLapsed(claim, surroundings, deadline, ctx);
    case CLAIM_DEADLINE.determinationTarget:
      return [claimEvent(CLAIM_EVENT.determinationOverdue, claim.id, ctx, {}), raisePage(claim, "determination-overdue", ctx, paging)];
    case CLAIM_DEADLINE.returnShipment:
      return returnWaivedEvents(claim, "return-not-arranged-in-time", ctx);
    case CLAIM_DEADLINE.supplierRefund:
      return payOutOnSupplierBehalf(claim, surroundings, ctx);
    case CLAIM_DEADLINE.appealWindow: {
      const closed = claimEvent(CLAIM_EVENT.appealWindowClosed, claim.id, ctx, {});
      return [closed, ...closeIfSettled(applyToClaim(claim, [closed]), surroundings, ctx)];
    }
    case "repeat-page":
    case "escalate-page":
    case "repage-acknowledger": {
      const page = pageOfDeadline(claim, deadline.id, determinationDueAt(claim));
      return page ? advancePage(claim, page, { kind: deadline.kind }, ctx) : [];
    }
    default:
      return [];
  }
}

/** `paging`: the staff team's escalation policy in force (DT-01), for a page this deadline raises; default: the profile's built-in ladder. */
export function deadlinePassed(
  claim: ClaimState,
  order: OrderState,
  ledger: LedgerState,
  command: DeadlinePassedCommand,
  ctx: CommandContext,
  paging?: EscalationPolicy,
): DomainEvent[] {
  const { deadlineId: id } = parseCommand(deadlinePassedCommandSchema, command);
  if (order.id !== claim.order.orderId) refuse("CLAIM_ORDER_MISMATCH", { claimId: claim.id, orderId: order.id });
  const deadline = deadlinesOfClaim(claim).find((d) => d.id === id);
  if (!deadline || isBefore(ctx.now, deadline.dueAt)) return [];
  return defaultOutcome(claim, { order, ledger }, deadline, ctx, paging);
}
