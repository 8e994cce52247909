/**
 * Buyer and supplier order flows (PO-01…PO-09, ORD-01…ORD-04): request an order with every term,
 * draft or change terms, review with the confirmation advice, confirm, deposit, ship, receive, cancel,
 * and report a chargeback (CL-12).
 */
import { DomainError } from "../../../domain/shared/errors.js";
import {
  cancelOrderSpec,
  confirmAmendmentSpec,
  confirmAsBuyerSpec,
  confirmAsSupplierSpec,
  confirmReceiptSpec,
  declineAmendmentSpec,
  draftTermsSpec,
  proposeChangeSpec,
  recordDepositSpec,
  recordShipmentSpec,
  requestOrderSpec,
} from "../../../app/commands/order-commands.js";
import { fileChargebackSpec } from "../../../app/commands/claim-commands.js";
import { chargebackRefOf, loadOrder, orderRefOf } from "../../../app/queries/load.js";
import { orderView } from "../../../app/queries/order-view.js";
import { orderActions } from "../../../app/queries/what-can-i-do-now.js";
import { USE_CASE } from "../../../app/use-cases.js";
import { ORDER_EVENT, orderStream } from "../../../domain/orders/order-events.js";
import type { OrderState } from "../../../domain/orders/order-state.js";
import { latestVersion } from "../../../domain/orders/order-versions.js";
import { standardInspectionRequirement } from "../../../domain/orders/quality-requirements.js";
import { PAYMENT_METHODS, type PartialOrderTerms } from "../../../domain/orders/terms.js";
import type { RecordDepositCommand } from "../../../domain/orders/use-cases/record-deposit.js";
import type { RecordShipmentCommand } from "../../../domain/orders/use-cases/record-shipment.js";
import { toDecimalString } from "../../../domain/shared/money.js";
import type { AnyFormHandler, Payload } from "../flows.js";
import { ValueReader, type FieldErrors, type FieldSpec } from "../forms/form-kit.js";
import { parseTerms, requirementNumber, termsFields, termsProblemErrors, valuesOfTerms } from "../forms/terms-form.js";
import { say, t } from "../localized.js";
import type { OutboundMessage } from "../messages.js";
import { withEnterThread } from "../threads.js";
import { suppliersForBuyer } from "../../../app/queries/supplier-directory.js";
import { pickSupplier, SUPPLIER_FIELD, supplierField } from "../forms/supplier-picker.js";
import type { ActionHandler, Turn } from "../turn.js";
import { orderMessages } from "../views.js";
import { problemOfDetail, type TermsProblem } from "../../../domain/orders/validate-terms.js";

const idOf = (payload: Payload, name: string): string => String(payload[name] ?? "");

/** ORDER_TERMS_INVALID { problems: paths, details }: each problem back onto its field, saying what is wrong. */
function termsRefusalErrors(error: { code: string; params: Readonly<Record<string, unknown>> }, fields: readonly FieldSpec[]): FieldErrors {
  if (error.code !== "ORDER_TERMS_INVALID") return {};
  const details = Array.isArray(error.params["details"]) ? (error.params["details"] as string[]) : [];
  const problems = details.map(problemOfDetail).filter((p) => p !== undefined);
  return termsProblemErrors(
    problems,
    fields.map((f) => f.name),
  );
}

function warningsMessages(orderId: string, warnings: readonly TermsProblem[]): OutboundMessage[] {
  return warnings.map((w) => say("order:advice.notMeasurable", requirementNumber(w.path), { tone: "warning", subject: { type: "order", id: orderId } }));
}

type TermsValue = { terms: PartialOrderTerms; warnings: TermsProblem[] };

async function currentTermsValues(turn: Turn, payload: Payload): Promise<Record<string, string>> {
  const order = await loadOrder(turn.app.db, turn.actor, idOf(payload, "orderId"));
  return valuesOfTerms(latestVersion(order).terms);
}

