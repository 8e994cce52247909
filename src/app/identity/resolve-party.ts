/** Architecture step 2: a chat account (channel, external user id) → the party it is linked to (CM-05). */
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import type { Database } from "../../adapters/db/database.js";
import { readState } from "../read-state.js";

export async function partyIdLinkedTo(db: Database, channel: string, externalUserId: string): Promise<string | undefined> {
  const row = await db.prisma.channelIdentity.findUnique({ where: { channel_externalUserId: { channel, externalUserId } } });
  return row?.partyId;
}

/** The linked party, or undefined for an unlinked account (which is offered linking only). */
export async function resolveParty(db: Database, channel: string, externalUserId: string): Promise<PartyState | undefined> {
  const partyId = await partyIdLinkedTo(db, channel, externalUserId);
  return partyId === undefined ? undefined : readState<PartyState>(db, partyStream(partyId));
}
