/**
 * Buyer and supplier claim flows (CL-01…CL-14, DT-03, DT-04, DT-08): open a claim with evidence, answer
 * with a proposal or a reasoned rejection, accept or counter, escalate, upload evidence, book an
 * inspection, consent to a partial refund, report a refund made, appeal (a supplier also after a lost
 * chargeback).
 */
import {
  acceptProposalSpec,
  appealSpec,
  attachEvidenceSpec,
  bookInspectionSpec,
  consentPartialRefundSpec,
  escalateClaimSpec,
  fileClaimSpec,
  proposeSpec,
  recordInspectionReportSpec,
  recordSupplierRefundSpec,
  rejectClaimSpec,
} from "../../../app/commands/claim-commands.js";
import { caseSummary } from "../../../app/queries/case-summary.js";
import { claimRefOf, loadClaim, loadOrder, orderRefOf } from "../../../app/queries/load.js";
import { claimActions } from "../../../app/queries/what-can-i-do-now.js";
import { USE_CASE } from "../../../app/use-cases.js";
import { supplierResponseDueAt } from "../../../domain/claims/claim-deadlines.js";
import type { ClaimState } from "../../../domain/claims/claim-state.js";
import { CLAIM_REASONS, INSPECTION_COMPANIES, rejectionReasonsSchema, type Proposal } from "../../../domain/claims/claim-types.js";
import { recordSupplierRefundCommandSchema } from "../../../domain/claims/use-cases/refunds.js";
import type { ConsentPartialRefundCommand } from "../../../domain/claims/use-cases/consent-partial-refund.js";
import type { EvidenceFileInput } from "../../../domain/claims/evidence.js";
import type { AppealDecisionCommand } from "../../../domain/claims/use-cases/appeal.js";
import type { BookInspectionCommand } from "../../../domain/claims/use-cases/inspection.js";
import { fileClaimCommandSchema, type FileClaimCommand } from "../../../domain/claims/use-cases/file-claim.js";
import type { AnyFormHandler, Payload } from "../flows.js";
import { evidenceCategoryOf, ValueReader, type FieldSpec } from "../forms/form-kit.js";
import { fact, instant, say, t } from "../localized.js";
import type { OutboundMessage, UploadedFile } from "../messages.js";
import { withEnterThread } from "../threads.js";
import type { ActionHandler, Turn } from "../turn.js";
import { actionButton } from "../views.js";

const idOf = (payload: Payload, name: string): string => String(payload[name] ?? "");
const claimSubject = (claimId: string) => ({ type: "claim" as const, id: claimId });

function evidenceOf(files: readonly UploadedFile[]): EvidenceFileInput[] {
  return files.map((f) => ({ sha256: f.sha256, sizeBytes: f.sizeBytes, mediaType: f.mediaType, fileName: f.name, category: evidenceCategoryOf(f) }));
}

async function claimOfPayload(turn: Turn, payload: Payload): Promise<ClaimState> {
  return loadClaim(turn.app.db, turn.actor, idOf(payload, "claimId"));
}

/** CL-01 / CL-11: the buyer opens a claim — what went wrong, a description, evidence files. */
export const fileClaimForm: AnyFormHandler = {
  formId: USE_CASE.fileClaim,
  title: t("claim:openClaim"),
  fields: () =>
    [
      {
        name: "reason",
        label: t("claim:chooseType"),
        type: "select",
        required: true,
        options: CLAIM_REASONS.map((r) => ({ value: r, label: t(`claim:reason.${r}`) })),
      },
      { name: "description", label: t("claim:describeProblem"), type: "textarea", required: true },
      { name: "evidence", label: t("claim:attachEvidence"), type: "file", required: false, multiple: true },
    ] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const reason = r.choice("reason", CLAIM_REASONS);
    const description = r.text("description", true, fileClaimCommandSchema.shape.description.maxLength);
    return r.result(() => ({ reason, description }) as Omit<FileClaimCommand, "claimId">);
  },
  async submit(turn, value: Omit<FileClaimCommand, "claimId">, flow) {
    const order = await loadOrder(turn.app.db, turn.actor, idOf(flow.payload, "orderId"));
    const claimId = turn.app.ids.next("claim");
    const outcome = await turn.run(fileClaimSpec(turn.actor, orderRefOf(order), { ...value, claimId }, evidenceOf(flow.files)));
    const claim = outcome.states.require<ClaimState>({ type: "claim", id: claimId });
    return [
      say(
        "claim:filed",
        { claimId, orderId: order.id, dueAt: instant(supplierResponseDueAt(claim)) },
        {
          tone: "success",
          subject: claimSubject(claimId),
          ...(claim.evidence.length > 0 ? { facts: [fact("claim:flow.evidenceFact", t("claim:evidenceFiles", { count: claim.evidence.length }))] } : {}),
        },
      ),
    ];
  },
};

