/**
 * "What can I do now?": the actions open to a party in the current state of an order or claim, each
 * with the deadline the party faces (CL-10); without a subject, the actions of all its open orders
 * and cases plus what it may always start (a buyer requests an order, staff open the queue).
 */
import { deadlinesOfClaim } from "../../domain/claims/claim-deadlines.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import { escalationAvailableFrom } from "../../domain/claims/use-cases/escalate-claim.js";
import { partyToMove } from "../../domain/claims/use-cases/negotiate.js";
import type { Deadline } from "../../domain/deadlines/deadline.js";
import { claimWindowClosesAt, deadlinesOfOrder } from "../../domain/orders/order-deadlines.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import { latestVersion } from "../../domain/orders/order-versions.js";
import { isAtOrAfter, instantMs, type Instant } from "../../domain/shared/time.js";
import type { Database } from "../../adapters/db/database.js";
import type { Actor } from "../actor.js";
import { readState } from "../read-state.js";
import { USE_CASE, type UseCaseName } from "../use-cases.js";
import { loadClaim, loadOrder } from "./load.js";
import { myOrdersAndCases } from "./my-items.js";
import { amendmentAwaiting } from "./order-view.js";

export interface Subject {
  readonly type: "order" | "claim";
  readonly id: string;
}

export interface OpenAction {
  readonly useCase: UseCaseName;
  readonly subject?: Subject;
  readonly payload: Readonly<Record<string, string | number>>;
  /** The deadline the party faces for this action. */
  readonly deadline?: { readonly dueAt: Instant; readonly kind: string };
}

function earliestFor(deadlines: readonly Deadline[], actor: Actor, role: "buyer" | "supplier" | "staff"): OpenAction["deadline"] {
  const mine = deadlines
    .filter((d) => d.actor === role && (d.actorPartyId === undefined || d.actorPartyId === actor.partyId))
    .sort((a, b) => instantMs(a.dueAt) - instantMs(b.dueAt))[0];
  return mine ? { dueAt: mine.dueAt, kind: mine.kind } : undefined;
}

/** The actions open on an order (PO-01, PO-07, ORD-01…ORD-04, CL-01, CL-12). */
export function orderActions(order: OrderState, actor: Actor, now: Instant): OpenAction[] {
  const role = actor.partyId === order.buyer.id ? "buyer" : actor.partyId === order.supplier.id ? "supplier" : undefined;
  if (!role) return [];
  const subject: Subject = { type: "order", id: order.id };
  const deadline = earliestFor(deadlinesOfOrder(order), actor, role);
  const action = (useCase: UseCaseName, payload: Record<string, string | number> = {}): OpenAction => ({
    useCase,
    subject,
    payload: { orderId: order.id, ...payload },
    ...(deadline ? { deadline } : {}),
  });
  const version = latestVersion(order).number;
  const claimable = !order.openClaimId && !order.claimWindowClosed && !isClosedWindow(order, now);
  const open: OpenAction[] = [];
  const buyer = role === "buyer";
  switch (order.status) {
    case "draft":
      open.push(buyer ? action(USE_CASE.proposeChange) : action(USE_CASE.draftTerms), action(USE_CASE.cancelOrder));
      break;
    case "awaiting-buyer":
      open.push(buyer ? action(USE_CASE.viewOrder) : action(USE_CASE.proposeChange), action(USE_CASE.cancelOrder));
      break;
    case "awaiting-supplier":
      open.push(...(buyer ? [] : [action(USE_CASE.confirmAsSupplier, { version }), action(USE_CASE.proposeChange)]), action(USE_CASE.cancelOrder));
      break;
    case "confirmed":
      open.push(...(buyer ? [action(USE_CASE.recordDeposit)] : []), action(USE_CASE.proposeChange), action(USE_CASE.cancelOrder));
      break;
    case "deposit-paid":
    case "reshipping": // PO-05: a confirmed reship ships again, with the same late-shipment protection (CL-04)
      open.push(...(buyer ? (claimable ? [action(USE_CASE.fileClaim)] : []) : [action(USE_CASE.recordShipment)]));
      break;
    case "shipped":
      if (buyer) open.push(action(USE_CASE.confirmReceipt), ...(claimable ? [action(USE_CASE.fileClaim)] : []));
      break;
    case "received":
      if (buyer && claimable) open.push(action(USE_CASE.fileClaim));
      break;
    default:
      break;
  }
  // PO-05: the counterparty of a pending amendment confirms or declines it.
  const amendment = amendmentAwaiting(order, actor.partyId);
  if (amendment) {
    open.push(action(USE_CASE.confirmAmendment, { version: amendment.number }), action(USE_CASE.declineAmendment, { version: amendment.number }));
  }
  // CL-12: the buyer may report a chargeback filed with its payment provider for a paid order.
  if (buyer && order.payments.length > 0 && !order.chargebackFiledAt && order.status !== "cancelled") open.push(action(USE_CASE.reportChargeback));
  if (order.openClaimId) open.push(viewClaimAction(order.openClaimId));
  // CL-12: after a chargeback the supplier reaches the order's last claim, where it may appeal.
  const lastClaimId = order.claimIds.at(-1);
  if (!buyer && order.chargebackFiledAt && lastClaimId && lastClaimId !== order.openClaimId) open.push(viewClaimAction(lastClaimId));
  return open;
}