/** PO-01 / PO-02 / CM-06: the buyer requests an order with every term, from a supplier it picks by company name. */
export const requestOrderForm: AnyFormHandler = {
  formId: USE_CASE.requestOrder,
  title: t("order:requestOrder"),
  fields: async (turn, values) => {
    // Only a buyer orders, and only a buyer is shown the directory of enrolled suppliers.
    if (turn.actor.kind !== "buyer") throw new DomainError("PARTY_NOT_BUYER", { partyId: turn.party.displayName });
    const typed = new ValueReader(values).has(SUPPLIER_FIELD) ? values[SUPPLIER_FIELD] : undefined;
    return [supplierField(await suppliersForBuyer(turn.app.db, turn.actor.partyId), typed), ...termsFields(values)];
  },
  parse: async (turn, values, fields) => {
    const typed = new ValueReader(values).text(SUPPLIER_FIELD);
    const picked = typed === undefined ? undefined : pickSupplier(await suppliersForBuyer(turn.app.db, turn.actor.partyId), typed);
    const supplierError = typed === undefined ? t("common:form.required") : picked && !picked.ok ? picked.error : undefined;
    const parsed = parseTerms(values, fields);
    if (supplierError || !picked?.ok)
      return { ok: false, errors: { [SUPPLIER_FIELD]: supplierError ?? t("common:form.required"), ...(parsed.ok ? {} : parsed.errors) } };
    return parsed.ok ? { ok: true, value: { ...parsed.value, supplierId: picked.supplier.partyId } } : parsed;
  },
  async submit(turn, value: TermsValue & { supplierId: string }) {
    const orderId = turn.app.ids.next("order");
    await turn.run(requestOrderSpec(turn.actor, { orderId, supplierId: value.supplierId, terms: value.terms }));
    return [
      say("order:flow.requested", { orderId }, { tone: "success", subject: { type: "order", id: orderId } }),
      ...warningsMessages(orderId, value.warnings),
    ];
  },
  errorsOfRefusal: termsRefusalErrors,
};

/** PO-01: the supplier drafts the terms (prefilled with the buyer's request). */
export const draftTermsForm: AnyFormHandler = {
  formId: USE_CASE.draftTerms,
  title: t("order:flow.draftTitle"),
  fields: (_turn, values) => termsFields(values),
  initialValues: currentTermsValues,
  parse: (_turn, values, fields) => parseTerms(values, fields),
  async submit(turn, value: TermsValue, flow) {
    const orderId = idOf(flow.payload, "orderId");
    const outcome = await turn.run(draftTermsSpec(turn.actor, { orderId, terms: value.terms }));
    const version = latestVersion(outcome.states.require<OrderState>(orderStream(orderId))).number;
    return [
      say("order:flow.draftSent", { orderId, version }, { tone: "success", subject: { type: "order", id: orderId } }),
      ...warningsMessages(orderId, value.warnings),
    ];
  },
  errorsOfRefusal: termsRefusalErrors,
};

/** PO-01 / PO-05: either party proposes changed terms (an amendment once confirmed). */
export const proposeChangeForm: AnyFormHandler = {
  formId: USE_CASE.proposeChange,
  title: t("order:flow.changeTitle"),
  fields: (_turn, values) => termsFields(values),
  initialValues: currentTermsValues,
  parse: (_turn, values, fields) => parseTerms(values, fields),
  async submit(turn, value: TermsValue, flow) {
    const orderId = idOf(flow.payload, "orderId");
    await turn.run(proposeChangeSpec(turn.actor, { orderId, terms: value.terms }));
    return [
      say("order:flow.changeProposed", { orderId }, { tone: "success", subject: { type: "order", id: orderId } }),
      ...warningsMessages(orderId, value.warnings),
    ];
  },
  errorsOfRefusal: termsRefusalErrors,
};

/** PO-07 / ORD-02: the buyer records the deposit paid through the platform. */
export const recordDepositForm: AnyFormHandler = {
  formId: USE_CASE.recordDeposit,
  title: t("order:flow.depositTitle"),
  async fields(turn, _values, payload) {
    const order = await loadOrder(turn.app.db, turn.actor, idOf(payload, "orderId"));
    const currency = order.confirmedTerms?.currency;
    return [
      { name: "amount", label: t("order:field.depositAmount"), type: "money", required: true, ...(currency ? { currency } : {}) },
      {
        name: "method",
        label: t("order:term.paymentMethod"),
        type: "select",
        required: true,
        options: PAYMENT_METHODS.map((m) => ({ value: m, label: t(`order:paymentMethod.${m}`) })),
      },
      { name: "fee", label: t("order:field.fee"), type: "money", required: false, hint: t("order:field.feeHint"), ...(currency ? { currency } : {}) },
      { name: "reference", label: t("order:field.paymentReference"), type: "text", required: true },
      { name: "throughPlatform", label: t("order:field.throughPlatform"), type: "boolean", required: true },
    ] satisfies FieldSpec[];
  },
  async initialValues(turn, payload) {
    const terms = (await loadOrder(turn.app.db, turn.actor, idOf(payload, "orderId"))).confirmedTerms;
    return terms ? { amount: toDecimalString(terms.deposit), method: terms.paymentMethod, throughPlatform: "yes" } : {};
  },
  parse(_turn, values, fields) {
    const r = new ValueReader(values);
    const currency = fields.find((f) => f.name === "amount")?.currency;
    const amount = r.money("amount", currency, true, true);
    const method = r.choice("method", PAYMENT_METHODS);
    const fee = r.money("fee", currency, false);
    const reference = r.text("reference");
    const throughPlatform = r.boolean("throughPlatform");
    return r.result(() => ({ amount, method, reference, throughPlatform, ...(fee ? { fee } : {}) }) as Omit<RecordDepositCommand, "orderId">);
  },
  async submit(turn, value: Omit<RecordDepositCommand, "orderId">, flow) {
    const orderId = idOf(flow.payload, "orderId");
    await turn.run(recordDepositSpec(turn.actor, { ...value, orderId }));
    return [say("order:depositRecorded", { amount: value.amount, orderId }, { tone: "success", subject: { type: "order", id: orderId } })];
  },
};

