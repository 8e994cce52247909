/**
 * Teams' per-conversation rate limits for one bot (7 messages per second, 8 per 2 s, 60 per 30 s,
 * 1800 per hour): before each send the sender reserves a slot; the answer is how long to wait for it.
 * Staying under the limits keeps a burst of notifications from being answered with 429s.
 *
 * Teams counts a send when it arrives, not when we start it: two sends started exactly one window
 * apart can arrive less than a window apart (network and token jitter), so each window is paced with a
 * guard added to its length. The slot is taken at once (`reserve`), before the wait, so concurrent
 * sends into one conversation never pick the same slot.
 */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Margin for the time between starting a send and Teams receiving it. */
const DEFAULT_GUARD_MS = 150;

export class ConversationPacer {
  readonly #sent = new Map<string, number[]>();
  readonly #longestWindowMs: number;
  /** Issue 15: when the next sweep of quiet conversations is due (ms); see #sweep. */
  #nextSweepMs = Number.NEGATIVE_INFINITY;

  readonly #windows: readonly RateWindow[];

  constructor(windows: readonly RateWindow[] = TEAMS_CONVERSATION_LIMITS, guardMs = DEFAULT_GUARD_MS) {
    this.#windows = windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs + guardMs }));
    this.#longestWindowMs = Math.max(...this.#windows.map((w) => w.windowMs));
  }

  /**
   * Takes the next free slot for this conversation unless it is more than `maxWaitMs` away, and
   * returns how long to wait for it; `undefined` (nothing taken) when the slot is further off.
   */
  reserve(conversationId: string, nowMs: number, maxWaitMs = Number.POSITIVE_INFINITY): number | undefined {
    const wait = this.delayMs(conversationId, nowMs);
    if (wait > maxWaitMs) return undefined;
    this.record(conversationId, nowMs + wait);
    return wait;
  }

  /** How long from `nowMs` until a send to this conversation stays within every window (0 = now). */
  delayMs(conversationId: string, nowMs: number): number {
    const times = this.#recent(conversationId, nowMs);
    let at = nowMs;
    // Each window with `limit` sends in (at - windowMs, at] pushes `at` past its oldest counted send.
    for (let moved = true; moved;) {
      moved = false;
      for (const w of this.#windows) {
        const inWindow = times.filter((t) => t > at - w.windowMs && t <= at);
        if (inWindow.length >= w.limit) {
          const oldest = inWindow[inWindow.length - w.limit] as number;
          at = oldest + w.windowMs;
          moved = true;
        }
      }
    }
    return at - nowMs;
  }

  /** Records a send at `atMs` (call it with the time the send is made). */
  record(conversationId: string, atMs: number): void {
    this.#sweep(atMs);
    const times = this.#recent(conversationId, atMs);
    times.push(atMs);
    times.sort((a, b) => a - b);
    this.#sent.set(conversationId, times);
  }

  /** How many conversations have sends still inside a window (what the pacer holds). */
  get conversations(): number {
    return this.#sent.size;
  }

  /**
   * Issue 15: a conversation's sends are forgotten when it is next asked about; one never sent to
   * again would stay for the life of the process. Once per longest window, every conversation whose
   * last send is older than that window is dropped: the map holds only the last hour's conversations.
   */
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + this.#longestWindowMs;
    for (const [conversationId, times] of this.#sent) {
      if ((times[times.length - 1] ?? Number.NEGATIVE_INFINITY) <= nowMs - this.#longestWindowMs) this.#sent.delete(conversationId);
    }
  }

  #recent(conversationId: string, nowMs: number): number[] {
    const times = (this.#sent.get(conversationId) ?? []).filter((t) => t > nowMs - this.#longestWindowMs);
    if (times.length === 0) this.#sent.delete(conversationId);
    else this.#sent.set(conversationId, times);
    return times;
  }
}
