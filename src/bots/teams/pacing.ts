/**
 * Teams' per-conversation rate limits for one bot (7 messages per second, 8 per 2 s, 60 per 30 s,
 * 1800 per hour): before each send the sender reserves a slot; the answer is how long to wait for it.
 * Staying under the limits keeps a burst of notifications from being answered with 429s.
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

export class ConversationPacer {
  readonly #sent = new Map<string, number[]>();
  readonly #longestWindowMs: number;

  constructor(private readonly windows: readonly RateWindow[] = TEAMS_CONVERSATION_LIMITS) {
    this.#longestWindowMs = Math.max(...windows.map((w) => w.windowMs));
  }

  /** How long from `nowMs` until a send to this conversation stays within every window (0 = now). */
  delayMs(conversationId: string, nowMs: number): number {
    const times = this.#recent(conversationId, nowMs);
    let at = nowMs;
    // Each window with `limit` sends in (at - windowMs, at] pushes `at` past its oldest counted send.
    for (let moved = true; moved;) {
      moved = false;
      for (const w of this.windows) {
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
    const times = this.#recent(conversationId, atMs);
    times.push(atMs);
    times.sort((a, b) => a - b);
    this.#sent.set(conversationId, times);
  }

  #recent(conversationId: string, nowMs: number): number[] {
    const times = (this.#sent.get(conversationId) ?? []).filter((t) => t > nowMs - this.#longestWindowMs);
    if (times.length === 0) this.#sent.delete(conversationId);
    else this.#sent.set(conversationId, times);
    return times;
  }
}
