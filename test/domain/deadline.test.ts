import { describe, expect, it } from "vitest";
import { deadlineId, isPaused, pausedMsSince, shiftedDueAt, type Extension, type Pause } from "../../src/domain/deadlines/deadline.js";

const HOUR = 3_600_000;

describe("deadline shifting", () => {
  const started = "2026-03-02T00:00:00.000Z";
  const base = "2026-03-20T15:59:59.000Z";

  it("CL-14: closed pauses after the deadline started are added back; an open pause is not yet counted", () => {
    const pauses: Pause[] = [
      { from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T06:00:00.000Z", reason: "before start: only 6 h overlap" },
      { from: "2026-03-05T00:00:00.000Z", to: "2026-03-07T00:00:00.000Z", reason: "inspection booked" },
      { from: "2026-03-10T00:00:00.000Z", reason: "evidence requested" },
    ];
    expect(pausedMsSince(pauses, started)).toBe(6 * HOUR + 48 * HOUR);
    expect(isPaused(pauses)).toBe(true);
    expect(shiftedDueAt(base, started, pauses, [], "supplier-response")).toBe("2026-03-22T21:59:59.000Z");
  });

  it("CL-13: a staff extension sets the new date; only pauses after it shift it further", () => {
    const extensions: Extension[] = [
      { deadlineKind: "supplier-response", newDueAt: "2026-03-27T15:59:59.000Z", reason: "strike", staffId: "s1", at: "2026-03-06T00:00:00.000Z" },
      { deadlineKind: "other", newDueAt: "2026-04-30T15:59:59.000Z", reason: "n/a", staffId: "s1", at: "2026-03-06T00:00:00.000Z" },
    ];
    const pauses: Pause[] = [
      { from: "2026-03-04T00:00:00.000Z", to: "2026-03-05T00:00:00.000Z", reason: "before the extension" },
      { from: "2026-03-08T00:00:00.000Z", to: "2026-03-08T12:00:00.000Z", reason: "after the extension" },
    ];
    expect(shiftedDueAt(base, started, pauses, extensions, "supplier-response")).toBe("2026-03-28T03:59:59.000Z");
    // An extension made before this deadline started belongs to an earlier wait and is ignored.
    expect(shiftedDueAt(base, "2026-03-07T00:00:00.000Z", [], extensions, "supplier-response")).toBe(base);
  });

  it("CL-10: deadline ids are stable for the same waiting state", () => {
    expect(deadlineId({ type: "claim", id: "c1" }, "supplier-response", 2)).toBe("claim:c1:supplier-response:2");
    expect(deadlineId({ type: "claim", id: "c1" }, "supplier-response")).toBe(deadlineId({ type: "claim", id: "c1" }, "supplier-response", 0));
  });
});