const RESPONSES = ["full-refund", "partial-refund", "rework-replacement", "reship", "return-and-refund", "reject"] as const;
type ClaimResponseValue = { kind: "proposal"; proposal: Proposal } | { kind: "rejection"; reasons: string[] };

/** CL-07 / CL-08: a proposal, a counter-proposal or (supplier) a rejection with reasons. */
export const respondForm: AnyFormHandler = {
  formId: USE_CASE.respondToClaim,
  title: t("claim:flow.respondTitle"),
  /** A [Reject] button opens the form with the rejection chosen (`response: "reject"` in its payload). */
  initialValues: async (_turn, payload) => {
    const response = payload["response"];
    return typeof response === "string" && (RESPONSES as readonly string[]).includes(response) ? { response } : {};
  },
  async fields(turn, _values, payload) {
    const claim = await claimOfPayload(turn, payload);
    const responses = turn.actor.partyId === claim.order.supplier.id ? RESPONSES : RESPONSES.filter((r) => r !== "reject");
    return [
      {
        name: "response",
        label: t("claim:flow.responseKind"),
        type: "select",
        required: true,
        options: responses.map((r) => ({ value: r, label: t(`claim:flow.response.${r}`) })),
      },
      { name: "amount", label: t("claim:flow.partialAmount"), type: "money", required: false, currency: claim.order.protectedAmount.currency },
      { name: "description", label: t("claim:flow.reworkDescription"), type: "textarea", required: false },
      { name: "newDate", label: t("claim:flow.reshipDate"), type: "date", required: false },
      { name: "reasons", label: t("claim:flow.rejectionReasons"), type: "textarea", required: false, hint: t("claim:flow.oneReasonPerLine") },
    ] satisfies FieldSpec[];
  },
  parse(_turn, values, fields) {
    const r = new ValueReader(values);
    const kind = r.choice("response", RESPONSES);
    const currency = fields.find((f) => f.name === "amount")?.currency;
    const value = ((): ClaimResponseValue | undefined => {
      switch (kind) {
        case "partial-refund": {
          const amount = r.money("amount", currency, true, true);
          return amount === undefined ? undefined : { kind: "proposal", proposal: { kind, amount } };
        }
        case "rework-replacement": {
          const description = r.text("description");
          return description === undefined ? undefined : { kind: "proposal", proposal: { kind, description } };
        }
        case "reship": {
          const newDate = r.date("newDate");
          return newDate === undefined ? undefined : { kind: "proposal", proposal: { kind, newDate } };
        }
        case "reject": {
          const reasons = r.lines("reasons", true, rejectionReasonsSchema.element.maxLength);
          return reasons === undefined ? undefined : { kind: "rejection", reasons };
        }
        case "full-refund":
        case "return-and-refund":
          return { kind: "proposal", proposal: { kind } };
        default:
          return undefined;
      }
    })();
    return r.result(() => value as ClaimResponseValue);
  },
  async submit(turn, value: ClaimResponseValue, flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    const ref = claimRefOf(claim);
    if (value.kind === "rejection") await turn.run(rejectClaimSpec(turn.actor, ref, { reasons: value.reasons }));
    else await turn.run(proposeSpec(turn.actor, ref, { proposal: value.proposal }));
    return [
      say(
        value.kind === "rejection" ? "claim:flow.rejected" : "claim:flow.proposed",
        { claimId: claim.id },
        { tone: "success", subject: claimSubject(claim.id) },
      ),
    ];
  },
};

