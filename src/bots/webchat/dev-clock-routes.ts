/**
 * `GET /dev/clock` and `POST /dev/clock` (staff, and only when NODE_ENV !== "production"): move the
 * dev clock forward — by calendar days and hours, by business days in a party's calendar (POL-03:
 * "skip 15 business days" for the supplier), or just past the next pending deadline — then run a
 * deadline sweep at once and deliver what it produced, so reminders and escalations show up live.
 */
import { z } from "zod";
import { businessDaysDeadline } from "../../domain/calendar/business-calendar.js";
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import { addMs, type Instant } from "../../domain/shared/time.js";
import type { App } from "../../app/app.js";
import { readState } from "../../app/read-state.js";
import { HttpError } from "../../adapters/http/http-io.js";
import type { HttpApp } from "../../adapters/http/server.js";
import type { SessionSigner } from "./sessions.js";
import { identityHooks, identityOf } from "./web-identity.js";
import type { DevClock } from "../../adapters/clock/dev-clock.js";

export interface DevClockDeps {
  readonly app: App;
  readonly clock: DevClock;
  readonly signer: SessionSigner;
  /** Fires what fell due and delivers the outbox; resolves with the number of deadlines fired. */
  readonly afterMove: () => Promise<number>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const moveSchema = z
  .object({
    days: z.number().int().min(0).max(400).optional(),
    hours: z.number().int().min(0).max(10_000).optional(),
    businessDays: z.number().int().min(1).max(250).optional(),
    /** Whose calendar counts the business days (default: the staff member's own). */
    calendarOf: z.string().min(1).max(100).optional(),
    toNextDeadline: z.boolean().optional(),
  })
  .refine((m) => m.days !== undefined || m.hours !== undefined || m.businessDays !== undefined || m.toNextDeadline === true, {
    error: "give days, hours, businessDays or toNextDeadline",
  });

export function registerDevClockRoutes(http: HttpApp, deps: DevClockDeps): void {
  const { app, clock } = deps;
  const { staffOnly } = identityHooks(app.db, deps.signer);

  const nextDeadline = async (): Promise<{ fireAt: Instant; kind: string; action: string } | undefined> => {
    const row = await app.db.prisma.scheduledDeadline.findFirst({
      where: { status: "pending" },
      orderBy: [{ fireAt: "asc" }, { id: "asc" }],
    });
    return row ? { fireAt: row.fireAt.toISOString(), kind: row.kind, action: row.action } : undefined;
  };

  http.get("/dev/clock", { onRequest: staffOnly }, async () => ({
    now: clock.now(),
    offsetMs: clock.offsetMs,
    nextDeadline: (await nextDeadline()) ?? null,
  }));

  http.post("/dev/clock", { onRequest: staffOnly, schema: { body: moveSchema } }, async (request) => {
    const identity = identityOf(request);
    const move = request.body;
    const before = clock.now();
    let target = addMs(before, (move.days ?? 0) * DAY_MS + (move.hours ?? 0) * HOUR_MS);
    if (move.businessDays !== undefined) {
      const calendarParty = move.calendarOf ? await readState<PartyState>(app.db, partyStream(move.calendarOf)) : identity.party;
      if (!calendarParty) throw new HttpError(404, "PARTY_NOT_FOUND", `no party ${move.calendarOf ?? ""}`);
      target = businessDaysDeadline(target, move.businessDays, calendarParty.calendar);
    }
    if (move.toNextDeadline) {
      const next = await nextDeadline();
      if (!next) throw new HttpError(409, "NO_PENDING_DEADLINE", "no deadline is pending");
      target = addMs(next.fireAt, 1_000);
    }
    const now = clock.moveTo(target);
    const fired = await deps.afterMove();
    request.log.info({ from: before, to: now, fired, by: identity.party.id }, "dev clock moved");
    return {
      before,
      now,
      offsetMs: clock.offsetMs,
      fired,
      nextDeadline: (await nextDeadline()) ?? null,
    };
  });
}