/** ORD-03: the supplier marks the order shipped (carrier and tracking number). */
export const recordShipmentForm: AnyFormHandler = {
  formId: USE_CASE.recordShipment,
  title: t("order:flow.shipmentTitle"),
  fields: () =>
    [
      { name: "shippedOn", label: t("order:field.shippedOn"), type: "date", required: true, hint: t("order:field.exactDateHint") },
      { name: "carrier", label: t("order:field.carrier"), type: "text", required: true },
      { name: "trackingNumber", label: t("order:field.trackingNumber"), type: "text", required: true },
    ] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const shippedOn = r.date("shippedOn");
    const carrier = r.text("carrier");
    const trackingNumber = r.text("trackingNumber");
    return r.result(() => ({ shippedOn, carrier, trackingNumber }) as Omit<RecordShipmentCommand, "orderId">);
  },
  async submit(turn, value: Omit<RecordShipmentCommand, "orderId">, flow) {
    const orderId = idOf(flow.payload, "orderId");
    await turn.run(recordShipmentSpec(turn.actor, { ...value, orderId }));
    return [
      say(
        "order:shipmentRecorded",
        { orderId, carrier: value.carrier, trackingNumber: value.trackingNumber },
        { tone: "success", subject: { type: "order", id: orderId } },
      ),
    ];
  },
};

/** ORD-01: either party cancels before shipping, giving a reason. */
export const cancelOrderForm: AnyFormHandler = {
  formId: USE_CASE.cancelOrder,
  title: t("order:flow.cancelTitle"),
  fields: () => [{ name: "reason", label: t("order:field.cancelReason"), type: "textarea", required: true }] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const reason = r.text("reason");
    return r.result(() => reason as string);
  },
  async submit(turn, reason: string, flow) {
    const order = await loadOrder(turn.app.db, turn.actor, idOf(flow.payload, "orderId"));
    await turn.run(cancelOrderSpec(turn.actor, orderRefOf(order), { orderId: order.id, reason }));
    return [say("order:flow.cancelled", { orderId: order.id }, { tone: "success", subject: { type: "order", id: order.id } })];
  },
};

/**
 * CL-12: the buyer reports a chargeback it filed with its payment provider (one resolution method): the
 * order's open claim closes at once, and the buyer is told so.
 */
export const reportChargebackForm: AnyFormHandler = {
  formId: USE_CASE.reportChargeback,
  title: t("order:flow.chargebackTitle"),
  fields: () =>
    [
      { name: "reference", label: t("order:field.chargebackReference"), type: "text", required: true, hint: t("order:flow.chargebackClosesClaim") },
    ] satisfies FieldSpec[],
  parse(_turn, values) {
    const r = new ValueReader(values);
    const reference = r.text("reference");
    return r.result(() => reference as string);
  },
  async submit(turn, reference: string, flow) {
    const order = await loadOrder(turn.app.db, turn.actor, idOf(flow.payload, "orderId"));
    await turn.run(fileChargebackSpec(turn.actor, chargebackRefOf(order), { reference }));
    const subject = { type: "order" as const, id: order.id };
    const closed = order.openClaimId;
    return [
      say(
        closed ? "order:flow.chargebackReportedClaimClosed" : "order:flow.chargebackReported",
        { orderId: order.id, ...(closed ? { claimId: closed } : {}) },
        { tone: "warning", subject },
      ),
    ];
  },
};

