/**
 * Staff flows (DT-01…DT-08, CL-13, TA-02, TA-07, FR-01, FR-02, CM-05): the escalated cases queue, a
 * case summary whose buttons reach every staff tool, acknowledge, request evidence, decide with
 * reasons, decide an appeal, extend a deadline, suspend or reinstate a party, a supplier's ledger, and
 * issuing a one-time link code.
 */
import { languageDisplayName } from "../i18n/languages.js";
import { acknowledgePageSpec, decideAppealSpec, decideClaimSpec, extendWindowSpec, requestEvidenceSpec } from "../../../app/commands/claim-commands.js";
import { reinstatePartySpec, suspendPartySpec } from "../../../app/commands/party-commands.js";
import { suspensionCommandSchema } from "../../../domain/parties/party-commands.js";
import { caseAssignmentOf, takeCaseSpec } from "../../../app/commands/paging-commands.js";
import { issueLinkCode } from "../../../app/identity/link-codes.js";
import { caseSummary, type CaseSummary } from "../../../app/queries/case-summary.js";
import { claimRefOf, loadClaim } from "../../../app/queries/load.js";
import { escalatedCases, supplierLedger } from "../../../app/queries/staff-queries.js";
import { partiesForStaff, suppliersForStaff, type SupplierChoice } from "../../../app/queries/supplier-directory.js";
import { PARTY_FIELD, PARTY_WORDS, partyField, pickedSupplierOf, SUPPLIER_FIELD, supplierField } from "../forms/supplier-picker.js";
import { claimActions } from "../../../app/queries/what-can-i-do-now.js";
import { USE_CASE } from "../../../app/use-cases.js";
import { CLAIM_DEADLINE } from "../../../domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type ClaimWindowExtendedData } from "../../../domain/claims/claim-events.js";
import { proposalText } from "../../../domain/notifications/claim-notifications.js";
import { DETERMINATION_OUTCOMES } from "../../../domain/claims/claim-types.js";
import type { DecideAppealCommand } from "../../../domain/claims/use-cases/appeal.js";
import { decideClaimCommandSchema, type DecideClaimCommand } from "../../../domain/claims/use-cases/decide-claim.js";
import { requestEvidenceCommandSchema } from "../../../domain/claims/use-cases/evidence-use-cases.js";
import type { ExtendWindowCommand } from "../../../domain/claims/use-cases/extend-window.js";
import type { FraudFlag } from "../../../domain/parties/party.js";
import { refuse } from "../../../domain/shared/errors.js";
import type { AnyFormHandler, Payload } from "../flows.js";
import { ValueReader, type FieldSpec } from "../forms/form-kit.js";
import { button, fact, instant, say, t } from "../localized.js";
import type { Action, Fact, OutboundMessage, PersonText } from "../messages.js";
import { enterThreadButton } from "../threads.js";
import { localeTranslator } from "../intent-vocabulary.js";
import type { ActionHandler, Turn } from "../turn.js";
import { actionButton } from "../views.js";

const idOf = (payload: Payload, name: string): string => String(payload[name] ?? "");
const claimSubject = (claimId: string) => ({ type: "claim" as const, id: claimId });

function assertStaff(turn: Turn, action: string): void {
  if (turn.actor.kind !== "staff") refuse("STAFF_ONLY", { action });
}

/** DT-01 / DT-02: escalated cases, most urgent first, each with its decision target. */
export const queue: ActionHandler = async (turn) => {
  const cases = await escalatedCases(turn.app.db, turn.actor);
  if (cases.length === 0) return [say("staff:queueEmpty")];
  return [
    {
      text: t("staff:casesWaiting", { count: cases.length }),
      facts: cases.map((c) =>
        fact("claim:flow.claimRef", c.deadline ? t("common:dueAt", { dueAt: instant(c.deadline.dueAt) }) : t(`claim:status.${c.claim.status}`), {
          claimId: c.claim.id,
          orderId: c.claim.order.orderId,
        }),
      ),
      actions: cases.map((c) => ({
        ...button(USE_CASE.caseSummary, "staff:flow.openCase", { claimId: c.claim.id }),
        label: t("staff:flow.openCaseNamed", { claimId: c.claim.id }),
      })),
    },
  ];
};

