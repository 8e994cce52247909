/**
 * The claim use cases (CL-01…CL-14, DT-01…DT-08) bound to the store. A claim command locks the claim,
 * and — where the use case may close the claim, complete the order or move money — its order and the
 * supplier's ledger too (TA-04, ORD-04).
 */
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import { applyToClaim, claimFrom } from "../../domain/claims/claim-state.js";
import type { EvidenceFileInput } from "../../domain/claims/evidence.js";
import { acknowledgePage, type AcknowledgePageCommand } from "../../domain/claims/paging.js";
import { appealDecision, decideAppeal, type AppealDecisionCommand, type DecideAppealCommand } from "../../domain/claims/use-cases/appeal.js";
import { consentToPartialRefund, type ConsentPartialRefundCommand } from "../../domain/claims/use-cases/consent-partial-refund.js";
import { decideClaim, type DecideClaimCommand } from "../../domain/claims/use-cases/decide-claim.js";
import { escalateClaim } from "../../domain/claims/use-cases/escalate-claim.js";
import { attachEvidence, requestEvidence, type RequestEvidenceCommand } from "../../domain/claims/use-cases/evidence-use-cases.js";
import { extendWindow, type ExtendWindowCommand } from "../../domain/claims/use-cases/extend-window.js";
import { chargebackAfterRefundFlag, fileChargeback, type FileChargebackCommand } from "../../domain/claims/use-cases/file-chargeback.js";
import { fileClaim, type FileClaimCommand } from "../../domain/claims/use-cases/file-claim.js";
import { bookInspection, recordInspectionReport, type BookInspectionCommand } from "../../domain/claims/use-cases/inspection.js";
import { acceptProposal, propose, rejectClaim, type ProposeCommand, type RejectCommand } from "../../domain/claims/use-cases/negotiate.js";
import { recordSupplierRefund, type RecordSupplierRefundCommand } from "../../domain/claims/use-cases/refunds.js";
import type { ClaimSurroundings } from "../../domain/claims/close-claim.js";
import { emptyLedger, ledgerStream, type LedgerState } from "../../domain/ledger/ledger.js";
import { orderStream } from "../../domain/orders/order-events.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import { raiseFraudFlag } from "../../domain/parties/party-commands.js";
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import { SYSTEM, type DomainEvent } from "../../domain/shared/events.js";
import { escalationPolicyStream } from "../../domain/paging/escalation-policy.js";
import { savedEscalationPolicy } from "./paging-commands.js";
import type { CommandSpec, StreamStates } from "../../adapters/db/unit-of-work.js";
import { contextOf, type Actor } from "../actor.js";
import type { ChargebackRef, ClaimRef, OrderRef } from "./refs.js";

const claimOf = (s: StreamStates, ref: ClaimRef): ClaimState => s.require<ClaimState>(claimStream(ref.claimId));

function surroundingsOf(s: StreamStates, ref: ClaimRef): ClaimSurroundings {
  const order = s.require<OrderState>(orderStream(ref.orderId));
  const currency = order.confirmedTerms?.currency ?? "USD";
  return { order, ledger: s.get<LedgerState>(ledgerStream(ref.supplierId)) ?? emptyLedger(ref.supplierId, currency) };
}

/** Streams of a command that may close the claim or move money. */
const withSurroundings = (ref: ClaimRef) => [claimStream(ref.claimId), orderStream(ref.orderId), ledgerStream(ref.supplierId)];

/**
 * CL-01…CL-06 / CL-11 / TA-04: the buyer files a claim on the order, with its evidence files attached
 * in the same transaction (a claim is never recorded without the files the buyer gave).
 */
export function fileClaimSpec(actor: Actor, order: OrderRef, command: FileClaimCommand, evidence: readonly EvidenceFileInput[] = []): CommandSpec {
  const claim = claimStream(command.claimId);
  return {
    name: "claim.file",
    streams: [claim, orderStream(order.orderId), ledgerStream(order.supplierId)],
    reads: [partyStream(order.buyerId), partyStream(order.supplierId)],
    decide: (s, now) => {
      const ctx = contextOf(actor, now);
      const orderState = s.require<OrderState>(orderStream(order.orderId));
      const ledger = s.get<LedgerState>(ledgerStream(order.supplierId)) ?? emptyLedger(order.supplierId, orderState.confirmedTerms?.currency ?? "USD");
      const filed = fileClaim(
        orderState,
        s.require<PartyState>(partyStream(order.buyerId)),
        s.require<PartyState>(partyStream(order.supplierId)),
        ledger,
        command,
        ctx,
      );
      const events: DomainEvent[] = [...filed];
      for (const file of evidence) {
        const state = claimFrom(events.filter((e) => e.stream.type === "claim"));
        if (state) events.push(...attachEvidence(state, { file }, ctx));
      }
      return events;
    },
  };
}

