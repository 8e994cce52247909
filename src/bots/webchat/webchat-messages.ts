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
import { asJson, type Tx } from "../../adapters/db/transaction.js";
import { notifyInTransaction } from "../../adapters/live/index.js";
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
  id: bigint;
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
   */
  async append(externalUserId: string, items: readonly MailboxItem[], deliveryId?: string): Promise<MailboxEntry[]> {
    if (items.length === 0) return [];
    const at = this.now();
    return this.db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webchat:${externalUserId}`}, 0))`;
      const entries: MailboxEntry[] = [];
      for (const [index, item] of items.entries()) {
        const row = await insert(tx, externalUserId, item, index === 0 ? deliveryId : undefined, at);
        if (!row) return [];
        entries.push(entryOf(row));
      }
      const last = entries.at(-1);
      if (last) await notifyInTransaction(tx, WEBCHAT_LIVE_CHANNEL, JSON.stringify({ a: externalUserId, s: last.seq }));
      return entries;
    });
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

async function insert(tx: Tx, externalUserId: string, item: MailboxItem, deliveryId: string | undefined, at: string): Promise<MessageRow | undefined> {
  const body = asJson(item.kind === "own" ? { text: item.text } : item.message);
  const rows = await tx.$queryRaw<MessageRow[]>`
    INSERT INTO webchat_messages (external_user_id, kind, body, delivery_id, created_at)
    VALUES (${externalUserId}, ${item.kind}, ${JSON.stringify(body)}::jsonb, ${deliveryId ?? null}, ${at}::timestamptz)
    ON CONFLICT (delivery_id) DO NOTHING
    RETURNING id, kind, body, created_at`;
  return rows[0];
}
