/**
 * A domain Notification as the neutral OutboundMessage every channel renders (CM-03: keys and
 * parameters only; the channel formats them in the reader's language). A party's free text arrives
 * already translated for this reader, as PersonText (CM-01); a machine translation carries the
 * "show original" button first. A person's words quoted in the bot's text or facts (`PersonWords`
 * params: reasons, a description) are translated for the reader here, each marked as the channel
 * shows it (machine-translated, or the original when translation failed).
 */
import {
  isPersonWords,
  showOriginalAction,
  type Fact,
  type LocalizedText,
  type MessageParam,
  type Notification,
  type OutboundMessage,
  type PersonText,
  type PersonWords,
} from "../../domain/notifications/index.js";

/** CM-01: one person's words for this reader (never throws: on failure, the original, marked). */
export type WordsForReader = (words: PersonWords) => Promise<PersonWords>;

export interface ReaderTranslations {
  /** The notification's person message, translated for the reader. */
  readonly personText?: PersonText;
  readonly words: WordsForReader;
}

async function paramForReader(value: MessageParam, words: WordsForReader): Promise<MessageParam> {
  return isPersonWords(value) ? words(value) : value;
}

async function textForReader(text: LocalizedText, words: WordsForReader): Promise<LocalizedText> {
  if (!text.params) return text;
  const params = await Promise.all(Object.entries(text.params).map(async ([name, value]) => [name, await paramForReader(value, words)] as const));
  return { key: text.key, params: Object.fromEntries(params) };
}

function isNotificationText(value: Fact["value"]): value is LocalizedText {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as LocalizedText).key === "string";
}

async function factForReader(fact: Fact, words: WordsForReader): Promise<Fact> {
  const value = isNotificationText(fact.value) ? await textForReader(fact.value, words) : await paramForReader(fact.value, words);
  return { label: await textForReader(fact.label, words), value };
}

export async function renderNotification(notification: Notification, reader: ReaderTranslations): Promise<OutboundMessage> {
  const { personText, words } = reader;
  const actions = [...(personText?.machineTranslated ? [showOriginalAction(personText, notification.subject)] : []), ...(notification.actions ?? [])];
  const facts = notification.facts ? await Promise.all(notification.facts.map((f) => factForReader(f, words))) : undefined;
  return {
    subject: notification.subject,
    text: await textForReader(notification.text, words),
    ...(personText ? { personText } : {}),
    ...(facts ? { facts } : {}),
    ...(actions.length > 0 ? { actions } : {}),
    ...(notification.deadline ? { deadline: notification.deadline } : {}),
    ...(notification.tone ? { tone: notification.tone } : {}),
  };
}