/** CL-11: either party uploads evidence files to the claim. */
export const attachEvidenceForm: AnyFormHandler = {
  formId: USE_CASE.attachEvidence,
  title: t("claim:attachEvidence"),
  fields: () => [{ name: "evidence", label: t("claim:attachEvidence"), type: "file", required: true, multiple: true }] satisfies FieldSpec[],
  parse: (_turn, _values, _fields, flow) =>
    flow.files.length > 0 ? { ok: true, value: flow.files } : { ok: false, errors: { evidence: t("claim:flow.noFiles") } },
  async submit(turn, files: UploadedFile[], flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    await turn.run(attachEvidenceSpec(turn.actor, claimRefOf(claim), evidenceOf(files)));
    return [say("claim:flow.evidenceAttached", { claimId: claim.id, count: files.length }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** DT-03: the buyer books an inspection with one of the approved companies (fee paid upfront). */
export const bookInspectionForm: AnyFormHandler = {
  formId: USE_CASE.bookInspection,
  title: t("claim:flow.inspectionTitle"),
  async fields(turn, _values, payload) {
    const claim = await claimOfPayload(turn, payload);
    return [
      {
        name: "company",
        label: t("claim:flow.inspectionCompany"),
        type: "select",
        required: true,
        options: INSPECTION_COMPANIES.map((c) => ({ value: c, label: t("common:form.literal", { value: c }) })),
      },
      { name: "fee", label: t("claim:flow.inspectionFee"), type: "money", required: true, currency: claim.order.protectedAmount.currency },
      { name: "bookingReference", label: t("claim:flow.bookingReference"), type: "text", required: true },
    ] satisfies FieldSpec[];
  },
  parse(_turn, values, fields) {
    const r = new ValueReader(values);
    const company = r.choice("company", INSPECTION_COMPANIES);
    const fee = r.money("fee", fields.find((f) => f.name === "fee")?.currency);
    const bookingReference = r.text("bookingReference");
    return r.result(() => ({ company, fee, bookingReference }) as BookInspectionCommand);
  },
  async submit(turn, value: BookInspectionCommand, flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    await turn.run(bookInspectionSpec(turn.actor, claimRefOf(claim), value));
    return [say("claim:flow.inspectionBooked", { claimId: claim.id, company: value.company }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** DT-03: the buyer uploads the inspection company's report; the case resumes (CL-14). */
export const inspectionReportForm: AnyFormHandler = {
  formId: USE_CASE.inspectionReport,
  title: t("claim:flow.inspectionReportTitle"),
  fields: () => [{ name: "report", label: t("claim:flow.inspectionReport"), type: "file", required: true }] satisfies FieldSpec[],
  parse: (_turn, _values, _fields, flow) =>
    flow.files.length === 1 ? { ok: true, value: flow.files[0] } : { ok: false, errors: { report: t("claim:flow.oneReportFile") } },
  async submit(turn, report: UploadedFile, flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    const [file] = evidenceOf([report]);
    if (file) await turn.run(recordInspectionReportSpec(turn.actor, claimRefOf(claim), file));
    return [say("claim:flow.inspectionReported", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** CL-08: the supplier reports the refund it made (payment reference). */
export const recordRefundForm: AnyFormHandler = {
  formId: USE_CASE.recordSupplierRefund,
  title: t("claim:flow.refundTitle"),
  fields: () => [{ name: "reference", label: t("claim:flow.refundReference"), type: "text", required: true }] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const reference = r.text("reference", true, recordSupplierRefundCommandSchema.shape.reference.maxLength);
    return r.result(() => reference as string);
  },
  async submit(turn, reference: string, flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    const amount = claim.refundDue?.amount;
    await turn.run(recordSupplierRefundSpec(turn.actor, claimRefOf(claim), { reference }));
    return [say("claim:refundPaid", { claimId: claim.id, ...(amount ? { amount } : {}) }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** DT-08: a party appeals the decision with its reasons. */
export const appealForm: AnyFormHandler = {
  formId: USE_CASE.appeal,
  title: t("claim:appeal"),
  fields: () =>
    [{ name: "reasons", label: t("claim:flow.appealReasons"), type: "textarea", required: true, hint: t("claim:flow.oneReasonPerLine") }] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const reasons = r.lines("reasons");
    return r.result(() => reasons as string[]);
  },
  async submit(turn, reasons: string[], flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    await turn.run(appealSpec(turn.actor, claimRefOf(claim), { reasons }));
    return [say("claim:flow.appealed", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** CL-12: a supplier who reimbursed and then lost the chargeback appeals, with the provider's record of it. */
export const appealLostChargebackForm: AnyFormHandler = {
  formId: USE_CASE.appealLostChargeback,
  title: t("claim:flow.appealLostChargebackTitle"),
  fields: () =>
    [
      { name: "reasons", label: t("claim:flow.appealReasons"), type: "textarea", required: true, hint: t("claim:flow.oneReasonPerLine") },
      { name: "chargebackRecord", label: t("claim:flow.chargebackRecord"), type: "file", required: true, hint: t("claim:flow.chargebackRecordHint") },
    ] satisfies FieldSpec[],
  parse(_turn, values, _fields, flow) {
    const r = new ValueReader(values);
    const reasons = r.lines("reasons");
    if (flow.files.length !== 1) r.fail("chargebackRecord", "claim:flow.oneChargebackRecord");
    const [record] = evidenceOf(flow.files);
    return r.result(() => ({ reasons, lostChargebackEvidence: record }) as AppealDecisionCommand);
  },
  async submit(turn, command: AppealDecisionCommand, flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    await turn.run(appealSpec(turn.actor, claimRefOf(claim), command));
    return [say("claim:flow.appealed", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** DT-04: the buyer consents to a partial refund up to an amount, so staff may decide one. */
export const consentPartialRefundForm: AnyFormHandler = {
  formId: USE_CASE.consentPartialRefund,
  title: t("claim:flow.consentTitle"),
  async fields(turn, _values, payload) {
    const claim = await claimOfPayload(turn, payload);
    return [
      {
        name: "upTo",
        label: t("claim:flow.consentUpTo"),
        type: "money",
        required: true,
        currency: claim.order.protectedAmount.currency,
        hint: t("claim:flow.consentHint"),
      },
    ] satisfies FieldSpec[];
  },
  parse(_turn, values, fields) {
    const r = new ValueReader(values);
    const upTo = r.money("upTo", fields.find((f) => f.name === "upTo")?.currency, true, true);
    return r.result(() => ({ upTo }) as ConsentPartialRefundCommand);
  },
  errorsOfRefusal: (error) =>
    error.code === "CLAIM_REFUND_EXCEEDS_PROTECTED" || error.code === "CLAIM_CONSENT_AMOUNT_REQUIRED" ? { upTo: t(error.i18nKey, error.params) } : {},
  async submit(turn, command: ConsentPartialRefundCommand, flow) {
    const claim = await claimOfPayload(turn, flow.payload);
    await turn.run(consentPartialRefundSpec(turn.actor, claimRefOf(claim), command));
    return [say("claim:flow.partialRefundConsented", { claimId: claim.id, upTo: command.upTo }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** CL-08: the other party accepts the current proposal. */
export const acceptProposal: ActionHandler = async (turn, payload) => {
  const claim = await claimOfPayload(turn, payload);
  const outcome = await turn.run(acceptProposalSpec(turn.actor, claimRefOf(claim), Number(payload["round"])));
  const after = outcome.states.require<ClaimState>({ type: "claim", id: claim.id });
  const replies: OutboundMessage[] = [say("claim:flow.accepted", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  if (after.refundDue) replies.push(refundDueMessage(after));
  return replies;
};

function refundDueMessage(claim: ClaimState): OutboundMessage {
  const due = claim.refundDue;
  return say("claim:flow.refundDue", { claimId: claim.id, ...(due ? { amount: due.amount } : {}) }, { subject: claimSubject(claim.id) });
}

/** CL-09: a party asks the platform to decide. */
export const escalate: ActionHandler = async (turn, payload) => {
  const claim = await claimOfPayload(turn, payload);
  await turn.run(escalateClaimSpec(turn.actor, claimRefOf(claim)));
  return [say("claim:flow.escalated", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
};

/** A claim as its party sees it: status, the last proposal, evidence count and the open actions, and the way into its thread. */
export const viewClaim: ActionHandler = async (turn, payload) => {
  const summary = await caseSummary(turn.app.db, turn.actor, idOf(payload, "claimId"));
  const { claim } = summary;
  const last = claim.rounds.at(-1);
  const open = claimActions(claim, turn.actor, turn.now(), summary.order);
  const facts = [
    fact("claim:flow.typeFact", t(`claim:type.${claim.type}`)),
    fact("order:flow.statusFact", t(`claim:status.${claim.status}`)),
    ...(last
      ? [
          fact(
            `claim:flow.lastMoveBy.${last.by}`,
            last.response.kind === "proposal" ? t(`claim:flow.response.${last.response.proposal.kind}`) : t("claim:flow.response.reject"),
          ),
        ]
      : []),
    fact("claim:flow.evidenceFact", t("claim:evidenceFiles", { count: summary.evidence.length })),
    ...(claim.partialRefundConsent ? [fact("claim:flow.consentFact", claim.partialRefundConsent.upTo)] : []),
  ];
  // CM-06: viewing does not enter the claim's thread; the last button does.
  return withEnterThread(
    [
      { subject: claimSubject(claim.id), text: t("claim:flow.claimHeading", { claimId: claim.id, orderId: claim.order.orderId }), facts },
      ...(open.length > 0 ? [{ subject: claimSubject(claim.id), text: t("common:youCanNow"), actions: open.map(actionButton) }] : []),
    ],
    claimSubject(claim.id),
    turn.actor.kind,
  );
};
