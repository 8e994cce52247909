/**
 * The Slack renderer: neutral messages as Block Kit in the reader's language and time zone (CM-03),
 * forms as modals, and a modal's submitted state back as neutral form values.
 *
 * - text → a section (refusals marked ⚠); a person's words → a section with their name, a context line
 *   "Machine-translated" and a "Show original" button (CM-01);
 * - facts → section fields (10 per section, Slack's limit); attachments and deadlines → context lines,
 *   the deadline formatted in the reader's zone;
 * - actions → buttons whose `value` carries the neutral actionId and payload (decodeButtonValue);
 * - a form in a message → a button that opens it (a modal needs the trigger_id of a click);
 *   `modalView` renders the form as a modal of input blocks, labels, hints and initial values in the
 *   reader's language; a field error is answered as `response_action: "errors"` (modalErrors).
 */
import type { types } from "@slack/bolt";
import { z } from "zod";
import { DomainError, type ErrorParam } from "../../domain/shared/errors.js";
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
import { showOriginalAction } from "../../domain/notifications/notification.js";
import { renderDomainError, type Translator, type Reader } from "../conversation/i18n/index.js";
import { personWordsText, SHOW_ORIGINAL_ACTION, withPersonWordsText } from "../conversation/person-text.js";

type KnownBlock = types.KnownBlock;
type View = types.View;
export type SlackBlock = types.KnownBlock | types.Block;

export interface RenderedMessage {
  /** The notification / screen-reader text Slack shows where blocks cannot be (required with blocks). */
  readonly text: string;
  readonly blocks: SlackBlock[];
}

/** Slack's limits (Block Kit reference): text lengths, elements per block. */
const LIMITS = {
  sectionText: 3000,
  field: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  actionId: 255,
  value: 2000,
  buttonsPerActions: 25,
  title: 24,
  label: 2000,
  hint: 2000,
  optionText: 75,
  context: 10,
  fallbackText: 3000,
} as const;

/** Every button of ours: `tab:<n>:<actionId>` (unique within the message, as Slack requires). */
export const BUTTON_ACTION_PREFIX = "tab:";
/** The input element in each modal input block (its block_id is the neutral field name). */
export const INPUT_ACTION_ID = "value";

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack mrkdwn treats &, < and > as control characters: a person's text is shown as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const plain = (text: string, max: number): { type: "plain_text"; text: string; emoji: true } => ({ type: "plain_text", text: clip(text, max), emoji: true });
const mrkdwn = (text: string, max: number = LIMITS.sectionText): { type: "mrkdwn"; text: string } => ({ type: "mrkdwn", text: clip(text, max) });

const buttonValueSchema = z.object({ a: z.string().min(1).max(100), p: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}) });

/** A button's neutral action back from its `value`; undefined for a value we did not write. */
export function decodeButtonValue(value: string | undefined): { actionId: string; payload: Record<string, string | number | boolean> } | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? { actionId: parsed.data.a, payload: parsed.data.p } : undefined;
  } catch {
    // Not JSON: not one of our buttons.
    return undefined;
  }
}

export function encodeButtonValue(actionId: string, payload: Action["payload"] = {}): string {
  const value = JSON.stringify({ a: actionId, p: payload });
  if (value.length > LIMITS.value) throw new Error(`the payload of ${actionId} is longer than Slack's ${LIMITS.value}-character button value`);
  return value;
}

/** What a modal remembers between opening and submission (Slack's `private_metadata`, ≤ 3000 chars). */
export const modalMetadataSchema = z.object({
  /** The neutral form id. */
  f: z.string().min(1),
  /** The conversation the form belongs to (its flow state is kept there): Slack channel and thread. */
  c: z.string().min(1),
  t: z.string().optional(),
});
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

function isLocalizedText(value: Fact["value"]): value is LocalizedText {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as LocalizedText).key === "string";
}

type PlainValue = Exclude<MessageParam, { readonly personText: string }>;

function errorParam(value: PlainValue): ErrorParam {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if ("instant" in value) return value.instant;
    if ("date" in value) return value.date;
  }
  return value as ErrorParam;
}

const ERROR_NAMESPACE = "errors:";

export class BlockKitRenderer {
  constructor(private readonly translator: Translator) {}

  /** A key in the reader's language (the Slack channel's own words live in the `slack` namespace). */
  word(reader: Reader, key: string, params: Readonly<Record<string, MessageParam>> = {}): string {
    return this.text(reader, { key, params });
  }