/** CL-11: a party attaches evidence files to the claim. */
export function attachEvidenceSpec(actor: Actor, ref: ClaimRef, files: readonly EvidenceFileInput[]): CommandSpec {
  return {
    name: "claim.attachEvidence",
    streams: [claimStream(ref.claimId)],
    decide: (s, now) => {
      const ctx = contextOf(actor, now);
      const events: DomainEvent[] = [];
      for (const file of files) events.push(...attachEvidence(applyToClaim(claimOf(s, ref), events), { file }, ctx));
      return events;
    },
  };
}

/** CL-07 / CL-08: a proposal or counter-proposal. */
export function proposeSpec(actor: Actor, ref: ClaimRef, command: ProposeCommand): CommandSpec {
  return { name: "claim.propose", streams: [claimStream(ref.claimId)], decide: (s, now) => propose(claimOf(s, ref), command, contextOf(actor, now)) };
}

/** CL-07: the supplier rejects the claim with its reasons. */
export function rejectClaimSpec(actor: Actor, ref: ClaimRef, command: RejectCommand): CommandSpec {
  return { name: "claim.reject", streams: [claimStream(ref.claimId)], decide: (s, now) => rejectClaim(claimOf(s, ref), command, contextOf(actor, now)) };
}

/** CL-08: the other party accepts the current proposal. */
export function acceptProposalSpec(actor: Actor, ref: ClaimRef, round: number): CommandSpec {
  return {
    name: "claim.acceptProposal",
    streams: withSurroundings(ref),
    decide: (s, now) => acceptProposal(claimOf(s, ref), surroundingsOf(s, ref), { round }, contextOf(actor, now)),
  };
}

/** CL-09 / DT-01: a party asks the platform to decide; staff are paged. */
export function escalateClaimSpec(actor: Actor, ref: ClaimRef): CommandSpec {
  return {
    name: "claim.escalate",
    streams: [claimStream(ref.claimId)],
    reads: [escalationPolicyStream()],
    decide: (s, now) => escalateClaim(claimOf(s, ref), {}, contextOf(actor, now), savedEscalationPolicy(s)),
  };
}

/** DT-03: the buyer books an inspection. */
export function bookInspectionSpec(actor: Actor, ref: ClaimRef, command: BookInspectionCommand): CommandSpec {
  return {
    name: "claim.bookInspection",
    streams: [claimStream(ref.claimId)],
    decide: (s, now) => bookInspection(claimOf(s, ref), command, contextOf(actor, now)),
  };
}

/** DT-03 / CL-14: the inspection report is attached (buyer or staff) and the case resumes. */
export function recordInspectionReportSpec(actor: Actor, ref: ClaimRef, file: EvidenceFileInput): CommandSpec {
  return {
    name: "claim.recordInspectionReport",
    streams: [claimStream(ref.claimId)],
    decide: (s, now) => recordInspectionReport(claimOf(s, ref), { file }, contextOf(actor, now)),
  };
}

/** CL-08: the supplier (or staff) records the refund paid; a settled claim may close. */
export function recordSupplierRefundSpec(actor: Actor, ref: ClaimRef, command: RecordSupplierRefundCommand): CommandSpec {
  return {
    name: "claim.recordSupplierRefund",
    streams: withSurroundings(ref),
    decide: (s, now) => recordSupplierRefund(claimOf(s, ref), surroundingsOf(s, ref), command, contextOf(actor, now)),
  };
}

/** DT-04: the buyer consents to a partial refund up to an amount. */
export function consentPartialRefundSpec(actor: Actor, ref: ClaimRef, command: ConsentPartialRefundCommand): CommandSpec {
  return {
    name: "claim.consentPartialRefund",
    streams: [claimStream(ref.claimId)],
    decide: (s, now) => consentToPartialRefund(claimOf(s, ref), command, contextOf(actor, now)),
  };
}