/** CM-02 / CM-04 / CL-11 / PO-05: the case file a decision is made on. */
export const caseFile: ActionHandler = async (turn, payload) => {
  assertStaff(turn, "case-summary");
  const s = await caseSummary(turn.app.db, turn.actor, idOf(payload, "claimId"));
  const subject = claimSubject(s.claim.id);
  const partyFacts = [s.buyer, s.supplier].map((p) =>
    fact(
      `staff:flow.partyFact.${p.role}`,
      [p.displayName, p.contact.company, p.contact.email, p.contact.phone, languageDisplayName(turn.locale, p.locale), p.timeZone].filter(Boolean).join(" · "),
    ),
  );
  const head: OutboundMessage = {
    subject,
    text: t("staff:caseSummary", {
      claimId: s.claim.id,
      orderId: s.claim.order.orderId,
      orderVersion: s.orderVersion.number,
      buyer: s.buyer.displayName,
      supplier: s.supplier.displayName,
    }),
    facts: [
      ...partyFacts,
      fact("claim:flow.typeFact", t(`claim:type.${s.claim.type}`)),
      fact("order:flow.statusFact", t(`claim:status.${s.claim.status}`)),
      fact("staff:flow.contentHashFact", s.orderVersion.contentHash ?? "—"),
      fact("staff:flow.descriptionFact", s.claim.description),
      // CL-08: every negotiation round with its amounts; PO-03/PO-04: the order's quality requirements.
      ...s.claim.rounds.map((r) =>
        fact(
          `conversation:caseFile.roundBy.${r.by}`,
          r.response.kind === "proposal"
            ? proposalText(r.response.proposal)
            : t("conversation:caseFile.rejection", { reasons: r.response.reasons.join(" · ") }),
          { round: r.round, at: instant(r.at) },
        ),
      ),
      ...(s.orderVersion.terms.qualityRequirements ?? []).map((q) =>
        fact(
          "conversation:caseFile.qualityRequirements",
          t("order:flow.requirementValue", { attribute: q.attribute, target: q.target, tolerance: q.tolerance ?? "—", method: q.method }),
        ),
      ),
      ...s.deadlines.map((d) => fact(`common:deadlineKind.${d.kind}`, t("common:dueAt", { dueAt: instant(d.dueAt) }))),
      ...(s.claim.partialRefundConsent ? [fact("claim:flow.consentFact", s.claim.partialRefundConsent.upTo)] : []),
      ...(s.claim.appeal ? [fact(`staff:flow.appealBy.${s.claim.appeal.by}`, s.claim.appeal.reasons.join(" · "))] : []),
      ...shippingFacts(s),
      ...standingFacts(s),
    ],
  };
  const evidence: OutboundMessage = {
    subject,
    text: t("claim:evidenceFiles", { count: s.evidence.length }),
    attachments: s.evidence.map((e) => ({ name: e.fileName, mediaType: e.mediaType, sizeBytes: e.sizeBytes, sha256: e.sha256 })),
    // Issue 16: the category by its name in the reader's language, never the code ("photo", "signed-po").
    facts: s.evidence.map((e) => fact("staff:evidenceWithHash", t(`claim:evidenceCategory.${e.category}`), { name: e.fileName, sha256: e.sha256 })),
  };
  const transcript: OutboundMessage[] = s.transcript.map((m) => {
    const personText: PersonText = {
      messageId: m.messageId,
      senderPartyId: m.sender.partyId,
      senderName: m.sender.partyId === s.buyer.id ? s.buyer.displayName : m.sender.partyId === s.supplier.id ? s.supplier.displayName : m.sender.partyId,
      original: m.originalText,
      originalLanguage: m.originalLanguage,
      shown: m.originalText,
      shownLanguage: m.originalLanguage,
      machineTranslated: false,
    };
    // CM-02: the transcript keeps each message's translations (or their failure) next to the original,
    // each labelled by the language's name in the reader's language (issue 16: never "zh").
    // The original's language comes first, named the same way.
    const facts = [
      fact("common:translation.writtenIn", languageDisplayName(turn.locale, m.originalLanguage)),
      ...m.translations.map((tr) =>
        "text" in tr
          ? fact("conversation:caseFile.translation", tr.text, { language: languageDisplayName(turn.locale, tr.language) })
          : fact("conversation:caseFile.translationFailed", "—", { language: languageDisplayName(turn.locale, tr.language) }),
      ),
    ];
    return { subject, personText, facts };
  });
  const open = [
    ...claimActions(s.claim, turn.actor, turn.now(), s.order)
      .filter((a) => a.useCase !== USE_CASE.caseSummary)
      .map(actionButton),
    ...partyButtons(s),
  ];
  return [
    head,
    evidence,
    ...(transcript.length > 0 ? [say("staff:transcript", undefined, { subject }), ...transcript] : []),
    { subject, text: t("common:youCanNow"), actions: [...open, enterThreadButton(subject, "staff")] },
  ];
};

