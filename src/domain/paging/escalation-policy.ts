/**
 * DT-01: the staff team's escalation policy — who is paged for an escalated case, in which order, how
 * often, and when. Staff edit it in the console; every edit is a new version (like the policy
 * profiles, POL-01/POL-02), and a page records the version in force when it was raised, so a later
 * edit never changes a page already under way.
 *
 * - `levels`: the ladder. A page starts at level 1; each level is notified, repeated `repeats` times
 *   evenly spaced over `escalateAfterMinutes`, then the page escalates to the next level. The last
 *   level keeps repeating at its interval until someone acknowledges.
 * - `hours`: the team's business hours in its calendar (time zone, country holidays, weekend); a page
 *   due outside them goes to `outOfHours` (which repeats at its interval until the team opens).
 *   Absent = staffed around the clock.
 * - `highValue`: claims whose protected amount is above a threshold (one per currency) use their own
 *   ladder (e.g. straight to the team lead).
 * - `repageBeforeTargetMinutes`: DT-02 — an acknowledged case still undecided this long before its
 *   decision target pages the acknowledger again, then the next level.
 */
import { z } from "zod";
import { businessCalendarSchema, type BusinessCalendar } from "../calendar/business-calendar.js";
import { assertStaff } from "../parties/staff-guard.js";
import type { PolicyProfile } from "../policy/policy.js";
import { parseCommand } from "../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent, type StreamRef } from "../shared/events.js";
import { greaterThan, moneySchema, type Money } from "../shared/money.js";
import type { Instant } from "../shared/time.js";

/** Who one level (or round) of a page reaches. */
export interface PageTargets {
  /** Staff party ids; empty = every staff member. */
  readonly staffIds: readonly string[];
  /**
   * Names a PagerDuty routing key of the deployment: "default" = `PAGERDUTY_ROUTING_KEY`, "x" =
   * `PAGERDUTY_ROUTING_KEY_X`. The key itself is a secret and is never stored with the policy.
   */
  readonly pagerDutyRoutingKeyRef?: string;
  /** A Slack channel id or name for the page message (default: `SLACK_STAFF_CHANNEL`). */
  readonly slackChannel?: string;
}

export interface EscalationLevel {
  readonly targets: PageTargets;
  /** Minutes from the start of the level until the page escalates to the next level. */
  readonly escalateAfterMinutes: number;
  /** Repeats within the level, evenly spaced before the escalation (the interval is escalateAfter / (repeats + 1)). */
  readonly repeats: number;
}

/** "HH:MM", 24-hour local time. */
export type LocalClock = string;

export interface StaffHours {
  readonly calendar: BusinessCalendar;
  readonly opensAt: LocalClock;
  readonly closesAt: LocalClock;
}

export interface EscalationPolicy {
  /** 0 = the built-in policy derived from the order's profile; staff edits count from 1. */
  readonly version: number;
  readonly effectiveFrom: Instant;
  /** Who made this version ("built-in" for version 0). */
  readonly revisedBy: string;
  readonly levels: readonly EscalationLevel[];
  readonly hours?: StaffHours;
  readonly outOfHours?: EscalationLevel;
  readonly highValue?: { readonly above: readonly Money[]; readonly levels: readonly EscalationLevel[] };
  readonly repageBeforeTargetMinutes: number;
}

const MAX_MINUTES = 7 * 24 * 60;
const clockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM");

export const pageTargetsSchema = z
  .object({
    staffIds: z
      .array(z.string().trim().min(1).max(200))
      .max(50)
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, "each staff member once"),
    pagerDutyRoutingKeyRef: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/i, "letters, digits and _ only")
      .optional(),
    slackChannel: z
      .string()
      .regex(/^#?[\w.-]{1,80}$/, "a Slack channel id or name")
      .optional(),
  })
  .strict();

export const escalationLevelSchema = z
  .object({
    targets: pageTargetsSchema,
    escalateAfterMinutes: z.number().int().min(1).max(MAX_MINUTES),
    repeats: z.number().int().min(0).max(20),
  })
  .strict()
  // A repeat interval under a minute would outrun the scheduler's one-minute tick.
  .refine((l) => l.escalateAfterMinutes / (l.repeats + 1) >= 1, { message: "repeats must be at least a minute apart", path: ["repeats"] });

