/**
 * DT-03: for a quality claim the buyer books an inspection with one of the designated companies and
 * pays the fee upfront; the case waits for the report (CL-14), which becomes evidence.
 */
import { z } from "zod";
import { parseCommand } from "../../shared/command-validation.js";
import { refuse } from "../../shared/errors.js";
import type { CommandContext, DomainEvent } from "../../shared/events.js";
import { isPositive, moneySchema } from "../../shared/money.js";
import { CLAIM_EVENT, claimEvent, type ClaimInspectionBookedData, type ClaimInspectionReportedData } from "../claim-events.js";
import { actingParty, assertClaimOpen } from "../claim-guards.js";
import { applyToClaim, type ClaimState } from "../claim-state.js";
import { INSPECTION_COMPANIES } from "../claim-types.js";
import { evidenceFileSchema } from "../evidence.js";
import { pauseEvents, resumeIfNothingAwaited } from "../third-party-wait.js";
import { evidenceAttachedEvent } from "./evidence-use-cases.js";

export const bookInspectionCommandSchema = z.object({
  company: z.enum(INSPECTION_COMPANIES),
  fee: moneySchema,
  bookingReference: z.string().trim().min(1).max(200),
});
export type BookInspectionCommand = z.infer<typeof bookInspectionCommandSchema>;

export function bookInspection(claim: ClaimState, command: BookInspectionCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(bookInspectionCommandSchema, command);
  assertClaimOpen(claim);
  if (actingParty(claim, ctx) !== "buyer") refuse("CLAIM_INSPECTION_BOOKED_BY_BUYER_ONLY", { claimId: claim.id });
  if (claim.type !== "quality") refuse("CLAIM_INSPECTION_ONLY_FOR_QUALITY", { claimId: claim.id });
  if (claim.inspection) refuse("CLAIM_INSPECTION_ALREADY_BOOKED", { claimId: claim.id, company: claim.inspection.company });
  if (!isPositive(cmd.fee)) refuse("CLAIM_INSPECTION_FEE_REQUIRED", { claimId: claim.id });
  const data: ClaimInspectionBookedData = { inspection: { ...cmd, bookedAt: ctx.now } };
  return [claimEvent(CLAIM_EVENT.inspectionBooked, claim.id, ctx, data), ...pauseEvents(claim, "inspection-booked", ctx)];
}

export const recordInspectionReportCommandSchema = z.object({ file: evidenceFileSchema });
export type RecordInspectionReportCommand = z.infer<typeof recordInspectionReportCommandSchema>;

/** DT-03: the report is attached as evidence (CL-11) and the case resumes (CL-14). By the buyer or staff. */
export function recordInspectionReport(claim: ClaimState, command: RecordInspectionReportCommand, ctx: CommandContext): DomainEvent[] {
  const { file } = parseCommand(recordInspectionReportCommandSchema, command);
  assertClaimOpen(claim);
  if (ctx.actor.kind !== "staff" && actingParty(claim, ctx) !== "buyer") refuse("CLAIM_INSPECTION_REPORT_BY_BUYER_OR_STAFF", { claimId: claim.id });
  if (!claim.inspection) return refuse("CLAIM_INSPECTION_NOT_BOOKED", { claimId: claim.id });
  if (claim.inspection.reportSha256) refuse("CLAIM_INSPECTION_ALREADY_REPORTED", { claimId: claim.id, sha256: claim.inspection.reportSha256 });
  const reported: ClaimInspectionReportedData = { sha256: file.sha256 };
  const events = [
    evidenceAttachedEvent(claim, { ...file, category: "inspection-report" }, ctx),
    claimEvent(CLAIM_EVENT.inspectionReported, claim.id, ctx, reported),
  ];
  return [...events, ...resumeIfNothingAwaited(applyToClaim(claim, events), ctx)];
}
