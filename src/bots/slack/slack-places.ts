/**
 * Where things live in Slack for this product:
 * - a chat identity is `<team id>:<user id>` (the same user id may exist in two workspaces);
 * - a conversation is the bot's DM (or a channel) with a person, `<team>/<channel>`, and each order and
 *   claim is a thread in it, `<team>/<channel>/<thread ts>` — its own engine conversation, bound to
 *   its case (ConversationRef.threadId = thread_ts);
 * - the case threads themselves: the first message about an order or claim in a channel is the root,
 *   recorded so later ones go into the same thread.
 */
import type { Database } from "../../adapters/db/database.js";
import type { ConversationRef } from "../conversation/messages.js";

export const SLACK_CHANNEL = "slack";

export interface SlackUserRef {
  readonly teamId: string;
  readonly userId: string;
}

export function externalUserIdOf(user: SlackUserRef): string {
  return `${user.teamId}:${user.userId}`;
}

export function slackUserOf(externalUserId: string): SlackUserRef | undefined {
  const match = /^([A-Z0-9]+):([A-Z0-9]+)$/.exec(externalUserId);
  return match ? { teamId: match[1] as string, userId: match[2] as string } : undefined;
}

export interface SlackPlace {
  readonly teamId: string;
  readonly channelId: string;
  readonly threadTs?: string;
}

export function conversationRefOf(place: SlackPlace): ConversationRef {
  const base = `${place.teamId}/${place.channelId}`;
  return place.threadTs
    ? { channel: SLACK_CHANNEL, conversationId: `${base}/${place.threadTs}`, threadId: place.threadTs }
    : { channel: SLACK_CHANNEL, conversationId: base };
}

export function placeOfRef(ref: ConversationRef): SlackPlace | undefined {
  const [teamId, channelId, threadTs] = ref.conversationId.split("/");
  if (!teamId || !channelId) return undefined;
  const thread = ref.threadId ?? threadTs;
  return { teamId, channelId, ...(thread ? { threadTs: thread } : {}) };
}

export interface CaseSubject {
  readonly type: "order" | "claim";
  readonly id: string;
}

export class CaseThreads {
  constructor(
    private readonly db: Database,
    private readonly now: () => string,
  ) {}

  async threadOf(teamId: string, channelId: string, subject: CaseSubject): Promise<string | undefined> {
    const row = await this.db.prisma.slackCaseThread.findUnique({
      where: { teamId_channelId_subjectType_subjectId: { teamId, channelId, subjectType: subject.type, subjectId: subject.id } },
    });
    return row?.threadTs;
  }

  async subjectOf(teamId: string, channelId: string, threadTs: string): Promise<CaseSubject | undefined> {
    const row = await this.db.prisma.slackCaseThread.findUnique({ where: { teamId_channelId_threadTs: { teamId, channelId, threadTs } } });
    return row ? { type: row.subjectType as CaseSubject["type"], id: row.subjectId } : undefined;
  }

  /** Records a root; when another root won a race, the first recorded one stays the case's thread. */
  async record(teamId: string, channelId: string, subject: CaseSubject, threadTs: string): Promise<void> {
    await this.db.prisma.$executeRaw`
      INSERT INTO slack_case_threads (team_id, channel_id, subject_type, subject_id, thread_ts, created_at)
      VALUES (${teamId}, ${channelId}, ${subject.type}, ${subject.id}, ${threadTs}, ${this.now()}::timestamptz)
      ON CONFLICT DO NOTHING`;
  }
}
