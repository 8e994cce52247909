/**
 * Who is told what when a claim changes (CL-07…CL-13, DT-01…DT-08). Deadlines a recipient faces are
 * read from the claim's state after the change, so an extension or a pause is already applied.
 */
import {
  appealWindowEndsAt,
  determinationDueAt,
  evidenceRequestDueAt,
  negotiationEndsAt,
  supplierRefundDueAt,
  supplierResponseDueAt,
} from "../claims/claim-deadlines.js";
import {
  CLAIM_EVENT,
  type ClaimAppealDecidedData,
  type ClaimAppealMoneyCorrectedData,
  type ClaimAppealedData,
  type ClaimClosedData,
  type ClaimDecidedData,
  type ClaimEscalatedData,
  type ClaimEvidenceRequestData,
  type ClaimEvidenceRequestedData,
  type ClaimProposalAcceptedData,
  type ClaimRefundDueData,
  type ClaimRefundedData,
  type ClaimResponseMadeData,
  type ClaimReturnWaivedData,
  type ClaimWindowExtendedData,
  type PageData,
  type PageRaisedData,
} from "../claims/claim-events.js";
import type { ClaimState } from "../claims/claim-state.js";
import { currentRound } from "../paging/page.js";
import type { AppealMoneyCorrection, Proposal } from "../claims/claim-types.js";
import type { NegotiatingParty } from "../orders/order-state.js";
import type { ActorRef, DomainEvent } from "../shared/events.js";
import { isPositive } from "../shared/money.js";
import { USE_CASE } from "./action-ids.js";
import { action, instant, personWords, text, toEach, toParty, toStaff, type Notification, type NotificationSubject } from "./notification.js";
import type { Fact, LocalizedText } from "./vocabulary.js";

type Body = Omit<Notification, "recipient" | "subject">;

/** The language staff reasons are taken to be written in (a staff member's locale is not in the claim). */
const STAFF_LANGUAGE = "en";

export function proposalText(proposal: Proposal): LocalizedText {
  switch (proposal.kind) {
    case "partial-refund":
      return text("claim:proposal.partial-refund", { amount: proposal.amount });
    case "reship":
      return text("claim:proposal.reship", { newDate: { date: proposal.newDate } });
    default:
      return text(`claim:proposal.${proposal.kind}`);
  }
}

/** DT-09: what each kind of appeal correction tells both parties. */
const APPEAL_MONEY_TEXT: Readonly<Record<AppealMoneyCorrection["kind"], string>> = {
  "refund-due": "parties:notify.appealMoney.refundDue",
  "refund-cancelled": "parties:notify.appealMoney.refundCancelled",
  "payout-reversed": "parties:notify.appealMoney.payoutReversed",
  "refund-returned-by-buyer": "parties:notify.appealMoney.refundReturnedByBuyer",
  "needs-staff-review": "parties:notify.appealMoney.needsStaffReview",
};

/**
 * CL-16: a quality claim is decided against the supplier on an inspection report (DT-03). While the
 * platform must decide and none is on file, the buyer is the one who must act: to book an inspection,
 * or to attach the report of the one booked.
 */
export function awaitsInspectionReport(claim: ClaimState): boolean {
  return claim.type === "quality" && claim.status === "escalated" && !claim.inspection?.reportSha256;
}

