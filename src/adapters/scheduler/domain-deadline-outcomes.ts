/**
 * CL-10: the DeadlinePassed use case of each subject type, as commands for the sweeper. An order
 * deadline (claim window, ORD-04/CL-05/CL-06) may complete the order and release the supplier's
 * frozen amount; a claim deadline (CL-07…CL-10, DT-01…DT-08) may touch its order and the ledger —
 * so each loads the order's or claim's ledger too. The system is the actor.
 */
import { deadlinePassed as claimDeadlinePassed } from "../../domain/claims/use-cases/deadline-passed.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import { ledgerStream, type LedgerState } from "../../domain/ledger/ledger.js";
import { orderStream } from "../../domain/orders/order-events.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import { orderDeadlinePassed } from "../../domain/orders/use-cases/order-deadline-passed.js";
import { SYSTEM, type CommandContext, type StreamRef } from "../../domain/shared/events.js";
import type { Instant } from "../../domain/shared/time.js";
import { escalationPolicyStream, type EscalationPolicy } from "../../domain/paging/escalation-policy.js";
import { notificationsOf } from "../delivery/notifications.js";
import { pagingOutboxOf } from "../paging/index.js";
import { claimAggregate, orderAggregate } from "../db/aggregates.js";
import type { AnyAggregateDefinition } from "../db/aggregate-definition.js";
import { loadStream } from "../db/stream-store.js";
import type { Tx } from "../db/transaction.js";
import type { DeadlineOutcomeRegistry } from "./deadline-handlers.js";

const asSystem = (now: Instant): CommandContext => ({ now, actor: SYSTEM });

async function peek<S>(tx: Tx, definition: AnyAggregateDefinition, stream: StreamRef): Promise<S> {
  const { state } = await loadStream(tx, definition, stream, "read");
  if (state === undefined) throw new Error(`deadline fired for ${stream.type}:${stream.id}, which has no events`);
  return state as S;
}

export function domainDeadlineOutcomes(): DeadlineOutcomeRegistry {
  return {
    order: async (deadline, tx) => {
      const order = orderStream(deadline.subjectId);
      const { supplier } = await peek<OrderState>(tx, orderAggregate, order);
      const ledger = ledgerStream(supplier.id);
      return {
        name: "order.deadlinePassed",
        streams: [order, ledger],
        decide: (s, now) =>
          orderDeadlinePassed(
            { order: s.require<OrderState>(order), ledger: s.require<LedgerState>(ledger) },
            { type: "DeadlinePassed", deadlineId: deadline.deadlineId },
            asSystem(now),
          ),
      };
    },
    claim: async (deadline, tx) => {
      const claim = claimStream(deadline.subjectId);
      const snapshot = (await peek<ClaimState>(tx, claimAggregate, claim)).order;
      const order = orderStream(snapshot.orderId);
      const ledger = ledgerStream(snapshot.supplier.id);
      const paging = escalationPolicyStream();
      return {
        name: "claim.deadlinePassed",
        streams: [claim, order, ledger],
        // DT-01: a page this deadline raises is raised under the staff's escalation policy in force.
        reads: [paging],
        decide: (s, now) =>
          claimDeadlinePassed(
            s.require<ClaimState>(claim),
            s.require<OrderState>(order),
            s.require<LedgerState>(ledger),
            { deadlineId: deadline.deadlineId },
            asSystem(now),
            s.get<EscalationPolicy>(paging),
          ),
        // DT-01: a repeat, escalation or re-page reaches staff (console, chat) and PagerDuty like any command's notices.
        notifications: (outcome) => [...notificationsOf(outcome), ...pagingOutboxOf(outcome)],
      };
    },
  };
}
