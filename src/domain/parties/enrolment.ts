/**
 * TA-01: staff enrol a supplier — company, country, time zone, language and contact (POL-03: its
 * calendar), with the inputs its limit rests on: qualification status and the last 6 months' volume.
 * The limit starts at the policy formula's figure (POL-01: `supplierLimit`); staff may set another
 * figure, now or later, always with a reason. Every limit is a ledger entry recording its inputs and
 * what the formula gave (TA-02). Buyers register themselves (FR-02: staff may suspend their coverage).
 */
import { z } from "zod";
import { emptyLedger, setLimit, type LedgerState } from "../ledger/ledger.js";
import { limitByFormula } from "../ledger/limit-formula.js";
import { QUALIFICATION_STATUSES, type PolicyProfile, type QualificationStatus } from "../policy/policy.js";
import { idSchema, parseCommand, reasonSchema } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import { event, type CommandContext, type DomainEvent } from "../shared/events.js";
import { isUiLanguageTag } from "../shared/language-tags.js";
import { moneySchema, type Money } from "../shared/money.js";
import { businessCalendarSchema } from "../calendar/business-calendar.js";
import { evolveParty, PARTY_EVENT, partyStream, type SupplierEnrolledData } from "./party-events.js";
import { registerParty } from "./party-commands.js";
import type { PartyState } from "./party.js";
import { assertStaffOrSystem } from "./staff-guard.js";

/** Volumes up to 10^12 minor units: the formula's share stays a safe integer (PO-09). */
const volumeSchema = moneySchema.refine((m) => m.amountMinor >= 0 && m.amountMinor <= 1e12, "volume out of range");
const limitSchema = moneySchema.refine((m) => m.amountMinor >= 0, "limit must not be negative");

/** What a business tells the platform about itself (buyer registration, supplier enrolment). */
export const businessProfileSchema = z.object({
  partyId: idSchema,
  company: z.string().trim().min(1).max(200),
  contactName: z.string().trim().min(1).max(200),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{6,20}$/)
    .optional(),
  country: businessCalendarSchema.shape.country,
  timeZone: businessCalendarSchema.shape.timeZone,
  // CM-03: one of the eight UI languages (a regional tag such as pt-BR is kept for formatting).
  locale: z.string().max(35).refine(isUiLanguageTag, "not a BCP 47 tag of a UI language"),
});
export type BusinessProfile = z.infer<typeof businessProfileSchema>;

function registrationOf(role: "buyer" | "supplier", p: BusinessProfile) {
  return {
    partyId: p.partyId,
    role,
    displayName: p.company,
    locale: p.locale,
    calendar: { country: p.country, timeZone: p.timeZone },
    contact: {
      company: p.company,
      name: p.contactName,
      ...(p.email === undefined ? {} : { email: p.email }),
      ...(p.phone === undefined ? {} : { phone: p.phone }),
    },
  } as const;
}

/** A buyer registers itself from a channel (or staff register it); the language is one of the UI's. */
export function registerBuyer(existing: PartyState | undefined, cmd: BusinessProfile, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(businessProfileSchema, cmd);
  return registerParty(existing, registrationOf("buyer", c), ctx);
}

export const enrolSupplierCommandSchema = businessProfileSchema.extend({
  qualification: z.enum(QUALIFICATION_STATUSES),
  sixMonthVolume: volumeSchema,
  /** Staff's own figure instead of the formula's; needs `reason`. */
  limit: limitSchema.optional(),
  reason: reasonSchema.optional(),
});
export type EnrolSupplierCommand = z.input<typeof enrolSupplierCommandSchema>;

export interface EnrolmentInput {
  /** The supplier if already registered (not yet enrolled), else undefined. */
  readonly existing: PartyState | undefined;
  readonly ledger: LedgerState | undefined;
  /** The profile whose formula gives the starting limit (the current default profile). */
  readonly policy: PolicyProfile;
}

