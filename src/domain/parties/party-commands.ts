/**
 * Party use cases on the `party` stream: registration, enrollment in the program (TA-01), suspension
 * by staff (TA-07 suppliers, FR-02 buyers' coverage), linked channel identities (CM-05) and fraud
 * flags (FR-01) — plus the guards other use cases call before confirming an order or opening a claim.
 */
import { z } from "zod";
import { businessCalendarSchema } from "../calendar/business-calendar.js";
import { idSchema, parseCommand, reasonSchema } from "../shared/command-validation.js";
import { refuse } from "../shared/errors.js";
import { isUiLanguageTag } from "../shared/language-tags.js";
import { event, type CommandContext, type DomainEvent } from "../shared/events.js";
import { contactSchema, type ContactDetails, type FraudFlag, type PartyRole, type PartyState } from "./party.js";
import { PARTY_EVENT, partyStream, type FraudFlagRaisedData, type IdentityLinkedData, type PartyRegisteredData, type SuspensionData } from "./party-events.js";
import { assertStaff, assertStaffOrSystem } from "./staff-guard.js";

export { evolveParty, partyFromEvents } from "./party-events.js";

// ---------------------------------------------------------------------------------------------- guards

/** TA-01 / TA-07: only an enrolled, unsuspended supplier may confirm an assured order. */
export function assertSupplierMayConfirm(supplier: PartyState): void {
  if (supplier.role !== "supplier") refuse("PARTY_NOT_SUPPLIER", { partyId: supplier.id });
  if (!supplier.enrolled) refuse("SUPPLIER_NOT_ENROLLED", { supplierId: supplier.id });
  if (supplier.suspended) refuse("SUPPLIER_SUSPENDED", { supplierId: supplier.id });
}

/** FR-02: a buyer whose coverage staff suspended cannot open assured orders or claims. */
export function assertBuyerCovered(buyer: PartyState): void {
  if (buyer.role !== "buyer") refuse("PARTY_NOT_BUYER", { partyId: buyer.id });
  if (buyer.suspended) refuse("BUYER_COVERAGE_SUSPENDED", { buyerId: buyer.id });
}

// -------------------------------------------------------------------------------------------- commands

export const registerPartyCommandSchema = z
  .object({
    partyId: idSchema,
    role: z.enum(["buyer", "supplier", "staff"]),
    displayName: z.string().trim().min(1).max(200),
    // CM-03: a party reads one of the eight UI languages.
    locale: z.string().refine(isUiLanguageTag, "not a BCP 47 tag of a UI language"),
    calendar: businessCalendarSchema,
    contact: contactSchema,
    staffLevel: z.number().int().min(1).max(5).optional(),
  })
  .refine((c) => c.staffLevel === undefined || c.role === "staff", { path: ["staffLevel"], message: "staff only" });

export interface RegisterPartyCommand {
  readonly partyId: string;
  readonly role: PartyRole;
  readonly displayName: string;
  readonly locale: string;
  readonly calendar: PartyRegisteredData["calendar"];
  readonly contact: ContactDetails;
  /** Staff only: paging level (1 = first line). */
  readonly staffLevel?: number;
}

/**
 * Registers a buyer (the person themselves, from any channel), a supplier (TA-01: staff enrol
 * suppliers — enrolment.ts) or a staff member (created by staff or the system).
 */
export function registerParty(existing: PartyState | undefined, cmd: RegisterPartyCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(registerPartyCommandSchema, cmd);
  if (existing !== undefined) refuse("PARTY_ALREADY_REGISTERED", { partyId: c.partyId });
  if (c.role === "staff") assertStaffOrSystem(ctx, "party.registerStaff");
  if (c.role === "supplier") assertStaffOrSystem(ctx, "party.registerSupplier");
  const data: PartyRegisteredData = {
    role: c.role,
    displayName: c.displayName,
    locale: c.locale,
    calendar: cmd.calendar,
    contact: cmd.contact,
    ...(cmd.staffLevel === undefined ? {} : { staffLevel: cmd.staffLevel }),
  };
  return [event(PARTY_EVENT.registered, partyStream(c.partyId), ctx, data)];
}

/** TA-01: staff enroll a supplier in the program. Enrolling again records nothing. */
export function enrollSupplier(supplier: PartyState, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "party.enrollSupplier");
  if (supplier.role !== "supplier") refuse("PARTY_NOT_SUPPLIER", { partyId: supplier.id });
  if (supplier.enrolled) return [];
  return [event(PARTY_EVENT.supplierEnrolled, partyStream(supplier.id), ctx, {})];
}

