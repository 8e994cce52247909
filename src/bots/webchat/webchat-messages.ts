/**
 * The web chat's messages in the database (issue 10): each account's conversation — the bot's
 * replies and notifications and the person's own words — numbered in commit order, so a reload, a
 * restart or another replica shows all of it, and a tab catches up after its last entry
 * (`Last-Event-ID` / `after=`) from here, not from one replica's memory.
 *
 * Appending takes a per-account transaction lock before drawing the ids, so within one account ids
 * are committed in increasing order: "everything after id N" never skips a row that commits late.
 * The same transaction NOTIFYs the live channel (payload: the account and its newest id), so every
 * replica with a tab of that account open pushes the new rows, once.
 */
import type { Database } from "../../adapters/db/database.js";
import type { OutboundMessage } from "../conversation/messages.js";

/** The NOTIFY channel of new web-chat messages. */
export const WEBCHAT_LIVE_CHANNEL = "webchat_messages";

export type MailboxItem = { readonly kind: "bot"; readonly message: OutboundMessage } | { readonly kind: "own"; readonly text: string };

export type MailboxEntry =
  | { readonly seq: number; readonly at: string; readonly kind: "bot"; readonly message: OutboundMessage }
  | { readonly seq: number; readonly at: string; readonly kind: "own"; readonly text: string };

/** What a NOTIFY on WEBCHAT_LIVE_CHANNEL says: this account has rows up to this id. */
export interface MailboxNotice {
  readonly account: string;
  readonly seq: number;
}

export function parseMailboxNotice(payload: string): MailboxNotice | undefined {
  try {
    const parsed = JSON.parse(payload) as { a?: unknown; s?: unknown };
    if (typeof parsed.a !== "string" || typeof parsed.s !== "number" || !Number.isSafeInteger(parsed.s)) return undefined;
    return { account: parsed.a, seq: parsed.s };
  } catch {
    return undefined;
  }
}

interface MessageRow {
  /** bigint (Prisma, PGlite) or its decimal text (pg). */
  id: bigint | string;
  kind: string;
  body: unknown;
  created_at: Date | string;
}

function entryOf(row: MessageRow): MailboxEntry {
  const seq = Number(row.id);
  const at = new Date(row.created_at).toISOString();
  if (row.kind === "own") return { seq, at, kind: "own", text: String((row.body as { text?: unknown }).text ?? "") };
  return { seq, at, kind: "bot", message: row.body as OutboundMessage };
}

export class WebChatMailbox {
  constructor(
    private readonly db: Database,
    private readonly now: () => string,
  ) {}

  /**
   * Records the items for the account, in order, in one transaction that also NOTIFYs them. With a
   * `deliveryId` (the outbox's idempotency key) a delivery already recorded is dropped: resolves [].
   *
   * One statement (issue 15): the account's lock, the rows and the NOTIFY commit together, so the
   * lock is held for the statement's server time only — every turn of one account appends twice,
   * and five round trips under the lock serialized that account's turns behind each other.
   */
  async append(externalUserId: string, items: readonly MailboxItem[], deliveryId?: string): Promise<MailboxEntry[]> {
    if (items.length === 0) return [];
    // The raw executor, not Prisma's raw query (issue 15: twice per turn and once per delivery; the client's cost exceeded the statement's).
    const rows = await this.db.sql.query<MessageRow>(APPEND_SQL, [
      externalUserId,
      JSON.stringify(items.map((item) => ({ kind: item.kind, body: item.kind === "own" ? { text: item.text } : item.message }))),
      deliveryId ?? null,
      this.now(),
      WEBCHAT_LIVE_CHANNEL,
    ]);
    return rows.map(entryOf);
  }

  /** The id of the account's newest entry (0 when it has none). */
  async newestSeq(externalUserId: string): Promise<number> {
    const rows = await this.db.prisma.$queryRaw<{ id: bigint | null }[]>`
      SELECT max(id) AS id FROM webchat_messages WHERE external_user_id = ${externalUserId}`;
    return Number(rows[0]?.id ?? 0);
  }

  /** The account's entries after `afterSeq`, oldest first, at most `limit`. */
  async after(externalUserId: string, afterSeq: number, limit: number): Promise<MailboxEntry[]> {
    const rows = await this.db.prisma.$queryRaw<MessageRow[]>`
      SELECT id, kind, body, created_at FROM webchat_messages
       WHERE external_user_id = ${externalUserId} AND id > ${BigInt(Math.max(0, Math.trunc(afterSeq)))}
       ORDER BY id
       LIMIT ${limit}`;
    return rows.map(entryOf);
  }
}

/**
 * The append in one statement. The lock CTE is scanned before any row is produced, so the ids
 * (drawn as rows are inserted) are drawn under the account's lock and commit in increasing order
 * ("everything after id N" never skips a late commit). Only the first item carries the delivery id;
 * the others are inserted only when it was (a delivery already recorded writes nothing), and after it
 * (their ids are larger). ON CONFLICT sees rows committed after the statement's snapshot, so a
 * delivery recorded by the previous holder of the lock is found. The NOTIFY is sent at commit, with
 * the newest id, only when something was written.
 */
const APPEND_SQL = `
  WITH account_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0)) AS held),
  items AS MATERIALIZED (
    SELECT e.v, e.ord FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, ord) CROSS JOIN account_lock),
  first AS (
    INSERT INTO webchat_messages (external_user_id, kind, body, delivery_id, created_at)
    SELECT $1::text, v->>'kind', v->'body', $3::text, $4::timestamptz FROM items WHERE ord = 1
    ON CONFLICT (delivery_id) DO NOTHING
    RETURNING id, kind, body, created_at),
  rest AS (
    INSERT INTO webchat_messages (external_user_id, kind, body, delivery_id, created_at)
    SELECT $1::text, v->>'kind', v->'body', NULL, $4::timestamptz FROM items WHERE ord > 1 AND EXISTS (SELECT 1 FROM first) ORDER BY ord
    RETURNING id, kind, body, created_at),
  written AS (SELECT * FROM first UNION ALL SELECT * FROM rest),
  notified AS (SELECT pg_notify($5::text, json_build_object('a', $1::text, 's', max(id))::text) FROM written HAVING count(*) > 0)
  SELECT w.id, w.kind, w.body, w.created_at, (SELECT count(*) FROM notified) AS notified FROM written w ORDER BY w.id`;