function viewClaimAction(claimId: string): OpenAction {
  return { useCase: USE_CASE.viewClaim, subject: { type: "claim", id: claimId }, payload: { claimId } };
}

function isClosedWindow(order: OrderState, now: Instant): boolean {
  const closesAt = claimWindowClosesAt(order);
  return closesAt !== undefined && isAtOrAfter(now, closesAt);
}

/**
 * The actions open on a claim (CL-07…CL-14, DT-01…DT-08). `order` is the claim's order, when the
 * caller has it: a chargeback on it opens the supplier's appeal after a lost chargeback (CL-12).
 */
export function claimActions(claim: ClaimState, actor: Actor, now: Instant, order?: Pick<OrderState, "chargebackFiledAt">): OpenAction[] {
  const role =
    actor.kind === "staff" ? "staff" : actor.partyId === claim.order.buyer.id ? "buyer" : actor.partyId === claim.order.supplier.id ? "supplier" : undefined;
  if (!role) return [];
  const subject: Subject = { type: "claim", id: claim.id };
  const deadline = earliestFor(deadlinesOfClaim(claim), actor, role);
  const action = (useCase: UseCaseName, payload: Record<string, string | number> = {}): OpenAction => ({
    useCase,
    subject,
    payload: { claimId: claim.id, ...payload },
    ...(deadline ? { deadline } : {}),
  });
  if (role === "staff") return staffClaimActions(claim, action);
  const open: OpenAction[] = [];
  switch (claim.status) {
    case "awaiting-response":
    case "negotiating": {
      const last = claim.rounds.at(-1);
      if (partyToMove(claim) === role) {
        if (last && last.response.kind === "proposal") open.push(action(USE_CASE.acceptProposal, { round: last.round }));
        open.push(action(USE_CASE.respondToClaim));
      }
      const escalationFrom = escalationAvailableFrom(claim, role);
      if (escalationFrom && isAtOrAfter(now, escalationFrom)) open.push(action(USE_CASE.escalate));
      open.push(action(USE_CASE.attachEvidence));
      break;
    }
    case "escalated":
      if (role === "buyer" && claim.type === "quality" && !claim.inspection) open.push(action(USE_CASE.bookInspection));
      if (role === "buyer" && claim.inspection && !claim.inspection.reportSha256) open.push(action(USE_CASE.inspectionReport));
      // DT-04: a partial refund for the differences in the report needs the buyer's consent.
      if (role === "buyer" && claim.type === "quality") open.push(action(USE_CASE.consentPartialRefund));
      open.push(action(USE_CASE.attachEvidence));
      break;
    case "refund-due":
      if (role === "supplier") open.push(action(USE_CASE.recordSupplierRefund));
      break;
    case "settled":
      if (claim.decision && !claim.appeal && !claim.appealWindowClosed) open.push(action(USE_CASE.appeal));
      break;
    default:
      break;
  }
  // CL-12: one resolution method — the buyer may report a chargeback, which closes the open claim.
  if (role === "buyer" && claim.status !== "closed") open.push(action(USE_CASE.reportChargeback, { orderId: claim.order.orderId }));
  // CL-12: a supplier who reimbursed and then lost the chargeback may appeal, even after the window.
  if (role === "supplier" && order?.chargebackFiledAt && claim.decision && claim.refundPaid && !claim.appeal) open.push(action(USE_CASE.appealLostChargeback));
  return open;
}

