/**
 * Neutral messages as plain text, rendered with the bots' i18next translator in the reader's language
 * and time zone — what a person would read, for tests that read like the chat.
 */
import { DomainError, type ErrorParam } from "../../../src/domain/shared/errors.js";
import { renderDomainError } from "../../../src/bots/conversation/i18n/render-error.js";
import type { Translator } from "../../../src/bots/conversation/i18n/i18n.js";
import {
  isPersonWords,
  type Fact,
  type LocalizedText,
  type MessageParam,
  type OutboundMessage,
  type PersonText,
} from "../../../src/bots/conversation/messages.js";
import { personWordsText, withPersonWordsText } from "../../../src/bots/conversation/person-text.js";

export type { Reader } from "../../../src/bots/conversation/i18n/index.js";
import type { Reader } from "../../../src/bots/conversation/i18n/index.js";

type PlainValue = Exclude<MessageParam, { readonly personText: string }>;

function plainParam(value: PlainValue): ErrorParam {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if ("instant" in value) return value.instant;
    if ("date" in value) return value.date;
  }
  return value as ErrorParam;
}

const ERROR_NAMESPACE = "errors:";

/** CM-01: the key's sentence in the reader's language, marked when a person's words in it were machine-translated. */
const markIn =
  (translator: Translator, reader: Reader) =>
  (key: string): string =>
    translator.t(reader.locale, key);

export function renderText(translator: Translator, reader: Reader, text: LocalizedText): string {
  const readable = withPersonWordsText(text.params ?? {}, markIn(translator, reader));
  const params = Object.fromEntries(Object.entries(readable).map(([k, v]) => [k, plainParam(v)]));
  if (text.key.startsWith(ERROR_NAMESPACE)) {
    // A refusal: coded params (statuses, roles, methods) are shown by their localized names.
    return renderDomainError(translator, reader.locale, reader.timeZone, new DomainError(text.key.slice(ERROR_NAMESPACE.length), params));
  }
  return translator.t(reader.locale, text.key, params, { timeZone: reader.timeZone });
}

function isLocalizedText(value: Fact["value"]): value is LocalizedText {
  return typeof value === "object" && value !== null && "key" in value && typeof (value as LocalizedText).key === "string";
}

function renderValue(translator: Translator, reader: Reader, value: Fact["value"]): string {
  if (isLocalizedText(value)) return renderText(translator, reader, value);
  if (isPersonWords(value)) return personWordsText(value, markIn(translator, reader));
  return translator.t(reader.locale, "common:form.literal", { value: plainParam(value) }, { timeZone: reader.timeZone });
}

/**
 * CM-01: a party's words as the reader sees them — the translation marked machine-translated, or the
 * original marked untranslated when the translator failed (same-language text is shown unmarked).
 */
function personLine(translator: Translator, reader: Reader, p: PersonText): string {
  const markKey = p.machineTranslated ? "common:translation.machineTranslated" : p.translationFailed ? "common:translation.notTranslated" : undefined;
  const mark = markKey ? ` (${translator.t(reader.locale, markKey)})` : "";
  return `${p.senderName}: ${p.shown}${mark}`;
}

/** One message as lines of text. */
export function renderPlain(translator: Translator, reader: Reader, message: OutboundMessage): string {
  const r = (text: LocalizedText): string => renderText(translator, reader, text);
  const lines: string[] = [];
  if (message.text) lines.push(message.tone === "error" ? `⚠ ${r(message.text)}` : r(message.text));
  if (message.personText) lines.push(personLine(translator, reader, message.personText));
  for (const f of message.facts ?? []) lines.push(`• ${r(f.label)}: ${renderValue(translator, reader, f.value)}`);
  for (const a of message.attachments ?? []) lines.push(`📎 ${a.name} (${a.sha256})`);
  if (message.deadline) lines.push(`⏰ ${r(message.deadline.label)}: ${renderValue(translator, reader, { instant: message.deadline.dueAt })}`);
  if (message.form) {
    lines.push(`📝 ${r(message.form.title)}`);
    for (const field of message.form.fields) {
      const value = field.value === undefined ? "" : ` = ${field.value}`;
      const error = field.error ? ` ⚠ ${r(field.error)}` : "";
      lines.push(`  - ${r(field.label)}${field.required ? " *" : ""}${value}${error}`);
    }
  }
  if (message.actions && message.actions.length > 0) lines.push(message.actions.map((a) => `[${r(a.label)}]`).join(" "));
  return lines.join("\n");
}
