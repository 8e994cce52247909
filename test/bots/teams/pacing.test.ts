/** Teams' per-conversation limits: whatever the arrival pattern, paced sends never exceed any window. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConversationPacer, TEAMS_CONVERSATION_LIMITS } from "../../../src/bots/teams/pacing.js";

function sendAll(arrivals: readonly number[], conversations: readonly string[]): Map<string, number[]> {
  const pacer = new ConversationPacer();
  const sent = new Map<string, number[]>();
  let clock = 0;
  arrivals.forEach((gap, i) => {
    clock += gap;
    const conversation = conversations[i % conversations.length] as string;
    const at = clock + (pacer.reserve(conversation, clock) as number);
    sent.set(conversation, [...(sent.get(conversation) ?? []), at]);
  });
  return sent;
}

describe("per-conversation pacing", () => {
  it("a burst of 20 into one conversation: 7 at once, then paced — never 8 in 1 s, 9 in 2 s", () => {
    const times = sendAll(Array(20).fill(0), ["a:1"]).get("a:1") ?? [];
    expect(times.slice(0, 7)).toEqual(Array(7).fill(0));
    expect(times[7]).toBeGreaterThanOrEqual(1000);
    // The guard: the 8th starts far enough after the 1st that arrival jitter cannot put 8 in one second.
    expect(times[7]).toBeGreaterThanOrEqual(1100);
    for (const t of times) expect(times.filter((u) => u > t - 2000 && u <= t).length).toBeLessThanOrEqual(8);
  });

  it("conversations are paced apart: a burst in one does not delay another", () => {
    const pacer = new ConversationPacer();
    for (let i = 0; i < 7; i++) pacer.record("a:1", 0);
    expect(pacer.delayMs("a:1", 0)).toBe(1150);
    expect(pacer.delayMs("a:2", 0)).toBe(0);
  });

  it("concurrent sends take distinct slots: a slot is taken when reserved, not after the wait", () => {
    const pacer = new ConversationPacer();
    const waits = Array.from({ length: 9 }, () => pacer.reserve("a:1", 0));
    expect(waits.slice(0, 7)).toEqual(Array(7).fill(0));
    expect(waits[7]).toBe(1150);
    expect(waits[8]).toBe(2150);
  });

  it("a slot further off than the caller will wait is not taken", () => {
    const pacer = new ConversationPacer();
    for (let i = 0; i < 7; i++) pacer.reserve("a:1", 0);
    expect(pacer.reserve("a:1", 0, 500)).toBeUndefined();
    expect(pacer.reserve("a:1", 0)).toBe(1150);
  });

  it("no window is ever exceeded, whatever the arrivals (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 150 }), fc.integer({ min: 1, max: 3 }), (gaps, n) => {
        const conversations = Array.from({ length: n }, (_, i) => `a:${i}`);
        for (const times of sendAll(gaps, conversations).values()) {
          for (const w of TEAMS_CONVERSATION_LIMITS) {
            for (const t of times) expect(times.filter((u) => u > t - w.windowMs && u <= t).length).toBeLessThanOrEqual(w.limit);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("issue 15: the pacer's memory stays bounded", () => {
  it("forgets conversations that were sent to once and never again, after the longest window", () => {
    const pacer = new ConversationPacer();
    const hour = 3_600_000;
    for (let i = 0; i < 1_000; i++) pacer.reserve(`conversation ${i}`, i * 1_000);
    expect(pacer.conversations).toBe(1_000);
    // Two hours on, one more conversation is sent to: the thousand quiet ones are dropped.
    pacer.reserve("a later conversation", 2 * hour + 1_000_000);
    expect(pacer.conversations).toBe(1);
  });

  it("keeps a conversation whose sends are still inside a window, and still paces it", () => {
    const pacer = new ConversationPacer([{ limit: 2, windowMs: 10_000 }], 0);
    pacer.reserve("busy", 0);
    pacer.reserve("busy", 1);
    pacer.reserve("other", 10_000);
    expect(pacer.conversations).toBe(2);
    expect(pacer.delayMs("busy", 9_000)).toBe(1_000);
  });
});