export const suspensionCommandSchema = z.object({ reason: reasonSchema });
export type SuspensionCommand = z.infer<typeof suspensionCommandSchema>;

/** TA-07 (supplier: cannot confirm new orders) / FR-02 (buyer: coverage suspended). Staff only, with a reason. */
export function suspendParty(party: PartyState, cmd: SuspensionCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "party.suspend");
  const c = parseCommand(suspensionCommandSchema, cmd);
  if (party.role === "staff") refuse("PARTY_NOT_SUSPENDABLE", { partyId: party.id, role: party.role });
  if (party.suspended) refuse("PARTY_ALREADY_SUSPENDED", { partyId: party.id });
  const data: SuspensionData = { reason: c.reason };
  return [event(PARTY_EVENT.suspended, partyStream(party.id), ctx, data)];
}

/** TA-07 / FR-02: staff lift a suspension, with a reason. */
export function reinstateParty(party: PartyState, cmd: SuspensionCommand, ctx: CommandContext): DomainEvent[] {
  assertStaff(ctx, "party.reinstate");
  const c = parseCommand(suspensionCommandSchema, cmd);
  if (!party.suspended) refuse("PARTY_NOT_SUSPENDED", { partyId: party.id });
  const data: SuspensionData = { reason: c.reason };
  return [event(PARTY_EVENT.reinstated, partyStream(party.id), ctx, data)];
}

export const linkIdentityCommandSchema = z.object({
  channel: z.string().trim().min(1).max(50),
  externalUserId: z.string().min(1).max(300),
  alreadyLinkedTo: idSchema.optional(),
});

export interface LinkIdentityCommand {
  readonly channel: string;
  readonly externalUserId: string;
  /** The party the identity index says this identity already belongs to, if any (`partyLinkedTo`). */
  readonly alreadyLinkedTo?: string;
}

/**
 * CM-05: links a channel identity to a party, so the person reaches the same party from any linked
 * channel. An identity belongs to at most one party; linking it again to the same party records
 * nothing. The party itself (after the channel verified it), staff or the system may link.
 */
export function linkIdentity(party: PartyState, cmd: LinkIdentityCommand, ctx: CommandContext): DomainEvent[] {
  const c = parseCommand(linkIdentityCommandSchema, cmd);
  const actingForItself = ctx.actor.partyId === party.id;
  if (!actingForItself && ctx.actor.kind !== "staff" && ctx.actor.kind !== "system") {
    refuse("PARTY_IDENTITY_LINK_FORBIDDEN", { partyId: party.id });
  }
  if (c.alreadyLinkedTo !== undefined && c.alreadyLinkedTo !== party.id) {
    refuse("PARTY_IDENTITY_ALREADY_LINKED", { channel: c.channel });
  }
  const linked = party.identities.some((i) => i.channel === c.channel && i.externalUserId === c.externalUserId);
  if (linked || c.alreadyLinkedTo === party.id) return [];
  const data: IdentityLinkedData = { channel: c.channel, externalUserId: c.externalUserId };
  return [event(PARTY_EVENT.identityLinked, partyStream(party.id), ctx, data)];
}

export const fraudFlagSchema = z.object({
  signal: z.enum(["excessive-claims", "chargeback-after-refund", "customs-value-collusion"]),
  raisedAt: z.iso.datetime(),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  subjectIds: z.array(idSchema).min(1),
});

function sameFlag(a: FraudFlag, b: FraudFlag): boolean {
  return a.signal === b.signal && JSON.stringify(a.evidence) === JSON.stringify(b.evidence);
}

/**
 * FR-01: a fraud signal (see fraud-signals.ts) is raised on each party it is about, for staff to
 * review with its evidence. Raised by the system's detectors or by staff; the same flag twice is a no-op.
 */
export function raiseFraudFlag(party: PartyState, cmd: { readonly flag: FraudFlag }, ctx: CommandContext): DomainEvent[] {
  assertStaffOrSystem(ctx, "party.raiseFraudFlag");
  parseCommand(z.object({ flag: fraudFlagSchema }), cmd);
  if (!cmd.flag.subjectIds.includes(party.id)) refuse("FRAUD_FLAG_NOT_ABOUT_PARTY", { partyId: party.id, signal: cmd.flag.signal });
  if (party.fraudFlags.some((f) => sameFlag(f, cmd.flag))) return [];
  const data: FraudFlagRaisedData = { flag: cmd.flag };
  return [event(PARTY_EVENT.fraudFlagRaised, partyStream(party.id), ctx, data)];
}
