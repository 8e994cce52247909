import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessDaysToDate,
  businessDaysDeadline,
  calendarDaysDeadline,
  isBusinessDay,
  nonBusinessReason,
  periodDeadline,
  reminderInstants,
  type BusinessCalendar,
} from "../../src/domain/calendar/business-calendar.js";
import { codeOf } from "./support/refusal.js";
import { addDaysToLocalDate, endOfLocalDay, localDateOf } from "../../src/domain/shared/time.js";

const shenzhen: BusinessCalendar = { country: "CN", timeZone: "Asia/Shanghai" };
const ohio: BusinessCalendar = { country: "US", region: "OH", timeZone: "America/New_York" };
const riyadh: BusinessCalendar = { country: "SA", timeZone: "Asia/Riyadh" };
const berlin: BusinessCalendar = { country: "DE", timeZone: "Europe/Berlin" };

describe("business calendars", () => {
  it("POL-03: a deadline falls at 23:59:59 local of the acting party's last business day", () => {
    // Filed Monday 2 March 2026, 10:00 in New York; 15 business days in Shenzhen.
    const due = businessDaysDeadline("2026-03-02T15:00:00.000Z", 15, shenzhen);
    expect(localDateOf(due, "Asia/Shanghai")).toBe("2026-03-23");
    expect(due).toBe("2026-03-23T15:59:59.000Z"); // 23:59:59 China Standard Time
    // The same count in the buyer's calendar ends at 23:59:59 in New York (EDT after 8 March).
    expect(businessDaysDeadline("2026-03-02T15:00:00.000Z", 15, ohio)).toBe("2026-03-24T03:59:59.000Z");
  });

  it("POL-03: weekends follow the country (Friday–Saturday in Saudi Arabia)", () => {
    expect(nonBusinessReason("2026-03-06", riyadh)).toBe("weekend"); // Friday
    expect(isBusinessDay("2026-03-08", riyadh)).toBe(true); // Sunday
    expect(nonBusinessReason("2026-03-07", ohio)).toBe("weekend"); // Saturday
    expect(isBusinessDay("2026-03-09", ohio)).toBe(true);
  });

  it("POL-03: public holidays of the party's country are skipped (US Thanksgiving, German Unity Day)", () => {
    expect(nonBusinessReason("2026-11-26", ohio)).toBe("holiday");
    expect(nonBusinessReason("2026-10-05", berlin)).toBeUndefined();
    expect(nonBusinessReason("2027-10-04", berlin)).toBeUndefined();
    expect(nonBusinessReason("2027-10-03", berlin)).toBe("holiday"); // a Sunday, but a holiday first
    expect(nonBusinessReason("2026-10-02", berlin)).toBeUndefined();
  });

  it("POL-03: a supplier in China whose window spans the 1–7 October holidays gets 15 real business days", () => {
    // Claim filed Monday 28 September 2026 (Shenzhen). 29, 30 Sep count; 1–7 Oct are the National Day
    // holiday week; Saturday 10 October is an official make-up working day.
    for (const day of ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"]) {
      expect(isBusinessDay(day, shenzhen), day).toBe(false);
    }
    expect(isBusinessDay("2026-10-10", shenzhen)).toBe(true);
    const due = businessDaysDeadline("2026-09-28T02:00:00.000Z", 15, shenzhen);
    expect(localDateOf(due, "Asia/Shanghai")).toBe("2026-10-23");
    // Without the holiday week it would have been 19 October.
    expect(businessDaysDeadline("2026-09-28T02:00:00.000Z", 15, { country: "US", timeZone: "Asia/Shanghai" })).not.toBe(due);
  });

  it("POL-03: calendar-day periods end at 23:59:59 local too, across daylight-saving changes", () => {
    expect(calendarDaysDeadline("2026-03-01T12:00:00.000Z", 15, "America/New_York")).toBe("2026-03-17T03:59:59.000Z");
    expect(endOfLocalDay("2026-03-08", "America/New_York")).toBe("2026-03-09T03:59:59.000Z");
    expect(endOfLocalDay("2026-11-01", "America/New_York")).toBe("2026-11-02T04:59:59.000Z");
    expect(periodDeadline("2026-03-01T12:00:00.000Z", { days: 15, unit: "calendar" }, ohio)).toBe(
      calendarDaysDeadline("2026-03-01T12:00:00.000Z", 15, "America/New_York"),
    );
  });

  it("POL-03: the day an instant falls on is the acting party's local day", () => {
    // 23:30 in New York on Friday is already Saturday in Shanghai.
    expect(localDateOf("2026-03-07T04:30:00.000Z", "America/New_York")).toBe("2026-03-06");
    expect(localDateOf("2026-03-07T04:30:00.000Z", "Asia/Shanghai")).toBe("2026-03-07");
    const fromFridayNight = businessDaysDeadline("2026-03-07T04:30:00.000Z", 1, shenzhen);
    expect(localDateOf(fromFridayNight, "Asia/Shanghai")).toBe("2026-03-09");
  });

  it("CL-10: reminders fall 3 and 1 business days before the deadline at 09:00 local, never before the wait began", () => {
    const due = businessDaysDeadline("2026-09-28T02:00:00.000Z", 15, shenzhen);
    expect(reminderInstants(due, [1, 3], shenzhen, "2026-09-28T02:00:00.000Z")).toEqual([
      "2026-10-20T01:00:00.000Z", // Tue 20 Oct 09:00 CST
      "2026-10-22T01:00:00.000Z", // Thu 22 Oct 09:00 CST
    ]);
    expect(reminderInstants(due, [3, 1], shenzhen, "2026-10-21T00:00:00.000Z")).toEqual(["2026-10-22T01:00:00.000Z"]);
  });

  it("POL-03: refuses unknown countries, time zones and negative counts", () => {
    expect(codeOf(() => isBusinessDay("2026-03-02", { country: "QQ", timeZone: "UTC" }))).toBe("CALENDAR_UNKNOWN_COUNTRY");
    expect(codeOf(() => localDateOf("2026-03-02T00:00:00Z", "Mars/Olympus"))).toBe("TIME_INVALID_TIME_ZONE");
    expect(codeOf(() => addBusinessDaysToDate("2026-03-02", -1, ohio))).toBe("CALENDAR_INVALID_DAY_COUNT");
    expect(codeOf(() => addBusinessDaysToDate("2026-02-30", 1, ohio))).toBe("TIME_INVALID_DATE");
  });

  const calendars = fc.constantFrom(shenzhen, ohio, riyadh, berlin);
  const dates = fc.integer({ min: 0, max: 3 * 365 }).map((d) => addDaysToLocalDate("2025-01-01", d));

  it("POL-03: property — adding n business days never lands on a weekend or holiday", () => {
    fc.assert(
      fc.property(calendars, dates, fc.integer({ min: 1, max: 40 }), (cal, date, n) => {
        const due = addBusinessDaysToDate(date, n, cal);
        expect(isBusinessDay(due, cal)).toBe(true);
        expect(due > date).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("POL-03: property — the deadline is monotonic in n and counts exactly n business days", () => {
    fc.assert(
      fc.property(calendars, dates, fc.integer({ min: 1, max: 30 }), (cal, date, n) => {
        const a = addBusinessDaysToDate(date, n, cal);
        const b = addBusinessDaysToDate(date, n + 1, cal);
        expect(b > a).toBe(true);
        let counted = 0;
        for (let d = addDaysToLocalDate(date, 1); d <= a; d = addDaysToLocalDate(d, 1)) if (isBusinessDay(d, cal)) counted++;
        expect(counted).toBe(n);
        const dueInstant = businessDaysDeadline(endOfLocalDay(date, cal.timeZone), n, cal);
        expect(localDateOf(dueInstant, cal.timeZone)).toBe(a);
      }),
      { numRuns: 200 },
    );
  });
});
