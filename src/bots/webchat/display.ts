/**
 * The web chat's renderer: a neutral OutboundMessage as display JSON with every string already in
 * the reader's language (CM-03: amounts in its currency format, instants in its time zone), so the
 * browser does no translation. A party's free text keeps its original next to the translation (CM-01).
 */
import {
  isPersonWords,
  type Action,
  type Fact,
  type Form,
  type FormField,
  type LocalizedText,
  type MessageParam,
  type OutboundMessage,
  type PersonText,
} from "../conversation/messages.js";
import { personWordsText, withPersonWordsText } from "../conversation/person-text.js";
import { SHOW_ORIGINAL_ACTION } from "../conversation/person-text.js";
import { formatValue, formattingLocale, isRightToLeft, renderDomainError, resolveLanguage, type Translator, type Reader } from "../conversation/i18n/index.js";
import { DomainError, type ErrorParam } from "../../domain/shared/errors.js";

export interface DisplayAction {
  readonly actionId: string;
  readonly label: string;
  readonly payload: Readonly<Record<string, string | number | boolean>>;
  readonly style?: "primary" | "danger";
}

export interface DisplayField {
  readonly name: string;
  readonly label: string;
  readonly type: FormField["type"];
  readonly required: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly currency?: string;
  readonly hint?: string;
  readonly value?: string;
  readonly error?: string;
  readonly multiple?: boolean;
}

export interface DisplayForm {
  readonly formId: string;
  readonly title: string;
  readonly fields: readonly DisplayField[];
  readonly submit: DisplayAction;
  readonly cancel?: DisplayAction;
}

export interface DisplayPersonText {
  readonly senderName: string;
  readonly shown: string;
  readonly shownLanguage: string;
  readonly original: string;
  readonly originalLanguage: string;
  readonly machineTranslated: boolean;
  readonly translationFailed: boolean;
  /** "Machine-translated" or "translation unavailable…", in the reader's language. */
  readonly note?: string;
  /** "Original message (Chinese):", in the reader's language. */
  readonly originalHeading: string;
}

export interface DisplayMessage {
  readonly subject?: { readonly type: "order" | "claim"; readonly id: string };
  readonly tone?: "info" | "success" | "warning" | "error";
  readonly text?: string;
  readonly person?: DisplayPersonText;
  readonly facts?: readonly { readonly label: string; readonly value: string }[];
  readonly actions?: readonly DisplayAction[];
  readonly form?: DisplayForm;
  readonly attachments?: readonly {
    readonly name: string;
    readonly mediaType: string;
    readonly sizeBytes: number;
    readonly sha256: string;
    readonly href?: string;
  }[];
  readonly deadline?: { readonly dueAt: string; readonly label: string; readonly dueAtText: string };
}

export function pageDirection(locale: string): "rtl" | "ltr" {
  return isRightToLeft(resolveLanguage(locale)) ? "rtl" : "ltr";
}

function isLocalizedText(value: Fact["value"]): value is LocalizedText {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as LocalizedText).key === "string";
}