/** DT-02 / ORD-03: on a late-shipment claim, the agreed date and the shipment with its customs export data. */
function shippingFacts(s: CaseSummary): Fact[] {
  if (s.claim.type !== "late-shipment") return [];
  const e = s.shippingEvidence;
  const shipment = e.shipment;
  return [
    ...(e.agreedShippingDate ? [fact("order:term.shippingDate", { date: e.agreedShippingDate })] : []),
    ...(shipment
      ? [
          fact("order:notify.fact.shippedOn", { date: shipment.shippedOn }),
          fact("parties:staff.evidence.tracking", `${shipment.carrier} · ${shipment.trackingNumber}`),
          fact("parties:staff.evidence.daysLate", shipment.daysLate),
          shipment.customsExport
            ? fact("parties:staff.evidence.customsExport", `${shipment.customsExport.declarationNumber} · ${shipment.customsExport.exportedOn}`)
            : fact("parties:staff.evidence.customsExport", t("parties:staff.evidence.none")),
        ]
      : [fact("parties:staff.evidence.shipment", t("parties:staff.evidence.none"))]),
  ];
}

/** TA-07 / FR-01 / FR-02: each party's suspension and fraud flags, with the evidence of each flag. */
function standingFacts(s: CaseSummary): Fact[] {
  if (!s.standing) return [];
  return [s.buyer, s.supplier].flatMap((p) => {
    const standing = p.role === "buyer" ? s.standing?.buyer : s.standing?.supplier;
    return [
      ...(standing?.suspended ? [fact("staff:flow.suspendedFact", p.displayName)] : []),
      ...(standing?.fraudFlags ?? []).map((f) => fact(`staff:flow.fraudSignal.${f.signal}`, evidenceText(f.evidence), { name: p.displayName })),
    ];
  });
}

/** FR-01: a flag's evidence as it was recorded, `key: value` pairs (ids, amounts, instants). */
function evidenceText(evidence: FraudFlag["evidence"]): string {
  return Object.entries(evidence)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join(" · ");
}

/** TA-02 / TA-07 / FR-02: the party tools, named after the case's parties and prefilled with their ids. */
function partyButtons(s: CaseSummary): Action[] {
  const claimId = s.claim.id;
  const named = (useCase: string, labelKey: string, payload: Record<string, string>, name: string): Action => ({
    ...button(useCase, labelKey, { claimId, ...payload }),
    label: t(labelKey, { name }),
  });
  return [
    ...[s.buyer, s.supplier].map((p) => {
      const suspended = (p.role === "buyer" ? s.standing?.buyer : s.standing?.supplier)?.suspended ?? false;
      return suspended
        ? named(USE_CASE.reinstateParty, "staff:flow.reinstateNamed", { partyId: p.id }, p.displayName)
        : named(USE_CASE.suspendParty, "staff:flow.suspendNamed", { partyId: p.id }, p.displayName);
    }),
    named(USE_CASE.supplierLedger, "staff:flow.ledgerNamed", { supplierId: s.supplier.id }, s.supplier.displayName),
  ];
}

