/**
 * No dead button stays in Slack (issue 12). Slack keeps every message on screen, so a button sent with
 * an order or a claim ("Confirm", "Accept the proposal") may be pressed long after the case moved on —
 * because the OTHER party acted, staff decided, or a deadline passed, not only because this person
 * clicked. The bot's messages that carried such buttons are recorded (table `slack_sent_messages`,
 * like Teams' `teams_sent_activities`); when a newer message about the same case reaches the same
 * Slack conversation and it means the case changed (see `supersedes`), each earlier recorded message
 * is updated in place (`chat.update`): its stale buttons go, and a context line in the reader's
 * language says why — "No longer available — <what changed>".
 *
 * The engine still refuses a stale click on its own (src/bots/conversation/stale.ts answers "the case
 * moved on"); this only keeps the screen honest, so nobody is offered what no longer exists.
 */
import type { Reader } from "../conversation/i18n/index.js";
import type { WebClient } from "@slack/web-api";
import type { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../../adapters/db/database.js";
import { USE_CASE } from "../../app/use-cases.js";
import type { OutboundMessage } from "../conversation/messages.js";
import { SHOW_ORIGINAL_ACTION } from "../conversation/person-text.js";
import { decodeButtonValue, type BlockKitRenderer, type SlackBlock } from "./block-kit.js";
import type { CaseSubject } from "./slack-places.js";

/** Buttons that only show something: a click keeps them, and a case's change does not make them stale. */
export const READ_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  SHOW_ORIGINAL_ACTION,
  USE_CASE.whatNow,
  USE_CASE.myItems,
  USE_CASE.viewOrder,
  USE_CASE.viewClaim,
  USE_CASE.caseSummary,
  USE_CASE.escalatedCases,
  USE_CASE.supplierLedger,
]);

/** Buttons still good whatever happened to the case: the views above, and moving between the bot and a case thread. */
const LASTING_ACTIONS: ReadonlySet<string> = new Set([...READ_ONLY_ACTIONS, USE_CASE.enterThread, USE_CASE.leaveThread, USE_CASE.help, USE_CASE.linkAccount]);

/** Whether a click or slash command runs something that may change a case (else it only shows or moves). */
export function changesCase(actionId: string): boolean {
  return !LASTING_ACTIONS.has(actionId) && actionId !== USE_CASE.cancelFlow;
}

/** How much of the newer message the "no longer available" line quotes. */
const CHANGE_QUOTE_CHARS = 160;

interface ButtonElement {
  readonly value?: string;
}

/** Whether a button runs something that a change to its case can make impossible. */
export function isPerishableButton(button: ButtonElement): boolean {
  const action = decodeButtonValue(button.value);
  return action !== undefined && !LASTING_ACTIONS.has(action.actionId);
}

function buttonsOf(block: SlackBlock): ButtonElement[] {
  return block.type === "actions" ? ((block as { elements?: ButtonElement[] }).elements ?? []) : [];
}

export function hasPerishableButtons(blocks: readonly SlackBlock[]): boolean {
  return blocks.some((block) => buttonsOf(block).some(isPerishableButton));
}

/**
 * The blocks of a message whose case moved on: the perishable buttons removed (a block left without
 * buttons goes), lasting ones kept, and the note as a context line at the end.
 */
export function withoutStaleButtons(blocks: readonly SlackBlock[], note: string): SlackBlock[] {
  const kept: SlackBlock[] = [];
  for (const block of blocks) {
    if (block.type !== "actions") {
      kept.push(block);
      continue;
    }
    const lasting = buttonsOf(block).filter((button) => !isPerishableButton(button));
    if (lasting.length > 0) kept.push({ ...block, elements: lasting } as SlackBlock);
  }
  return [...kept, { type: "context", elements: [{ type: "mrkdwn", text: note }] }];
}

/**
 * Where a newer message about a case comes from, which decides whether it means the case changed.
 * - `delivery`: a notification from the outbox — something happened to the case (the counterparty,
 *   staff or a deadline); except a reminder (the deadline is still ahead, the buttons still good) and
 *   a person's relayed words (talk, not a change).
 * - `command`: a reply to this person's own command or form (a change they made, or a refusal because
 *   the case had moved on).
 * - `query`: a reply to a view or to free text: it changes nothing, unless it offers actions of its
 *   own — then it is the newer set of what can be done, and older copies of those buttons go.
 */
export type MessageOrigin = "delivery" | "command" | "query";

const REMINDER_KEY = /:notify\.reminder\./;
const TALK_KEY = /^(conversation|slack):thread\./;

