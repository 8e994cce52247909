/**
 * Neutral OutboundMessages as Adaptive Cards 1.5 (what Teams and Bot Framework Web Chat render), every
 * word in the reader's language from the locale files and every instant in the reader's time zone
 * (CM-03); and the data a card posts back (Action.Execute invoke or Action.Submit message) as the
 * neutral Inbound payload.
 *
 * - text → TextBlock (tone → colour), facts → FactSet, deadline → TextBlock in the reader's zone
 * - actions → `Action.Execute` (Universal Actions) with an `Action.Submit` fallback for clients
 *   without them; both carry the neutral `actionId` and `payload` in their data
 * - a form → `Input.*` with `label`, `isRequired`, `regex` and `errorMessage`, and one Execute/Submit
 * - CM-01: a party's machine-translated words carry a "Show original" toggle revealing the original in
 *   place (the chat platforms' show-original round trip is not needed on a card)
 */
import { DomainError, type ErrorParam } from "../../domain/shared/errors.js";
import { canonicalLanguage } from "../../domain/shared/language-tags.js";
import { formattingLocale, formatValue, renderDomainError, type Translator, type Reader } from "../conversation/i18n/index.js";
import {
  isPersonWords,
  type Action,
  type Fact,
  type Form,
  type FormField,
  type InboundPayload,
  type LocalizedText,
  type MessageParam,
  type OutboundMessage,
  type PersonText,
} from "../conversation/messages.js";
import { languageName, personWordsText, SHOW_ORIGINAL_ACTION, withPersonWordsText } from "../conversation/person-text.js";

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const ADAPTIVE_CARD_VERSION = "1.5";

/** Marks the data of our own card actions (any other submit is not ours). */
export const CARD_DATA_MARK = "tab";
/** Input ids are prefixed so a field named like a data key cannot clash with it. */
export const FIELD_INPUT_PREFIX = "field.";

// Adaptive Card JSON is an open schema; elements are plain objects.
export type CardElement = Record<string, unknown>;
export interface AdaptiveCard {
  readonly type: "AdaptiveCard";
  readonly $schema: string;
  readonly version: string;
  readonly body: CardElement[];
  readonly actions?: CardElement[];
  readonly lang?: string;
  readonly rtl?: boolean;
  readonly msteams?: { readonly width: "Full" };
  /** Universal Actions: clients showing the card to these users ask the bot for its current version. */
  readonly refresh?: { readonly action: CardElement; readonly userIds: readonly string[] };
}

/** The data an action of ours carries: `tab` marks it, the neutral action id and payload, the form it submits. */
export interface CardActionData {
  readonly [CARD_DATA_MARK]: 1;
  readonly actionId: string;
  readonly payload: Readonly<Record<string, string | number | boolean>>;
  readonly formId?: string;
}

const TONE_COLOUR = { info: "default", success: "good", warning: "warning", error: "attention" } as const;

/** Shapes the reader types a value in; the engine validates again (the card only helps early). */
const FIELD_REGEX: Partial<Record<FormField["type"], string>> = {
  integer: "^[0-9]+$",
  money: "^[0-9]+([.,][0-9]{1,3})?$",
  email: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
};
const FIELD_FORMAT_ERROR: Partial<Record<FormField["type"], string>> = {
  integer: "common:form.notWholeNumber",
  money: "teams:card.notAnAmount",
  email: "teams:card.notAnEmail",
};

type PlainParam = Exclude<MessageParam, { readonly personText: string }>;

function errorParam(value: PlainParam): ErrorParam {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if ("instant" in value) return value.instant;
    if ("date" in value) return value.date;
  }
  return value as ErrorParam;
}

function isLocalizedText(value: Fact["value"]): value is LocalizedText {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as LocalizedText).key === "string";
}

const ERROR_NAMESPACE = "errors:";

export class CardRenderer {
  constructor(
    private readonly translator: Translator,
    /** The product's public base URL, for attachment links. */
    private readonly publicUrl = "",
  ) {}

