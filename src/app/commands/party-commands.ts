/**
 * Party use cases bound to the store: buyers register (FR-02), staff enrol suppliers and set their
 * limits (TA-01, TA-02), staff members are created, and staff suspend or reinstate a party (TA-07 / FR-02).
 */
import { ledgerStream, type LedgerState } from "../../domain/ledger/ledger.js";
import {
  enrolSupplier,
  registerBuyer,
  setSupplierLimit,
  type BusinessProfile,
  type EnrolSupplierCommand,
  type SetSupplierLimitCommand,
} from "../../domain/parties/enrolment.js";
import { partyStream } from "../../domain/parties/party-events.js";
import { evolveParty, linkIdentity, registerParty, reinstateParty, suspendParty, type SuspensionCommand } from "../../domain/parties/party-commands.js";
import { currentPolicy, DEFAULT_POLICY } from "../../domain/policy/policy.js";
import { SYSTEM, type CommandContext } from "../../domain/shared/events.js";
import type { Instant } from "../../domain/shared/time.js";
import type { PartyState } from "../../domain/parties/party.js";
import { refuse } from "../../domain/shared/errors.js";
import type { CommandSpec, StreamStates } from "../../adapters/db/unit-of-work.js";
import { contextOf, type Actor } from "../actor.js";

const partyOf = (s: StreamStates, partyId: string): PartyState => s.get<PartyState>(partyStream(partyId)) ?? refuse("PARTY_NOT_FOUND", { partyId });

export function suspendPartySpec(actor: Actor, partyId: string, command: SuspensionCommand): CommandSpec {
  return { name: "party.suspend", streams: [partyStream(partyId)], decide: (s, now) => suspendParty(partyOf(s, partyId), command, contextOf(actor, now)) };
}

export function reinstatePartySpec(actor: Actor, partyId: string, command: SuspensionCommand): CommandSpec {
  return { name: "party.reinstate", streams: [partyStream(partyId)], decide: (s, now) => reinstateParty(partyOf(s, partyId), command, contextOf(actor, now)) };
}

// ------------------------------------------------------------------------ joining (issue 11, TA-01, FR-02)

/** Staff, or the system itself (the operators' admin CLI), recorded as the events' actor. */
function contextFor(actor: Actor | "system", now: Instant): CommandContext {
  return actor === "system" ? { now, actor: SYSTEM } : contextOf(actor, now);
}

/** A buyer registers itself (the actor is the new party) or staff register it; `partyId` from `app.ids`. */
export function registerBuyerSpec(actor: Actor | "self", profile: BusinessProfile): CommandSpec {
  const stream = partyStream(profile.partyId);
  return {
    name: "party.registerBuyer",
    streams: [stream],
    decide: (s, now) =>
      registerBuyer(s.get<PartyState>(stream), profile, actor === "self" ? { now, actor: { kind: "buyer", partyId: profile.partyId } } : contextOf(actor, now)),
  };
}

/**
 * A person registers their company as a buyer from a chat account that is not linked yet: the party
 * and the link of that account (CM-05) in one transaction, so the next message reaches the new buyer.
 */
export function registerBuyerFromChannelSpec(
  profile: BusinessProfile,
  account: { readonly channel: string; readonly externalUserId: string },
  alreadyLinkedTo: string | undefined,
): CommandSpec {
  const stream = partyStream(profile.partyId);
  return {
    name: "party.registerBuyerFromChannel",
    streams: [stream],
    decide: (s, now) => {
      const ctx: CommandContext = { now, actor: { kind: "buyer", partyId: profile.partyId } };
      const registered = registerBuyer(s.get<PartyState>(stream), profile, ctx);
      const party = registered.reduce<PartyState | undefined>(evolveParty, undefined);
      if (!party) return refuse("PARTY_NOT_FOUND", { partyId: profile.partyId });
      return [...registered, ...linkIdentity(party, { ...account, ...(alreadyLinkedTo ? { alreadyLinkedTo } : {}) }, ctx)];
    },
  };
}

/** TA-01: staff enrol a supplier, with its first limit from the current default policy's formula. */
export function enrolSupplierSpec(actor: Actor | "system", command: EnrolSupplierCommand): CommandSpec {
  const party = partyStream(command.partyId);
  const ledger = ledgerStream(command.partyId);
  return {
    name: "party.enrolSupplier",
    streams: [party, ledger],
    decide: (s, now) =>
      enrolSupplier(
        { existing: s.get<PartyState>(party), ledger: s.get<LedgerState>(ledger), policy: currentPolicy(DEFAULT_POLICY) },
        command,
        contextFor(actor, now),
      ),
  };
}

/** TA-01 / TA-02: staff set an enrolled supplier's limit (formula or their own figure), with a reason. */
export function setSupplierLimitSpec(actor: Actor | "system", supplierId: string, command: SetSupplierLimitCommand): CommandSpec {
  const party = partyStream(supplierId);
  const ledger = ledgerStream(supplierId);
  return {
    name: "ledger.setSupplierLimit",
    streams: [ledger],
    reads: [party],
    decide: (s, now) =>
      setSupplierLimit(
        { supplier: partyOf(s, supplierId), ledger: s.get<LedgerState>(ledger), policy: currentPolicy(DEFAULT_POLICY) },
        command,
        contextFor(actor, now),
      ),
  };
}

export interface CreateStaffCommand {
  readonly partyId: string;
  readonly name: string;
  readonly email: string;
  readonly locale: string;
  readonly timeZone: string;
  readonly country: string;
  readonly staffLevel?: number;
}

/** A staff member, created by staff or by the system (the admin CLI bootstraps the first one). */
export function createStaffSpec(actor: Actor | "system", command: CreateStaffCommand): CommandSpec {
  const stream = partyStream(command.partyId);
  return {
    name: "party.createStaff",
    streams: [stream],
    decide: (s, now) =>
      registerParty(
        s.get<PartyState>(stream),
        {
          partyId: command.partyId,
          role: "staff",
          displayName: command.name,
          locale: command.locale,
          calendar: { country: command.country, timeZone: command.timeZone },
          contact: { name: command.name, email: command.email },
          staffLevel: command.staffLevel ?? 1,
        },
        contextFor(actor, now),
      ),
  };
}
