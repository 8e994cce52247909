/**
 * The Clock port: where "now" comes from outside the domain (which receives it as ctx.now).
 * Production uses the system clock; every deadline test uses the controllable ManualClock.
 */
import type { Instant } from "../../domain/shared/time.js";
import { addMs, instantMs } from "../../domain/shared/time.js";

export interface Clock {
  now(): Instant;
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
};

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: Instant;

  constructor(start: Instant) {
    this.#now = new Date(instantMs(start)).toISOString();
  }

  now(): Instant {
    return this.#now;
  }

  set(instant: Instant): void {
    this.#now = new Date(instantMs(instant)).toISOString();
  }

  advance(ms: number): Instant {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a clock only moves forward (got ${ms} ms)`);
    this.#now = addMs(this.#now, ms);
    return this.#now;
  }
}