/** DT-08 / CL-12: a party appeals the decision (a supplier after a lost chargeback, with its record). */
export function appealSpec(actor: Actor, ref: ClaimRef, command: AppealDecisionCommand): CommandSpec {
  return { name: "claim.appeal", streams: [claimStream(ref.claimId)], decide: (s, now) => appealDecision(claimOf(s, ref), command, contextOf(actor, now)) };
}

/** DT-01: staff acknowledge the page. */
export function acknowledgePageSpec(actor: Actor, ref: ClaimRef, command: AcknowledgePageCommand): CommandSpec {
  return {
    name: "claim.acknowledgePage",
    streams: [claimStream(ref.claimId)],
    decide: (s, now) => acknowledgePage(claimOf(s, ref), command, contextOf(actor, now)),
  };
}

/** CL-10 / CL-14: staff request evidence from a party. */
export function requestEvidenceSpec(actor: Actor, ref: ClaimRef, command: RequestEvidenceCommand): CommandSpec {
  return {
    name: "claim.requestEvidence",
    streams: [claimStream(ref.claimId)],
    decide: (s, now) => requestEvidence(claimOf(s, ref), command, contextOf(actor, now)),
  };
}

/** DT-02…DT-06 / DT-08: staff decide the escalated claim with reasons and the evidence weighed. */
export function decideClaimSpec(actor: Actor, ref: ClaimRef, command: DecideClaimCommand): CommandSpec {
  return { name: "claim.decide", streams: [claimStream(ref.claimId)], decide: (s, now) => decideClaim(claimOf(s, ref), command, contextOf(actor, now)) };
}

/** CL-13: staff extend a window of the claim. */
export function extendWindowSpec(actor: Actor, ref: ClaimRef, command: ExtendWindowCommand): CommandSpec {
  return { name: "claim.extendWindow", streams: [claimStream(ref.claimId)], decide: (s, now) => extendWindow(claimOf(s, ref), command, contextOf(actor, now)) };
}

/** DT-08: another staff member decides the appeal; a settled claim may close. */
export function decideAppealSpec(actor: Actor, ref: ClaimRef, command: DecideAppealCommand): CommandSpec {
  return {
    name: "claim.decideAppeal",
    streams: withSurroundings(ref),
    decide: (s, now) => decideAppeal(claimOf(s, ref), surroundingsOf(s, ref), command, contextOf(actor, now)),
  };
}

/**
 * CL-12: a chargeback filed for the order closes its open claim. FR-01: when the buyer was already
 * refunded for the order (by the supplier or a platform payout), the system raises the
 * chargeback-after-refund flag on the buyer in the same transaction.
 */
export function fileChargebackSpec(actor: Actor, ref: ChargebackRef, command: FileChargebackCommand): CommandSpec {
  const open = ref.openClaimId;
  const closedClaims = ref.claimIds.filter((id) => id !== open);
  return {
    name: "order.fileChargeback",
    streams: [orderStream(ref.orderId), ledgerStream(ref.supplierId), partyStream(ref.buyerId), ...(open ? [claimStream(open)] : [])],
    reads: closedClaims.map(claimStream),
    decide: (s, now) => {
      const ctx = contextOf(actor, now);
      const order = s.require<OrderState>(orderStream(ref.orderId));
      const claims = ref.claimIds.map((id) => s.get<ClaimState>(claimStream(id))).filter((c) => c !== undefined);
      const openClaim = open ? s.get<ClaimState>(claimStream(open)) : undefined;
      const ledger = s.get<LedgerState>(ledgerStream(ref.supplierId)) ?? emptyLedger(ref.supplierId, order.confirmedTerms?.currency ?? "USD");
      const filed = fileChargeback(order, openClaim, ledger, command, ctx);
      const flag = chargebackAfterRefundFlag(order, claims, ctx);
      const flagged = flag ? raiseFraudFlag(s.require<PartyState>(partyStream(ref.buyerId)), { flag }, { now, actor: SYSTEM }) : [];
      return [...filed, ...flagged];
    },
  };
}