/** The name of a language in the reader's language ("Chinese" / "中文"), or the tag itself. */
export function languageName(readerLocale: string, tag: string): string {
  try {
    return new Intl.DisplayNames([formattingLocale(readerLocale)], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const ERROR_NAMESPACE = "errors:";

/** A sentence param as a refusal's param (tagged instants and dates as their ISO strings, formatted by the sentence). */
function errorParam(value: MessageParam): ErrorParam {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if ("instant" in value) return value.instant;
    if ("date" in value) return value.date;
    if (isPersonWords(value)) return value.personText;
  }
  return value as ErrorParam;
}

export class DisplayRenderer {
  constructor(private readonly translator: Translator) {}

  text(reader: Reader, text: LocalizedText): string {
    // CM-03 / issue 16: a refusal is rendered like Slack and Teams render it — coded values (statuses,
    // roles, payment methods, terms) by their names, and the dated sentence when the refusal has its date.
    if (text.key.startsWith(ERROR_NAMESPACE)) {
      const params = Object.fromEntries(Object.entries(text.params ?? {}).map(([name, value]) => [name, errorParam(value)]));
      return renderDomainError(this.translator, reader.locale, reader.timeZone, new DomainError(text.key.slice(ERROR_NAMESPACE.length), params));
    }
    // CM-01: a person's words in the sentence are shown as the reader gets them, marked when machine-translated.
    const params = withPersonWordsText(text.params ?? {}, this.#mark(reader));
    return this.translator.t(reader.locale, text.key, params, { timeZone: reader.timeZone });
  }

  #mark(reader: Reader): (key: string) => string {
    return (key) => this.translator.t(reader.locale, key, {}, { timeZone: reader.timeZone });
  }

  value(reader: Reader, value: Fact["value"]): string {
    if (isLocalizedText(value)) return this.text(reader, value);
    if (isPersonWords(value)) return personWordsText(value, this.#mark(reader));
    return formatValue(value, { locale: formattingLocale(reader.locale), timeZone: reader.timeZone, isolateValues: false });
  }

  /** The localized sentence of a key when the locale files have it, else the fallback (the page never shows a raw key). */
  word(reader: Reader, key: string, fallback: string, params: Readonly<Record<string, string>> = {}): string {
    return this.translator.exists(reader.locale, key) ? this.translator.t(reader.locale, key, params, { timeZone: reader.timeZone }) : fallback;
  }

  action(reader: Reader, action: Action): DisplayAction {
    return {
      actionId: action.actionId,
      label: this.text(reader, action.label),
      payload: action.payload ?? {},
      ...(action.style ? { style: action.style } : {}),
    };
  }

  form(reader: Reader, form: Form): DisplayForm {
    return {
      formId: form.formId,
      title: this.text(reader, form.title),
      fields: form.fields.map((f) => this.field(reader, f)),
      submit: this.action(reader, form.submit),
      ...(form.cancel ? { cancel: this.action(reader, form.cancel) } : {}),
    };
  }

  field(reader: Reader, f: FormField): DisplayField {
    return {
      name: f.name,
      label: this.text(reader, f.label),
      type: f.type,
      required: f.required,
      ...(f.options ? { options: f.options.map((o) => ({ value: o.value, label: this.text(reader, o.label) })) } : {}),
      ...(f.currency ? { currency: f.currency } : {}),
      ...(f.hint ? { hint: this.text(reader, f.hint) } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(f.error ? { error: this.text(reader, f.error) } : {}),
      ...(f.multiple ? { multiple: true } : {}),
    };
  }

  person(reader: Reader, person: PersonText): DisplayPersonText {
    const failed = person.translationFailed === true;
    const note = person.translationOff
      ? this.word(reader, "conversation:webchat.translationOff", "Translation is turned off on this server; here is the original message")
      : failed
        ? this.word(reader, "common:translation.unavailable", "The translation is unavailable right now; here is the original message")
        : person.machineTranslated
          ? this.word(reader, "common:translation.machineTranslated", "Machine-translated")
          : undefined;
    const language = languageName(reader.locale, person.originalLanguage);
    return {
      senderName: person.senderName,
      shown: person.shown,
      shownLanguage: person.shownLanguage,
      original: person.original,
      originalLanguage: person.originalLanguage,
      machineTranslated: person.machineTranslated,
      translationFailed: failed,
      ...(note ? { note } : {}),
      originalHeading: this.word(reader, "common:translation.originalLanguage", `Original message (${language}):`, { language }),
    };
  }

  render(reader: Reader, message: OutboundMessage): DisplayMessage {
    // The page shows the original in place (CM-01), so the chat platforms' "show original" round trip is left out.
    const actions = message.personText ? message.actions?.filter((a) => a.actionId !== SHOW_ORIGINAL_ACTION) : message.actions;
    return {
      ...(message.subject ? { subject: message.subject } : {}),
      ...(message.tone ? { tone: message.tone } : {}),
      ...(message.text ? { text: this.text(reader, message.text) } : {}),
      ...(message.personText ? { person: this.person(reader, message.personText) } : {}),
      ...(message.facts ? { facts: message.facts.map((f) => ({ label: this.text(reader, f.label), value: this.value(reader, f.value) })) } : {}),
      ...(actions?.length ? { actions: actions.map((a) => this.action(reader, a)) } : {}),
      ...(message.form ? { form: this.form(reader, message.form) } : {}),
      ...(message.attachments ? { attachments: message.attachments.map((a) => ({ ...a })) } : {}),
      ...(message.deadline
        ? {
            deadline: {
              dueAt: message.deadline.dueAt,
              label: this.text(reader, message.deadline.label),
              dueAtText: this.value(reader, { instant: message.deadline.dueAt }),
            },
          }
        : {}),
    };
  }
}
