/**
 * The channel-neutral conversation engine (architecture steps 1–4): `handle(inbound)` returns the
 * replies to the sender. A platform retry of the same event is a no-op; an unlinked chat account is
 * offered linking only; buttons and forms map straight to app commands; free text answers the field a
 * guided flow asks, or in a case thread is a message to the counterparty (CM-02); outside a thread it
 * is for the bot (CM-06: help, my orders, a reference, a new order — anything else gets a short help,
 * never a forward). Every refusal is an error message with the domain's i18n key.
 */
import { actorOf } from "../../app/actor.js";
import type { App } from "../../app/app.js";
import { sendMessageSpec } from "../../app/commands/message-commands.js";
import { looksLikeLinkCode, redeemLinkCode } from "../../app/identity/link-codes.js";
import { myOrdersAndCases } from "../../app/queries/my-items.js";
import { whatCanIDoNow } from "../../app/queries/what-can-i-do-now.js";
import { loadInboundContext, markInboundHandled, rememberConversationRef } from "../../app/inbound.js";
import { sameConversationState, saveConversationState } from "../../app/conversations.js";
import type { Subject } from "../../app/queries/what-can-i-do-now.js";
import { USE_CASE } from "../../app/use-cases.js";
import { isDomainError, type DomainError } from "../../domain/shared/errors.js";
import { isMissingCaseReference, meansCaseMovedOn } from "./stale.js";
import { conversationKeyOf, conversationRecordOf, storedConversationOf } from "./conversation-store.js";
import { answerField, openForm, submitForm } from "./flows.js";
import { loadClaim, loadOrder } from "../../app/queries/load.js";
import { matchIntent } from "./intents.js";
import { vocabulariesFor } from "./intent-vocabulary.js";
import { enteredThread, helpMessage, leftThread, onlyBuyersOrder, sentInThread, type CaseSubject } from "./threads.js";
import { button, refusal, say, t } from "./localized.js";
import { inboundSchema, type Inbound, type OutboundMessage } from "./messages.js";
import { ACTIONS, FORMS, UNLINKED_FORMS } from "./registry.js";
import { DuplicateInbound, Turn } from "./turn.js";
import { myItemsMessage, whatNowMessage } from "./views.js";

export interface ConversationEngine {
  handle(inbound: Inbound): Promise<OutboundMessage[]>;
  /** The replies, and the case the conversation is bound to after the turn (absent when no turn ran: a repeat, a failure). */
  handleTurn(inbound: Inbound): Promise<TurnAnswer>;
}

export interface TurnAnswer {
  readonly replies: OutboundMessage[];
  /** CM-06: the thread the conversation is in after the turn; null = none; undefined = unknown (no turn ran). */
  readonly subject?: Subject | null;
}

export interface EngineOptions {
  /** Unexpected failures (not refusals) are reported here; the user is told nothing was lost. */
  readonly onError?: (error: unknown, inbound: Inbound) => void;
}

const LINK_FORM_ID = USE_CASE.linkAccount;

function linkOffer(): OutboundMessage {
  return {
    text: t("common:accountNotLinked"),
    form: {
      formId: LINK_FORM_ID,
      title: t("common:flow.linkTitle"),
      fields: [{ name: "code", label: t("common:flow.linkCode"), type: "text", required: true, hint: t("common:flow.linkCodeHint") }],
      submit: { actionId: LINK_FORM_ID, label: t("common:submit"), style: "primary" },
    },
  };
}

/** The order or claim a button's payload names (a claim before its order). */
function caseOfPayload(payload: Readonly<Record<string, string | number | boolean>>): { type: "order" | "claim"; id: string } | undefined {
  const claimId = payload["claimId"];
  if (typeof claimId === "string" && claimId.length > 0) return { type: "claim", id: claimId };
  const orderId = payload["orderId"];
  return typeof orderId === "string" && orderId.length > 0 ? { type: "order", id: orderId } : undefined;
}