export function supersedes(message: OutboundMessage, origin: MessageOrigin): boolean {
  if (!message.subject || message.form) return false;
  const ownActions = (message.actions ?? []).some((a) => !LASTING_ACTIONS.has(a.actionId));
  if (ownActions) return true;
  if (message.personText || (message.text && TALK_KEY.test(message.text.key))) return false;
  if (origin === "delivery") return !(message.text && REMINDER_KEY.test(message.text.key));
  return origin === "command";
}

export interface SentMessage {
  readonly teamId: string;
  readonly channelId: string;
  readonly ts: string;
  readonly subject: CaseSubject;
  readonly reader: Reader;
  readonly blocks: readonly SlackBlock[];
}

const json = (blocks: readonly SlackBlock[]): Prisma.InputJsonValue => JSON.parse(JSON.stringify(blocks)) as Prisma.InputJsonValue;

export class SentMessages {
  constructor(
    private readonly db: Database,
    private readonly now: () => string,
  ) {}

  /** Keeps a message about a case that offers perishable buttons; any other message is not kept. */
  async record(sent: SentMessage): Promise<void> {
    if (!hasPerishableButtons(sent.blocks)) return;
    const key = { teamId: sent.teamId, channelId: sent.channelId, ts: sent.ts };
    await this.db.prisma.slackSentMessage.upsert({
      where: { teamId_channelId_ts: key },
      create: {
        ...key,
        subjectType: sent.subject.type,
        subjectId: sent.subject.id,
        locale: sent.reader.locale,
        timeZone: sent.reader.timeZone,
        blocks: json(sent.blocks),
        sentAt: new Date(this.now()),
      },
      update: {},
    });
  }

  /** The messages of this conversation about this case whose buttons are still live, oldest first. */
  async actionable(teamId: string, channelId: string, subject: CaseSubject, exceptTs: string): Promise<SentMessage[]> {
    const rows = await this.db.prisma.slackSentMessage.findMany({
      where: { teamId, channelId, subjectType: subject.type, subjectId: subject.id, actionable: true, ts: { not: exceptTs } },
      orderBy: { sentAt: "asc" },
    });
    return rows.map((row) => ({
      teamId: row.teamId,
      channelId: row.channelId,
      ts: row.ts,
      subject: { type: row.subjectType as CaseSubject["type"], id: row.subjectId },
      reader: { locale: row.locale, timeZone: row.timeZone },
      blocks: row.blocks as unknown as SlackBlock[],
    }));
  }

  /** The message no longer offers anything (updated in place, or its buttons were clicked away). */
  async retire(teamId: string, channelId: string, ts: string, blocks?: readonly SlackBlock[]): Promise<void> {
    await this.db.prisma.slackSentMessage.updateMany({
      where: { teamId, channelId, ts },
      data: { actionable: false, ...(blocks ? { blocks: json(blocks) } : {}) },
    });
  }
}

/** What the "no longer available" line says: the newer message's own words, short, in the old message's reader's language. */
export function staleNote(renderer: BlockKitRenderer, reader: Reader, newer: OutboundMessage, subject: CaseSubject): string {
  const said = newer.text ? renderer.text(reader, newer.text).replace(/\s+/g, " ").trim() : "";
  if (said === "") return renderer.word(reader, "slack:stale.newer", { subjectId: subject.id });
  const change = said.length <= CHANGE_QUOTE_CHARS ? said : `${said.slice(0, CHANGE_QUOTE_CHARS - 1)}…`;
  return renderer.word(reader, "slack:stale.changed", { change });
}

/**
 * After `newer` was posted (at `newTs`) in a conversation: every earlier message there about the same
 * case with live buttons is updated in place. A message Slack no longer has is retired quietly
 * (`message_not_found`: the person deleted it); other failures are thrown to the caller to log.
 */
export async function retireStaleMessages(
  client: WebClient,
  renderer: BlockKitRenderer,
  sent: SentMessages,
  where: { teamId: string; channelId: string; newTs: string },
  newer: OutboundMessage,
): Promise<number> {
  const subject = newer.subject;
  if (!subject) return 0;
  let updated = 0;
  for (const old of await sent.actionable(where.teamId, where.channelId, subject, where.newTs)) {
    const note = staleNote(renderer, old.reader, newer, subject);
    const blocks = withoutStaleButtons(old.blocks, note);
    try {
      await client.chat.update({ channel: old.channelId, ts: old.ts, text: note, blocks: blocks as never });
      updated++;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== "message_not_found") throw error;
    }
    await sent.retire(old.teamId, old.channelId, old.ts, blocks);
  }
  return updated;
}
