/**
 * POL-03: business days are counted in the calendar of the party who must act — its country's public
 * holidays (date-holidays), its weekend and its time zone. A deadline falls at 23:59:59 local of the
 * last business day. Pure: holiday tables are computed from date-holidays' rules, memoised per year.
 */
import Holidays from "date-holidays";
import { z } from "zod";
import { refuse } from "../shared/errors.js";
import {
  addDaysToLocalDate,
  dayOfWeek,
  endOfLocalDay,
  isValidTimeZone,
  localDateOf,
  localTimeToInstant,
  parseLocalDate,
  type Instant,
  type LocalDate,
} from "../shared/time.js";
import { OFFICIAL_ADJUSTMENTS } from "./official-adjustments.js";

export interface BusinessCalendar {
  /** ISO 3166-1 alpha-2 country code, e.g. "CN", "US". */
  readonly country: string;
  /** Optional ISO 3166-2 subdivision for regional holidays, e.g. "CA" for California. */
  readonly region?: string;
  /** IANA time zone, e.g. "Asia/Shanghai". */
  readonly timeZone: string;
}

let knownCountries: ReadonlySet<string> | undefined;

/** POL-03: an ISO 3166-1 alpha-2 code whose public holidays date-holidays knows. */
export function isKnownCountry(country: string): boolean {
  knownCountries ??= new Set(Object.keys(new Holidays().getCountries()));
  return /^[A-Z]{2}$/.test(country) && knownCountries.has(country);
}

let countryByTimeZone: ReadonlyMap<string, string> | undefined;

/**
 * POL-03: the country whose calendar a time zone belongs to, when exactly one country date-holidays
 * knows uses it (a default for a form, never a substitute for asking).
 */
export function countryOfTimeZone(timeZone: string): string | undefined {
  if (!countryByTimeZone) {
    const owners = new Map<string, Set<string>>();
    for (const country of Object.keys(new Holidays().getCountries())) {
      for (const zone of new Holidays(country).getTimezones()) owners.set(zone, (owners.get(zone) ?? new Set()).add(country));
    }
    countryByTimeZone = new Map([...owners].filter(([, countries]) => countries.size === 1).map(([zone, countries]) => [zone, [...countries][0] ?? ""]));
  }
  return countryByTimeZone.get(timeZone);
}

/** POL-03: an IANA zone name ("Europe/Berlin", "UTC"), not an abbreviation or a bare offset. */
export function isIanaTimeZone(timeZone: string): boolean {
  return (timeZone === "UTC" || /^[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+$/.test(timeZone)) && isValidTimeZone(timeZone);
}

export const businessCalendarSchema = z.object({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "country must be an ISO 3166-1 alpha-2 code")
    .refine(isKnownCountry, "no holiday calendar for this country"),
  region: z.string().min(1).optional(),
  timeZone: z.string().refine(isIanaTimeZone, "unknown IANA time zone"),
});

/** Countries whose weekend is not Saturday–Sunday (0 = Sunday … 6 = Saturday). */
const WEEKENDS: Readonly<Record<string, readonly number[]>> = {
  SA: [5, 6],
  QA: [5, 6],
  KW: [5, 6],
  BH: [5, 6],
  OM: [5, 6],
  JO: [5, 6],
  IQ: [5, 6],
  YE: [5, 6],
  EG: [5, 6],
  DZ: [5, 6],
  SY: [5, 6],
  LY: [5, 6],
  SD: [5, 6],
  IL: [5, 6],
  BD: [5, 6],
  MV: [5, 6],
  IR: [5],
  AF: [4, 5],
  NP: [6],
};
const DEFAULT_WEEKEND: readonly number[] = [0, 6];

export function weekendOf(country: string): readonly number[] {
  return WEEKENDS[country] ?? DEFAULT_WEEKEND;
}

const holidayRules = new Map<string, Holidays>();
const holidayYears = new Map<string, ReadonlySet<LocalDate>>();

function publicHolidays(calendar: BusinessCalendar, year: number): ReadonlySet<LocalDate> {
  const key = `${calendar.country}/${calendar.region ?? ""}/${year}`;
  const cached = holidayYears.get(key);
  if (cached) return cached;
  const ruleKey = `${calendar.country}/${calendar.region ?? ""}`;
  let rules = holidayRules.get(ruleKey);
  if (!rules) {
    rules = calendar.region ? new Holidays(calendar.country, calendar.region) : new Holidays(calendar.country);
    if (!rules.getCountries()[calendar.country]) refuse("CALENDAR_UNKNOWN_COUNTRY", { country: calendar.country });
    holidayRules.set(ruleKey, rules);
  }
  const days = new Set<LocalDate>();
  for (const h of rules.getHolidays(year)) {
    if (h.type !== "public") continue;
    // A holiday may span several days (start..end, in the country's own local time).
    let day = h.date.slice(0, 10);
    const lastDay = localDateOf(new Date(h.end.getTime() - 1).toISOString(), rules.getTimezones()[0] ?? calendar.timeZone);
    days.add(day);
    while (day < lastDay) {
      day = addDaysToLocalDate(day, 1);
      days.add(day);
    }
  }
  holidayYears.set(key, days);
  return days;
}

