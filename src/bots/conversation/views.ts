/** Query results as neutral messages: what can I do now, my orders and cases, an order, its advice. */
import type { MyItems } from "../../app/queries/my-items.js";
import type { OrderView } from "../../app/queries/order-view.js";
import type { OpenAction } from "../../app/queries/what-can-i-do-now.js";
import { USE_CASE, type UseCaseName } from "../../app/use-cases.js";
import type { ConfirmationAdvice } from "../../domain/orders/confirmation-advice.js";
import type { PartialOrderTerms } from "../../domain/orders/terms.js";
import { instantMs } from "../../domain/shared/time.js";
import { requirementNumber } from "./forms/terms-form.js";
import { button, fact, instant, localDate, say, t } from "./localized.js";
import type { Action, Fact, OutboundMessage } from "./messages.js";

export function actionLabelKey(useCase: UseCaseName): string {
  return `common:action.${useCase}`;
}

export function actionButton(open: OpenAction): Action {
  return button(open.useCase, actionLabelKey(open.useCase), open.payload);
}

/** "What can I do now": the open actions as buttons, each deadline as a fact, the earliest as the notice. */
export function whatNowMessage(open: readonly OpenAction[]): OutboundMessage {
  if (open.length === 0) return say("common:nothingToDoNow");
  const facts: Fact[] = open
    .filter((a) => a.deadline)
    .map((a) => ({ label: t(actionLabelKey(a.useCase), subjectParams(a)), value: t("common:dueAt", { dueAt: instant(a.deadline?.dueAt ?? "") }) }));
  const earliest = open
    .map((a) => a.deadline)
    .filter((d) => d !== undefined)
    .sort((a, b) => instantMs(a.dueAt) - instantMs(b.dueAt))[0];
  return {
    text: t("common:youCanNow"),
    actions: open.map(actionButton),
    ...(facts.length > 0 ? { facts } : {}),
    ...(earliest ? { deadline: { dueAt: earliest.dueAt, label: t(`common:deadlineKind.${earliest.kind}`) } } : {}),
  };
}

function subjectParams(a: OpenAction): Record<string, string> {
  return a.subject ? { subjectId: a.subject.id } : {};
}

export function myItemsMessage(items: MyItems): OutboundMessage {
  if (items.orders.length === 0 && items.cases.length === 0) return say("order:flow.noOrders");
  return {
    text: t("order:myOrders"),
    facts: [
      ...items.orders.map((o) => fact("order:flow.orderRef", t(`order:status.${o.status}`), { orderId: o.orderId })),
      ...items.cases.map((c) => fact("claim:flow.claimRef", t(`claim:status.${c.status}`), { claimId: c.claimId, orderId: c.orderId })),
    ],
    actions: [
      ...items.orders.map((o) => ({
        ...button(USE_CASE.viewOrder, "common:action.order.view", { orderId: o.orderId }),
        label: t("order:flow.viewOrder", { orderId: o.orderId }),
      })),
      ...items.cases.map((c) => ({
        ...button(USE_CASE.viewClaim, "common:action.claim.view", { claimId: c.claimId }),
        label: t("claim:flow.viewClaim", { claimId: c.claimId }),
      })),
    ],
  };
}

