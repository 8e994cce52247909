/**
 * Parties: buyers, suppliers and staff, with the calendar their deadlines are counted in (POL-03),
 * their language, and the channel identities linked to them (CM-05).
 */
import { z } from "zod";
import type { BusinessCalendar } from "../calendar/business-calendar.js";
import type { Money } from "../shared/money.js";
import type { Instant } from "../shared/time.js";

export type PartyRole = "buyer" | "supplier" | "staff";

export interface ContactDetails {
  /** The person to talk to. */
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly company?: string;
}

/** A messaging-app account linked to a party (Slack user, Teams user, web-chat identity). */
export interface ChannelIdentity {
  readonly channel: string; // "slack" | "teams" | "webchat" | "emulator" | ...
  readonly externalUserId: string;
  readonly linkedAt: Instant;
}

export type FraudSignal = "excessive-claims" | "chargeback-after-refund" | "customs-value-collusion";

/** One piece of evidence of a flag: text, a number, an instant (ISO) or a list of ids. */
export type FraudEvidenceValue = string | number | readonly string[];

/** FR-01: a signal raised for staff, with the evidence that raised it. */
export interface FraudFlag {
  readonly signal: FraudSignal;
  readonly raisedAt: Instant;
  readonly evidence: Readonly<Record<string, FraudEvidenceValue>>;
  /** The parties the flag is about (buyer; buyer and supplier for customs-value collusion). */
  readonly subjectIds: readonly string[];
}

/** TA-01: what staff assessed when enrolling a supplier. */
export interface SupplierEnrolmentInputs {
  readonly qualification: string;
  readonly sixMonthVolume: Money;
  readonly enrolledAt: Instant;
}

export interface PartyState {
  readonly id: string;
  readonly role: PartyRole;
  readonly displayName: string;
  /** BCP 47 language tag the party reads, e.g. "en-US", "zh-CN". */
  readonly locale: string;
  readonly calendar: BusinessCalendar;
  readonly contact: ContactDetails;
  readonly identities: readonly ChannelIdentity[];
  /** TA-01: suppliers only — enrolled in the program. */
  readonly enrolled: boolean;
  /** TA-01: the inputs staff recorded at enrolment (absent for suppliers enrolled without them). */
  readonly enrolment?: SupplierEnrolmentInputs;
  /** TA-07 (supplier) / FR-02 (buyer coverage): suspended by staff. */
  readonly suspended: boolean;
  readonly suspensionReason?: string;
  /** Staff only: paging level (1 = first line). */
  readonly staffLevel?: number;
  readonly fraudFlags: readonly FraudFlag[];
}

/** What a party's counterparty may see about it in a case (CM-04). */
export interface CounterpartyView {
  readonly id: string;
  readonly role: PartyRole;
  readonly displayName: string;
  readonly contact: ContactDetails;
  readonly locale: string;
  readonly timeZone: string;
}

export function counterpartyView(p: PartyState): CounterpartyView {
  return { id: p.id, role: p.role, displayName: p.displayName, contact: p.contact, locale: p.locale, timeZone: p.calendar.timeZone };
}

/** The part of a party an order records at creation: who, and whose calendar counts their days. */
export interface PartySnapshot {
  readonly id: string;
  readonly calendar: BusinessCalendar;
  readonly locale: string;
}

export function snapshotOf(p: PartyState): PartySnapshot {
  return { id: p.id, calendar: p.calendar, locale: p.locale };
}

export const contactSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{6,20}$/)
    .optional(),
  company: z.string().min(1).max(200).optional(),
});
