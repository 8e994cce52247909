/**
 * The Claim aggregate's state and `evolveClaim` (CL-01…CL-14, DT-01…DT-08). A claim snapshots what it
 * needs from its order when filed; every later change arrives as an event of its `claim` stream.
 */
import type { Extension, Pause } from "../deadlines/deadline.js";
import type { ActorRef, DomainEvent } from "../shared/events.js";
import type { Instant } from "../shared/time.js";
import {
  CLAIM_EVENT,
  type ClaimAppealDecidedData,
  type ClaimAppealMoneyCorrectedData,
  type ClaimAppealedData,
  type ClaimClosedData,
  type ClaimDecidedData,
  type ClaimEscalatedData,
  type ClaimEvidenceAttachedData,
  type ClaimEvidenceRequestData,
  type ClaimEvidenceRequestedData,
  type ClaimFiledData,
  type ClaimInspectionBookedData,
  type ClaimInspectionReportedData,
  type ClaimPartialRefundConsentedData,
  type ClaimPausedData,
  type ClaimProposalAcceptedData,
  type ClaimRefundDueData,
  type ClaimRefundedData,
  type ClaimResponseMadeData,
  type ClaimReturnWaivedData,
  type ClaimWindowExtendedData,
} from "./claim-events.js";
import type {
  Agreement,
  Appeal,
  AppealMoneyCorrection,
  ClaimOrderSnapshot,
  ClaimReason,
  ClaimStatus,
  ClaimType,
  CloseReason,
  Decision,
  Escalation,
  EvidenceRequest,
  Inspection,
  NegotiationRound,
  PartialRefundConsent,
  RefundDue,
  RefundPaid,
  ReturnOfGoods,
} from "./claim-types.js";
import type { EvidenceFile } from "./evidence.js";
import { evolvePages, type Page } from "./paging.js";

export interface ClaimState {
  readonly id: string;
  readonly type: ClaimType;
  readonly reason: ClaimReason;
  readonly description: string;
  readonly order: ClaimOrderSnapshot;
  readonly filedAt: Instant;
  readonly filedBy: ActorRef;
  /** TA-07 */
  readonly onBehalfOfBuyer: boolean;
  readonly status: ClaimStatus;
  /** CL-08: every proposal, counter-proposal and rejection, in order. */
  readonly rounds: readonly NegotiationRound[];
  /** CL-07: the supplier's first response (starts the negotiation period). */
  readonly supplierRespondedAt?: Instant;
  /** CL-09: the response window passed without a response (escalation became available). */
  readonly responseOverdueAt?: Instant;
  /** CL-09: the negotiation period passed without agreement. */
  readonly negotiationEndedAt?: Instant;
  readonly agreement?: Agreement;
  readonly escalation?: Escalation;
  /** DT-02: the decision target passed (staff paged again). */
  readonly determinationOverdueAt?: Instant;
  readonly pages: readonly Page[];
  /** CL-14 */
  readonly pauses: readonly Pause[];
  /** CL-13 */
  readonly extensions: readonly Extension[];
  /** CL-11: append-only. */
  readonly evidence: readonly EvidenceFile[];
  readonly evidenceRequests: readonly EvidenceRequest[];
  /** DT-03 */
  readonly inspection?: Inspection;
  /** DT-04: the buyer's latest consent to a partial refund. */
  readonly partialRefundConsent?: PartialRefundConsent;
  /** DT-04 / DT-08 */
  readonly decision?: Decision;
  readonly appealWindowEndsAt?: Instant;
  readonly appealWindowClosed: boolean;
  readonly appeal?: Appeal;
  /** DT-09: the money side of an overturned decision. */
  readonly appealCorrection?: AppealMoneyCorrection;
  /** DT-06 */
  readonly returnOfGoods?: ReturnOfGoods;
  readonly refundDue?: RefundDue;
  readonly refundPaid?: RefundPaid;
  readonly closedAt?: Instant;
  readonly closeReason?: CloseReason;
}

function initialState(e: DomainEvent): ClaimState {
  const d = e.data as ClaimFiledData;
  return {
    id: d.claimId,
    type: d.type,
    reason: d.reason,
    description: d.description,
    order: d.order,
    filedAt: e.at,
    filedBy: e.actor,
    onBehalfOfBuyer: d.onBehalfOfBuyer,
    status: "awaiting-response",
    rounds: [],
    pages: [],
    pauses: [],
    extensions: [],
    evidence: [],
    evidenceRequests: [],
    appealWindowClosed: false,
  };
}

function updateRequest(requests: readonly EvidenceRequest[], requestId: string, change: Partial<EvidenceRequest>): readonly EvidenceRequest[] {
  return requests.map((r) => (r.requestId === requestId ? { ...r, ...change } : r));
}