/** PO-02: every term of a version as facts. */
export function termsFacts(terms: PartialOrderTerms): Fact[] {
  const facts: Fact[] = [];
  (terms.lines ?? []).forEach((l, i) =>
    facts.push(
      fact("order:flow.lineFact", t("order:flow.lineValue", { quantity: l.quantity, unit: l.unit, description: l.description, unitPrice: l.unitPrice }), {
        line: i + 1,
      }),
    ),
  );
  if (terms.total) facts.push(fact("order:flow.totalFact", terms.total));
  if (terms.shippingDate) facts.push(fact("order:term.shippingDate", localDate(terms.shippingDate)));
  if (terms.shippingAddress) {
    const a = terms.shippingAddress;
    facts.push(fact("order:term.shippingAddress", [a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(", ")));
  }
  if (terms.incoterm) facts.push(fact("order:term.incoterm", terms.incoterm));
  if (terms.protectedAmount) facts.push(fact("order:term.protectedAmount", terms.protectedAmount));
  if (terms.deposit) facts.push(fact("order:term.deposit", terms.deposit));
  if (terms.balance) facts.push(fact("order:term.balance", terms.balance));
  if (terms.coverageType) facts.push(fact("order:term.coverageType", t(`order:coverageType.${terms.coverageType}`)));
  if (terms.qualityAssured !== undefined) facts.push(fact("order:term.qualityAssured", t(terms.qualityAssured ? "common:yes" : "common:no")));
  for (const q of terms.qualityRequirements ?? []) {
    facts.push(
      fact(
        "order:term.qualityRequirements",
        t("order:flow.requirementValue", { attribute: q.attribute, target: q.target, tolerance: q.tolerance ?? "—", method: q.method }),
      ),
    );
  }
  if (terms.paymentMethod) facts.push(fact("order:term.paymentMethod", t(`order:paymentMethod.${terms.paymentMethod}`)));
  if (terms.category) facts.push(fact("order:term.category", terms.category));
  return facts;
}

/** TA-06 / PO-03 / PO-04 / PO-08: what the buyer is told before confirming. */
export function adviceMessages(orderId: string, advice: ConfirmationAdvice): OutboundMessage[] {
  const subject = { type: "order" as const, id: orderId };
  const out: OutboundMessage[] = [];
  if (advice.unprotectedDeposit) out.push(say("order:advice.unprotectedDeposit", { amount: advice.unprotectedDeposit }, { tone: "warning", subject }));
  if (advice.missingQualityRequirement) {
    const r = advice.missingQualityRequirement.standardOffer;
    out.push(
      say(
        "order:advice.missingQualityRequirement",
        { attribute: r.attribute, target: r.target, method: r.method },
        {
          tone: "warning",
          subject,
          actions: [
            button(USE_CASE.addStandardInspection, "order:advice.addStandardInspection", { orderId }),
            button(USE_CASE.proposeChange, "order:advice.askSupplierToAddRequirements", { orderId }),
          ],
        },
      ),
    );
  }
  if (advice.depositAdvice)
    out.push(
      say(
        "order:advice.depositAdvice",
        { deposit: advice.depositAdvice.deposit, advisedDeposit: advice.depositAdvice.advisedDeposit },
        { tone: "info", subject },
      ),
    );
  if (advice.supplierShortfall) {
    const s = advice.supplierShortfall;
    out.push(
      say(
        s.coversProtectedAmount ? "order:advice.supplierShortfall" : "order:advice.supplierCannotCover",
        { available: s.available, orderTotal: s.orderTotal },
        { tone: "warning", subject },
      ),
    );
  }
  for (const p of advice.problems.filter((p) => p.severity === "warning")) {
    out.push(say("order:advice.notMeasurable", requirementNumber(p.path), { tone: "warning", subject }));
  }
  return out;
}

/** An order with its latest version, status and the actions open to the reader. */
export function orderMessages(view: OrderView, open: readonly OpenAction[]): OutboundMessage[] {
  const { order, latest } = view;
  const subject = { type: "order" as const, id: order.id };
  const head: OutboundMessage = {
    subject,
    text: t("order:flow.orderHeading", { orderId: order.id, version: latest.number }),
    facts: [fact("order:flow.statusFact", t(`order:status.${order.status}`)), ...termsFacts(latest.terms)],
  };
  const advice = view.advice ? adviceMessages(order.id, view.advice) : [];
  const amendment = view.amendmentToAnswer;
  // PO-05: a change to a confirmed order is read as a change, with the version in force named.
  const changeNote: OutboundMessage[] = amendment
    ? [
        say(
          "conversation:confirm.amendmentUnderReview",
          { orderId: order.id, version: amendment.number, confirmedVersion: order.confirmedVersion ?? "—" },
          { subject },
        ),
      ]
    : [];
  const confirmable = !view.advice || view.advice.problems.every((p) => p.severity !== "error");
  // TA-06 / PO-03 / PO-08 / PO-05: the buttons under the advice are the only ones that confirm (`reviewed`);
  // a confirm pressed anywhere else (a notification, "what can I do now", an old message) opens this review.
  const confirm: Action[] = !confirmable
    ? []
    : amendment
      ? [
          button(
            USE_CASE.confirmAmendment,
            actionLabelKey(USE_CASE.confirmAmendment),
            { orderId: order.id, version: amendment.number, reviewed: true },
            "primary",
          ),
        ]
      : view.advice
        ? [button(USE_CASE.confirmAsBuyer, actionLabelKey(USE_CASE.confirmAsBuyer), { orderId: order.id, version: latest.number, reviewed: true }, "primary")]
        : [];
  const actions = [...confirm, ...open.filter((a) => a.useCase !== USE_CASE.viewOrder && a.useCase !== USE_CASE.confirmAmendment).map(actionButton)];
  return [head, ...changeNote, ...advice, ...(actions.length > 0 ? [{ subject, text: t("common:youCanNow"), actions }] : [])];
}
