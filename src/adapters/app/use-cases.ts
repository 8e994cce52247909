/**
 * The names of the application's use cases and queries. A chat button or form carries one of these as
 * its actionId / formId, so a click maps straight to a command; `whatCanIDoNow` answers with them.
 */
export const USE_CASE = {
  // general
  whatNow: "common.whatNow",
  myItems: "common.myItems",
  linkAccount: "common.linkAccount",
  leaveThread: "common.leaveThread",
  cancelFlow: "common.cancelFlow",
  // orders
  requestOrder: "order.request",
  viewOrder: "order.view",
  draftTerms: "order.draftTerms",
  proposeChange: "order.proposeChange",
  addStandardInspection: "order.addStandardInspection",
  confirmAsBuyer: "order.confirmAsBuyer",
  confirmAsSupplier: "order.confirmAsSupplier",
  recordDeposit: "order.recordDeposit",
  recordShipment: "order.recordShipment",
  confirmReceipt: "order.confirmReceipt",
  cancelOrder: "order.cancel",
  reportChargeback: "order.reportChargeback",
  // claims
  fileClaim: "claim.file",
  viewClaim: "claim.view",
  respondToClaim: "claim.respond",
  acceptProposal: "claim.accept",
  escalate: "claim.escalate",
  attachEvidence: "claim.attachEvidence",
  bookInspection: "claim.bookInspection",
  inspectionReport: "claim.inspectionReport",
  recordSupplierRefund: "claim.recordRefund",
  consentPartialRefund: "claim.consentPartialRefund",
  appeal: "claim.appeal",
  appealLostChargeback: "claim.appealLostChargeback",
  // staff
  escalatedCases: "staff.queue",
  caseSummary: "staff.case",
  acknowledge: "staff.acknowledge",
  requestEvidence: "staff.requestEvidence",
  decide: "staff.decide",
  decideAppeal: "staff.decideAppeal",
  extendDeadline: "staff.extendDeadline",
  suspendParty: "staff.suspendParty",
  reinstateParty: "staff.reinstateParty",
  supplierLedger: "staff.ledger",
  issueLinkCode: "staff.issueLinkCode",
} as const;
export type UseCaseName = (typeof USE_CASE)[keyof typeof USE_CASE];
