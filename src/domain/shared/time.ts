/**
 * Instants and local calendar dates, computed with the built-in Intl time-zone data only (pure).
 * An Instant is stored and carried as an ISO-8601 UTC string; a LocalDate is "YYYY-MM-DD".
 */
import { refuse } from "./errors.js";

export type Instant = string;
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function toInstant(d: Date): Instant {
  if (Number.isNaN(d.getTime())) refuse("TIME_INVALID_INSTANT", { value: String(d) });
  return d.toISOString();
}

export function instantMs(i: Instant): number {
  const ms = Date.parse(i);
  if (Number.isNaN(ms)) refuse("TIME_INVALID_INSTANT", { value: i });
  return ms;
}

export function isValidLocalDate(s: string): boolean {
  const m = LOCAL_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export function parseLocalDate(s: LocalDate): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(s);
  if (!m || !isValidLocalDate(s)) refuse("TIME_INVALID_DATE", { value: s });
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Day of week of a local date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function addDaysToLocalDate(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a) between two local dates. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const pa = parseLocalDate(a);
  const pb = parseLocalDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      return refuse("TIME_INVALID_TIME_ZONE", { timeZone });
    }
    formatterCache.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localParts(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

/** Offset of the zone from UTC at an instant, in ms (local − UTC). */
function offsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date of an instant in a time zone. */
export function localDateOf(instant: Instant, timeZone: string): LocalDate {
  const p = localParts(instantMs(instant), timeZone);
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** The UTC instant of a local wall-clock time on a local date in a zone (DST-safe). */
export function localTimeToInstant(date: LocalDate, time: { hour: number; minute: number; second: number }, timeZone: string): Instant {
  const { year, month, day } = parseLocalDate(date);
  const wall = Date.UTC(year, month - 1, day, time.hour, time.minute, time.second);
  let guess = wall - offsetMs(wall, timeZone);
  const corrected = wall - offsetMs(guess, timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess).toISOString();
}

/** 23:59:59 local on a date: the moment a deadline on that day falls (POL-03). */
export function endOfLocalDay(date: LocalDate, timeZone: string): Instant {
  return localTimeToInstant(date, { hour: 23, minute: 59, second: 59 }, timeZone);
}

export function addMs(instant: Instant, ms: number): Instant {
  return new Date(instantMs(instant) + ms).toISOString();
}

export function isBefore(a: Instant, b: Instant): boolean {
  return instantMs(a) < instantMs(b);
}

export function isAtOrAfter(a: Instant, b: Instant): boolean {
  return instantMs(a) >= instantMs(b);
}

export function earliest(a: Instant, b: Instant): Instant {
  return instantMs(a) <= instantMs(b) ? a : b;
}

export function latest(a: Instant, b: Instant): Instant {
  return instantMs(a) >= instantMs(b) ? a : b;
}

export const MS_PER_DAY = 86_400_000;