  /** A bot sentence in the reader's language; a party's words in it are marked (CM-01), refusals name coded values. */
  text(reader: Reader, text: LocalizedText): string {
    const mark = (key: string): string => this.translator.t(reader.locale, key);
    const params = withPersonWordsText(text.params ?? {}, mark);
    if (text.key.startsWith(ERROR_NAMESPACE)) {
      const errorParams = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, errorParam(v)]));
      return renderDomainError(this.translator, reader.locale, reader.timeZone, new DomainError(text.key.slice(ERROR_NAMESPACE.length), errorParams));
    }
    return this.translator.t(reader.locale, text.key, params, { timeZone: reader.timeZone });
  }

  word(reader: Reader, key: string, params: Readonly<Record<string, string>> = {}): string {
    return this.translator.t(reader.locale, key, params, { timeZone: reader.timeZone });
  }

  value(reader: Reader, value: Fact["value"]): string {
    if (isLocalizedText(value)) return this.text(reader, value);
    if (isPersonWords(value)) return personWordsText(value, (key) => this.translator.t(reader.locale, key));
    return formatValue(value, { locale: formattingLocale(reader.locale), timeZone: reader.timeZone, isolateValues: false });
  }

  /** One card for one message. */
  render(reader: Reader, message: OutboundMessage): AdaptiveCard {
    const body: CardElement[] = [];
    if (message.text) {
      body.push({
        type: "TextBlock",
        text: this.text(reader, message.text),
        wrap: true,
        color: TONE_COLOUR[message.tone ?? "info"],
        ...(message.tone === "error" ? { weight: "Bolder" } : {}),
      });
    }
    if (message.personText) body.push(...this.person(reader, message.personText));
    if (message.facts?.length) {
      body.push({ type: "FactSet", facts: message.facts.map((f) => ({ title: this.text(reader, f.label), value: this.value(reader, f.value) })) });
      body.push(...this.originalsOfFacts(reader, message.facts));
    }
    for (const attachment of message.attachments ?? []) {
      const name = attachment.href ? `[${attachment.name}](${this.publicUrl.replace(/\/$/, "")}${attachment.href})` : attachment.name;
      body.push({
        type: "TextBlock",
        text: this.word(reader, "teams:card.attachment", { name, size: String(attachment.sizeBytes), sha256: attachment.sha256 }),
        wrap: true,
        isSubtle: true,
      });
    }
    if (message.deadline) {
      body.push({
        type: "TextBlock",
        text: `${this.text(reader, message.deadline.label)}: ${this.value(reader, { instant: message.deadline.dueAt })}`,
        wrap: true,
        weight: "Bolder",
      });
    }
    const actions: CardElement[] = [];
    if (message.form) {
      body.push(...this.form(reader, message.form));
      actions.push(this.action(reader, message.form.submit, message.form.formId));
      if (message.form.cancel) actions.push(this.action(reader, message.form.cancel));
    }
    // CM-01: the toggle above shows the original in place; the round-trip button is left out.
    for (const action of message.actions ?? [])
      if (!(message.personText && action.actionId === SHOW_ORIGINAL_ACTION)) actions.push(this.action(reader, action));
    return {
      type: "AdaptiveCard",
      $schema: ADAPTIVE_CARD_SCHEMA,
      version: ADAPTIVE_CARD_VERSION,
      lang: reader.locale,
      ...(reader.locale.startsWith("ar") ? { rtl: true } : {}),
      body,
      ...(actions.length ? { actions } : {}),
      msteams: { width: "Full" },
    };
  }

  /**
   * The card once its actions went stale (acted on, or superseded by a newer card on the same case):
   * the same content without inputs and buttons, and a line saying what happened.
   */
  stale(reader: Reader, card: AdaptiveCard, note: LocalizedText): AdaptiveCard {
    const body = card.body.filter((e) => typeof e["type"] !== "string" || !(e["type"] as string).startsWith("Input."));
    // A stale card has nothing left to refresh: it never changes again.
    const { actions: _dropped, refresh: _refresh, ...rest } = card;
    return { ...rest, body: [...body, { type: "TextBlock", text: this.text(reader, note), wrap: true, isSubtle: true, separator: true }] };
  }

  /** CM-01: a party's machine-translated words quoted in facts get the same in-place "Show original" toggle. */
  originalsOfFacts(reader: Reader, facts: readonly Fact[]): CardElement[] {
    const translated = facts.flatMap((f, index) =>
      isPersonWords(f.value) && f.value.machineTranslated && f.value.original !== undefined ? [{ index, words: f.value }] : [],
    );
    if (translated.length === 0) return [];
    const containers = translated.map(({ index, words }) => ({
      type: "Container",
      id: `original-fact-${index}`,
      isVisible: false,
      items: [
        {
          type: "TextBlock",
          text: this.word(reader, "common:translation.originalLanguage", {
            language: this.text(reader, languageName(canonicalLanguage(words.originalLanguage ?? words.language))),
          }),
          isSubtle: true,
          wrap: true,
        },
        { type: "TextBlock", text: words.original, wrap: true, ...(words.originalLanguage ? { lang: words.originalLanguage } : {}) },
      ],
    }));
    const toggle = {
      type: "Action.ToggleVisibility",
      title: this.word(reader, "common:translation.showOriginal"),
      targetElements: containers.map((c) => c.id),
    };
    return [...containers, { type: "ActionSet", actions: [toggle] }];
  }

  person(reader: Reader, person: PersonText): CardElement[] {
    const elements: CardElement[] = [
      { type: "TextBlock", text: person.senderName, weight: "Bolder", wrap: true },
      { type: "TextBlock", text: person.shown, wrap: true, ...(person.shownLanguage ? { lang: person.shownLanguage } : {}) },
    ];
    const markKey = person.machineTranslated
      ? "common:translation.machineTranslated"
      : person.translationFailed
        ? "common:translation.notTranslated"
        : undefined;
    if (markKey) elements.push({ type: "TextBlock", text: this.word(reader, markKey), isSubtle: true, size: "Small", wrap: true });
    if (person.machineTranslated) {
      const originalId = `original-${person.messageId}`;
      elements.push(
        {
          type: "Container",
          id: originalId,
          isVisible: false,
          items: [
            {
              type: "TextBlock",
              text: this.word(reader, "common:translation.originalLanguage", {
                language: this.text(reader, languageName(canonicalLanguage(person.originalLanguage))),
              }),
              isSubtle: true,
              wrap: true,
            },
            { type: "TextBlock", text: person.original, wrap: true, lang: person.originalLanguage },
          ],
        },
        {
          type: "ActionSet",
          actions: [{ type: "Action.ToggleVisibility", title: this.word(reader, "common:translation.showOriginal"), targetElements: [originalId] }],
        },
      );
    }
    return elements;
  }

  form(reader: Reader, form: Form): CardElement[] {
    return [
      { type: "TextBlock", text: this.text(reader, form.title), weight: "Bolder", size: "Medium", wrap: true },
      ...form.fields.flatMap((f) => this.field(reader, f)),
    ];
  }

  field(reader: Reader, f: FormField): CardElement[] {
    const label = this.text(reader, f.label);
    const hint = f.hint ? this.text(reader, f.hint) : undefined;
    // The last refusal of this field first; else what a wrong shape or a missing value means.
    const formatKey = FIELD_FORMAT_ERROR[f.type];
    const errorMessage = f.error ? this.text(reader, f.error) : formatKey ? this.word(reader, formatKey) : this.word(reader, "common:form.required");
    const common = {
      id: `${FIELD_INPUT_PREFIX}${f.name}`,
      label,
      isRequired: f.required,
      errorMessage,
      ...(f.value !== undefined && f.type !== "file" ? { value: f.value } : {}),
    };
    const shown: CardElement[] = [];
    if (f.error) shown.push({ type: "TextBlock", text: `⚠ ${this.text(reader, f.error)}`, color: "attention", wrap: true });
    switch (f.type) {
      case "select":
        return [
          ...shown,
          {
            type: "Input.ChoiceSet",
            ...common,
            style: "compact",
            isMultiSelect: f.multiple === true,
            choices: (f.options ?? []).map((o) => ({ title: this.text(reader, o.label), value: o.value })),
          },
        ];
      case "boolean":
        return [
          ...shown,
          { type: "Input.Toggle", ...common, title: hint ?? label, valueOn: "true", valueOff: "false", ...(f.value === undefined ? { value: "false" } : {}) },
        ];
      case "date":
        return [...shown, { type: "Input.Date", ...common, ...(hint ? { placeholder: hint } : {}) }];
      case "file":
        // A card cannot carry a file: the reader attaches it in the chat, where it is measured and stored.
        return [...shown, { type: "TextBlock", text: `${label}${f.required ? " *" : ""}: ${this.word(reader, "teams:card.attachFileHint")}`, wrap: true }];
      default: {
        const regex = FIELD_REGEX[f.type];
        const placeholder = hint ?? (f.type === "money" && f.currency ? f.currency : undefined);
        return [
          ...shown,
          {
            type: "Input.Text",
            ...common,
            ...(f.type === "textarea" ? { isMultiline: true, maxLength: 10_000 } : { maxLength: 500 }),
            ...(f.type === "email" ? { style: "Email" } : {}),
            ...(regex ? { regex } : {}),
            ...(placeholder ? { placeholder } : {}),
          },
        ];
      }
    }
  }

  /** An Action.Execute (verb = the neutral action id) falling back to an Action.Submit with the same data. */
  action(reader: Reader, action: Action, formId?: string): CardElement {
    const title = this.text(reader, action.label);
    const data: CardActionData = { [CARD_DATA_MARK]: 1, actionId: action.actionId, payload: action.payload ?? {}, ...(formId ? { formId } : {}) };
    const style = action.style === "primary" ? "positive" : action.style === "danger" ? "destructive" : undefined;
    // A cancel needs no valid inputs; every other action of a form checks them on the client first.
    const validation = formId ? {} : { associatedInputs: "none" };
    return {
      type: "Action.Execute",
      title,
      verb: action.actionId,
      data,
      ...validation,
      ...(style ? { style } : {}),
      fallback: { type: "Action.Submit", title, data, ...validation, ...(style ? { style } : {}) },
    };
  }
}

function isActionData(value: unknown): value is CardActionData & Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const data = value as Record<string, unknown>;
  return data[CARD_DATA_MARK] === 1 && typeof data["actionId"] === "string";
}

const scalar = (v: unknown): v is string | number | boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * What a card posted back (the Action.Submit `value` or the Action.Execute `action.data`, with the
 * inputs' values merged in by the client) as the neutral payload: a form submission when the action
 * submits a form, else a button press. Undefined for data that is not from one of our cards.
 */
export function cardDataToInbound(data: unknown): InboundPayload | undefined {
  if (!isActionData(data)) return undefined;
  const payload = Object.fromEntries(
    Object.entries(typeof data.payload === "object" && data.payload !== null ? data.payload : {}).filter(([, v]) => scalar(v)),
  );
  if (typeof data.formId === "string" && data.formId.length > 0) {
    const values: Record<string, string | string[]> = {};
    for (const [key, raw] of Object.entries(data)) {
      if (!key.startsWith(FIELD_INPUT_PREFIX) || !scalar(raw)) continue;
      values[key.slice(FIELD_INPUT_PREFIX.length)] = String(raw);
    }
    return { kind: "form", formId: data.formId, values, files: [] };
  }
  return { kind: "action", actionId: data.actionId, payload };
}
