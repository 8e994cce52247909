/** Party use cases bound to the store: staff suspend or reinstate a party (TA-07 / FR-02). */
import { partyStream } from "../../domain/parties/party-events.js";
import { reinstateParty, suspendParty, type SuspensionCommand } from "../../domain/parties/party-commands.js";
import type { PartyState } from "../../domain/parties/party.js";
import { refuse } from "../../domain/shared/errors.js";
import type { CommandSpec, StreamStates } from "../../adapters/db/unit-of-work.js";
import { contextOf, type Actor } from "../actor.js";

const partyOf = (s: StreamStates, partyId: string): PartyState =>
  s.get<PartyState>(partyStream(partyId)) ?? refuse("PARTY_NOT_FOUND", { partyId });

export function suspendPartySpec(actor: Actor, partyId: string, command: SuspensionCommand): CommandSpec {
  return { name: "party.suspend", streams: [partyStream(partyId)], decide: (s, now) => suspendParty(partyOf(s, partyId), command, contextOf(actor, now)) };
}

export function reinstatePartySpec(actor: Actor, partyId: string, command: SuspensionCommand): CommandSpec {
  return { name: "party.reinstate", streams: [partyStream(partyId)], decide: (s, now) => reinstateParty(partyOf(s, partyId), command, contextOf(actor, now)) };
}
