import { z } from "zod";
import { refuse } from "./errors.js";

/**
 * PO-09: money is an integer number of minor units with an ISO 4217 currency. No floats anywhere:
 * every operation checks that amounts stay safe integers, and percentages are basis points.
 */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** ISO 4217 minor-unit exponents for currencies whose exponent is not 2. */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** Currencies the platform accepts (ISO 4217 codes in active use for B2B trade). */
export const SUPPORTED_CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CNY",
  "HKD",
  "TWD",
  "JPY",
  "KRW",
  "SGD",
  "AUD",
  "CAD",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "HUF",
  "MXN",
  "BRL",
  "ARS",
  "CLP",
  "COP",
  "PEN",
  "INR",
  "IDR",
  "MYR",
  "THB",
  "VND",
  "PHP",
  "AED",
  "SAR",
  "QAR",
  "KWD",
  "BHD",
  "OMR",
  "JOD",
  "EGP",
  "MAD",
  "TND",
  "TRY",
  "ZAR",
  "NGN",
  "KES",
  "ILS",
  "NZD",
  "RUB",
  "UAH",
] as const;

export function currencyExponent(currency: string): number {
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code")
  .refine((c) => (SUPPORTED_CURRENCIES as readonly string[]).includes(c), "unsupported currency");

export const moneySchema = z.object({
  amountMinor: z.number().int().refine(Number.isSafeInteger, "amount too large"),
  currency: currencySchema,
});

function checkedInteger(n: number): number {
  if (!Number.isSafeInteger(n)) refuse("MONEY_NOT_INTEGER", { value: String(n) });
  return n;
}

export function money(amountMinor: number, currency: string): Money {
  if (!/^[A-Z]{3}$/.test(currency)) refuse("MONEY_INVALID_CURRENCY", { currency });
  return { amountMinor: checkedInteger(amountMinor), currency };
}

export function zero(currency: string): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) refuse("MONEY_CURRENCY_MISMATCH", { left: a.currency, right: b.currency });
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

export const lessThan = (a: Money, b: Money): boolean => compare(a, b) < 0;
export const greaterThan = (a: Money, b: Money): boolean => compare(a, b) > 0;
export const isNegative = (a: Money): boolean => a.amountMinor < 0;
export const isPositive = (a: Money): boolean => a.amountMinor > 0;
export const equals = (a: Money, b: Money): boolean => compare(a, b) === 0;

export function min(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

export function max(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

/** Multiplies by an integer count (e.g. quantity × unit price). */
export function times(a: Money, factor: number): Money {
  return money(checkedInteger(a.amountMinor * checkedInteger(factor)), a.currency);
}

/**
 * A share of an amount in basis points (1 bp = 0.01 %), rounded half away from zero to the minor
 * unit — integer arithmetic only (e.g. card fee 2.95 % = 295 bp).
 */
export function percentOf(a: Money, basisPoints: number): Money {
  checkedInteger(basisPoints);
  const product = a.amountMinor * basisPoints;
  checkedInteger(product);
  const sign = product < 0 ? -1 : 1;
  const abs = Math.abs(product);
  const quotient = Math.floor(abs / 10_000);
  const remainder = abs - quotient * 10_000;
  return money(sign * (quotient + (remainder * 2 >= 10_000 ? 1 : 0)), a.currency);
}

/** Parses a decimal string ("1234.50") in a currency's minor units, without floats. */
export function parseMoney(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = /^\s*(-)?(\d{1,15})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match) refuse("MONEY_UNPARSEABLE", { text, currency });
  const [, minus, whole = "0", fraction = ""] = match;
  if (fraction.length > exponent) refuse("MONEY_TOO_MANY_DECIMALS", { text, currency, decimals: exponent });
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return money(minus ? -minor : minor, currency);
}

/** Formats as a plain decimal string in major units ("1234.50"): for logs and hashes, not for users. */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const abs = Math.abs(m.amountMinor);
  const whole = Math.floor(abs / 10 ** exponent);
  const fraction = exponent === 0 ? "" : "." + String(abs % 10 ** exponent).padStart(exponent, "0");
  return `${m.amountMinor < 0 ? "-" : ""}${whole}${fraction}`;
}