/** Folds one event of the claim's stream into its state; other streams and types leave it unchanged. */
export function evolveClaim(state: ClaimState | undefined, e: DomainEvent): ClaimState | undefined {
  if (e.stream.type !== "claim") return state;
  if (e.type === CLAIM_EVENT.filed) return initialState(e);
  if (!state || e.stream.id !== state.id) return state;
  switch (e.type) {
    case CLAIM_EVENT.responseMade: {
      const { round } = e.data as ClaimResponseMadeData;
      const supplierRespondedAt = state.supplierRespondedAt ?? (round.by === "supplier" ? e.at : undefined);
      return { ...state, status: "negotiating", rounds: [...state.rounds, round], ...(supplierRespondedAt ? { supplierRespondedAt } : {}) };
    }
    case CLAIM_EVENT.proposalAccepted:
      return { ...state, agreement: (e.data as ClaimProposalAcceptedData).agreement };
    case CLAIM_EVENT.supplierResponseOverdue:
      return { ...state, responseOverdueAt: e.at };
    case CLAIM_EVENT.negotiationPeriodEnded:
      return { ...state, negotiationEndedAt: e.at };
    case CLAIM_EVENT.escalated:
      return { ...state, status: "escalated", escalation: (e.data as ClaimEscalatedData).escalation };
    case CLAIM_EVENT.determinationOverdue:
      return { ...state, determinationOverdueAt: e.at };
    case CLAIM_EVENT.evidenceAttached:
      return { ...state, evidence: [...state.evidence, (e.data as ClaimEvidenceAttachedData).file] };
    case CLAIM_EVENT.evidenceRequested:
      return { ...state, evidenceRequests: [...state.evidenceRequests, (e.data as ClaimEvidenceRequestedData).request] };
    case CLAIM_EVENT.evidenceRequestFulfilled:
      return { ...state, evidenceRequests: updateRequest(state.evidenceRequests, (e.data as ClaimEvidenceRequestData).requestId, { fulfilledAt: e.at }) };
    case CLAIM_EVENT.evidenceRequestLapsed:
      return { ...state, evidenceRequests: updateRequest(state.evidenceRequests, (e.data as ClaimEvidenceRequestData).requestId, { lapsedAt: e.at }) };
    case CLAIM_EVENT.paused:
      return { ...state, pauses: [...state.pauses, { from: e.at, reason: (e.data as ClaimPausedData).reason }] };
    case CLAIM_EVENT.resumed:
      return { ...state, pauses: state.pauses.map((p) => (p.to === undefined ? { ...p, to: e.at } : p)) };
    case CLAIM_EVENT.inspectionBooked:
      return { ...state, inspection: (e.data as ClaimInspectionBookedData).inspection };
    case CLAIM_EVENT.inspectionReported:
      return state.inspection
        ? { ...state, inspection: { ...state.inspection, reportSha256: (e.data as ClaimInspectionReportedData).sha256, reportedAt: e.at } }
        : state;
    case CLAIM_EVENT.windowExtended: {
      const d = e.data as ClaimWindowExtendedData;
      const extension: Extension = { deadlineKind: d.deadlineKind, newDueAt: d.newDueAt, reason: d.reason, staffId: d.staffId, at: e.at };
      return { ...state, extensions: [...state.extensions, extension] };
    }
    case CLAIM_EVENT.partialRefundConsented:
      return { ...state, partialRefundConsent: { upTo: (e.data as ClaimPartialRefundConsentedData).upTo, at: e.at } };
    case CLAIM_EVENT.decided: {
      const d = e.data as ClaimDecidedData;
      return { ...state, status: "settled", decision: d.decision, appealWindowEndsAt: d.appealWindowEndsAt };
    }
    case CLAIM_EVENT.returnRequired:
      return { ...state, status: "awaiting-return", returnOfGoods: { startedAt: e.at } };
    case CLAIM_EVENT.returnConfirmed:
      return { ...state, returnOfGoods: { startedAt: state.returnOfGoods?.startedAt ?? e.at, confirmedAt: e.at } };
    case CLAIM_EVENT.returnWaived:
      return {
        ...state,
        returnOfGoods: { startedAt: state.returnOfGoods?.startedAt ?? e.at, exemption: (e.data as ClaimReturnWaivedData).exemption },
      };
    case CLAIM_EVENT.refundDue:
      return { ...state, status: "refund-due", refundDue: (e.data as ClaimRefundDueData).refund };
    case CLAIM_EVENT.refunded:
      return { ...state, status: "settled", refundPaid: (e.data as ClaimRefundedData).payment };
    case CLAIM_EVENT.appealed: {
      const d = e.data as ClaimAppealedData;
      const appeal: Appeal = {
        by: d.by,
        at: e.at,
        reasons: d.reasons,
        ...(d.lostChargebackEvidence ? { lostChargebackEvidence: d.lostChargebackEvidence } : {}),
      };
      return { ...state, appeal };
    }
    case CLAIM_EVENT.appealDecided:
      return state.appeal ? { ...state, appeal: { ...state.appeal, decision: (e.data as ClaimAppealDecidedData).decision } } : state;
    case CLAIM_EVENT.appealMoneyCorrected: {
      const { correction } = e.data as ClaimAppealMoneyCorrectedData;
      if (correction.kind !== "refund-cancelled") return { ...state, appealCorrection: correction };
      const { refundDue: _cancelled, returnOfGoods: _noReturn, ...rest } = state;
      return { ...rest, status: "settled", appealCorrection: correction };
    }
    case CLAIM_EVENT.appealWindowClosed:
      return { ...state, appealWindowClosed: true };
    case CLAIM_EVENT.closed:
      return { ...state, status: "closed", closedAt: e.at, closeReason: (e.data as ClaimClosedData).reason };
    case CLAIM_EVENT.pageRaised:
    case CLAIM_EVENT.pageRepeated:
    case CLAIM_EVENT.pageEscalated:
    case CLAIM_EVENT.pageAcknowledged:
    case CLAIM_EVENT.pageRepaged:
      return { ...state, pages: evolvePages(state.pages, e) };
    default:
      return state;
  }
}

/** Folds a list of events (e.g. a stream read back, or the output of a use case) into the state. */
export function claimFrom(events: readonly DomainEvent[], state?: ClaimState): ClaimState | undefined {
  return events.reduce<ClaimState | undefined>(evolveClaim, state);
}

/** Applies a use case's events to a claim known to exist. */
export function applyToClaim(state: ClaimState, events: readonly DomainEvent[]): ClaimState {
  return claimFrom(events, state) ?? state;
}

export function isClaimOpen(state: ClaimState): boolean {
  return state.status !== "closed";
}