/** Why a date is not a business day, or undefined if it is one. */
export function nonBusinessReason(date: LocalDate, calendar: BusinessCalendar): "weekend" | "holiday" | undefined {
  const adjustments = OFFICIAL_ADJUSTMENTS[calendar.country];
  if (adjustments?.workingDays.includes(date)) return undefined;
  if (adjustments?.closedDays.includes(date)) return "holiday";
  if (publicHolidays(calendar, parseLocalDate(date).year).has(date)) return "holiday";
  if (weekendOf(calendar.country).includes(dayOfWeek(date))) return "weekend";
  return undefined;
}

export function isBusinessDay(date: LocalDate, calendar: BusinessCalendar): boolean {
  return nonBusinessReason(date, calendar) === undefined;
}

/** The n-th business day after a local date (n ≥ 1); n = 0 gives the date itself or the next business day. */
export function addBusinessDaysToDate(date: LocalDate, n: number, calendar: BusinessCalendar): LocalDate {
  if (!Number.isInteger(n) || n < 0) refuse("CALENDAR_INVALID_DAY_COUNT", { days: n });
  let day = date;
  if (n === 0) {
    while (!isBusinessDay(day, calendar)) day = addDaysToLocalDate(day, 1);
    return day;
  }
  let counted = 0;
  while (counted < n) {
    day = addDaysToLocalDate(day, 1);
    if (isBusinessDay(day, calendar)) counted++;
  }
  return day;
}

/** The n-th business day before a local date (n ≥ 1). */
export function subtractBusinessDaysFromDate(date: LocalDate, n: number, calendar: BusinessCalendar): LocalDate {
  if (!Number.isInteger(n) || n < 1) refuse("CALENDAR_INVALID_DAY_COUNT", { days: n });
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addDaysToLocalDate(day, -1);
    if (isBusinessDay(day, calendar)) counted++;
  }
  return day;
}

/**
 * A deadline n business days after an instant: the day it happens does not count; the deadline is
 * 23:59:59 local (in the acting party's zone) of the n-th business day after it.
 */
export function businessDaysDeadline(from: Instant, n: number, calendar: BusinessCalendar): Instant {
  const start = localDateOf(from, calendar.timeZone);
  return endOfLocalDay(addBusinessDaysToDate(start, n, calendar), calendar.timeZone);
}

/** A deadline n calendar days after an instant: 23:59:59 local of that day in the party's zone. */
export function calendarDaysDeadline(from: Instant, n: number, timeZone: string): Instant {
  if (!Number.isInteger(n) || n < 0) refuse("CALENDAR_INVALID_DAY_COUNT", { days: n });
  return endOfLocalDay(addDaysToLocalDate(localDateOf(from, timeZone), n), timeZone);
}

/** Local time at which reminders are sent on their day. */
export const REMINDER_LOCAL_TIME = { hour: 9, minute: 0, second: 0 } as const;

/**
 * Reminder instants for a deadline: 09:00 local on the business day n business days before the
 * deadline's day, for each n; reminders not after `notBefore` (e.g. when the wait started) are dropped.
 */
export function reminderInstants(dueAt: Instant, businessDaysBefore: readonly number[], calendar: BusinessCalendar, notBefore: Instant): Instant[] {
  const dueDay = localDateOf(dueAt, calendar.timeZone);
  return [...new Set(businessDaysBefore)]
    .sort((a, b) => b - a)
    .map((n) => localTimeToInstant(subtractBusinessDaysFromDate(dueDay, n, calendar), REMINDER_LOCAL_TIME, calendar.timeZone))
    .filter((at) => Date.parse(at) > Date.parse(notBefore) && Date.parse(at) < Date.parse(dueAt));
}

/** A policy period counted from an instant in the acting party's calendar. */
export function periodDeadline(from: Instant, period: { days: number; unit: "business" | "calendar" }, calendar: BusinessCalendar): Instant {
  return period.unit === "business" ? businessDaysDeadline(from, period.days, calendar) : calendarDaysDeadline(from, period.days, calendar.timeZone);
}
