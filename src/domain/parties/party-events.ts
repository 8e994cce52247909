/**
 * Events of the `party` stream and the fold that turns them into a PartyState: registration,
 * enrollment (TA-01), suspension and reinstatement (TA-07 suppliers, FR-02 buyers' coverage),
 * linked channel identities (CM-05) and fraud flags (FR-01).
 */
import type { BusinessCalendar } from "../calendar/business-calendar.js";
import type { DomainEvent, StreamRef } from "../shared/events.js";
import type { Money } from "../shared/money.js";
import type { ContactDetails, FraudFlag, PartyRole, PartyState } from "./party.js";

export const PARTY_EVENT = {
  registered: "PartyRegistered",
  supplierEnrolled: "SupplierEnrolled",
  suspended: "PartySuspended",
  reinstated: "PartyReinstated",
  identityLinked: "PartyIdentityLinked",
  fraudFlagRaised: "FraudFlagRaised",
} as const;
export type PartyEventType = (typeof PARTY_EVENT)[keyof typeof PARTY_EVENT];

export function partyStream(partyId: string): StreamRef {
  return { type: "party", id: partyId };
}

export interface PartyRegisteredData {
  readonly role: PartyRole;
  readonly displayName: string;
  readonly locale: string;
  readonly calendar: BusinessCalendar;
  readonly contact: ContactDetails;
  readonly staffLevel?: number;
}
/** TA-01: the inputs recorded at enrolment (absent when enrolled without them). */
export interface SupplierEnrolledData {
  readonly qualification?: string;
  readonly sixMonthVolume?: Money;
}
/** TA-07 / FR-02 */
export interface SuspensionData {
  readonly reason: string;
}
/** CM-05 */
export interface IdentityLinkedData {
  readonly channel: string;
  readonly externalUserId: string;
}
/** FR-01 */
export interface FraudFlagRaisedData {
  readonly flag: FraudFlag;
}

/**
 * Folds one event into a party. The party comes into being with `PartyRegistered`; other events
 * before it, events of other streams and unknown event types leave the state unchanged.
 */
export function evolveParty(state: PartyState | undefined, e: DomainEvent): PartyState | undefined {
  if (e.stream.type !== "party" || (state !== undefined && e.stream.id !== state.id)) return state;
  if (e.type === PARTY_EVENT.registered) {
    if (state !== undefined) return state;
    const d = e.data as PartyRegisteredData;
    return {
      id: e.stream.id,
      role: d.role,
      displayName: d.displayName,
      locale: d.locale,
      calendar: d.calendar,
      contact: d.contact,
      identities: [],
      enrolled: false,
      suspended: false,
      fraudFlags: [],
      ...(d.staffLevel === undefined ? {} : { staffLevel: d.staffLevel }),
    };
  }
  if (state === undefined) return state;
  switch (e.type) {
    case PARTY_EVENT.supplierEnrolled: {
      const d = e.data as SupplierEnrolledData;
      if (d.qualification === undefined || d.sixMonthVolume === undefined) return { ...state, enrolled: true };
      return { ...state, enrolled: true, enrolment: { qualification: d.qualification, sixMonthVolume: d.sixMonthVolume, enrolledAt: e.at } };
    }
    case PARTY_EVENT.suspended:
      return { ...state, suspended: true, suspensionReason: (e.data as SuspensionData).reason };
    case PARTY_EVENT.reinstated: {
      const { suspensionReason: _ended, ...rest } = state;
      return { ...rest, suspended: false };
    }
    case PARTY_EVENT.identityLinked: {
      const d = e.data as IdentityLinkedData;
      return { ...state, identities: [...state.identities, { channel: d.channel, externalUserId: d.externalUserId, linkedAt: e.at }] };
    }
    case PARTY_EVENT.fraudFlagRaised:
      return { ...state, fraudFlags: [...state.fraudFlags, (e.data as FraudFlagRaisedData).flag] };
    default:
      return state;
  }
}

/** A party from its whole stream, or undefined if it was never registered. */
export function partyFromEvents(events: readonly DomainEvent[]): PartyState | undefined {
  return events.reduce<PartyState | undefined>(evolveParty, undefined);
}
