/**
 * Guided flows over forms: open a form (prefilled), take a submission or a typed answer to the field
 * being asked, and either run the command or give the form back with every value and an error on each
 * wrong field — asking for the first one again, naming what was wrong. A refusal by the domain keeps
 * the flow too, so nothing typed is lost.
 */
import { isDomainError, type DomainError } from "../../domain/shared/errors.js";
import type { FlowState } from "./conversation-store.js";
import { renderForm, type FieldErrors, type FieldSpec, type FormValues, type Parsed } from "./forms/form-kit.js";
import { refusal, t } from "./localized.js";
import { isMissingCaseReference } from "./stale.js";
import type { LocalizedText, OutboundMessage, UploadedFile } from "./messages.js";
import type { Turn } from "./turn.js";

export type Payload = Readonly<Record<string, string | number | boolean>>;

export interface FormHandler<T> {
  readonly formId: string;
  readonly title: LocalizedText;
  /** The fields for these values (groups such as product lines grow with the values). */
  fields(turn: Turn, values: FormValues, payload: Payload): Promise<readonly FieldSpec[]> | readonly FieldSpec[];
  /** Values to prefill when the form opens (e.g. the current terms). */
  initialValues?(turn: Turn, payload: Payload): Promise<Record<string, string>>;
  parse(turn: Turn, values: FormValues, fields: readonly FieldSpec[], flow: FlowState): Parsed<T> | Promise<Parsed<T>>;
  submit(turn: Turn, value: T, flow: FlowState): Promise<OutboundMessage[]>;
  /** Field errors a refusal points at (e.g. ORDER_TERMS_INVALID names the terms). */
  errorsOfRefusal?(error: DomainError, fields: readonly FieldSpec[]): FieldErrors;
}

// The registry holds handlers of different command types; each only sees its own values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFormHandler = FormHandler<any>;

async function formMessage(turn: Turn, handler: AnyFormHandler, flow: FlowState, errors: FieldErrors): Promise<OutboundMessage> {
  const fields = await handler.fields(turn, flow.values, flow.payload);
  return { form: renderForm(handler.formId, handler.title, fields, flow.values, errors, flow.payload), ...subjectOf(flow.payload) };
}

function subjectOf(payload: Payload): Pick<OutboundMessage, "subject"> {
  if (typeof payload["claimId"] === "string") return { subject: { type: "claim", id: payload["claimId"] } };
  if (typeof payload["orderId"] === "string") return { subject: { type: "order", id: payload["orderId"] } };
  return {};
}

export async function openForm(turn: Turn, handler: AnyFormHandler, payload: Payload): Promise<OutboundMessage[]> {
  const values = (await handler.initialValues?.(turn, payload)) ?? {};
  const flow: FlowState = { formId: handler.formId, payload: { ...payload }, values, files: [] };
  turn.conversation.flow = flow;
  return [await formMessage(turn, handler, flow, {})];
}

/** The form back with its errors, and the first wrong field asked again. */
async function askAgain(turn: Turn, handler: AnyFormHandler, flow: FlowState, errors: FieldErrors, before: OutboundMessage[] = []): Promise<OutboundMessage[]> {
  const fields = await handler.fields(turn, flow.values, flow.payload);
  const first = fields.find((f) => errors[f.name]);
  const asked: FlowState = { ...flow, ...(first ? { asking: first.name } : {}) };
  if (!first) delete (asked as { asking?: string }).asking;
  turn.conversation.flow = asked;
  const prompt: OutboundMessage[] = first
    ? [{ text: t("common:flow.askAgain"), facts: [{ label: first.label, value: errors[first.name] ?? t("common:form.required") }], tone: "warning" }]
    : [];
  return [...before, ...prompt, await formMessage(turn, handler, asked, errors)];
}

async function attempt(turn: Turn, handler: AnyFormHandler, flow: FlowState): Promise<OutboundMessage[]> {
  const fields = await handler.fields(turn, flow.values, flow.payload);
  const parsed = await handler.parse(turn, flow.values, fields, flow);
  if (!parsed.ok) return askAgain(turn, handler, flow, parsed.errors);
  try {
    const replies = await handler.submit(turn, parsed.value, flow);
    if (turn.conversation.flow?.formId === flow.formId) turn.conversation.flow = undefined;
    return replies;
  } catch (error) {
    // A stale form that lost its case reference is answered by the engine (stale.ts), not asked again.
    if (!isDomainError(error) || isMissingCaseReference(error)) throw error;
    const errors = handler.errorsOfRefusal?.(error, fields) ?? {};
    if (error.code === COMMAND_INVALID) {
      const named = { ...invalidFieldErrors(error, fields), ...errors };
      return askAgain(turn, handler, flow, named, [invalidFieldsRefusal(fields, named)]);
    }
    return askAgain(turn, handler, flow, errors, [refusal(error)]);
  }
}

const COMMAND_INVALID = "COMMAND_INVALID";

/**
 * Issue 16: a command the domain refused as COMMAND_INVALID names its paths ("reasons.0",
 * "limit.currency"); each path that is one of the form's fields (or a part of one) marks that field.
 */
export function invalidFieldErrors(error: DomainError, fields: readonly FieldSpec[]): FieldErrors {
  const paths = error.params["fields"];
  if (!Array.isArray(paths)) return {};
  const names = new Set(fields.map((f) => f.name));
  const marked = paths
    .map(String)
    .map((path) => (names.has(path) ? path : (path.split(".")[0] ?? path)))
    .filter((name) => names.has(name));
  return Object.fromEntries(marked.map((name) => [name, t("common:form.invalid")]));
}

/**
 * Issue 16: the refusal names the wrong fields by their labels in the reader's language, each with
 * what is wrong — never the command's paths. A refusal naming no field of the form says so plainly.
 */
export function invalidFieldsRefusal(fields: readonly FieldSpec[], errors: FieldErrors): OutboundMessage {
  const wrong = fields.filter((f) => errors[f.name]);
  if (wrong.length === 0) return { text: t("common:form.invalidUnnamed"), tone: "error" };
  return {
    text: t("common:form.invalidFields"),
    tone: "error",
    facts: wrong.map((f) => ({ label: f.label, value: errors[f.name] ?? t("common:form.invalid") })),
  };
}

/** A submitted form: the values typed now are added to those kept from earlier turns. */
export async function submitForm(
  turn: Turn,
  handler: AnyFormHandler,
  values: Readonly<Record<string, string | readonly string[]>>,
  files: readonly UploadedFile[],
  payload: Payload,
): Promise<OutboundMessage[]> {
  const current = turn.conversation.flow?.formId === handler.formId ? turn.conversation.flow : undefined;
  const typed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : v.join("\n")]));
  const flow: FlowState = {
    formId: handler.formId,
    payload: { ...(current?.payload ?? {}), ...payload },
    values: { ...(current?.values ?? {}), ...typed },
    files: [...(current?.files ?? []), ...files.filter((f) => !(current?.files ?? []).some((c) => c.sha256 === f.sha256))],
  };
  return attempt(turn, handler, flow);
}

/** Free text while a flow asks a field: it answers that field. */
export async function answerField(turn: Turn, handler: AnyFormHandler, flow: FlowState, text: string): Promise<OutboundMessage[]> {
  if (!flow.asking) return [await formMessage(turn, handler, flow, {})];
  return attempt(turn, handler, { ...flow, values: { ...flow.values, [flow.asking]: text.trim() } });
}
