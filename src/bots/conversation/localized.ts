/** Small constructors of the neutral message parts (every text is an i18n key with params). */
import type { DomainError } from "../../domain/shared/errors.js";
import type { Action, Fact, LocalizedText, MessageParam, OutboundMessage } from "./messages.js";

export function t(key: string, params?: Readonly<Record<string, MessageParam>>): LocalizedText {
  return params ? { key, params } : { key };
}

export function say(key: string, params?: Readonly<Record<string, MessageParam>>, extra: Omit<OutboundMessage, "text"> = {}): OutboundMessage {
  return { text: t(key, params), ...extra };
}

export function fact(labelKey: string, value: Fact["value"], labelParams?: Readonly<Record<string, MessageParam>>): Fact {
  return { label: t(labelKey, labelParams), value };
}

export function button(actionId: string, labelKey: string, payload?: Action["payload"], style?: Action["style"]): Action {
  return { actionId, label: t(labelKey), ...(payload ? { payload } : {}), ...(style ? { style } : {}) };
}

/**
 * Every DomainError becomes one error message: `errors:<CODE>` with its params — except COMMAND_INVALID,
 * whose params are the command's paths ("reasons.0"): without a form to name them by their labels
 * (flows.ts does), the reader is told plainly that something was not accepted (issue 16: no raw names).
 */
export function refusal(error: DomainError, extra: Omit<OutboundMessage, "text" | "tone"> = {}): OutboundMessage {
  if (error.code === "COMMAND_INVALID") return { text: t("common:form.invalidUnnamed"), tone: "error", ...extra };
  return { text: t(error.i18nKey, error.params), tone: "error", ...extra };
}

export const instant = (value: string): MessageParam => ({ instant: value });
export const localDate = (value: string): MessageParam => ({ date: value });
