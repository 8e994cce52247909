/** Who acts: a party resolved from its chat identity, as the domain's ActorRef. */
import type { PartyRole, PartyState } from "../domain/parties/party.js";
import type { ActorRef, CommandContext } from "../domain/shared/events.js";
import type { Instant } from "../domain/shared/time.js";

export interface Actor {
  readonly partyId: string;
  readonly kind: PartyRole;
}

export function actorOf(party: Pick<PartyState, "id" | "role">): Actor {
  return { partyId: party.id, kind: party.role };
}

export function contextOf(actor: Actor, now: Instant): CommandContext {
  const ref: ActorRef = { kind: actor.kind, partyId: actor.partyId };
  return { now, actor: ref };
}
