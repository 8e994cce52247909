/** Every button and form of the engine, by the use case it maps to. */
import { USE_CASE } from "../../app/use-cases.js";
import type { AnyFormHandler } from "./flows.js";
import {
  acceptProposal,
  appealForm,
  appealLostChargebackForm,
  attachEvidenceForm,
  bookInspectionForm,
  consentPartialRefundForm,
  escalate,
  fileClaimForm,
  inspectionReportForm,
  recordRefundForm,
  respondForm,
  viewClaim,
} from "./handlers/claim-handlers.js";
import {
  addStandardInspection,
  cancelOrderForm,
  confirmAmendment,
  confirmAsBuyer,
  confirmAsSupplier,
  confirmReceipt,
  declineAmendment,
  draftTermsForm,
  proposeChangeForm,
  recordDepositForm,
  recordShipmentForm,
  reportChargebackForm,
  requestOrderForm,
  viewOrder,
} from "./handlers/order-handlers.js";
import { showOriginal } from "./handlers/message-handlers.js";
import {
  acknowledge,
  caseFile,
  decideAppealForm,
  decideForm,
  extendDeadlineForm,
  issueLinkCodeForm,
  ledgerForm,
  queue,
  reinstatePartyForm,
  requestEvidenceForm,
  suspendPartyForm,
  takeCase,
} from "./handlers/staff-handlers.js";
import { enrolSupplierForm, setSupplierLimitForm } from "./handlers/enrolment-handlers.js";
import { registerBuyerForm, type UnlinkedForm } from "./handlers/registration-handlers.js";
import { SHOW_ORIGINAL_ACTION } from "./person-text.js";
import type { ActionHandler } from "./turn.js";

/** Buttons that run a command or a query at once. */
export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
  [USE_CASE.viewOrder, viewOrder],
  [USE_CASE.confirmAsBuyer, confirmAsBuyer],
  [USE_CASE.confirmAsSupplier, confirmAsSupplier],
  [USE_CASE.confirmAmendment, confirmAmendment],
  [USE_CASE.declineAmendment, declineAmendment],
  [USE_CASE.addStandardInspection, addStandardInspection],
  [USE_CASE.confirmReceipt, confirmReceipt],
  [USE_CASE.viewClaim, viewClaim],
  [USE_CASE.acceptProposal, acceptProposal],
  [USE_CASE.escalate, escalate],
  [USE_CASE.escalatedCases, queue],
  [USE_CASE.caseSummary, caseFile],
  [USE_CASE.acknowledge, acknowledge],
  [USE_CASE.takeCase, takeCase],
  [SHOW_ORIGINAL_ACTION, showOriginal],
]);

/** Forms: a button with the form's id opens it; a submission with the id runs it. */
export const FORMS: ReadonlyMap<string, AnyFormHandler> = new Map(
  [
    requestOrderForm,
    draftTermsForm,
    proposeChangeForm,
    recordDepositForm,
    recordShipmentForm,
    cancelOrderForm,
    reportChargebackForm,
    fileClaimForm,
    respondForm,
    attachEvidenceForm,
    bookInspectionForm,
    inspectionReportForm,
    recordRefundForm,
    consentPartialRefundForm,
    appealForm,
    appealLostChargebackForm,
    requestEvidenceForm,
    decideForm,
    decideAppealForm,
    extendDeadlineForm,
    suspendPartyForm,
    reinstatePartyForm,
    ledgerForm,
    issueLinkCodeForm,
    enrolSupplierForm,
    setSupplierLimitForm,
  ].map((f) => [f.formId, f]),
);

/** Forms a chat account that is not linked yet may open and submit, besides linking (issue 11). */
export const UNLINKED_FORMS: ReadonlyMap<string, UnlinkedForm> = new Map([registerBuyerForm].map((f) => [f.formId, f]));

/** Buttons the engine answers itself (engine.ts), before looking in ACTIONS and FORMS. */
export const ENGINE_ACTIONS: ReadonlySet<string> = new Set([
  USE_CASE.whatNow,
  USE_CASE.myItems,
  USE_CASE.leaveThread,
  USE_CASE.cancelFlow,
  USE_CASE.enterThread,
  USE_CASE.help,
]);

/** Whether a linked user's press of this button runs something (a notification may only name such ids). */
export function isRegisteredAction(actionId: string): boolean {
  return ENGINE_ACTIONS.has(actionId) || ACTIONS.has(actionId) || FORMS.has(actionId);
}
