/**
 * The dev clock (never in production): the system time plus an offset that staff may move forward,
 * to watch reminders and default outcomes fire in a demo ("skip 15 business days"). Time only moves
 * forward, so deadlines already fired stay consistent with "now". The offset is kept in a file under
 * DATA_DIR, so a restart does not send the clock back behind the data it wrote.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Clock } from "./clock.js";
import { addMs, instantMs, type Instant } from "../../domain/shared/time.js";

export class DevClock implements Clock {
  #offsetMs = 0;

  /** `offsetFile`: where the offset is kept between runs (none = in memory only). */
  constructor(
    private readonly system: Clock,
    private readonly offsetFile?: string,
  ) {
    if (!offsetFile) return;
    try {
      const saved = Number(readFileSync(offsetFile, "utf8").trim());
      if (Number.isFinite(saved) && saved > 0) this.#offsetMs = saved;
    } catch {
      // No file yet: the clock starts at the system time.
    }
  }

  now(): Instant {
    return addMs(this.system.now(), this.#offsetMs);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves to `instant` if it is later than now; returns the new now. */
  moveTo(instant: Instant): Instant {
    const ahead = instantMs(instant) - instantMs(this.now());
    if (ahead > 0) this.advance(ahead);
    return this.now();
  }

  advance(ms: number): Instant {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the dev clock only moves forward (got ${ms} ms)`);
    this.#offsetMs += ms;
    if (this.offsetFile) writeFileSync(this.offsetFile, String(this.#offsetMs));
    return this.now();
  }
}
