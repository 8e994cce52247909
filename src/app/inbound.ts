/**
 * What the conversation engine asks of the database about an inbound, outside any command: whether a
 * platform retry was already handled (Slack `event_id`, Bot Framework `activity.id`), marking one that
 * changed nothing, and remembering where the account last wrote from (the conversation reference the
 * outbox passes to the channel's sender for proactive messages).
 */
import { isDeepStrictEqual } from "node:util";
import type { ConversationRef } from "../domain/notifications/vocabulary.js";
import type { PartyState } from "../domain/parties/party.js";
import type { Database } from "../adapters/db/database.js";
import { markInboundProcessed } from "../adapters/db/inbound-dedupe.js";
import type { Clock } from "../adapters/clock/clock.js";
import { storedConversationOfRow, type ConversationRow, type StoredConversation } from "./conversations.js";
import { PARTY_STREAM_TYPE, partyOfRow, type PartyRow } from "./identity/resolve-party.js";

export interface InboundEventKey {
  readonly channel: string;
  readonly externalUserId: string;
  readonly eventId: string;
}

// Raw statements, not Prisma's model queries (issue 15): these run on every turn, and a single
// statement needs no interactive transaction around it.

/** What a turn starts from, read in one statement (issue 15: was four — dedupe, party, reference, conversation). */
export interface InboundContext {
  /** A platform retry of an event already handled: the turn is a no-op. */
  readonly alreadyProcessed: boolean;
  /** The linked party, or undefined for an unlinked account. */
  readonly party: PartyState | undefined;
  /** The account's stored conversation reference (undefined when unlinked). */
  readonly conversationRef: unknown;
  readonly conversation: StoredConversation;
}

const CONTEXT_SQL = `
  SELECT EXISTS (SELECT 1 FROM processed_inbound_events p
                  WHERE p.channel = $1 AND p.external_user_id = $2 AND p.external_event_id = $4) AS already_processed,
         ci.party_id, ci.conversation_ref, s.version, s.state::text AS state,
         (SELECT max(e.version) FROM domain_events e WHERE e.stream_type = $5 AND e.stream_id = ci.party_id) AS last_version,
         cs.flow, cs.subject_type, cs.subject_id
    FROM (SELECT 1) AS one
    LEFT JOIN channel_identities ci ON ci.channel = $1 AND ci.external_user_id = $2
    LEFT JOIN aggregate_snapshots s ON s.stream_type = $5 AND s.stream_id = ci.party_id
    LEFT JOIN conversation_states cs ON cs.channel = $1 AND cs.conversation_id = $3 AND cs.external_user_id = $2`;

type ContextRow = PartyRow & ConversationRow & { already_processed: boolean; conversation_ref: unknown };

export async function loadInboundContext(
  db: Database,
  key: { readonly channel: string; readonly externalUserId: string; readonly conversationId: string; readonly eventId?: string | undefined },
): Promise<InboundContext> {
  const [row] = await db.sql.query<ContextRow>(CONTEXT_SQL, [key.channel, key.externalUserId, key.conversationId, key.eventId ?? null, PARTY_STREAM_TYPE]);
  if (!row) throw new Error("the inbound context query returned no row");
  return {
    alreadyProcessed: row.already_processed === true,
    party: await partyOfRow(db, row),
    conversationRef: row.conversation_ref ?? undefined,
    conversation: storedConversationOfRow(row),
  };
}

/** Marks an inbound whose turn ran no command; false when another delivery of it got there first (one statement: atomic alone). */
export async function markInboundHandled(db: Database, clock: Clock, key: InboundEventKey): Promise<boolean> {
  return markInboundProcessed(db.prisma, key.channel, key.eventId, clock.now(), key.externalUserId);
}

/**
 * Stores the account's latest conversation reference when it differs from `stored` (the value the
 * turn's context read; undefined = unknown, always written): one UPDATE, none when unchanged, and no
 * row touched for an unlinked account. jsonb does not keep key order, so the comparison ignores it.
 */
export async function rememberConversationRef(db: Database, channel: string, externalUserId: string, ref: ConversationRef, stored?: unknown): Promise<void> {
  const json = JSON.stringify(ref);
  if (stored !== undefined && isDeepStrictEqual(stored, JSON.parse(json))) return;
  await db.sql.query("UPDATE channel_identities SET conversation_ref = $3::jsonb WHERE channel = $1 AND external_user_id = $2", [
    channel,
    externalUserId,
    json,
  ]);
}
