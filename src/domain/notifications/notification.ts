/**
 * Notifications: who is told what when something happens to an order or a claim (architecture
 * step 5). A notification names its recipient (a party, or staff on call) and carries the bot's own
 * words as i18n keys with parameters (CM-03) — never a sentence — plus facts, buttons and the
 * deadline the recipient faces. A party's free text travels as a `personMessage`, and a person's own
 * words quoted in a notification (a claim's description, a rejection's or a decision's reasons) as a
 * `PersonWords` param; the delivery adapter translates both for each reader (CM-01). A button names
 * one of the engine's use cases (`USE_CASE`). The outbox stores notifications as JSON.
 */
import type { ActorKind } from "../shared/events.js";
import type { Instant } from "../shared/time.js";
import type { UseCaseName } from "./action-ids.js";
import { USE_CASE } from "./action-ids.js";
import type { Action, DeadlineNotice, Fact, LocalizedText, MessageParam, OutboundMessage, PersonText, PersonWords } from "./vocabulary.js";

export { isPersonWords } from "./vocabulary.js";
export type { PersonWords } from "./vocabulary.js";

/** A button of a notification names one of the engine's use cases, so a dead button cannot compile. */
export type NotificationAction = Action<UseCaseName>;

export type NotificationRecipient =
  | { readonly partyId: string }
  /** DT-01: staff on call; `level` is the paging level (1 first, higher after escalation). */
  | { readonly staff: true; readonly level?: number };

export interface NotificationSubject {
  readonly type: "order" | "claim";
  readonly id: string;
}

/** CM-01 / CM-02: a party's message, as written; translated per reader at delivery. */
export interface PersonMessage {
  readonly messageId: string;
  readonly senderPartyId: string;
  readonly senderKind: Exclude<ActorKind, "system">;
  readonly text: string;
  readonly language: string;
  readonly sentAt: Instant;
}

export interface Notification {
  readonly recipient: NotificationRecipient;
  readonly subject: NotificationSubject;
  readonly text: LocalizedText;
  readonly facts?: readonly Fact[];
  readonly actions?: readonly NotificationAction[];
  readonly deadline?: DeadlineNotice;
  readonly personMessage?: PersonMessage;
  readonly tone?: "info" | "success" | "warning";
}

export function toParty(partyId: string): NotificationRecipient {
  return { partyId };
}

export function toStaff(level?: number): NotificationRecipient {
  return level === undefined ? { staff: true } : { staff: true, level };
}

export function text(key: string, params?: Readonly<Record<string, MessageParam>>): LocalizedText {
  return params === undefined ? { key } : { key, params };
}

export function instant(at: Instant): { readonly instant: Instant } {
  return { instant: at };
}

/** CM-01: words a person wrote (lines joined one per line), for the delivery to translate per reader. */
export function personWords(words: string | readonly string[], language: string): PersonWords {
  return { personText: typeof words === "string" ? words : words.join("\n"), language };
}

export function action(
  actionId: UseCaseName,
  labelKey: string,
  payload: Readonly<Record<string, string | number | boolean>>,
  style?: "primary" | "danger",
): NotificationAction {
  return { actionId, label: text(labelKey), payload, ...(style ? { style } : {}) };
}

/** The same notification for each recipient, in the order given (one outbox entry each). */
export function toEach(recipients: readonly NotificationRecipient[], body: Omit<Notification, "recipient">): Notification[] {
  return recipients.map((recipient) => ({ recipient, ...body }));
}

/** CM-01: the button that shows the original of a machine-translated message (its id and the thread it is in). */
export function showOriginalAction(personText: PersonText, subject: NonNullable<OutboundMessage["subject"]>): NotificationAction {
  return action(USE_CASE.showOriginal, "common:translation.showOriginal", {
    messageId: personText.messageId,
    subjectType: subject.type,
    subjectId: subject.id,
  });
}
