import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EscalationLevel, StaffHours } from "../../src/domain/paging/escalation-policy.js";
import { pageSchedule, type PagePolicy } from "../../src/domain/paging/page.js";
import { isStaffed } from "../../src/domain/paging/staff-hours.js";
import { addMs, instantMs } from "../../src/domain/shared/time.js";

const MINUTE = 60_000;

const levels: fc.Arbitrary<EscalationLevel> = fc
  .record({ escalateAfterMinutes: fc.integer({ min: 1, max: 240 }), repeats: fc.integer({ min: 0, max: 5 }), staff: fc.constantFrom("s1", "s2", "s3") })
  .filter((l) => l.escalateAfterMinutes / (l.repeats + 1) >= 1)
  .map(({ escalateAfterMinutes, repeats, staff }) => ({ targets: { staffIds: [staff] }, escalateAfterMinutes, repeats }));

const ladders = fc.array(levels, { minLength: 1, maxLength: 4 });
/** Instants in 2026, on the minute. */
const instants = fc.integer({ min: 0, max: 364 * 24 * 60 }).map((m) => addMs("2026-01-01T00:00:00.000Z", m * MINUTE));

const HOURS: StaffHours = { calendar: { country: "DE", timeZone: "Europe/Berlin" }, opensAt: "08:00", closesAt: "18:00" };
const OUT_OF_HOURS: EscalationLevel = { targets: { staffIds: ["night"] }, escalateAfterMinutes: 60, repeats: 2 };

const policyOf = (ladder: readonly EscalationLevel[], hours?: StaffHours): PagePolicy => ({
  version: 1,
  ladder,
  ...(hours ? { hours, outOfHours: OUT_OF_HOURS } : {}),
  repageBeforeTargetMinutes: 24 * 60,
});

describe("the round schedule of a page (DT-01 / DT-02)", () => {
  it("DT-01: around the clock, each level below the top is notified once plus its repeats, then the page escalates on time; the top level keeps repeating", () => {
    fc.assert(
      fc.property(ladders, instants, (ladder, raisedAt) => {
        const horizonMs = ladder.reduce((total, l) => total + l.escalateAfterMinutes, 0) * MINUTE * 2;
        const notices = pageSchedule(policyOf(ladder), raisedAt, addMs(raisedAt, horizonMs));
        // Times never go back, rounds count up by one at each new round, levels rise one at a time.
        for (let i = 1; i < notices.length; i++) {
          const [prev, cur] = [notices[i - 1], notices[i]];
          if (!prev || !cur) continue;
          expect(instantMs(cur.at)).toBeGreaterThanOrEqual(instantMs(prev.at));
          expect(cur.round).toBe(cur.reason === "repeat" ? prev.round : prev.round + 1);
          expect(cur.level - prev.level).toBeGreaterThanOrEqual(0);
          expect(cur.level - prev.level).toBeLessThanOrEqual(1);
        }
        let levelStart = instantMs(raisedAt);
        ladder.forEach((level, index) => {
          const atLevel = notices.filter((n) => n.level === index + 1);
          expect(atLevel[0]?.at).toBe(new Date(levelStart).toISOString());
          if (index < ladder.length - 1) expect(atLevel).toHaveLength(level.repeats + 1);
          else expect(atLevel.length).toBeGreaterThan(level.repeats); // the top level never goes quiet
          levelStart += level.escalateAfterMinutes * MINUTE;
        });
        expect(notices.every((n) => !n.outOfHours)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("DT-01: with business hours, a notice goes to the out-of-hours level exactly when the team is closed", () => {
    fc.assert(
      fc.property(ladders, instants, (ladder, raisedAt) => {
        const notices = pageSchedule(policyOf(ladder, HOURS), raisedAt, addMs(raisedAt, 4 * 24 * 60 * MINUTE), { maxNotices: 400 });
        expect(notices.length).toBeGreaterThan(1);
        for (const notice of notices) expect(notice.outOfHours).toBe(!isStaffed(HOURS, notice.at));
        // After a night, the page comes back to the ladder at the level it had reached (never lower).
        let reached = 1;
        for (const notice of notices) {
          expect(notice.level).toBeGreaterThanOrEqual(reached);
          reached = notice.level;
        }
      }),
      { numRuns: 50 },
    );
  });

  it("DT-01: an acknowledged page is notified no more (until the DT-02 re-page)", () => {
    fc.assert(
      fc.property(ladders, instants, fc.integer({ min: 0, max: 600 }), (ladder, raisedAt, ackAfterMinutes) => {
        const acknowledgedAt = addMs(raisedAt, ackAfterMinutes * MINUTE);
        const notices = pageSchedule(policyOf(ladder), raisedAt, addMs(raisedAt, 3 * 24 * 60 * MINUTE), { acknowledgedAt });
        expect(notices.every((n) => instantMs(n.at) <= instantMs(acknowledgedAt))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("DT-02: acknowledged but undecided, the acknowledger is paged once the re-page lead before the target, then the next level", () => {
    fc.assert(
      fc.property(ladders, instants, fc.integer({ min: 0, max: 600 }), (ladder, raisedAt, ackAfterMinutes) => {
        const acknowledgedAt = addMs(raisedAt, ackAfterMinutes * MINUTE);
        const decisionDueAt = addMs(raisedAt, 7 * 24 * 60 * MINUTE);
        const repageAt = addMs(decisionDueAt, -24 * 60 * MINUTE);
        const notices = pageSchedule(policyOf(ladder), raisedAt, decisionDueAt, { acknowledgedAt, decisionDueAt, acknowledgedBy: "s9" });
        const after = notices.filter((n) => instantMs(n.at) > instantMs(acknowledgedAt));
        expect(after[0]).toMatchObject({ at: repageAt, reason: "repage-acknowledger" });
        const ackLevel = after[0]?.level ?? 1;
        const next = after.find((n) => n.reason !== "repeat" && n.reason !== "repage-acknowledger");
        // Unacknowledged, the re-page escalates to the next level (the top stays the top).
        expect(next).toMatchObject({ reason: "repage-next-level", level: Math.min(ackLevel + 1, ladder.length) });
        expect(after.filter((n) => n.reason === "repage-acknowledger")).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});
