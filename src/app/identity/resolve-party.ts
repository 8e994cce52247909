/** Architecture step 2: a chat account (channel, external user id) → the party it is linked to (CM-05). */
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import type { Database } from "../../adapters/db/database.js";
import { decodeState } from "../../adapters/db/state-codec.js";
import { readState } from "../read-state.js";

export async function partyIdLinkedTo(db: Database, channel: string, externalUserId: string): Promise<string | undefined> {
  const row = await db.prisma.channelIdentity.findUnique({ where: { channel_externalUserId: { channel, externalUserId } } });
  return row?.partyId;
}

/**
 * The account's party and its snapshot in one round trip (issue 15: every turn resolves its party,
 * the web chat twice). Every append writes the snapshot at the stream's last version, so the
 * snapshot is the state; when events follow it (a snapshot of older code) the full load replays them.
 */
const RESOLVE_SQL = `
  SELECT ci.party_id, s.version, s.state::text AS state,
         (SELECT max(e.version) FROM domain_events e WHERE e.stream_type = $3 AND e.stream_id = ci.party_id) AS last_version
    FROM channel_identities ci
    LEFT JOIN aggregate_snapshots s ON s.stream_type = $3 AND s.stream_id = ci.party_id
   WHERE ci.channel = $1 AND ci.external_user_id = $2`;

/** The columns a party lookup selects (RESOLVE_SQL; `loadInboundContext` selects the same beside others). */
export interface PartyRow {
  party_id: string | null;
  version: number | null;
  state: string | null;
  last_version: number | null;
}

/** The linked party, or undefined for an unlinked account (which is offered linking only). */
export async function resolveParty(db: Database, channel: string, externalUserId: string): Promise<PartyState | undefined> {
  const [row] = await db.sql.query<PartyRow>(RESOLVE_SQL, [channel, externalUserId, PARTY_STREAM_TYPE]);
  return row ? partyOfRow(db, row) : undefined;
}

/** The party a PartyRow names: its snapshot when it is the stream's last version, else the replaying load. */
export async function partyOfRow(db: Database, row: PartyRow): Promise<PartyState | undefined> {
  if (row.party_id === null) return undefined;
  if (row.state !== null && row.version !== null && Number(row.version) === Number(row.last_version ?? 0)) return decodeState(row.state) as PartyState;
  return readState<PartyState>(db, partyStream(row.party_id));
}

export const PARTY_STREAM_TYPE = partyStream("").type;
