/**
 * The names of the application's use cases and queries — the ids a chat button or form carries as its
 * actionId / formId, so a click maps straight to a command. They live in the pure core because a
 * notification names the button a reader presses (a `NotificationAction`), and that button must be
 * one the conversation engine runs: there is one id for each thing a person can do.
 */
export const USE_CASE = {
  // general
  whatNow: "common.whatNow",
  myItems: "common.myItems",
  linkAccount: "common.linkAccount",
  /** FR-02 / issue 11: a person whose chat account is not linked registers their company as a buyer. */
  registerBuyer: "party.registerBuyer",
  leaveThread: "common.leaveThread",
  /** CM-06: the explicit way into a case thread ("Message the supplier about PO-…"). */
  enterThread: "common.enterThread",
  /** CM-06: the short help with buttons, for what the bot did not understand. */
  help: "common.help",
  cancelFlow: "common.cancelFlow",
  /** CM-01: the original of a machine-translated message. */
  showOriginal: "message.showOriginal",
  // orders
  requestOrder: "order.request",
  viewOrder: "order.view",
  draftTerms: "order.draftTerms",
  proposeChange: "order.proposeChange",
  addStandardInspection: "order.addStandardInspection",
  confirmAsBuyer: "order.confirmAsBuyer",
  confirmAsSupplier: "order.confirmAsSupplier",
  confirmAmendment: "order.confirmAmendment",
  declineAmendment: "order.declineAmendment",
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
  /** DT-01: a staff member takes (assigns to themselves) an escalated case. */
  takeCase: "staff.takeCase",
  requestEvidence: "staff.requestEvidence",
  decide: "staff.decide",
  decideAppeal: "staff.decideAppeal",
  extendDeadline: "staff.extendDeadline",
  suspendParty: "staff.suspendParty",
  reinstateParty: "staff.reinstateParty",
  supplierLedger: "staff.ledger",
  issueLinkCode: "staff.issueLinkCode",
  /** TA-01 */
  enrolSupplier: "staff.enrolSupplier",
  setSupplierLimit: "staff.setSupplierLimit",
} as const;
export type UseCaseName = (typeof USE_CASE)[keyof typeof USE_CASE];
