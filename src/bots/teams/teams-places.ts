/**
 * Where a message about an order or claim goes in Teams (issue 13, CM-06). Teams has reply chains only
 * in channels: a personal (1:1) chat and a group chat are flat. So:
 * - in a channel, each order and claim gets its own reply chain: the first message about the case is a
 *   new thread in the channel (`POST /v3/conversations` with `channelData.channel.id` and the message as
 *   its activity, as TeamsInfo.sendMessageToTeamsChannel does) whose activity id becomes the chain's
 *   root; later ones are replies in it, sent to the conversation
 *   `{channelConversationId};messageid={rootActivityId}` — the id Teams itself puts on activities
 *   written in that chain. A person writing in a case's chain is bound to that case (their engine
 *   conversation is the chain), as in a Slack thread.
 * - in a personal or group chat, every message about a case carries the case in a header line.
 */
import type { App } from "./contract.js";
import type { CaseSubject } from "./sent-activities.js";

export type ConversationKind = "personal" | "groupChat" | "channel";

const MESSAGE_ID_MARK = ";messageid=";

/** The channel's conversation id without the reply chain part. */
export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(MESSAGE_ID_MARK);
  return at < 0 ? conversationId : conversationId.slice(0, at);
}

/** The root activity id of the reply chain this conversation id names, if any. */
export function chainRootOf(conversationId: string): string | undefined {
  const at = conversationId.indexOf(MESSAGE_ID_MARK);
  return at < 0 ? undefined : conversationId.slice(at + MESSAGE_ID_MARK.length) || undefined;
}

export function chainConversationId(base: string, rootActivityId: string): string {
  return `${base}${MESSAGE_ID_MARK}${rootActivityId}`;
}

export function conversationKindOf(type: unknown): ConversationKind {
  return type === "channel" || type === "groupChat" ? type : "personal";
}

/** Where one message goes and how it is dressed. */
export interface Placement {
  readonly conversationId: string;
  /** The case is named in a header line (flat chats, and a chain's root post). */
  readonly header: boolean;
  /** The post starts the case's reply chain: its activity id is recorded as the root. */
  readonly startsChain?: { readonly base: string; readonly subject: CaseSubject };
}

/** Conversations whose kind this process has stored, at most (then forgotten, and stored again: harmless). */
const KNOWN_KINDS_MAX = 10_000;

export class TeamsPlaces {
  /** Stored already: the kind never changes, so one write per conversation and process (issue 15: was one per activity). */
  readonly #knownKinds = new Set<string>();

  constructor(private readonly app: App) {}

  /** Learnt from every inbound activity (the kind never changes for a conversation). */
  async rememberKind(conversationId: string, kind: ConversationKind): Promise<void> {
    const base = baseConversationId(conversationId);
    if (this.#knownKinds.has(base)) return;
    await this.app.db.prisma.teamsConversation.upsert({
      where: { conversationId: base },
      create: { conversationId: base, conversationType: kind, updatedAt: this.app.clock.now() },
      update: {},
    });
    if (this.#knownKinds.size >= KNOWN_KINDS_MAX) this.#knownKinds.clear();
    this.#knownKinds.add(base);
  }

  async kindOf(conversationId: string): Promise<ConversationKind> {
    const row = await this.app.db.prisma.teamsConversation.findUnique({ where: { conversationId: baseConversationId(conversationId) } });
    return conversationKindOf(row?.conversationType);
  }

  /** The case whose reply chain this conversation id is, if it is one. */
  async subjectOfChain(conversationId: string): Promise<CaseSubject | undefined> {
    const root = chainRootOf(conversationId);
    if (!root) return undefined;
    const row = await this.app.db.prisma.teamsCaseChain.findUnique({
      where: { conversationId_rootActivityId: { conversationId: baseConversationId(conversationId), rootActivityId: root } },
    });
    return row ? { type: row.subjectType as CaseSubject["type"], id: row.subjectId } : undefined;
  }

  /** Where a message goes, given the conversation the person is in (or was last in) and the message's case. */
  async place(kind: ConversationKind, conversationId: string, subject: CaseSubject | undefined): Promise<Placement> {
    if (kind !== "channel" || !subject) return { conversationId, header: subject !== undefined };
    const base = baseConversationId(conversationId);
    const row = await this.app.db.prisma.teamsCaseChain.findUnique({
      where: { conversationId_subjectType_subjectId: { conversationId: base, subjectType: subject.type, subjectId: subject.id } },
    });
    if (row) return { conversationId: chainConversationId(base, row.rootActivityId), header: false };
    return { conversationId: base, header: true, startsChain: { base, subject } };
  }

  /** Records a chain's root; when two roots raced, the first recorded stays the case's chain. */
  async recordChain(base: string, subject: CaseSubject, rootActivityId: string): Promise<void> {
    await this.app.db.prisma.$executeRaw`
      INSERT INTO teams_case_chains (conversation_id, subject_type, subject_id, root_activity_id, created_at)
      VALUES (${base}, ${subject.type}, ${subject.id}, ${rootActivityId}, ${this.app.clock.now()}::timestamptz)
      ON CONFLICT DO NOTHING`;
  }
}
