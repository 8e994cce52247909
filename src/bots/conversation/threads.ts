/**
 * CM-06: two places to talk. Outside a case, what a person types is for the bot; inside a case
 * thread it is a message to the counterparty. A person enters a thread only by an explicit action
 * ("Message the supplier about PO-…"), never by viewing an order or a claim, and every reply in a
 * thread names the case, with the way out. On Slack and Teams a case is a platform thread; the
 * same messages carry the `subject` a channel threads by.
 */
import { USE_CASE } from "../../domain/notifications/action-ids.js";
import type { PartyRole } from "../../domain/parties/party.js";
import { say, t } from "./localized.js";
import type { Action, OutboundMessage } from "./messages.js";

export interface CaseSubject {
  readonly type: "order" | "claim";
  readonly id: string;
}

/** Who a message written in a case thread reaches, as the writer sees it. */
function audienceOf(role: PartyRole): "toSupplier" | "toBuyer" | "toParties" {
  return role === "buyer" ? "toSupplier" : role === "supplier" ? "toBuyer" : "toParties";
}

function payloadOf(subject: CaseSubject): Record<string, string> {
  return subject.type === "order" ? { orderId: subject.id } : { claimId: subject.id };
}

/** "Message the supplier about PO-1": the one way into a case thread. */
export function enterThreadButton(subject: CaseSubject, role: PartyRole): Action {
  return { actionId: USE_CASE.enterThread, label: t(`conversation:thread.enter.${audienceOf(role)}`, { subjectId: subject.id }), payload: payloadOf(subject) };
}

export function leaveThreadButton(subject: CaseSubject): Action {
  return { actionId: USE_CASE.leaveThread, label: t("conversation:thread.leave", { subjectId: subject.id }) };
}

/** The thread was entered: what the box now writes to, and the way out. */
export function enteredThread(subject: CaseSubject, role: PartyRole): OutboundMessage {
  return say(`conversation:thread.entered.${audienceOf(role)}`, { subjectId: subject.id }, { subject, tone: "info", actions: [leaveThreadButton(subject)] });
}

/** A message written in a thread went to the counterparty: the reply names the case, with the way out. */
export function sentInThread(subject: CaseSubject, role: PartyRole): OutboundMessage {
  return say(`conversation:thread.sent.${audienceOf(role)}`, { subjectId: subject.id }, { subject, tone: "success", actions: [leaveThreadButton(subject)] });
}

export function leftThread(subject: CaseSubject | undefined): OutboundMessage {
  return say(subject ? "conversation:thread.left" : "conversation:thread.notInThread", subject ? { subjectId: subject.id } : undefined, {
    actions: [button(USE_CASE.help, "conversation:help.button")],
  });
}

function button(actionId: string, key: string): Action {
  return { actionId, label: t(key) };
}

/** The short help: what can be typed, and buttons for the usual next steps (by role). */
export function helpMessage(role: PartyRole, reason: "asked" | "notUnderstood"): OutboundMessage {
  const actions: Action[] = [
    button(USE_CASE.whatNow, "common:action.common.whatNow"),
    button(USE_CASE.myItems, "common:action.common.myItems"),
    ...(role === "buyer" ? [button(USE_CASE.requestOrder, "conversation:help.newOrder")] : []),
    ...(role === "staff" ? [button(USE_CASE.escalatedCases, "common:action.staff.queue")] : []),
  ];
  const key = reason === "asked" ? `conversation:help.${role}` : `conversation:help.notUnderstood.${role}`;
  return say(key, undefined, { actions, ...(reason === "notUnderstood" ? { tone: "warning" as const } : {}) });
}

/** CM-06: "new order" typed by someone who cannot request one. */
export function onlyBuyersOrder(role: PartyRole): OutboundMessage {
  return { ...helpMessage(role, "asked"), text: t("conversation:help.onlyBuyersOrder") };
}

/** Appends the way into the case's thread to a view (as the last message's button, or a message of its own). */
export function withEnterThread(messages: readonly OutboundMessage[], subject: CaseSubject, role: PartyRole): OutboundMessage[] {
  const enter = enterThreadButton(subject, role);
  const last = messages.at(-1);
  if (last?.actions && last.actions.length > 0) return [...messages.slice(0, -1), { ...last, actions: [...last.actions, enter] }];
  return [...messages, { subject, text: t("conversation:thread.offer"), actions: [enter] }];
}
