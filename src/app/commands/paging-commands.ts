/**
 * DT-01: the staff team's escalation policy as commands and a query. The policy is its own stream
 * (`escalation-policy:staff`); a command that may raise a page reads it (no lock: a page records the
 * version in force when it was raised), and falls back to the order profile's built-in ladder while
 * staff have saved none.
 */
import { policyFor } from "../../domain/policy/policy.js";
import { builtInEscalationPolicy, escalationPolicyStream, reviseEscalationPolicy, type EscalationPolicy } from "../../domain/paging/escalation-policy.js";
import { refuse } from "../../domain/shared/errors.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { caseAssignmentStream, takeCase, type CaseAssignment, type TakeCaseCommand } from "../../domain/paging/case-assignment.js";
import type { Database } from "../../adapters/db/database.js";
import type { CommandSpec, StreamStates } from "../../adapters/db/unit-of-work.js";
import { contextOf, type Actor } from "../actor.js";
import { readState } from "../read-state.js";

/** The policy staff saved last, or undefined (pages then use their profile's built-in ladder). */
export function savedEscalationPolicy(s: StreamStates): EscalationPolicy | undefined {
  return s.get<EscalationPolicy>(escalationPolicyStream());
}

/** DT-01: staff save a new version of the escalation policy from the console. */
export function reviseEscalationPolicySpec(actor: Actor, input: unknown): CommandSpec {
  const stream = escalationPolicyStream();
  return {
    name: "paging.reviseEscalationPolicy",
    streams: [stream],
    decide: (s, now) => reviseEscalationPolicy(s.get<EscalationPolicy>(stream), input, contextOf(actor, now)),
  };
}

export interface EscalationPolicyView {
  /** The policy pages are raised under now (version 0 = built-in, from the classic profile). */
  readonly current: EscalationPolicy;
  /** Every saved version, newest first. */
  readonly versions: readonly EscalationPolicy[];
}

export async function escalationPolicyView(db: Database, viewer: Actor): Promise<EscalationPolicyView> {
  if (viewer.kind !== "staff") refuse("STAFF_ONLY", { action: "escalation-policy" });
  const saved = await readState<EscalationPolicy>(db, escalationPolicyStream());
  const rows = await db.prisma.escalationPolicyVersion.findMany({ where: { team: escalationPolicyStream().id }, orderBy: { version: "desc" } });
  return {
    current: saved ?? builtInEscalationPolicy(policyFor({ name: "classic", version: 1 })),
    versions: rows.map((r) => r.policy as unknown as EscalationPolicy),
  };
}

/** DT-01 "Take case": the staff member assigns the escalated case to themselves (see `takeCase`). */
export function takeCaseSpec(actor: Actor, claimId: string, command: TakeCaseCommand): CommandSpec {
  const claim = claimStream(claimId);
  const assignment = caseAssignmentStream(claimId);
  return {
    name: "paging.takeCase",
    // Both locked: two staff members clicking at once — one takes it, the other is told who has it.
    streams: [claim, assignment],
    decide: (s, now) => takeCase(s.require<ClaimState>(claim), s.get<CaseAssignment>(assignment), command, contextOf(actor, now)),
  };
}

/** Who has the case, or undefined while nobody took it. */
export async function caseAssignmentOf(db: Database, viewer: Actor, claimId: string): Promise<CaseAssignment | undefined> {
  if (viewer.kind !== "staff") refuse("STAFF_ONLY", { action: "case-assignment" });
  return readState<CaseAssignment>(db, caseAssignmentStream(claimId));
}
