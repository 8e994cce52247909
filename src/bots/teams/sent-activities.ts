/**
 * The activities the bot sent into Teams conversations (table `teams_sent_activities`): an actionable
 * card is kept so it can be updated in place once acted on; a proactive delivery's id is kept so a
 * delivery resumed after a crash or a lost acknowledgement is not sent a second time.
 */
import type { Prisma } from "../../generated/prisma/client.js";
import type { AdaptiveCard, CardReader } from "./cards.js";
import type { App } from "./contract.js";

export interface SentActivity {
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl: string;
  readonly deliveryId?: string;
  readonly subject?: { readonly type: "order" | "claim"; readonly id: string };
  readonly reader: CardReader;
  readonly card?: AdaptiveCard;
}

export class SentActivities {
  constructor(private readonly app: App) {}

  async record(sent: SentActivity): Promise<void> {
    const card = sent.card ? (JSON.parse(JSON.stringify(sent.card)) as Prisma.InputJsonValue) : undefined;
    await this.app.db.prisma.teamsSentActivity.upsert({
      where: { conversationId_activityId: { conversationId: sent.conversationId, activityId: sent.activityId } },
      create: {
        conversationId: sent.conversationId,
        activityId: sent.activityId,
        serviceUrl: sent.serviceUrl,
        deliveryId: sent.deliveryId ?? null,
        subjectType: sent.subject?.type ?? null,
        subjectId: sent.subject?.id ?? null,
        locale: sent.reader.locale,
        timeZone: sent.reader.timeZone,
        ...(card === undefined ? {} : { card }),
        actionable: sent.card?.actions !== undefined && sent.card.actions.length > 0,
        sentAt: this.app.clock.now(),
      },
      update: {},
    });
  }

  /** Whether this delivery already went out (its activity is recorded). */
  async delivered(deliveryId: string): Promise<boolean> {
    return (await this.app.db.prisma.teamsSentActivity.findUnique({ where: { deliveryId } })) !== null;
  }

  /** The actionable card of this activity, to replace by its stale version. */
  async actionableCard(conversationId: string, activityId: string): Promise<{ card: AdaptiveCard; reader: CardReader } | undefined> {
    const row = await this.app.db.prisma.teamsSentActivity.findUnique({ where: { conversationId_activityId: { conversationId, activityId } } });
    if (!row || !row.actionable || row.card === null) return undefined;
    return { card: row.card as unknown as AdaptiveCard, reader: { locale: row.locale, timeZone: row.timeZone } };
  }

  /** The card went stale: its new content is kept, its buttons are gone. */
  async markStale(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.app.db.prisma.teamsSentActivity.update({
      where: { conversationId_activityId: { conversationId, activityId } },
      data: { actionable: false, card: JSON.parse(JSON.stringify(card)) as Prisma.InputJsonValue },
    });
  }
}