/** What staff submit from the console (the version, date and author are the system's). */
export const escalationPolicyInputSchema = z
  .object({
    levels: z.array(escalationLevelSchema).min(1).max(10),
    hours: z
      .object({ calendar: businessCalendarSchema, opensAt: clockSchema, closesAt: clockSchema })
      .strict()
      .refine((h) => h.opensAt < h.closesAt, { message: "opensAt must be before closesAt", path: ["closesAt"] })
      .optional(),
    outOfHours: escalationLevelSchema.optional(),
    highValue: z
      .object({ above: z.array(moneySchema).min(1).max(20), levels: z.array(escalationLevelSchema).min(1).max(10) })
      .strict()
      .refine((t) => new Set(t.above.map((m) => m.currency)).size === t.above.length, { message: "one threshold per currency", path: ["above"] })
      .optional(),
    repageBeforeTargetMinutes: z.number().int().min(0).max(MAX_MINUTES),
  })
  .strict()
  .refine((p) => p.hours === undefined || p.outOfHours !== undefined, { message: "business hours need an out-of-hours level", path: ["outOfHours"] });
export type EscalationPolicyInput = z.input<typeof escalationPolicyInputSchema>;

/**
 * Version 0: the profile's paging parameters as a two-level ladder staffed around the clock (what
 * DT-01 did before staff edited a policy): repeat every `pageRepeatAfterMinutes`, escalate after
 * `pageEscalateAfterMinutes`, every staff member, the default PagerDuty routing key if configured.
 */
export function builtInEscalationPolicy(profile: PolicyProfile): EscalationPolicy {
  const level: EscalationLevel = {
    targets: { staffIds: [], pagerDutyRoutingKeyRef: "default" },
    escalateAfterMinutes: profile.pageEscalateAfterMinutes,
    repeats: Math.max(0, Math.ceil(profile.pageEscalateAfterMinutes / profile.pageRepeatAfterMinutes) - 1),
  };
  return { version: 0, effectiveFrom: profile.effectiveFrom, revisedBy: "built-in", levels: [level, level], repageBeforeTargetMinutes: 24 * 60 };
}

/** The ladder a claim of this amount is paged on: the high-value tier's when the amount is above its threshold in that currency. */
export function ladderFor(policy: EscalationPolicy, amount: Money): readonly EscalationLevel[] {
  const threshold = policy.highValue?.above.find((m) => m.currency === amount.currency);
  return threshold && policy.highValue && greaterThan(amount, threshold) ? policy.highValue.levels : policy.levels;
}

// --- the policy's own stream: one per staff team ---------------------------------------------

export const ESCALATION_POLICY_EVENT = { revised: "EscalationPolicyRevised" } as const;
export const STAFF_TEAM = "staff";

export function escalationPolicyStream(team = STAFF_TEAM): StreamRef {
  return { type: "escalation-policy", id: team };
}

export interface EscalationPolicyRevisedData {
  readonly policy: EscalationPolicy;
}

/** DT-01: staff save a new version of the policy; the previous versions stay on record. */
export function reviseEscalationPolicy(current: EscalationPolicy | undefined, input: unknown, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "revise-escalation-policy");
  const parsed = parseCommand(escalationPolicyInputSchema, input);
  const policy = stripUndefined<EscalationPolicy>({
    ...parsed,
    version: (current?.version ?? 0) + 1,
    effectiveFrom: ctx.now,
    revisedBy: ctx.actor.partyId ?? ctx.actor.kind,
  });
  const data: EscalationPolicyRevisedData = { policy };
  return [event(ESCALATION_POLICY_EVENT.revised, escalationPolicyStream(), ctx, data)];
}

export function evolveEscalationPolicy(state: EscalationPolicy | undefined, e: DomainEvent): EscalationPolicy | undefined {
  return e.type === ESCALATION_POLICY_EVENT.revised ? (e.data as EscalationPolicyRevisedData).policy : state;
}

/** zod leaves optional keys out; this keeps JSON round trips equal to the value (no `undefined` members). */
function stripUndefined<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
