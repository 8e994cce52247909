/** Actions reserved to platform staff (TA-01 limits, TA-07/FR-02 suspensions, DT-09 corrections). */
import { refuse } from "../shared/errors.js";
import type { CommandContext } from "../shared/events.js";

/** Refuses with `STAFF_ONLY { action }` unless the acting party is a staff member. */
export function assertStaff(ctx: CommandContext, action: string): void {
  if (ctx.actor.kind !== "staff") refuse("STAFF_ONLY", { action });
}

/** Refuses with `STAFF_ONLY { action }` unless staff or the system itself (a detector, a deadline) acts. */
export function assertStaffOrSystem(ctx: CommandContext, action: string): void {
  if (ctx.actor.kind !== "staff" && ctx.actor.kind !== "system") refuse("STAFF_ONLY", { action });
}