/** TA-01: staff enrol a supplier: registration (if new), enrolment with its inputs, and its first limit. */
export function enrolSupplier(input: EnrolmentInput, command: EnrolSupplierCommand, ctx: CommandContext): DomainEvent[] {
  assertStaffOrSystem(ctx, "party.enrollSupplier"); // the system: the operators' admin CLI
  const c = parseCommand(enrolSupplierCommandSchema, command);
  const { existing } = input;
  if (existing?.enrolled) refuse("PARTY_ALREADY_REGISTERED", { partyId: c.partyId });
  if (existing !== undefined && existing.role !== "supplier") refuse("PARTY_NOT_SUPPLIER", { partyId: existing.id });
  const registered = existing === undefined ? registerParty(undefined, registrationOf("supplier", c), ctx) : [];
  const enrolled: SupplierEnrolledData = { qualification: c.qualification, sixMonthVolume: c.sixMonthVolume };
  const enrolment = event(PARTY_EVENT.supplierEnrolled, partyStream(c.partyId), ctx, enrolled);
  const supplier = [...registered, enrolment].reduce<PartyState | undefined>(evolveParty, existing);
  if (!supplier) return refuse("PARTY_NOT_FOUND", { partyId: c.partyId });
  const limit = setSupplierLimit(
    { supplier, ledger: input.ledger, policy: input.policy },
    {
      qualification: c.qualification,
      sixMonthVolume: c.sixMonthVolume,
      ...(c.limit === undefined ? {} : { limit: c.limit }),
      reason: c.reason ?? "enrolment",
    },
    ctx,
  );
  return [...registered, enrolment, ...limit];
}

export const setSupplierLimitCommandSchema = z.object({
  /** New inputs; the last recorded ones when absent. */
  qualification: z.enum(QUALIFICATION_STATUSES).optional(),
  sixMonthVolume: volumeSchema.optional(),
  /** Staff's own figure; the formula's figure for the inputs when absent. */
  limit: limitSchema.optional(),
  reason: reasonSchema,
});
export type SetSupplierLimitCommand = z.input<typeof setSupplierLimitCommandSchema>;

export interface SupplierLimitInput {
  readonly supplier: PartyState;
  readonly ledger: LedgerState | undefined;
  readonly policy: PolicyProfile;
}

function isQualification(value: string | undefined): value is QualificationStatus {
  return value !== undefined && (QUALIFICATION_STATUSES as readonly string[]).includes(value);
}

/** The inputs a new limit rests on: given ones, else the last limit's, else those recorded at enrolment. */
function currentInputs(supplier: PartyState, ledger: LedgerState | undefined): { qualification?: string; sixMonthVolume?: Money } {
  const last = ledger?.entries.findLast((e) => e.kind === "limit-set")?.limitInputs;
  return last ?? supplier.enrolment ?? {};
}

/**
 * TA-01 / TA-02: staff set an enrolled supplier's limit — the policy formula's figure for its inputs,
 * or their own figure — with a reason; one ledger entry records the limit, the inputs and the formula.
 */
export function setSupplierLimit(input: SupplierLimitInput, command: SetSupplierLimitCommand, ctx: CommandContext): DomainEvent[] {
  assertStaffOrSystem(ctx, "ledger.setLimit");
  const c = parseCommand(setSupplierLimitCommandSchema, command);
  const { supplier, policy } = input;
  if (supplier.role !== "supplier") refuse("PARTY_NOT_SUPPLIER", { partyId: supplier.id });
  if (!supplier.enrolled) refuse("SUPPLIER_NOT_ENROLLED", { supplierId: supplier.id });
  const recorded = currentInputs(supplier, input.ledger);
  const qualification = c.qualification ?? recorded.qualification;
  const sixMonthVolume = c.sixMonthVolume ?? recorded.sixMonthVolume;
  if (!isQualification(qualification) || sixMonthVolume === undefined) {
    return refuse("COMMAND_INVALID", { fields: [...(isQualification(qualification) ? [] : ["qualification"]), ...(sixMonthVolume ? [] : ["sixMonthVolume"])] });
  }
  const formula = limitByFormula(policy.supplierLimit, qualification, sixMonthVolume);
  const limit = c.limit ?? formula?.limit;
  // No formula figure in this currency: staff must state the limit themselves.
  if (limit === undefined) return refuse("COMMAND_INVALID", { fields: ["limit"] });
  const ledger = input.ledger ?? emptyLedger(supplier.id, limit.currency);
  return setLimit(ledger, { limit, qualification, sixMonthVolume, reason: c.reason, ...(formula ? { formula } : {}) }, ctx);
}
