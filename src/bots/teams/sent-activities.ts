/**
 * The activities the bot sent into Teams conversations (table `teams_sent_activities`): an actionable
 * card is kept so it can be updated in place once acted on or once a newer message about its case
 * replaces it (and so an Action.Execute `refresh` can answer with its current version); a proactive
 * delivery's id is kept so a delivery resumed after a crash or a lost acknowledgement is not sent a
 * second time.
 *
 * The crash window: the connector assigns the activity id (Teams ignores an id the bot puts on the
 * activity, and has no GET for an activity), so between the connector's accept and our record nothing
 * can find the message again. A "pending" row written just before the post marks that window
 * (`teams_pending_sends`): a delivery resumed while its row is there is known to be possibly sent.
 */
import type { Reader } from "../conversation/i18n/index.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { AdaptiveCard } from "./cards.js";
import type { App } from "./contract.js";

export interface CaseSubject {
  readonly type: "order" | "claim";
  readonly id: string;
}

export interface SentActivity {
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl: string;
  readonly deliveryId?: string;
  readonly subject?: CaseSubject;
  readonly reader: Reader;
  readonly card?: AdaptiveCard;
}

/** A card still offering actions, as stored. */
export interface ActionableCard {
  readonly conversationId: string;
  readonly activityId: string;
  readonly card: AdaptiveCard;
  readonly reader: Reader;
}

/** Where a proactive delivery stands: sent (recorded), possibly sent (pending row, no record), or not begun. */
export type DeliveryState = "sent" | "possiblySent" | "new";

const json = (card: AdaptiveCard): Prisma.InputJsonValue => JSON.parse(JSON.stringify(card)) as Prisma.InputJsonValue;

const RECORD_SQL = `
  WITH ended AS (DELETE FROM teams_pending_sends WHERE $4::text IS NOT NULL AND delivery_id = $4::text RETURNING 1)
  INSERT INTO teams_sent_activities
    (conversation_id, activity_id, service_url, delivery_id, subject_type, subject_id, locale, time_zone, card, actionable, sent_at)
  VALUES ($1, $2, $3, $4::text, $5, $6, $7, $8, $9::jsonb, $10::boolean, $11::timestamptz)
  ON CONFLICT (conversation_id, activity_id) DO NOTHING`;

export class SentActivities {
  constructor(private readonly app: App) {}

  /**
   * One raw statement (issue 15: every reply card is recorded; Prisma's upsert, and its batch
   * transaction with the pending row's delete, cost more than the rows): the record and the end of
   * the pending window together — never both absent after a post.
   */
  async record(sent: SentActivity): Promise<void> {
    await this.app.db.sql.query(RECORD_SQL, [
      sent.conversationId,
      sent.activityId,
      sent.serviceUrl,
      sent.deliveryId ?? null,
      sent.subject?.type ?? null,
      sent.subject?.id ?? null,
      sent.reader.locale,
      sent.reader.timeZone,
      sent.card ? JSON.stringify(sent.card) : null,
      sent.card?.actions !== undefined && sent.card.actions.length > 0,
      this.app.clock.now(),
    ]);
  }

  /** Whether this delivery already went out (its activity is recorded). */
  async delivered(deliveryId: string): Promise<boolean> {
    return (await this.app.db.prisma.teamsSentActivity.findUnique({ where: { deliveryId } })) !== null;
  }

  async deliveryState(deliveryId: string): Promise<DeliveryState> {
    if (await this.delivered(deliveryId)) return "sent";
    const pending = await this.app.db.prisma.teamsPendingSend.findUnique({ where: { deliveryId } });
    return pending ? "possiblySent" : "new";
  }

  /** Written just before the post: from here until `record`, a resumed delivery may find it already in the chat. */
  async beginSend(deliveryId: string, conversationId: string): Promise<void> {
    await this.app.db.prisma.teamsPendingSend.upsert({
      where: { deliveryId },
      create: { deliveryId, conversationId, startedAt: this.app.clock.now() },
      update: {},
    });
  }

  /** The connector refused the post (a 4xx answer): nothing reached the chat, the next attempt is a clean one. */
  async abandonSend(deliveryId: string): Promise<void> {
    await this.app.db.prisma.teamsPendingSend.deleteMany({ where: { deliveryId } });
  }

  /** The actionable card of this activity, to replace by its stale version. */
  async actionableCard(conversationId: string, activityId: string): Promise<{ card: AdaptiveCard; reader: Reader } | undefined> {
    const row = await this.app.db.prisma.teamsSentActivity.findUnique({ where: { conversationId_activityId: { conversationId, activityId } } });
    if (!row || !row.actionable || row.card === null) return undefined;
    return { card: row.card as unknown as AdaptiveCard, reader: { locale: row.locale, timeZone: row.timeZone } };
  }

  /** The card of this activity as it stands now (stale or not): what an Action.Execute refresh answers with. */
  async currentCard(conversationId: string, activityId: string): Promise<AdaptiveCard | undefined> {
    const row = await this.app.db.prisma.teamsSentActivity.findUnique({ where: { conversationId_activityId: { conversationId, activityId } } });
    return row?.card === null || row?.card === undefined ? undefined : (row.card as unknown as AdaptiveCard);
  }

  /**
   * The cards about this case that still offer actions (oldest first), except `exceptIds`, in this
   * conversation — a channel's reply chains included (`<base>;messageid=<root>`).
   */
  async actionableAbout(baseConversationId: string, subject: CaseSubject, exceptIds: ReadonlySet<string>): Promise<ActionableCard[]> {
    const rows = await this.app.db.prisma.teamsSentActivity.findMany({
      where: {
        OR: [{ conversationId: baseConversationId }, { conversationId: { startsWith: `${baseConversationId};messageid=` } }],
        subjectType: subject.type,
        subjectId: subject.id,
        actionable: true,
      },
      orderBy: { sentAt: "asc" },
    });
    return rows
      .filter((row) => row.card !== null && !exceptIds.has(row.activityId))
      .map((row) => ({
        conversationId: row.conversationId,
        activityId: row.activityId,
        card: row.card as unknown as AdaptiveCard,
        reader: { locale: row.locale, timeZone: row.timeZone },
      }));
  }

  /** The card went stale: its new content is kept, its buttons are gone. */
  async markStale(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.app.db.prisma.teamsSentActivity.update({
      where: { conversationId_activityId: { conversationId, activityId } },
      data: { actionable: false, card: json(card) },
    });
  }
}