export function claimNotifications(e: DomainEvent, claim: ClaimState): Notification[] {
  const subject: NotificationSubject = { type: "claim", id: claim.id };
  const claimId = claim.id;
  const orderId = claim.order.orderId;
  const ref = { claimId, orderId };
  const buyerId = claim.order.buyer.id;
  const supplierId = claim.order.supplier.id;
  const partyOf = (role: NegotiatingParty): string => (role === "buyer" ? buyerId : supplierId);
  /** CM-01: the language a party wrote in is its locale; a staff member's is not recorded, so English. */
  const languageOf = (author: NegotiatingParty | ActorRef): string => {
    const role = typeof author === "string" ? author : author.kind;
    return role === "buyer" ? claim.order.buyer.locale : role === "supplier" ? claim.order.supplier.locale : STAFF_LANGUAGE;
  };
  const one = (partyId: string, body: Body): Notification[] => [{ recipient: toParty(partyId), subject, ...body }];
  const both = (body: Body): Notification[] => toEach([toParty(buyerId), toParty(supplierId)], { subject, ...body });
  const staff = (level: number | undefined, body: Body): Notification[] => [{ recipient: toStaff(level), subject, ...body }];
  /** DT-01: a page reaches the staff members its round names, or every staff member when it names none. */
  const paged = (staffIds: readonly string[], level: number, body: Body): Notification[] =>
    staffIds.length === 0 ? staff(level, body) : toEach(staffIds.map(toParty), { subject, ...body });
  const escalateAction = action(USE_CASE.escalate, "claim:escalate", { claimId });
  // CL-08: a counter-proposal is an answer in the respond form.
  const counterAction = action(USE_CASE.respondToClaim, "claim:counter", { claimId });
  const whatNowAction = action(USE_CASE.whatNow, "common:whatCanIDoNow", { claimId });
  const evidenceAction = action(USE_CASE.attachEvidence, "common:action.claim.attachEvidence", { claimId });
  /** CL-16: the buyer is told how to supply the inspection report a decision waits on, by the decision target. */
  const inspectionNeeded = (): Notification[] => {
    if (!awaitsInspectionReport(claim)) return [];
    const dueAt = determinationDueAt(claim);
    const booked = claim.inspection !== undefined;
    return one(buyerId, {
      text: text(booked ? "conversation:notify.inspectionReportNeeded" : "conversation:notify.inspectionNeeded", {
        ...ref,
        ...(dueAt ? { dueAt: instant(dueAt) } : {}),
      }),
      actions: [
        booked
          ? action(USE_CASE.inspectionReport, "conversation:action.attachInspectionReport", { claimId }, "primary")
          : action(USE_CASE.bookInspection, "conversation:action.bookInspection", { claimId }, "primary"),
      ],
      ...(dueAt ? { deadline: { dueAt, label: text("conversation:notify.deadline.inspectionReport") } } : {}),
      tone: "warning",
    });
  };
  /** CL-16: staff on a case that waits on an inspection report may ask the buyer for it. */
  const requestReportAction = awaitsInspectionReport(claim)
    ? [action(USE_CASE.requestEvidence, "conversation:action.requestInspectionReport", { claimId, from: "buyer", about: "inspection-report" })]
    : [];

  switch (e.type) {
    case CLAIM_EVENT.filed: {
      // CL-07: the supplier must respond within the policy window, with a proposal or a reasoned rejection.
      const dueAt = supplierResponseDueAt(claim);
      const toSupplier = one(supplierId, {
        text: text("claim:notify.filed", { ...ref, dueAt: instant(dueAt) }),
        facts: [
          { label: text("claim:notify.fact.type"), value: text(`claim:type.${claim.type}`) },
          { label: text("claim:notify.fact.description"), value: personWords(claim.description, languageOf(e.actor)) },
        ],
        // Both answers are the respond form; [Reject] opens it with the rejection chosen.
        actions: [
          action(USE_CASE.respondToClaim, "claim:notify.action.propose", { claimId }, "primary"),
          action(USE_CASE.respondToClaim, "claim:reject", { claimId, response: "reject" }, "danger"),
        ],
        deadline: { dueAt, label: text("claim:notify.deadline.supplierResponse") },
      });
      // TA-07: staff filed it for the buyer, who is told too.
      return claim.onBehalfOfBuyer ? [...toSupplier, ...one(buyerId, { text: text("claim:filed", { ...ref, dueAt: instant(dueAt) }) })] : toSupplier;
    }
    case CLAIM_EVENT.responseMade: {
      const { round } = e.data as ClaimResponseMadeData;
      const reader = round.by === "buyer" ? "supplier" : "buyer";
      if (round.response.kind === "rejection") {
        return one(partyOf(reader), {
          text: text("claim:notify.rejected", ref),
          facts: [{ label: text("claim:notify.fact.reasons"), value: personWords(round.response.reasons, languageOf(round.by)) }],
          actions: [counterAction, escalateAction],
          tone: "warning",
        });
      }
      // CL-08: the reader accepts or counters each proposal.
      return one(partyOf(reader), {
        text: text("claim:notify.proposalReceived", { ...ref, round: round.round }),
        facts: [{ label: text("claim:notify.fact.proposal"), value: proposalText(round.response.proposal) }],
        actions: [
          action(USE_CASE.acceptProposal, "claim:accept", { claimId, round: round.round }, "primary"),
          counterAction,
          ...(reader === "buyer" ? [escalateAction] : []),
        ],
      });
    }
    case CLAIM_EVENT.proposalAccepted: {
      const { agreement } = e.data as ClaimProposalAcceptedData;
      return both({
        text: text("claim:notify.agreed", ref),
        facts: [{ label: text("claim:notify.fact.proposal"), value: proposalText(agreement.proposal) }],
        tone: "success",
      });
    }
    case CLAIM_EVENT.supplierResponseOverdue: {
      // CL-09 / CL-15: the supplier did not respond in time. Both are told: the buyer may now ask the
      // platform to decide; the supplier's window is closed, though it may still answer until then.
      const dueAt = instant(supplierResponseDueAt(claim));
      return [
        ...one(buyerId, {
          text: text("conversation:notify.responseOverdue.buyer", { ...ref, dueAt }),
          actions: [{ ...escalateAction, style: "primary" }, whatNowAction],
          tone: "warning",
        }),
        ...one(supplierId, {
          text: text("conversation:notify.responseOverdue.supplier", { ...ref, dueAt }),
          actions: [action(USE_CASE.respondToClaim, "claim:notify.action.propose", { claimId }, "primary"), whatNowAction],
          tone: "warning",
        }),
      ];
    }
    case CLAIM_EVENT.negotiationPeriodEnded: {
      // CL-09 / CL-15: no agreement within the period; either party may now ask the platform to decide.
      const endedAt = negotiationEndsAt(claim) ?? e.at;
      return both({
        text: text("conversation:notify.negotiationEnded", { ...ref, endedAt: instant(endedAt) }),
        actions: [{ ...escalateAction, style: "primary" }, whatNowAction],
        tone: "warning",
      });
    }
    case CLAIM_EVENT.escalated: {
      // DT-01/DT-02: both parties are told; staff are paged by the PageRaised that comes with it.
      // CL-15: an automatic escalation (CL-09 express) says it happened by itself, and when.
      const { escalation } = e.data as ClaimEscalatedData;
      const dueAt = determinationDueAt(claim);
      return [
        ...both({
          text:
            escalation.by === "system"
              ? text("conversation:notify.escalatedAutomatically", { ...ref, at: instant(escalation.at) })
              : text("claim:notify.escalated", ref),
          ...(dueAt ? { deadline: { dueAt, label: text("claim:notify.deadline.decisionTarget") } } : {}),
          actions: [evidenceAction],
        }),
        ...inspectionNeeded(),
      ];
    }
    case CLAIM_EVENT.determinationOverdue: {
      // CL-15: the platform's own target passed; both parties are told the decision is late (staff are paged).
      const dueAt = determinationDueAt(claim) ?? e.at;
      return both({ text: text("conversation:notify.decisionLate", { ...ref, dueAt: instant(dueAt) }), actions: [evidenceAction], tone: "warning" });
    }
    case CLAIM_EVENT.evidenceRequestLapsed: {
      // CL-10 / CL-15: evidence asked of the supplier never came; the case goes on without it. (A buyer's
      // lapsed request closes the claim, which ClaimClosed announces to both.)
      const { requestId } = e.data as ClaimEvidenceRequestData;
      const request = claim.evidenceRequests.find((r) => r.requestId === requestId);
      if (!request || request.from !== "supplier") return [];
      const params = { ...ref, dueAt: instant(evidenceRequestDueAt(claim, request)) };
      return [
        ...one(supplierId, { text: text("conversation:notify.evidenceLapsed.supplier", params), actions: [evidenceAction, whatNowAction], tone: "warning" }),
        ...one(buyerId, { text: text("conversation:notify.evidenceLapsed.buyer", params), actions: [whatNowAction] }),
        ...staff(undefined, {
          text: text("conversation:notify.evidenceLapsed.staff", params),
          actions: [action(USE_CASE.caseSummary, "conversation:action.openCaseFile", { claimId })],
        }),
      ];
    }
    case CLAIM_EVENT.inspectionReported: {
      // CL-16: the report a quality decision waits on is in; staff may decide, the supplier sees it is on file.
      const decide =
        claim.status === "escalated"
          ? staff(undefined, {
              text: text("conversation:notify.inspectionReported.staff", ref),
              actions: [action(USE_CASE.decide, "staff:decide", { claimId }, "primary")],
            })
          : [];
      return [...one(supplierId, { text: text("conversation:notify.inspectionReported.supplier", ref), actions: [whatNowAction] }), ...decide];
    }
    case CLAIM_EVENT.returnWaived: {
      // DT-06 / CL-15: no return is required (the refund follows: ClaimRefundDue comes with it).
      const { exemption } = e.data as ClaimReturnWaivedData;
      return both({ text: text(`conversation:notify.returnWaived.${exemption}`, ref) });
    }
    case CLAIM_EVENT.appealWindowClosed: {
      // DT-08 / CL-15: no one appealed in time; the decision is final.
      const closedAt = appealWindowEndsAt(claim) ?? e.at;
      return both({ text: text("conversation:notify.appealWindowClosed", { ...ref, closedAt: instant(closedAt) }) });
    }
    case CLAIM_EVENT.pageRaised: {
      // DT-01: staff on call are paged with a link to the case (the round's staff, or every staff member).
      const { page } = e.data as PageRaisedData;
      return paged(currentRound(page).targets.staffIds, page.level, {
        text: text(`staff:notify.page.${page.reason}`, { ...ref, link: page.link }),
        actions: [action(USE_CASE.acknowledge, "staff:acknowledge", { claimId, pageId: page.pageId }, "primary"), ...requestReportAction],
        tone: "warning",
      });
    }
    case CLAIM_EVENT.pageRepeated:
    case CLAIM_EVENT.pageEscalated:
    case CLAIM_EVENT.pageRepaged: {
      // DT-01: an unacknowledged page is repeated, then escalated to the next level; DT-02: an
      // acknowledged case still undecided near its target pages the acknowledger again.
      const d = e.data as PageData;
      const page = claim.pages.find((p) => p.pageId === d.pageId);
      const round = page ? currentRound(page) : undefined;
      const dueAt = determinationDueAt(claim);
      const body =
        e.type === CLAIM_EVENT.pageRepaged && dueAt
          ? {
              text: text("paging:notify.repage", { ...ref, link: page?.link ?? "", dueAt: instant(dueAt) }),
              deadline: { dueAt, label: text("claim:notify.deadline.decisionTarget") },
            }
          : { text: text("staff:notify.page.unacknowledged", { ...ref, link: page?.link ?? "", level: d.level, times: d.notifications }) };
      return paged(round?.targets.staffIds ?? [], d.level, {
        ...body,
        actions: [action(USE_CASE.acknowledge, "staff:acknowledge", { claimId, pageId: d.pageId }, "primary")],
        tone: "warning",
      });
    }
    case CLAIM_EVENT.evidenceRequested: {
      const { request } = e.data as ClaimEvidenceRequestedData;
      const dueAt = evidenceRequestDueAt(claim, request);
      return one(partyOf(request.from), {
        text: text("claim:notify.evidenceRequested", ref),
        facts: [{ label: text("claim:notify.fact.requested"), value: personWords(request.description, languageOf(e.actor)) }],
        actions: [action(USE_CASE.attachEvidence, "common:action.claim.attachEvidence", { claimId }, "primary")],
        deadline: { dueAt, label: text("claim:notify.deadline.evidence") },
      });
    }
    case CLAIM_EVENT.windowExtended: {
      // CL-13: both parties are told at the same time (one transaction), with the new date.
      const d = e.data as ClaimWindowExtendedData;
      return toEach(d.notify.map(toParty), {
        subject,
        text: text("claim:notify.windowExtended", { ...ref, newDueAt: instant(d.newDueAt) }),
        facts: [
          { label: text("claim:notify.fact.window"), value: text(`claim:notify.window.${d.deadlineKind}`) },
          { label: text("claim:notify.fact.previousDueAt"), value: instant(d.previousDueAt) },
          { label: text("claim:notify.fact.newDueAt"), value: instant(d.newDueAt) },
          { label: text("claim:notify.fact.reason"), value: personWords(d.reason, languageOf(e.actor)) },
        ],
      });
    }
    case CLAIM_EVENT.decided: {
      // DT-08: the decision with its reasons, and the appeal window.
      const { decision } = e.data as ClaimDecidedData;
      const appealBy = appealWindowEndsAt(claim);
      const facts: Fact[] = [
        { label: text("claim:notify.fact.outcome"), value: text(`claim:notify.outcome.${decision.outcome}`) },
        { label: text("claim:notify.fact.reasons"), value: personWords(decision.reasons, languageOf(e.actor)) },
        ...(isPositive(decision.refund) ? [{ label: text("claim:notify.fact.refund"), value: decision.refund }] : []),
      ];
      return both({
        text: text("claim:notify.decided", ref),
        facts,
        actions: [action(USE_CASE.appeal, "claim:appeal", { claimId })],
        ...(appealBy ? { deadline: { dueAt: appealBy, label: text("claim:notify.deadline.appeal") } } : {}),
      });
    }
    case CLAIM_EVENT.refundDue: {
      // CL-08 / DT-04: the supplier's refund has a deadline of its own.
      const { refund } = e.data as ClaimRefundDueData;
      const dueAt = supplierRefundDueAt(claim);
      const deadline = dueAt ? { deadline: { dueAt, label: text("claim:notify.deadline.refund") } } : {};
      return [
        ...one(supplierId, {
          text: text("claim:refundDue", { amount: refund.amount, dueAt: instant(dueAt ?? e.at) }),
          actions: [action(USE_CASE.recordSupplierRefund, "claim:notify.action.reportRefund", { claimId }, "primary")],
          ...deadline,
        }),
        ...one(buyerId, { text: text("claim:notify.refundExpected", { ...ref, amount: refund.amount }), ...deadline }),
      ];
    }
    case CLAIM_EVENT.refunded: {
      const { payment } = e.data as ClaimRefundedData;
      // DT-07: refunds go back the way the buyer paid; the expected arrival is shown.
      const arrival: Fact[] = [
        { label: text("claim:notify.fact.method"), value: text(`order:paymentMethod.${payment.method}`) },
        {
          label: text("claim:notify.fact.expectedArrival"),
          value: text("claim:notify.arrivalWindow", { earliest: instant(payment.expectedArrival.earliest), latest: instant(payment.expectedArrival.latest) }),
        },
      ];
      const stillOwed = isPositive(payment.supplierStillOwesBuyer);
      const toBuyer = one(buyerId, {
        text: text(payment.by === "platform" ? "claim:notify.platformPaid" : "claim:refundPaid", { ...ref, amount: payment.amount }),
        facts: stillOwed ? [...arrival, { label: text("claim:notify.fact.supplierStillOwes"), value: payment.supplierStillOwesBuyer }] : arrival,
        tone: "success",
      });
      const stillOwesBuyer: Fact[] = stillOwed ? [{ label: text("claim:notify.fact.stillOwesBuyer"), value: payment.supplierStillOwesBuyer }] : [];
      if (payment.by !== "platform") {
        // DT-07: the supplier who paid is answered by the engine; when staff record its refund, it is told here.
        if (e.actor.kind === "supplier") return toBuyer;
        return [
          ...toBuyer,
          ...one(supplierId, {
            text: text("conversation:notify.refundRecorded", { ...ref, amount: payment.amount }),
            facts: [...arrival, ...stillOwesBuyer],
            tone: "success",
          }),
        ];
      }
      // DT-05 / CL-15: the platform paid on the supplier's behalf; the supplier owes the platform that sum
      // (TA-05), still owes the buyer the rest of the deposit, and learns how and when the buyer is paid.
      return [
        ...toBuyer,
        ...one(supplierId, {
          text: text("claim:notify.payoutOwed", { ...ref, amount: payment.amount }),
          facts: [{ label: text("conversation:notify.fact.owesPlatform"), value: payment.amount }, ...arrival, ...stillOwesBuyer],
          actions: [whatNowAction],
          tone: "warning",
        }),
      ];
    }
    case CLAIM_EVENT.appealed: {
      const d = e.data as ClaimAppealedData;
      const reasons = { label: text("claim:notify.fact.reasons"), value: personWords(d.reasons, languageOf(d.by)) };
      return [
        ...one(partyOf(d.by === "buyer" ? "supplier" : "buyer"), { text: text("claim:notify.appealed", ref), facts: [reasons] }),
        ...staff(undefined, { text: text("staff:notify.appealed", ref), facts: [reasons] }),
      ];
    }
    case CLAIM_EVENT.appealDecided: {
      const { decision } = e.data as ClaimAppealDecidedData;
      return both({
        text: text(`claim:notify.appeal.${decision.outcome}`, ref),
        facts: [{ label: text("claim:notify.fact.reasons"), value: personWords(decision.reasons, languageOf(e.actor)) }],
      });
    }
    case CLAIM_EVENT.appealMoneyCorrected: {
      // DT-09: both parties are told what the overturned decision moved.
      const { correction } = e.data as ClaimAppealMoneyCorrectedData;
      if (correction.kind === "payout-reversed" && correction.buyerOwesPlatform) {
        // DT-09 / CL-15: the payout reversed by compensating ledger entries — each party is told what
        // moves for it, with the amounts: the buyer what it pays back to the platform; the supplier
        // what it no longer owes, what the platform pays back of its reimbursement, what is frozen again.
        const params = { ...ref, amount: correction.buyerOwesPlatform };
        const returned = correction.reimbursementReturned;
        const refrozen = correction.refrozen;
        return [
          ...one(buyerId, {
            text: text("parties:notify.appealMoney.payoutReversedBuyer", params),
            facts: [{ label: text("parties:notify.fact.buyerPaysBack"), value: correction.buyerOwesPlatform }],
            tone: "warning",
          }),
          ...one(supplierId, {
            text: text("parties:notify.appealMoney.payoutReversedSupplier", params),
            facts: [
              { label: text("parties:notify.fact.noLongerOwed"), value: correction.buyerOwesPlatform },
              ...(returned && isPositive(returned) ? [{ label: text("parties:notify.fact.reimbursementReturned"), value: returned }] : []),
              ...(refrozen && isPositive(refrozen) ? [{ label: text("parties:notify.fact.frozenAgain"), value: refrozen }] : []),
            ],
            tone: "info",
          }),
        ];
      }
      return both({ text: text(APPEAL_MONEY_TEXT[correction.kind], { ...ref, amount: correction.amount }), tone: "warning" });
    }
    case CLAIM_EVENT.closed: {
      const { reason } = e.data as ClaimClosedData;
      // CL-12: a chargeback closes the open claim at once.
      return both({ text: text(`claim:notify.closed.${reason}`, ref), tone: reason === "chargeback" ? "warning" : "info" });
    }
    default:
      return [];
  }
}
