/**
 * DT-01: the staff team's business hours in its calendar (POL-03's calendar: time zone, the
 * country's public holidays and weekend). A page due outside them goes to the out-of-hours level.
 */
import { isBusinessDay } from "../calendar/business-calendar.js";
import { addDaysToLocalDate, instantMs, localDateOf, localTimeToInstant, type Instant, type LocalDate } from "../shared/time.js";
import type { LocalClock, StaffHours } from "./escalation-policy.js";

function clockTime(clock: LocalClock): { hour: number; minute: number; second: number } {
  const [hour = 0, minute = 0] = clock.split(":").map(Number);
  return { hour, minute, second: 0 };
}

function openingOn(hours: StaffHours, date: LocalDate): { opens: Instant; closes: Instant } | undefined {
  if (!isBusinessDay(date, hours.calendar)) return undefined;
  const tz = hours.calendar.timeZone;
  return { opens: localTimeToInstant(date, clockTime(hours.opensAt), tz), closes: localTimeToInstant(date, clockTime(hours.closesAt), tz) };
}

/** Is the team at work at this instant? No hours = staffed around the clock. */
export function isStaffed(hours: StaffHours | undefined, at: Instant): boolean {
  if (!hours) return true;
  const day = openingOn(hours, localDateOf(at, hours.calendar.timeZone));
  return day !== undefined && instantMs(day.opens) <= instantMs(at) && instantMs(at) < instantMs(day.closes);
}

/** The longest run of closed days looked through (a year covers every holiday season). */
const MAX_CLOSED_DAYS = 366;

/** The first instant at or after `from` at which the team is at work. */
export function nextOpening(hours: StaffHours, from: Instant): Instant {
  const start = localDateOf(from, hours.calendar.timeZone);
  for (let d = 0; d <= MAX_CLOSED_DAYS; d++) {
    const day = openingOn(hours, addDaysToLocalDate(start, d));
    if (!day || instantMs(day.closes) <= instantMs(from)) continue;
    return instantMs(day.opens) >= instantMs(from) ? day.opens : from;
  }
  // A calendar with no business day in a year is a configuration mistake; never page nobody.
  return from;
}
