import type { LocalDate } from "../shared/time.js";

/**
 * Official closures that `date-holidays` does not list as public holidays, and the weekend days
 * declared working days in exchange (China's State Council "调休" schedule). Source: the State
 * Council General Office notices on public-holiday arrangements for each year.
 */
export interface CalendarAdjustments {
  /** Extra days off (bridge days of a holiday week). */
  readonly closedDays: readonly LocalDate[];
  /** Weekend days that are working days. */
  readonly workingDays: readonly LocalDate[];
}

export const OFFICIAL_ADJUSTMENTS: Readonly<Record<string, CalendarAdjustments>> = {
  CN: {
    closedDays: [
      // 2025: Spring Festival 28 Jan–4 Feb, Qingming 4–6 Apr, Labour Day 1–5 May, Dragon Boat 31 May–2 Jun,
      // National Day + Mid-Autumn 1–8 Oct.
      "2025-01-28",
      "2025-01-31",
      "2025-02-03",
      "2025-02-04",
      "2025-05-05",
      "2025-06-02",
      "2025-10-04",
      "2025-10-05",
      "2025-10-06",
      "2025-10-07",
      "2025-10-08",
      // 2026: New Year 1–3 Jan, Spring Festival 15–23 Feb, Qingming 4–6 Apr, Labour Day 1–5 May,
      // Dragon Boat 19–21 Jun, Mid-Autumn 25–27 Sep, National Day 1–7 Oct.
      "2026-01-02",
      "2026-02-15",
      "2026-02-16",
      "2026-02-17",
      "2026-02-18",
      "2026-02-19",
      "2026-02-20",
      "2026-02-21",
      "2026-02-22",
      "2026-02-23",
      "2026-04-06",
      "2026-05-04",
      "2026-05-05",
      "2026-06-19",
      "2026-09-25",
      "2026-10-04",
      "2026-10-05",
      "2026-10-06",
      "2026-10-07",
    ],
    workingDays: [
      "2025-01-26",
      "2025-02-08",
      "2025-04-27",
      "2025-09-28",
      "2025-10-11",
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ],
  },
};
