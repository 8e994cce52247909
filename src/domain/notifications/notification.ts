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
import type { Money } from "../shared/money.js";
import type { Instant, LocalDate } from "../shared/time.js";
import type { UseCaseName } from "./action-ids.js";

/** CM-01: a person's own words, in the language they were written in; translated for each reader at delivery. */
export interface PersonWords {
  readonly personText: string;
  /** BCP 47 tag of the author's language (a party's locale; "en" for staff whose language is unknown). */
  readonly language: string;
}

/** A value the channel renders in the reader's language, time zone and currency format (CM-03). */
export type NotificationParam =
  | string
  | number
  | boolean
  | Money
  | { readonly instant: Instant }
  | { readonly date: LocalDate }
  | PersonWords
  | readonly string[];

/** An i18next key ("claim:notify.filed") with its parameters. */
export interface NotificationText {
  readonly key: string;
  readonly params?: Readonly<Record<string, NotificationParam>>;
}

export type NotificationRecipient =
  | { readonly partyId: string }
  /** DT-01: staff on call; `level` is the paging level (1 first, higher after escalation). */
  | { readonly staff: true; readonly level?: number };

export interface NotificationSubject {
  readonly type: "order" | "claim";
  readonly id: string;
}

export interface NotificationFact {
  readonly label: NotificationText;
  readonly value: NotificationText | NotificationParam;
}

/** A button; `actionId` names the use case the conversation engine runs, `payload` its arguments. */
export interface NotificationAction {
  readonly actionId: UseCaseName;
  readonly label: NotificationText;
  readonly payload?: Readonly<Record<string, string | number | boolean>>;
  readonly style?: "primary" | "danger";
}

export interface NotificationDeadline {
  readonly dueAt: Instant;
  readonly label: NotificationText;
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
  readonly text: NotificationText;
  readonly facts?: readonly NotificationFact[];
  readonly actions?: readonly NotificationAction[];
  readonly deadline?: NotificationDeadline;
  readonly personMessage?: PersonMessage;
  readonly tone?: "info" | "success" | "warning";
}

export function toParty(partyId: string): NotificationRecipient {
  return { partyId };
}

export function toStaff(level?: number): NotificationRecipient {
  return level === undefined ? { staff: true } : { staff: true, level };
}

export function text(key: string, params?: Readonly<Record<string, NotificationParam>>): NotificationText {
  return params === undefined ? { key } : { key, params };
}

export function instant(at: Instant): { readonly instant: Instant } {
  return { instant: at };
}

/** CM-01: words a person wrote (lines joined one per line), for the delivery to translate per reader. */
export function personWords(words: string | readonly string[], language: string): PersonWords {
  return { personText: typeof words === "string" ? words : words.join("\n"), language };
}

export function isPersonWords(value: unknown): value is PersonWords {
  return typeof value === "object" && value !== null && "personText" in value && typeof (value as PersonWords).personText === "string";
}

export function action(actionId: UseCaseName, labelKey: string, payload: Readonly<Record<string, string | number | boolean>>, style?: "primary" | "danger"): NotificationAction {
  return { actionId, label: text(labelKey), payload, ...(style ? { style } : {}) };
}

/** The same notification for each recipient, in the order given (one outbox entry each). */
export function toEach(recipients: readonly NotificationRecipient[], body: Omit<Notification, "recipient">): Notification[] {
  return recipients.map((recipient) => ({ recipient, ...body }));
}
