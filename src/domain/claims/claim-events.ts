/** The event types of the `claim` stream and their data (CL-01…CL-14, DT-01…DT-08). */
import type { NegotiatingParty } from "../orders/order-state.js";
import { event, type CommandContext, type DomainEvent, type StreamRef } from "../shared/events.js";
import type { Money } from "../shared/money.js";
import type { Instant } from "../shared/time.js";
import type {
  Agreement,
  AppealDecision,
  ClaimOrderSnapshot,
  ClaimReason,
  ClaimType,
  CloseReason,
  Decision,
  Escalation,
  EvidenceRequest,
  Inspection,
  NegotiationRound,
  RefundDue,
  RefundPaid,
  ReturnExemption,
} from "./claim-types.js";
import type { EvidenceFile } from "./evidence.js";
import type { AckSource, Page, PageRound } from "../paging/page.js";

export const CLAIM_EVENT = {
  filed: "ClaimFiled",
  responseMade: "ClaimResponseMade",
  proposalAccepted: "ClaimProposalAccepted",
  supplierResponseOverdue: "ClaimSupplierResponseOverdue",
  negotiationPeriodEnded: "ClaimNegotiationPeriodEnded",
  escalated: "ClaimEscalated",
  determinationOverdue: "ClaimDeterminationOverdue",
  evidenceAttached: "ClaimEvidenceAttached",
  evidenceRequested: "ClaimEvidenceRequested",
  evidenceRequestFulfilled: "ClaimEvidenceRequestFulfilled",
  evidenceRequestLapsed: "ClaimEvidenceRequestLapsed",
  paused: "ClaimPaused",
  resumed: "ClaimResumed",
  inspectionBooked: "ClaimInspectionBooked",
  inspectionReported: "ClaimInspectionReported",
  windowExtended: "ClaimWindowExtended",
  partialRefundConsented: "ClaimPartialRefundConsented",
  decided: "ClaimDecided",
  returnRequired: "ClaimReturnRequired",
  returnConfirmed: "ClaimReturnConfirmed",
  returnWaived: "ClaimReturnWaived",
  refundDue: "ClaimRefundDue",
  refunded: "ClaimRefunded",
  appealed: "ClaimAppealed",
  appealDecided: "ClaimAppealDecided",
  appealWindowClosed: "ClaimAppealWindowClosed",
  closed: "ClaimClosed",
  pageRaised: "PageRaised",
  pageRepeated: "PageRepeated",
  pageEscalated: "PageEscalated",
  pageAcknowledged: "PageAcknowledged",
  pageRepaged: "PageRepaged",
} as const;
export type ClaimEventType = (typeof CLAIM_EVENT)[keyof typeof CLAIM_EVENT];

export function claimStream(claimId: string): StreamRef {
  return { type: "claim", id: claimId };
}

export function claimEvent<D>(type: ClaimEventType, claimId: string, ctx: CommandContext, data: D): DomainEvent<ClaimEventType, D> {
  return event(type, claimStream(claimId), ctx, data);
}

export interface ClaimFiledData {
  readonly claimId: string;
  readonly type: ClaimType;
  readonly reason: ClaimReason;
  readonly description: string;
  readonly order: ClaimOrderSnapshot;
  /** TA-07: staff filed it on the buyer's behalf (the supplier is suspended). */
  readonly onBehalfOfBuyer: boolean;
}
export interface ClaimResponseMadeData {
  readonly round: NegotiationRound;
}
export interface ClaimProposalAcceptedData {
  readonly agreement: Agreement;
}
export interface ClaimEscalatedData {
  readonly escalation: Escalation;
}
export interface ClaimEvidenceAttachedData {
  readonly file: EvidenceFile;
}
export interface ClaimEvidenceRequestedData {
  readonly request: EvidenceRequest;
}
export interface ClaimEvidenceRequestData {
  readonly requestId: string;
}
export interface ClaimPausedData {
  readonly reason: "inspection-booked" | "evidence-requested";
}
/** CL-14: the pause ended — the awaited evidence or report came, or staff resumed by hand (with a reason). */
export interface ClaimResumedData {
  readonly reason?: string;
}
export interface ClaimInspectionBookedData {
  readonly inspection: Inspection;
}
export interface ClaimInspectionReportedData {
  readonly sha256: string;
}
/** CL-13: both parties are named, so both are told at the same time, with the new date. */
export interface ClaimWindowExtendedData {
  readonly deadlineKind: string;
  readonly previousDueAt: Instant;
  readonly newDueAt: Instant;
  readonly reason: string;
  readonly staffId: string;
  readonly notify: readonly string[];
}
/** DT-04: the buyer consents to a partial refund up to this amount. */
export interface ClaimPartialRefundConsentedData {
  readonly upTo: Money;
}
export interface ClaimDecidedData {
  readonly decision: Decision;
  /** DT-08: the end of the appeal window (the later of both parties' calendars). */
  readonly appealWindowEndsAt: Instant;
}
export interface ClaimReturnConfirmedData {
  readonly confirmedBy: NegotiatingParty | "staff";
}
export interface ClaimReturnWaivedData {
  readonly exemption: ReturnExemption;
}
export interface ClaimRefundDueData {
  readonly refund: RefundDue;
}
export interface ClaimRefundedData {
  readonly payment: RefundPaid;
}
export interface ClaimAppealedData {
  readonly by: NegotiatingParty;
  readonly reasons: readonly string[];
  readonly lostChargebackEvidence?: string;
}
export interface ClaimAppealDecidedData {
  readonly decision: AppealDecision;
}
export interface ClaimClosedData {
  readonly reason: CloseReason;
}
export interface PageRaisedData {
  readonly page: Page;
}
export interface PageData {
  readonly pageId: string;
  readonly level: number;
  /** How many times staff have been notified of this page so far (raised = 1). */
  readonly notifications: number;
  /** The round the notification belongs to (PagerDuty's dedup unit). */
  readonly round: number;
}
/** A new round of the page: an escalation, the out-of-hours level, or a DT-02 re-page; with its targets. */
export interface PageRoundData extends PageData {
  readonly newRound: PageRound;
}
export interface PageAcknowledgedData {
  readonly pageId: string;
  /** The staff member, or "pagerduty:<who>" for an acknowledgement made in PagerDuty. */
  readonly staffId: string;
  readonly round: number;
  readonly via: AckSource;
  /** PagerDuty's name of who acknowledged there. */
  readonly agent?: string;
}