export function createConversationEngine(app: App, options: EngineOptions = {}): ConversationEngine {
  async function markProcessed(inbound: Inbound): Promise<boolean> {
    return (
      inbound.eventId === undefined ||
      markInboundHandled(app.db, app.clock, { channel: inbound.channel, externalUserId: inbound.externalUserId, eventId: inbound.eventId })
    );
  }

  /** CM-05: an unlinked account may only link, by typing or submitting its one-time code — or use a form of UNLINKED_FORMS (register as a buyer). */
  async function unlinked(inbound: Inbound): Promise<OutboundMessage[]> {
    const p = inbound.payload;
    const joining = UNLINKED_FORMS.get(p.kind === "form" ? p.formId : p.kind === "action" ? p.actionId : "");
    if (joining)
      return p.kind === "form"
        ? joining.submit(app, inbound, Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, String(v)])))
        : [joining.open(inbound)];
    const code =
      p.kind === "text" && looksLikeLinkCode(p.text) ? p.text : p.kind === "form" && p.formId === LINK_FORM_ID ? String(p.values["code"] ?? "") : undefined;
    if (code === undefined) return [linkOffer(), ...[...UNLINKED_FORMS.values()].map((f) => f.invitation())];
    try {
      const { party } = await redeemLinkCode(app, { channel: inbound.channel, externalUserId: inbound.externalUserId }, code);
      return [say("common:accountLinked", { partyName: party.displayName }, { tone: "success", actions: [button(USE_CASE.whatNow, "common:whatCanIDoNow")] })];
    } catch (error) {
      if (isDomainError(error)) return [refusal(error), linkOffer()];
      throw error;
    }
  }

  /** The open actions on the case the button names (a reminder's), else on the current thread; asking does not enter a thread (CM-06). */
  async function whatNow(turn: Turn, payload: Readonly<Record<string, string | number | boolean>> = {}): Promise<OutboundMessage[]> {
    const named = caseOfPayload(payload);
    const open = await whatCanIDoNow(app.db, turn.actor, turn.now(), named ?? turn.conversation.subject);
    return [whatNowMessage(open)];
  }

  /** CM-06: the explicit way into a case thread; the case must be one the person is a party to (or staff). */
  async function enterThread(turn: Turn, payload: Readonly<Record<string, string | number | boolean>>): Promise<OutboundMessage[]> {
    const named = caseOfPayload(payload);
    if (!named) return [helpMessage(turn.actor.kind, "notUnderstood")];
    const subject: CaseSubject =
      named.type === "order"
        ? { type: "order", id: (await loadOrder(app.db, turn.actor, named.id)).id }
        : { type: "claim", id: (await loadClaim(app.db, turn.actor, named.id)).id };
    turn.conversation.subject = subject;
    return [enteredThread(subject, turn.actor.kind)];
  }

  /** CM-06: outside a thread, typed text is for the bot. */
  async function forTheBot(turn: Turn, text: string): Promise<OutboundMessage[]> {
    const intent = matchIntent(text, vocabulariesFor(turn.locale));
    switch (intent.kind) {
      case "help":
        return [helpMessage(turn.actor.kind, "asked")];
      case "whatNow":
        return whatNow(turn);
      case "myItems":
        return [myItemsMessage(await myOrdersAndCases(app.db, turn.actor.partyId))];
      case "newOrder":
        return turn.actor.kind === "buyer" ? onAction(turn, USE_CASE.requestOrder, {}) : [onlyBuyersOrder(turn.actor.kind)];
      case "reference":
        // Staff open a claim's case file; parties see the order or claim as they do from a button.
        if (intent.type === "order") return onAction(turn, USE_CASE.viewOrder, { orderId: intent.id });
        return onAction(turn, turn.actor.kind === "staff" ? USE_CASE.caseSummary : USE_CASE.viewClaim, { claimId: intent.id });
      case "leaveThread":
        return [leftThread(undefined)];
      case "unknown":
        return [helpMessage(turn.actor.kind, "notUnderstood")];
    }
  }

  async function onAction(turn: Turn, actionId: string, payload: Readonly<Record<string, string | number | boolean>>): Promise<OutboundMessage[]> {
    // These are registry.ts's ENGINE_ACTIONS (what a notification's button may name is checked against it).
    switch (actionId) {
      case USE_CASE.whatNow:
        return whatNow(turn, payload);
      case USE_CASE.myItems:
        return [myItemsMessage(await myOrdersAndCases(app.db, turn.actor.partyId))];
      case USE_CASE.leaveThread: {
        const left = turn.conversation.subject;
        turn.conversation.subject = undefined;
        return [leftThread(left)];
      }
      case USE_CASE.enterThread:
        return enterThread(turn, payload);
      case USE_CASE.help:
        return [helpMessage(turn.actor.kind, "asked")];
      case USE_CASE.cancelFlow:
        turn.conversation.flow = undefined;
        return [say("common:flow.cancelled")];
      default:
        break;
    }
    const action = ACTIONS.get(actionId);
    if (action) return action(turn, payload);
    const form = FORMS.get(actionId);
    if (form) return openForm(turn, form, payload);
    return [say("common:didNotUnderstand", undefined, { tone: "error" })];
  }

  async function onText(turn: Turn, text: string): Promise<OutboundMessage[]> {
    const flow = turn.conversation.flow;
    const form = flow ? FORMS.get(flow.formId) : undefined;
    if (flow?.asking && form) return answerField(turn, form, flow, text);
    const subject = turn.conversation.subject;
    if (!subject) return forTheBot(turn, text);
    // CM-06: inside a thread only a whole-line "leave" is for the bot; everything else reaches the counterparty.
    if (matchIntent(text, vocabulariesFor(turn.locale)).kind === "leaveThread") return onAction(turn, USE_CASE.leaveThread, {});
    const messageId = app.ids.next("message");
    await turn.run(sendMessageSpec(turn.actor, { messageId, subject, text, language: turn.locale }));
    return [sentInThread(subject, turn.actor.kind)];
  }

  /**
   * A refusal as the reader should get it: a stale form or button that lost its case says so, with
   * what can be done now; a button pressed after its case moved on gets the refusal, then the case's
   * open actions now.
   */
  async function refusalReplies(turn: Turn, error: DomainError): Promise<OutboundMessage[]> {
    if (isMissingCaseReference(error)) {
      turn.conversation.flow = undefined;
      return [say("conversation:stale.noCase", undefined, { tone: "warning" }), ...(await whatNow(turn))];
    }
    const p = turn.inbound.payload;
    const named = p.kind === "action" ? caseOfPayload(p.payload) : undefined;
    if (!named || !meansCaseMovedOn(error)) return [refusal(error)];
    let open: Awaited<ReturnType<typeof whatCanIDoNow>>;
    try {
      open = await whatCanIDoNow(app.db, turn.actor, turn.now(), named);
    } catch (lookup) {
      // The button names a case this person cannot see (or none): the refusal alone, never a failed turn.
      if (isDomainError(lookup)) return [refusal(error)];
      throw lookup;
    }
    const now = whatNowMessage(open);
    return [refusal(error), { ...now, subject: named, ...(open.length > 0 ? { text: t("conversation:stale.movedOn", { subjectId: named.id }) } : {}) }];
  }

  async function dispatch(turn: Turn): Promise<OutboundMessage[]> {
    const p = turn.inbound.payload;
    switch (p.kind) {
      case "action":
        return onAction(turn, p.actionId, p.payload);
      case "form": {
        const form = FORMS.get(p.formId);
        if (!form) return [say("common:didNotUnderstand", undefined, { tone: "error" })];
        return submitForm(turn, form, p.values, p.files, {});
      }
      case "text":
        return onText(turn, p.text);
    }
  }

  async function handleTurn(raw: Inbound): Promise<TurnAnswer> {
    const inbound = inboundSchema.parse(raw);
    try {
      const key = conversationKeyOf(inbound);
      // One statement for dedupe, party, reference and conversation (issue 15).
      const context = await loadInboundContext(app.db, { ...key, eventId: inbound.eventId });
      if (context.alreadyProcessed) return { replies: [] };
      const party = context.party;
      if (!party) {
        const replies = await unlinked(inbound);
        // The turn may have linked the account (a code, a registration): proactive messages need its reference from now on.
        await rememberConversationRef(app.db, inbound.channel, inbound.externalUserId, inbound.conversation);
        return (await markProcessed(inbound)) ? { replies } : { replies: [] };
      }
      await rememberConversationRef(app.db, inbound.channel, inbound.externalUserId, inbound.conversation, context.conversationRef);
      const turn = new Turn(app, inbound, party, actorOf(party), inbound.locale ?? party.locale, conversationRecordOf(context.conversation));
      let replies: OutboundMessage[];
      try {
        replies = await dispatch(turn);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        replies = await refusalReplies(turn, error);
      }
      const after = storedConversationOf(turn.conversation);
      // A turn that changed neither the flow nor the thread writes nothing (and cannot overwrite a concurrent turn's change).
      if (!sameConversationState(context.conversation, after)) await saveConversationState(app.db, key, after, app.clock.now());
      if (!turn.marked && !(await markProcessed(inbound))) return { replies: [] };
      return { replies, subject: turn.conversation.subject ?? null };
    } catch (error) {
      if (error instanceof DuplicateInbound) return { replies: [] };
      options.onError?.(error, inbound);
      return { replies: [say("common:somethingWentWrong", undefined, { tone: "error" })] };
    }
  }

  return { handle: async (inbound) => (await handleTurn(inbound)).replies, handleTurn };
}