/** Staff on a claim (DT-01…DT-08, CL-10, CL-13, CL-14): every tool that applies, and the case file. */
function staffClaimActions(claim: ClaimState, action: (useCase: UseCaseName, payload?: Record<string, string | number>) => OpenAction): OpenAction[] {
  const open: OpenAction[] = [];
  const page = claim.pages.find((p) => p.acknowledgedAt === undefined);
  if (page) open.push(action(USE_CASE.acknowledge, { pageId: page.pageId }));
  if (claim.status === "escalated") open.push(action(USE_CASE.decide));
  if (claim.status === "refund-due") open.push(action(USE_CASE.recordSupplierRefund));
  if (claim.appeal && !claim.appeal.decision) open.push(action(USE_CASE.decideAppeal));
  if (claim.status !== "closed") {
    open.push(action(USE_CASE.requestEvidence));
    if (deadlinesOfClaim(claim).length > 0) open.push(action(USE_CASE.extendDeadline));
  }
  open.push(action(USE_CASE.caseSummary));
  return open;
}

export async function whatCanIDoNow(db: Database, actor: Actor, now: Instant, subject?: Subject): Promise<OpenAction[]> {
  if (subject?.type === "order") return orderActions(await loadOrder(db, actor, subject.id), actor, now);
  if (subject?.type === "claim") {
    const claim = await loadClaim(db, actor, subject.id);
    return claimActions(claim, actor, now, await loadOrder(db, actor, claim.order.orderId));
  }
  const open: OpenAction[] = [];
  if (actor.kind === "buyer") open.push({ useCase: USE_CASE.requestOrder, payload: {} });
  if (actor.kind === "staff") {
    open.push({ useCase: USE_CASE.escalatedCases, payload: {} });
    // TA-01: staff enrol suppliers and set their limits.
    open.push({ useCase: USE_CASE.enrolSupplier, payload: {} }, { useCase: USE_CASE.setSupplierLimit, payload: {} });
  }
  const { orders, cases } = await myOrdersAndCases(db, actor.partyId);
  for (const row of cases) {
    if (row.status === "closed") continue;
    const claim = await readState<ClaimState>(db, claimStream(row.claimId));
    if (claim) open.push(...claimActions(claim, actor, now));
  }
  for (const row of orders) {
    if (row.status === "completed" || row.status === "cancelled") continue;
    const order = await loadOrder(db, actor, row.orderId);
    // The open claim's own actions are listed above (its chargeback report among them).
    const coveredByClaim = (a: OpenAction): boolean =>
      a.useCase === USE_CASE.viewClaim || (a.useCase === USE_CASE.reportChargeback && order.openClaimId !== undefined);
    open.push(...orderActions(order, actor, now).filter((a) => !coveredByClaim(a)));
  }
  return open.sort((a, b) => (a.deadline ? instantMs(a.deadline.dueAt) : Infinity) - (b.deadline ? instantMs(b.deadline.dueAt) : Infinity));
}
