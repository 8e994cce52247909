/**
 * The one event envelope of every aggregate. Use cases (`decide`) return events; `evolve` folds them
 * into state; the persistence layer appends them to their stream in the same transaction.
 */
import type { Instant } from "./time.js";

export type StreamType = "order" | "claim" | "ledger" | "party" | "escalation-policy" | "case-assignment";

export interface StreamRef {
  readonly type: StreamType;
  readonly id: string;
}

export type ActorKind = "buyer" | "supplier" | "staff" | "system";

/** Who did it: a party (buyer, supplier, staff member) or the system (a deadline firing). */
export interface ActorRef {
  readonly kind: ActorKind;
  readonly partyId?: string;
}

export const SYSTEM: ActorRef = { kind: "system" };

export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly stream: StreamRef;
  readonly at: Instant;
  readonly actor: ActorRef;
  readonly data: D;
}

/** What every command handler receives besides the command: the time and who acts. */
export interface CommandContext {
  readonly now: Instant;
  readonly actor: ActorRef;
}

export function event<T extends string, D>(type: T, stream: StreamRef, ctx: CommandContext, data: D): DomainEvent<T, D> {
  return { type, stream, at: ctx.now, actor: ctx.actor, data };
}
