/** When a failed delivery is tried again, and when it is given up (no database needed). */
import { describe, expect, it } from "vitest";
import { DeliveryError, deliveryErrorOfHttpStatus, parseRetryAfter, retryDecision } from "../../src/adapters/delivery/index.js";

const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5_000 };
const transient = new DeliveryError("HTTP 502", { permanent: false, status: 502 });

describe("delivery retry policy", () => {
  it("backs off exponentially up to the cap, then gives up after the last attempt", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDecision(transient, attempt, policy))).toEqual([
      { retry: true, delayMs: 1_000 },
      { retry: true, delayMs: 2_000 },
      { retry: true, delayMs: 4_000 },
      { retry: true, delayMs: 5_000 },
    ]);
    expect(retryDecision(transient, 5, policy)).toEqual({ retry: false });
  });

  it("honours Retry-After (seconds or an HTTP date) and never retries a permanent failure", () => {
    const now = Date.parse("2026-03-01T10:00:00.000Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(retryDecision(deliveryErrorOfHttpStatus(429, "7", now), 1, policy)).toEqual({ retry: true, delayMs: 7_000 });
    expect(retryDecision(deliveryErrorOfHttpStatus(403, null, now), 1, policy)).toEqual({ retry: false });
    expect(retryDecision(new Error("socket hang up"), 1, policy)).toEqual({ retry: true, delayMs: 1_000 });
  });
});