/** An order (and, for the buyer reviewing a draft, the TA-06 / PO-03 / PO-08 advice), and the way into its thread (CM-06). */
export const viewOrder: ActionHandler = async (turn, payload) => {
  const view = await orderView(turn.app.db, turn.actor, idOf(payload, "orderId"));
  return withEnterThread(orderMessages(view, orderActions(view.order, turn.actor, turn.now())), { type: "order", id: view.order.id }, turn.actor.kind);
};

/**
 * TA-06 / PO-03 / PO-08 / PO-05: every path to confirming an order version shows the review first — a
 * confirm pressed anywhere but under the review (a notification's button, an old message, "what can I
 * do now", another channel's one-tap) opens the review, with the warnings, instead of confirming.
 */
async function reviewInstead(turn: Turn, payload: Payload): Promise<OutboundMessage[]> {
  const orderId = idOf(payload, "orderId");
  const review = await viewOrder(turn, payload);
  return [say("conversation:confirm.reviewFirst", { orderId }, { tone: "info", subject: { type: "order", id: orderId } }), ...review];
}

/** PO-01: the buyer confirms the version it reviewed (only from under the review). */
export const confirmAsBuyer: ActionHandler = async (turn, payload) => {
  if (payload["reviewed"] !== true) return reviewInstead(turn, payload);
  const orderId = idOf(payload, "orderId");
  const version = Number(payload["version"]);
  await turn.run(confirmAsBuyerSpec(turn.actor, { orderId, version }));
  return [say("order:flow.confirmedWaitingForSupplier", { orderId, version }, { tone: "success", subject: { type: "order", id: orderId } })];
};

/** PO-01 / TA-03: the supplier confirms; the protected amount is frozen. */
export const confirmAsSupplier: ActionHandler = async (turn, payload) => {
  const orderId = idOf(payload, "orderId");
  const version = Number(payload["version"] ?? latestVersion(await loadOrder(turn.app.db, turn.actor, orderId)).number);
  await turn.run(confirmAsSupplierSpec(turn.actor, { orderId, version }));
  return [say("order:confirmedByBoth", { orderId }, { tone: "success", subject: { type: "order", id: orderId } })];
};

/** PO-05: the counterparty confirms the amendment version it reviewed (only from under the review). */
export const confirmAmendment: ActionHandler = async (turn, payload) => {
  if (payload["reviewed"] !== true) return reviewInstead(turn, payload);
  const orderId = idOf(payload, "orderId");
  const version = Number(payload["version"]);
  const outcome = await turn.run(confirmAmendmentSpec(turn.actor, { orderId, version }));
  // PO-05: a version both must confirm (a reship) waits for the other party's confirmation.
  const waiting = outcome.events.some((e) => e.type === ORDER_EVENT.amendmentConfirmedByParty);
  if (waiting) return [say("parties:amendmentConfirmedWaiting", { orderId, version }, { tone: "success", subject: { type: "order", id: orderId } })];
  return [say("order:notify.amendmentConfirmed", { orderId }, { tone: "success", subject: { type: "order", id: orderId } })];
};

/** PO-05: the counterparty declines the amendment version it saw; the confirmed terms stay. */
export const declineAmendment: ActionHandler = async (turn, payload) => {
  const orderId = idOf(payload, "orderId");
  const version = Number(payload["version"]);
  await turn.run(declineAmendmentSpec(turn.actor, { orderId, version }));
  return [say("order:notify.amendmentDeclined", { orderId }, { subject: { type: "order", id: orderId } })];
};

/** PO-03: the buyer adds the standard inspection requirement (a change the supplier then confirms). */
export const addStandardInspection: ActionHandler = async (turn, payload) => {
  const order = await loadOrder(turn.app.db, turn.actor, idOf(payload, "orderId"));
  const requirements = [...(latestVersion(order).terms.qualityRequirements ?? []), standardInspectionRequirement()];
  await turn.run(proposeChangeSpec(turn.actor, { orderId: order.id, terms: { qualityRequirements: requirements } }));
  return [say("order:flow.standardInspectionAdded", { orderId: order.id }, { tone: "success", subject: { type: "order", id: order.id } })];
};

/** ORD-04: the buyer confirms receipt. */
export const confirmReceipt: ActionHandler = async (turn, payload) => {
  const order = await loadOrder(turn.app.db, turn.actor, idOf(payload, "orderId"));
  await turn.run(confirmReceiptSpec(turn.actor, orderRefOf(order)));
  return [say("order:receiptConfirmed", { orderId: order.id }, { tone: "success", subject: { type: "order", id: order.id } })];
};