  text(reader: Reader, text: LocalizedText): string {
    // CM-01: a person's words inside a sentence read as the reader gets them, marked when machine-translated.
    const params = withPersonWordsText(text.params ?? {}, (key) => this.translator.t(reader.locale, key));
    if (text.key.startsWith(ERROR_NAMESPACE)) {
      // A refusal: coded params (statuses, roles) are shown by their localized names.
      const coded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, errorParam(v)]));
      return renderDomainError(this.translator, reader.locale, reader.timeZone, new DomainError(text.key.slice(ERROR_NAMESPACE.length), coded));
    }
    return this.translator.t(reader.locale, text.key, params, { timeZone: reader.timeZone });
  }

  value(reader: Reader, value: Fact["value"]): string {
    if (isLocalizedText(value)) return this.text(reader, value);
    if (isPersonWords(value)) return personWordsText(value, (key) => this.translator.t(reader.locale, key));
    return this.translator.t(reader.locale, "common:form.literal", { value: errorParam(value) }, { timeZone: reader.timeZone });
  }

  button(reader: Reader, action: Action, index: number): types.Button {
    return {
      type: "button",
      action_id: clip(`${BUTTON_ACTION_PREFIX}${index}:${action.actionId}`, LIMITS.actionId),
      text: plain(this.text(reader, action.label), LIMITS.buttonText),
      value: encodeButtonValue(action.actionId, action.payload),
      ...(action.style ? { style: action.style } : {}),
    };
  }

  #person(reader: Reader, person: PersonText): SlackBlock[] {
    const blocks: SlackBlock[] = [{ type: "section", text: mrkdwn(`*${escapeMrkdwn(person.senderName)}*\n${escapeMrkdwn(person.shown)}`) }];
    const markKey = person.machineTranslated
      ? "common:translation.machineTranslated"
      : person.translationFailed
        ? "common:translation.notTranslated"
        : undefined;
    if (markKey) blocks.push({ type: "context", elements: [mrkdwn(`_${escapeMrkdwn(this.translator.t(reader.locale, markKey))}_`)] });
    return blocks;
  }

  #actions(reader: Reader, message: OutboundMessage): Action[] {
    const actions = [...(message.actions ?? [])];
    const person = message.personText;
    // CM-01: a machine-translated message always offers its original, even when the producer left the button out.
    if (person?.machineTranslated && message.subject && !actions.some((a) => a.actionId === SHOW_ORIGINAL_ACTION))
      actions.unshift(showOriginalAction(person, message.subject));
    if (message.form) {
      const form = message.form;
      // A modal opens only from a click (it needs a trigger_id): the button asks for the form again.
      actions.unshift({
        actionId: form.formId,
        label: { key: "slack:form.open", params: { title: this.text(reader, form.title) } },
        payload: form.submit.payload ?? {},
        style: "primary",
      });
    }
    return actions;
  }

  /** One neutral message as Block Kit plus its fallback text. */
  message(reader: Reader, message: OutboundMessage): RenderedMessage {
    const blocks: SlackBlock[] = [];
    const fallback: string[] = [];
    if (message.text) {
      const text = this.text(reader, message.text);
      const marked =
        message.tone === "error" || message.tone === "warning"
          ? `:warning: ${escapeMrkdwn(text)}`
          : message.tone === "success"
            ? `:white_check_mark: ${escapeMrkdwn(text)}`
            : escapeMrkdwn(text);
      blocks.push({ type: "section", text: mrkdwn(marked) });
      fallback.push(text);
    }
    if (message.personText) {
      blocks.push(...this.#person(reader, message.personText));
      fallback.push(`${message.personText.senderName}: ${message.personText.shown}`);
    }
    const facts = message.facts ?? [];
    for (let i = 0; i < facts.length; i += LIMITS.fieldsPerSection) {
      const fields = facts
        .slice(i, i + LIMITS.fieldsPerSection)
        .map((f) => mrkdwn(`*${escapeMrkdwn(this.text(reader, f.label))}*\n${escapeMrkdwn(this.value(reader, f.value))}`, LIMITS.field));
      blocks.push({ type: "section", fields });
    }
    if (message.form) {
      const title = this.text(reader, message.form.title);
      blocks.push({ type: "section", text: mrkdwn(`:memo: *${escapeMrkdwn(title)}*`) });
      if (!message.text) fallback.push(title);
    }
    const attachments = message.attachments ?? [];
    if (attachments.length > 0) {
      const lines = attachments.map((a) => `:paperclip: ${escapeMrkdwn(a.name)} · ${formatBytes(a.sizeBytes)} · \`${a.sha256.slice(0, 12)}\``);
      for (let i = 0; i < lines.length; i += LIMITS.context)
        blocks.push({ type: "context", elements: lines.slice(i, i + LIMITS.context).map((l) => mrkdwn(l)) });
    }
    if (message.deadline) {
      const due = this.value(reader, { instant: message.deadline.dueAt });
      blocks.push({ type: "context", elements: [mrkdwn(`:alarm_clock: ${escapeMrkdwn(this.text(reader, message.deadline.label))}: *${escapeMrkdwn(due)}*`)] });
    }
    const actions = this.#actions(reader, message);
    for (let i = 0; i < actions.length; i += LIMITS.buttonsPerActions) {
      blocks.push({ type: "actions", elements: actions.slice(i, i + LIMITS.buttonsPerActions).map((a, j) => this.button(reader, a, i + j)) });
    }
    return { text: clip(fallback.join("\n") || " ", LIMITS.fallbackText), blocks };
  }

  #input(reader: Reader, field: FormField): SlackBlock {
    const initial = field.value;
    let element: Record<string, unknown>;
    switch (field.type) {
      case "textarea":
        element = { type: "plain_text_input", multiline: true, ...(initial ? { initial_value: initial } : {}) };
        break;
      case "integer":
        element = { type: "number_input", is_decimal_allowed: false, ...(initial && /^-?\d+$/.test(initial) ? { initial_value: initial } : {}) };
        break;
      case "money":
        element = { type: "number_input", is_decimal_allowed: true, ...(initial && /^-?\d+(\.\d+)?$/.test(initial) ? { initial_value: initial } : {}) };
        break;
      case "date":
        element = { type: "datepicker", ...(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? { initial_date: initial } : {}) };
        break;
      case "email":
        element = { type: "email_text_input", ...(initial ? { initial_value: initial } : {}) };
        break;
      case "select": {
        const options = (field.options ?? []).map((o) => ({ text: plain(this.text(reader, o.label), LIMITS.optionText), value: o.value }));
        const chosen = options.find((o) => o.value === initial);
        element = { type: "static_select", options, ...(chosen ? { initial_option: chosen } : {}) };
        break;
      }
      case "boolean": {
        const options = [
          { text: plain(this.translator.t(reader.locale, "common:yes"), LIMITS.optionText), value: "yes" },
          { text: plain(this.translator.t(reader.locale, "common:no"), LIMITS.optionText), value: "no" },
        ];
        const chosen = initial === undefined ? undefined : /^(true|yes|y|1|on)$/i.test(initial) ? options[0] : options[1];
        element = { type: "radio_buttons", options, ...(chosen ? { initial_option: chosen } : {}) };
        break;
      }
      case "file":
        element = { type: "file_input", max_files: 10 };
        break;
      case "text":
        element = { type: "plain_text_input", ...(initial ? { initial_value: initial } : {}) };
        break;
    }
    const label = field.currency ? `${this.text(reader, field.label)} (${field.currency})` : this.text(reader, field.label);
    return {
      type: "input",
      block_id: field.name,
      optional: !field.required,
      label: plain(label, LIMITS.label),
      element: { ...element, action_id: INPUT_ACTION_ID },
      ...(field.hint ? { hint: plain(this.text(reader, field.hint), LIMITS.hint) } : {}),
    } as KnownBlock;
  }

  /** The form as a modal; `notice` (a refusal of the last submission) is shown above the fields. */
  modalView(reader: Reader, form: Form, metadata: ModalMetadata, notice?: OutboundMessage): View {
    const blocks: SlackBlock[] = [];
    if (notice) blocks.push(...this.message(reader, { ...notice, actions: [] }).blocks);
    blocks.push(...form.fields.map((f) => this.#input(reader, f)));
    return {
      type: "modal",
      callback_id: clip(form.formId, 255),
      private_metadata: JSON.stringify(metadata),
      title: plain(this.text(reader, form.title), LIMITS.title),
      submit: plain(this.text(reader, form.submit.label), LIMITS.title),
      close: plain(this.text(reader, form.cancel?.label ?? { key: "common:cancel" }), LIMITS.title),
      blocks: blocks as KnownBlock[],
    };
  }

  /** `response_action: "errors"`: each wrong field's error by its block_id, in the reader's language. */
  modalErrors(reader: Reader, form: Form): Record<string, string> {
    return Object.fromEntries(form.fields.filter((f) => f.error).map((f) => [f.name, clip(this.text(reader, f.error as LocalizedText), LIMITS.label)]));
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A Slack file a user gave in a modal's file input. */
export interface SubmittedSlackFile {
  readonly id: string;
  readonly name?: string;
}

export interface SubmittedForm {
  readonly values: Record<string, string | string[]>;
  /** File inputs by field name: the Slack files to download (the engine only sees stored files). */
  readonly files: Record<string, SubmittedSlackFile[]>;
}

const inputStateSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  files: z.array(z.object({ id: z.string(), name: z.string().optional() })).nullish(),
});

/** A view_submission's `view.state.values` as neutral form values (fields left empty are absent). */
export function submittedForm(stateValues: unknown): SubmittedForm {
  const state = z.record(z.string(), z.record(z.string(), inputStateSchema)).parse(stateValues ?? {});
  const values: Record<string, string | string[]> = {};
  const files: Record<string, SubmittedSlackFile[]> = {};
  for (const [blockId, inputs] of Object.entries(state)) {
    const input = inputs[INPUT_ACTION_ID];
    if (!input) continue;
    if (input.files && input.files.length > 0) files[blockId] = input.files.map((f) => ({ id: f.id, ...(f.name ? { name: f.name } : {}) }));
    const value = input.value ?? input.selected_date ?? input.selected_option?.value ?? undefined;
    if (typeof value === "string" && value.trim() !== "") values[blockId] = value.trim();
    else if (input.selected_options && input.selected_options.length > 0) values[blockId] = input.selected_options.map((o) => o.value);
  }
  return { values, files };
}
