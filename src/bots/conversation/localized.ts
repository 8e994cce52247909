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

/** Every DomainError becomes one error message: `errors:<CODE>` with its params. */
export function refusal(error: DomainError, extra: Omit<OutboundMessage, "text" | "tone"> = {}): OutboundMessage {
  return { text: t(error.i18nKey, error.params), tone: "error", ...extra };
}

export const instant = (value: string): MessageParam => ({ instant: value });
export const localDate = (value: string): MessageParam => ({ date: value });
