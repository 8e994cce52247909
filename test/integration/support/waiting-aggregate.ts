/**
 * A minimal test aggregate (registered under the "claim" stream type) that exercises the store's
 * generic machinery without any business rule: it waits on deadlines given in its events, applies
 * a default outcome when told a deadline passed (a stale id is a no-op, as in the domain), and
 * can be resolved (its deadlines then cancelled).
 */
import type { Deadline, DeadlineSubject } from "../../../src/domain/deadlines/deadline.js";
import type { CommandContext, DomainEvent, StreamRef } from "../../../src/domain/shared/events.js";
import { event } from "../../../src/domain/shared/events.js";
import { isBefore, type Instant } from "../../../src/domain/shared/time.js";
import { refuse } from "../../../src/domain/shared/errors.js";
import type { AggregateDefinition } from "../../../src/adapters/db/aggregate-definition.js";
import type { CommandSpec } from "../../../src/adapters/db/unit-of-work.js";

export interface WaitingState {
  readonly id: string;
  readonly waitingOn: readonly Deadline[];
  readonly outcomes: readonly string[];
  readonly resolved: boolean;
}

export const waitingStream = (id: string): StreamRef => ({ type: "claim", id });

export function waitingDeadline(id: string, kind: string, dueAt: Instant, reminders: readonly Instant[] = []): Deadline {
  const subject: DeadlineSubject = { type: "claim", id };
  return { id: `claim:${id}:${kind}:0`, kind, subject, actor: "supplier", actorPartyId: "supplier-1", dueAt, reminders, defaultOutcome: "escalate" };
}

export const waitingAggregate: AggregateDefinition<WaitingState> = {
  streamType: "claim",
  evolve(state, e) {
    const current = state ?? { id: e.stream.id, waitingOn: [], outcomes: [], resolved: false };
    switch (e.type) {
      case "WaitStarted":
        return { ...current, waitingOn: [...current.waitingOn, ...(e.data as { deadlines: Deadline[] }).deadlines] };
      case "DefaultOutcomeApplied": {
        const { deadlineId } = e.data as { deadlineId: string };
        return { ...current, waitingOn: current.waitingOn.filter((d) => d.id !== deadlineId), outcomes: [...current.outcomes, deadlineId] };
      }
      case "Resolved":
        return { ...current, waitingOn: [], resolved: true };
      default:
        return current;
    }
  },
  deadlines: (state) => state.waitingOn,
};

export function startWaiting(id: string, deadlines: readonly Deadline[], ctx: CommandContext): DomainEvent[] {
  return [event("WaitStarted", waitingStream(id), ctx, { deadlines })];
}

export function resolve(state: WaitingState | undefined, ctx: CommandContext): DomainEvent[] {
  if (!state) return refuse("WAITING_NOT_FOUND", {});
  if (state.resolved) return refuse("WAITING_ALREADY_RESOLVED", { id: state.id });
  return [event("Resolved", waitingStream(state.id), ctx, {})];
}

/** DeadlinePassed: a stale or not-yet-due id yields no events. */
export function deadlinePassed(state: WaitingState | undefined, deadlineId: string, ctx: CommandContext): DomainEvent[] {
  const deadline = state?.waitingOn.find((d) => d.id === deadlineId);
  if (!state || !deadline || isBefore(ctx.now, deadline.dueAt)) return [];
  return [event("DefaultOutcomeApplied", waitingStream(state.id), ctx, { deadlineId })];
}

const system = (now: Instant): CommandContext => ({ now, actor: { kind: "system" } });

export function startWaitingCommand(id: string, deadlines: readonly Deadline[]): CommandSpec {
  return { name: "waiting.start", streams: [waitingStream(id)], decide: (_s, now) => startWaiting(id, deadlines, system(now)) };
}

export function resolveCommand(id: string): CommandSpec {
  return {
    name: "waiting.resolve",
    streams: [waitingStream(id)],
    decide: (s, now) => resolve(s.get<WaitingState>(waitingStream(id)), system(now)),
    notifications: () => [{ kind: "waiting.resolved", recipientPartyId: "buyer-1", stream: waitingStream(id), payload: { id } }],
  };
}

export function deadlinePassedCommand(id: string, deadlineId: string): CommandSpec {
  return {
    name: "waiting.deadlinePassed",
    streams: [waitingStream(id)],
    decide: (s, now) => deadlinePassed(s.get<WaitingState>(waitingStream(id)), deadlineId, system(now)),
  };
}