/** DT-01: the staff member acknowledges the page of the case. */
export const acknowledge: ActionHandler = async (turn, payload) => {
  const claim = await loadClaim(turn.app.db, turn.actor, idOf(payload, "claimId"));
  const pageId = String(payload["pageId"] ?? claim.pages.find((p) => p.acknowledgedAt === undefined)?.pageId ?? "");
  // DT-01: where it was acknowledged goes on the timeline (the Slack staff channel, or the console / chat).
  const via = turn.inbound.channel === "slack" ? "slack" : turn.inbound.channel === "webchat" ? "console" : "chat";
  await turn.run(acknowledgePageSpec(turn.actor, claimRefOf(claim), { pageId, via }));
  return [say("staff:acknowledged", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
};

/**
 * DT-01 "Take case": the staff member takes the escalated case (console, chat or the Slack staff
 * channel's button). Taken by someone else → who has it and since when, with an explicit "Take over
 * from …" button (a hand-over at a shift change is normal; it is on the timeline). Taking it again is
 * a no-op that says so.
 */
export const takeCase: ActionHandler = async (turn, payload) => {
  assertStaff(turn, "take-case");
  const claim = await loadClaim(turn.app.db, turn.actor, idOf(payload, "claimId"));
  const via = turn.inbound.channel === "slack" ? "slack" : turn.inbound.channel === "webchat" ? "console" : "chat";
  const takeOver = payload["takeOver"] === true || payload["takeOver"] === "true";
  const current = await caseAssignmentOf(turn.app.db, turn.actor, claim.id);
  const me = turn.actor.partyId;
  const nameOf = async (partyId: string) => (await turn.app.db.prisma.party.findUnique({ where: { id: partyId } }))?.displayName ?? partyId;
  if (current && current.takenBy !== me && !takeOver) {
    const name = await nameOf(current.takenBy);
    return [
      {
        text: t("paging:take.alreadyTaken", { claimId: claim.id, name, at: instant(current.takenAt) }),
        tone: "warning",
        subject: claimSubject(claim.id),
        actions: [{ ...button(USE_CASE.takeCase, "paging:take.takeOver", { claimId: claim.id, takeOver: true }), label: t("paging:take.takeOver", { name }) }],
      },
    ];
  }
  if (current?.takenBy === me) return [say("paging:take.alreadyYours", { claimId: claim.id }, { tone: "info", subject: claimSubject(claim.id) })];
  await turn.run(takeCaseSpec(turn.actor, claim.id, { via, ...(takeOver ? { takeOver: true } : {}) }));
  if (current)
    return [say("paging:take.takenOver", { claimId: claim.id, name: await nameOf(current.takenBy) }, { tone: "success", subject: claimSubject(claim.id) })];
  return [say("paging:take.taken", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
};

/** CL-10 / CL-14: staff ask a party for evidence. */
export const requestEvidenceForm: AnyFormHandler = {
  formId: USE_CASE.requestEvidence,
  title: t("staff:requestEvidence"),
  // CL-16: "Request inspection report" opens this form addressed to the buyer, describing the report
  // (in English: a staff member's words are taken to be English, CM-01, and translated for the buyer).
  initialValues(_turn, payload) {
    if (payload["about"] !== "inspection-report") return Promise.resolve({});
    return Promise.resolve({ from: "buyer", description: localeTranslator().t("en", "conversation:inspection.requestDescription") });
  },
  fields: () =>
    [
      {
        name: "from",
        label: t("staff:flow.evidenceFrom"),
        type: "select",
        required: true,
        options: (["buyer", "supplier"] as const).map((p) => ({ value: p, label: t(`common:party.${p}`) })),
      },
      { name: "description", label: t("staff:flow.evidenceDescription"), type: "textarea", required: true },
    ] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const from = r.choice("from", ["buyer", "supplier"] as const);
    const description = r.text("description", true, requestEvidenceCommandSchema.shape.description.maxLength);
    return r.result(() => ({ from, description }) as { from: "buyer" | "supplier"; description: string });
  },
  async submit(turn, value: { from: "buyer" | "supplier"; description: string }, flow) {
    const claim = await loadClaim(turn.app.db, turn.actor, idOf(flow.payload, "claimId"));
    await turn.run(requestEvidenceSpec(turn.actor, claimRefOf(claim), { requestId: turn.app.ids.next("evidence-request"), ...value }));
    return [say("staff:flow.evidenceRequested", { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** DT-04…DT-08: the decision, with reasons, weighing every piece of evidence on file. */
export const decideForm: AnyFormHandler = {
  formId: USE_CASE.decide,
  title: t("staff:decide"),
  async fields(turn, _values, payload) {
    const claim = await loadClaim(turn.app.db, turn.actor, idOf(payload, "claimId"));
    return [
      {
        name: "outcome",
        label: t("staff:flow.outcome"),
        type: "select",
        required: true,
        options: DETERMINATION_OUTCOMES.map((o) => ({ value: o, label: t(`staff:flow.outcomeName.${o}`) })),
      },
      { name: "reasons", label: t("staff:decisionReasons"), type: "textarea", required: true, hint: t("claim:flow.oneReasonPerLine") },
      {
        name: "partialRefund",
        label: t("staff:flow.partialRefund"),
        type: "money",
        required: false,
        currency: claim.order.protectedAmount.currency,
        // DT-04: the buyer's recorded consent bounds a partial refund.
        hint: claim.partialRefundConsent ? t("staff:flow.buyerConsentedUpTo", { upTo: claim.partialRefundConsent.upTo }) : t("staff:flow.noBuyerConsent"),
      },
      { name: "returnRequired", label: t("staff:flow.returnRequired"), type: "boolean", required: false },
    ] satisfies FieldSpec[];
  },
  async parse(turn, values, fields, flow) {
    const claim = await loadClaim(turn.app.db, turn.actor, idOf(flow.payload, "claimId"));
    const r = new ValueReader(values);
    const outcome = r.choice("outcome", DETERMINATION_OUTCOMES);
    const reasons = r.lines("reasons", true, decideClaimCommandSchema.shape.reasons.element.maxLength);
    const partialRefund = r.money("partialRefund", fields.find((f) => f.name === "partialRefund")?.currency, false, true);
    const returnRequired = r.boolean("returnRequired", false) ?? false;
    return r.result(
      () =>
        ({
          outcome,
          reasons,
          evidenceConsidered: claim.evidence.map((e) => e.sha256),
          returnRequired,
          ...(partialRefund ? { partialRefund } : {}),
        }) as DecideClaimCommand,
    );
  },
  async submit(turn, command: DecideClaimCommand, flow) {
    const claim = await loadClaim(turn.app.db, turn.actor, idOf(flow.payload, "claimId"));
    await turn.run(decideClaimSpec(turn.actor, claimRefOf(claim), command));
    return [say(`staff:flow.decided.${command.outcome}`, { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

const DEADLINE_KINDS = Object.values(CLAIM_DEADLINE);

/** CL-13: staff move a window of the claim to a new date (end of that day, in the calendar of the party who must act). */
export const extendDeadlineForm: AnyFormHandler = {
  formId: USE_CASE.extendDeadline,
  title: t("staff:extendDeadline"),
  fields: () =>
    [
      {
        name: "deadlineKind",
        label: t("staff:flow.deadlineKind"),
        type: "select",
        required: true,
        options: DEADLINE_KINDS.map((k) => ({ value: k, label: t(`common:deadlineKind.${k}`) })),
      },
      { name: "newDueDate", label: t("staff:flow.newDueDate"), type: "date", required: true },
      { name: "reason", label: t("staff:flow.extensionReason"), type: "textarea", required: true },
    ] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const deadlineKind = r.choice("deadlineKind", DEADLINE_KINDS);
    const newDate = r.date("newDueDate");
    const reason = r.text("reason");
    return r.result(() => ({ deadlineKind, newDate, reason }) as ExtendWindowCommand);
  },
  async submit(turn, command: ExtendWindowCommand, flow) {
    const claim = await loadClaim(turn.app.db, turn.actor, idOf(flow.payload, "claimId"));
    const outcome = await turn.run(extendWindowSpec(turn.actor, claimRefOf(claim), command));
    const extended = outcome.events.find((e) => e.type === CLAIM_EVENT.windowExtended)?.data as ClaimWindowExtendedData | undefined;
    if (!extended) throw new Error(`extending ${command.deadlineKind} of claim ${claim.id} recorded no extension`);
    return [say("staff:deadlineExtended", { dueAt: instant(extended.newDueAt) }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** A form opened from a case file's button comes prefilled with the party it names. */
const prefilled =
  (name: string) =>
  async (_turn: Turn, payload: Payload): Promise<Record<string, string>> =>
    typeof payload[name] === "string" ? { [name]: payload[name] } : {};

interface PartyStandingChange {
  readonly partyId: string;
  /** Issue 16: the party as staff named it, for the answer (never the id). */
  readonly displayName: string;
  readonly reason: string;
}

function partyStandingForm(
  formId: string,
  title: string,
  reasonLabel: string,
  run: (turn: Turn, change: PartyStandingChange) => Promise<OutboundMessage[]>,
): AnyFormHandler {
  return {
    formId,
    title: t(title),
    // Issue 16: the party is chosen by name (the supplier picker, for any party), never typed as an id.
    // FR-02: only staff change a party's standing; the party list is never shown to anyone else.
    fields: async (turn, values) => {
      assertStaff(turn, formId);
      return [
        partyField(await partiesForStaff(turn.app.db), values[PARTY_FIELD]),
        { name: "reason", label: t(reasonLabel), type: "textarea", required: true },
      ] satisfies FieldSpec[];
    },
    initialValues: prefilled(PARTY_FIELD),
    async parse(turn, values) {
      assertStaff(turn, formId);
      const picked = pickedSupplierOf(await partiesForStaff(turn.app.db), values[PARTY_FIELD], PARTY_WORDS);
      const r = new ValueReader(values);
      if (!picked.ok) r.fail(PARTY_FIELD, picked.error.key, picked.error.params);
      const reason = r.text("reason", true, suspensionCommandSchema.shape.reason.maxLength);
      return r.result(
        () => (picked.ok ? { partyId: picked.supplier.partyId, displayName: picked.supplier.displayName, reason } : undefined) as PartyStandingChange,
      );
    },
    submit: (turn, change: PartyStandingChange) => run(turn, change),
  };
}

/** TA-07 / FR-02: staff suspend a party, with a reason. */
export const suspendPartyForm = partyStandingForm(
  USE_CASE.suspendParty,
  "staff:suspendParty",
  "staff:flow.suspensionReason",
  async (turn, { partyId, displayName, reason }) => {
    await turn.run(suspendPartySpec(turn.actor, partyId, { reason }));
    return [say("staff:partySuspended", { partyId: displayName }, { tone: "success" })];
  },
);

/** TA-07 / FR-02: staff reinstate a suspended party, with a reason. */
export const reinstatePartyForm = partyStandingForm(
  USE_CASE.reinstateParty,
  "staff:reinstateParty",
  "staff:flow.reinstatementReason",
  async (turn, { partyId, displayName, reason }) => {
    await turn.run(reinstatePartySpec(turn.actor, partyId, { reason }));
    return [say("staff:partyReinstated", { partyId: displayName }, { tone: "success" })];
  },
);

const APPEAL_OUTCOMES = ["upheld", "overturned"] as const;

/** DT-08: a staff member other than the one who decided decides the appeal, with reasons. */
export const decideAppealForm: AnyFormHandler = {
  formId: USE_CASE.decideAppeal,
  title: t("staff:decideAppeal"),
  fields: () =>
    [
      {
        name: "outcome",
        label: t("staff:flow.appealOutcome"),
        type: "select",
        required: true,
        options: APPEAL_OUTCOMES.map((o) => ({ value: o, label: t(`staff:flow.appealOutcomeName.${o}`) })),
      },
      { name: "reasons", label: t("staff:decisionReasons"), type: "textarea", required: true, hint: t("claim:flow.oneReasonPerLine") },
    ] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const outcome = r.choice("outcome", APPEAL_OUTCOMES);
    const reasons = r.lines("reasons");
    return r.result(() => ({ outcome, reasons }) as DecideAppealCommand);
  },
  async submit(turn, command: DecideAppealCommand, flow) {
    const claim = await loadClaim(turn.app.db, turn.actor, idOf(flow.payload, "claimId"));
    await turn.run(decideAppealSpec(turn.actor, claimRefOf(claim), command));
    return [say(`staff:flow.appealDecided.${command.outcome}`, { claimId: claim.id }, { tone: "success", subject: claimSubject(claim.id) })];
  },
};

/** TA-02: a supplier's limit, frozen and owed amounts, and what is available. */
export const ledgerForm: AnyFormHandler = {
  formId: USE_CASE.supplierLedger,
  title: t("staff:supplierLedger"),
  // CM-06: staff name the supplier by company name (any part of it), never by its internal id.
  fields: async (turn, values) => {
    assertStaff(turn, "supplier-ledger");
    return [supplierField(await suppliersForStaff(turn.app.db), values[SUPPLIER_FIELD], "conversation:supplier.staffHint")] satisfies FieldSpec[];
  },
  initialValues: prefilled(SUPPLIER_FIELD),
  async parse(turn, values) {
    assertStaff(turn, "supplier-ledger");
    const picked = pickedSupplierOf(await suppliersForStaff(turn.app.db), values[SUPPLIER_FIELD]);
    return picked.ok ? { ok: true, value: picked.supplier } : { ok: false, errors: { [SUPPLIER_FIELD]: picked.error } };
  },
  async submit(turn, supplier: SupplierChoice) {
    const view = await supplierLedger(turn.app.db, turn.actor, supplier.partyId);
    const b = view.balances;
    return [
      say(
        "staff:ledgerLine",
        { limit: b.limit, committed: b.frozen, available: b.available },
        {
          facts: [
            fact("conversation:supplier.label", supplier.displayName),
            fact("staff:flow.owedFact", b.owed),
            fact("staff:flow.entriesFact", view.entries.length),
          ],
        },
      ),
    ];
  },
};

/** CM-05: staff issue a one-time code the party types in any chat to link it. */
export const issueLinkCodeForm: AnyFormHandler = {
  formId: USE_CASE.issueLinkCode,
  title: t("staff:flow.issueLinkCodeTitle"),
  // Issue 16: the party is chosen by name, never typed as an id; the answer names it the same way.
  // CM-05: only staff issue link codes; the party list is never shown to anyone else.
  fields: async (turn, values) => {
    assertStaff(turn, "issue-link-code");
    return [partyField(await partiesForStaff(turn.app.db), values[PARTY_FIELD])] satisfies FieldSpec[];
  },
  initialValues: prefilled(PARTY_FIELD),
  async parse(turn, values) {
    assertStaff(turn, "issue-link-code");
    const picked = pickedSupplierOf(await partiesForStaff(turn.app.db), values[PARTY_FIELD], PARTY_WORDS);
    return picked.ok ? { ok: true, value: picked.supplier } : { ok: false, errors: { [PARTY_FIELD]: picked.error } };
  },
  async submit(turn, party: SupplierChoice) {
    const issued = await issueLinkCode(turn.app, turn.actor, party.partyId);
    return [say("staff:flow.linkCodeIssued", { code: issued.code, partyId: party.displayName, expiresAt: instant(issued.expiresAt) }, { tone: "success" })];
  },
};
