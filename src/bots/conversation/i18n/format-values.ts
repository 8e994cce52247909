/**
 * Formats the values a sentence carries for one reader: amounts with Intl currency formatting, instants
 * in the reader's time zone, local dates as dates, lists as the language writes them. Every value is
 * formatted in the reader's locale even when the sentence itself fell back to another language.
 */
import type { ErrorParam } from "../../../domain/shared/errors.js";
import { currencyExponent, toDecimalString, type Money } from "../../../domain/shared/money.js";
import type { Instant, LocalDate } from "../../../domain/shared/time.js";

/**
 * A value a sentence can carry: the domain's error parameter shapes (text, number, flag, Money, list,
 * where an ISO string is an instant or a date), or an explicitly tagged instant or local date.
 */
export type MessageParam = ErrorParam | { readonly instant: Instant } | { readonly date: LocalDate };
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** Whom a sentence is formatted for: an Intl locale and an IANA time zone. */
export interface FormattingContext {
  readonly locale: string;
  readonly timeZone: string;
  /** Wrap each value in Unicode isolates so ids and amounts keep their order in right-to-left text. */
  readonly isolateValues: boolean;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIRST_STRONG_ISOLATE = "\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

export function isMoney(value: unknown): value is Money {
  return typeof value === "object" && value !== null && typeof (value as Money).amountMinor === "number" && typeof (value as Money).currency === "string";
}

/**
 * PO-09: an amount in integer minor units, formatted exactly — the decimal string is built from the
 * integer (no float division), then handed to Intl as a string, which keeps every digit.
 */
export function formatMoney(amount: Money, locale: string): string {
  const digits = currencyExponent(amount.currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: amount.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toDecimalString(amount) as Intl.StringNumericLiteral);
}

/** An instant (ISO-8601) as the reader's wall-clock date and time in their zone. */
export function formatInstant(instant: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(instant));
}

/** A local calendar date ("YYYY-MM-DD") as a date: it names a day, so no time zone shifts it. */
export function formatLocalDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

function formatText(text: string, context: FormattingContext): string {
  if (INSTANT.test(text) && !Number.isNaN(Date.parse(text))) return formatInstant(text, context.locale, context.timeZone);
  if (LOCAL_DATE.test(text) && !Number.isNaN(Date.parse(text))) return formatLocalDate(text, context.locale);
  return text;
}

function formatByShape(value: MessageParam, context: FormattingContext): string {
  if (isMoney(value)) return formatMoney(value, context.locale);
  if (typeof value === "object" && "instant" in value) return formatInstant(value.instant, context.locale, context.timeZone);
  if (typeof value === "object" && "date" in value) return formatLocalDate(value.date, context.locale);
  if (Array.isArray(value))
    return formatList(
      value.map((item: string) => formatText(item, context)),
      context.locale,
    );
  if (typeof value === "number") return formatNumber(value, context.locale);
  if (typeof value === "string") return formatText(value, context);
  return String(value);
}

/** One value as the reader sees it; the shape decides the format (Money, instant, date, list, number). */
export function formatValue(value: MessageParam, context: FormattingContext): string {
  const formatted = formatByShape(value, context);
  return context.isolateValues ? `${FIRST_STRONG_ISOLATE}${formatted}${POP_DIRECTIONAL_ISOLATE}` : formatted;
}

/** Every parameter formatted for the reader, ready for interpolation. */
export function formatParams(params: MessageParams, context: FormattingContext): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, formatValue(value, context)]));
}
