import type { Money } from "./money.js";

/** A value a channel can format in the reader's language: text, number, flag, money or instant (ISO). */
export type ErrorParam = string | number | boolean | Money | readonly string[];

/**
 * Every refusal of the domain. `code` is stable (SCREAMING_SNAKE, also used by logs and tests);
 * `i18nKey` names the sentence in `locales/<lng>/errors.json`; `params` fill its variables.
 * The message is for developers only — users always see the localized sentence.
 */
export class DomainError extends Error {
  readonly i18nKey: string;
  constructor(
    readonly code: string,
    readonly params: Readonly<Record<string, ErrorParam>> = {},
  ) {
    super(`${code}${Object.keys(params).length ? " " + JSON.stringify(params) : ""}`);
    this.name = "DomainError";
    this.i18nKey = `errors:${code}`;
  }
}

/** Refusal helper: `refuse("ORDER_NOT_FOUND", { orderId })` throws a DomainError. */
export function refuse(code: string, params: Readonly<Record<string, ErrorParam>> = {}): never {
  throw new DomainError(code, params);
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
