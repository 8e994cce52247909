/**
 * DT-01: each page is one message in the staff channel (Slack's `SLACK_STAFF_CHANNEL`, or the
 * channel a policy level names), updated in place as the page is repeated, escalated, acknowledged
 * (anywhere: console, Slack, PagerDuty — it counts once) or the case decided.
 *
 * `StaffChannelNotifier` is the port a messaging channel implements (the Slack channel: chat.postMessage
 * / chat.update rendering the neutral OutboundMessage as Block Kit). Every page event writes a
 * `staff-channel.page` outbox row; its route reads the case as it is when the row is sent (so queued
 * updates collapse into the latest state), and posts the page's message once or updates it, keeping
 * the message reference in `staff_channel_messages`. One page's rows go in outbox order.
 */
import { determinationDueAt } from "../../domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, claimStream } from "../../domain/claims/claim-events.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { USE_CASE } from "../../domain/notifications/action-ids.js";
import type { Action, Fact, OutboundMessage } from "../../domain/notifications/vocabulary.js";
import { caseAssignmentStream, type CaseAssignment } from "../../domain/paging/case-assignment.js";
import { currentRound, type Page } from "../../domain/paging/page.js";
import type { AggregateRegistry } from "../db/aggregate-definition.js";
import type { Clock } from "../clock/clock.js";
import type { Database } from "../db/database.js";
import type { OutboxEntry } from "../db/outbox.js";
import { loadStream } from "../db/stream-store.js";
import type { CommandOutcome } from "../db/unit-of-work.js";
import { DeliveryError } from "../delivery/channel-sender.js";
import type { OutboxRoute } from "../delivery/outbox-route.js";

export const STAFF_CHANNEL_OUTBOX_KIND = "staff-channel.page";

/** Where a posted message is, to update it. */
export interface StaffChannelMessageRef {
  readonly channel: string;
  readonly messageRef: string;
}

/** The port a messaging channel implements for the staff channel (the Slack channel does). */
export interface StaffChannelNotifier {
  /** The deliveries' channel name, e.g. "slack-staff". */
  readonly name: string;
  /**
   * Posts a page's message to `channel` (undefined = the notifier's default staff channel), tagged with
   * `key` (the page id) where the platform keeps it (Slack: message metadata), so `find` can see it.
   */
  post(channel: string | undefined, message: OutboundMessage, key: string): Promise<StaffChannelMessageRef>;
  /**
   * The message an earlier attempt posted with `key`, if any. Called before posting on a retry: an
   * attempt that crashed between posting and recording the reference must not post a second message.
   * A notifier without it cannot tell, and a retry may post twice.
   */
  find?(channel: string | undefined, key: string): Promise<StaffChannelMessageRef | undefined>;
  /** Replaces the message in place. */
  update(ref: StaffChannelMessageRef, message: OutboundMessage): Promise<void>;
}

interface StaffChannelPayload {
  readonly claimId: string;
  readonly pageId: string;
}

const PAGE_EVENTS = new Set<string>([
  CLAIM_EVENT.pageRaised,
  CLAIM_EVENT.pageRepeated,
  CLAIM_EVENT.pageEscalated,
  CLAIM_EVENT.pageRepaged,
  CLAIM_EVENT.pageAcknowledged,
]);

/** The staff-channel updates of a committed command: one per page touched (every page of a decided case). */
export function staffChannelOutboxOf(outcome: CommandOutcome): OutboxEntry[] {
  const pages = new Map<string, StaffChannelPayload>();
  for (const e of outcome.events) {
    if (e.stream.type === "case-assignment") {
      // "Take case": every page's message shows who took it (the Take case button goes).
      const claim = outcome.states.get<ClaimState>(claimStream(e.stream.id));
      for (const p of claim?.pages ?? []) pages.set(p.pageId, { claimId: e.stream.id, pageId: p.pageId });
      continue;
    }
    if (e.stream.type !== "claim") continue;
    const claim = outcome.states.get<ClaimState>(e.stream);
    if (!claim) continue;
    const data = e.data as { pageId?: string; page?: { pageId: string } };
    const pageId = data.page?.pageId ?? data.pageId;
    if (PAGE_EVENTS.has(e.type) && pageId) pages.set(pageId, { claimId: claim.id, pageId });
    if (e.type === CLAIM_EVENT.decided || e.type === CLAIM_EVENT.closed)
      for (const p of claim.pages) pages.set(p.pageId, { claimId: claim.id, pageId: p.pageId });
  }
  return [...pages.values()].map((payload) => ({ kind: STAFF_CHANNEL_OUTBOX_KIND, stream: claimStream(payload.claimId), payload }));
}

/** Who took the case ("Take case"), with the name staff know them by. */
export interface TakenBy {
  readonly staffId: string;
  readonly name: string;
}

/**
 * The page's message as the case stands: status, facts, the decision target and the buttons that still
 * apply (Acknowledge while unacknowledged, Open case, Take case while nobody has taken it).
 */
export function staffChannelMessage(
  claim: ClaimState,
  page: Page,
  publicUrl: string,
  takenBy?: TakenBy,
  /** Staff names by party id (an acknowledgement made in PagerDuty keeps PagerDuty's name). */
  names: ReadonlyMap<string, string> = new Map(),
): OutboundMessage {
  const acknowledgedBy = page.acknowledgedBy === undefined ? undefined : (names.get(page.acknowledgedBy) ?? page.acknowledgedBy);
  const round = currentRound(page);
  const link = `${publicUrl.replace(/\/+$/, "")}${page.link}`;
  const decided = claim.status !== "escalated";
  const params = { claimId: claim.id, orderId: claim.order.orderId, amount: claim.order.protectedAmount, level: round.level, link };
  const status = decided ? "decided" : takenBy ? "taken" : page.acknowledgedAt ? "acknowledged" : "paging";
  const facts: Fact[] = [{ label: { key: "paging:staffChannel.fact.notified" }, value: page.notifications }];
  if (acknowledgedBy) facts.push({ label: { key: "paging:staffChannel.fact.acknowledgedBy" }, value: acknowledgedBy });
  if (takenBy) facts.push({ label: { key: "paging:staffChannel.fact.takenBy" }, value: takenBy.name });
  const actions: Action[] = [];
  if (!decided && !page.acknowledgedAt)
    actions.push({
      actionId: USE_CASE.acknowledge,
      label: { key: "staff:acknowledge" },
      payload: { claimId: claim.id, pageId: page.pageId },
      style: "primary",
    });
  actions.push({ actionId: USE_CASE.caseSummary, label: { key: "paging:staffChannel.openCase" }, payload: { claimId: claim.id } });
  if (!decided && !takenBy) actions.push({ actionId: USE_CASE.takeCase, label: { key: "paging:take.button" }, payload: { claimId: claim.id } });
  const dueAt = determinationDueAt(claim);
  return {
    subject: { type: "claim", id: claim.id },
    text: { key: `paging:staffChannel.${status}`, params: { ...params, by: takenBy?.name ?? acknowledgedBy ?? "" } },
    facts,
    actions,
    ...(dueAt && !decided ? { deadline: { dueAt, label: { key: "claim:notify.deadline.decisionTarget" } } } : {}),
    tone: decided ? "success" : page.acknowledgedAt ? "info" : "warning",
  };
}

export interface StaffChannelRouteOptions {
  readonly notifier: StaffChannelNotifier;
  readonly db: Database;
  readonly aggregates: AggregateRegistry;
  readonly clock: Clock;
  readonly publicUrl: string;
}

export function staffChannelRoute(options: StaffChannelRouteOptions): OutboxRoute {
  const { notifier, db, aggregates, clock, publicUrl } = options;
  return {
    channel: notifier.name,
    destination: (payload) => (payload as StaffChannelPayload).pageId,
    async send(payload, delivery) {
      const { claimId, pageId } = payload as StaffChannelPayload;
      const { state } = await loadStream(db.prisma, aggregates.get("claim"), claimStream(claimId), "read");
      const claim = state as ClaimState | undefined;
      const page = claim?.pages.find((p) => p.pageId === pageId);
      if (!claim || !page) throw new DeliveryError(`page ${pageId} not found`, { permanent: true });
      const assignment = (await loadStream(db.prisma, aggregates.get("case-assignment"), caseAssignmentStream(claimId), "read")).state as
        CaseAssignment | undefined;
      const ids = [assignment?.takenBy, page.acknowledgedBy].filter((id): id is string => id !== undefined);
      const names = new Map((await db.prisma.party.findMany({ where: { id: { in: ids } } })).map((p) => [p.id, p.displayName]));
      const takenBy = assignment ? { staffId: assignment.takenBy, name: names.get(assignment.takenBy) ?? assignment.takenBy } : undefined;
      const message = staffChannelMessage(claim, page, publicUrl, takenBy, names);
      const known = await db.prisma.staffChannelMessage.findUnique({ where: { pageId } });
      const now = clock.now();
      if (known) {
        await notifier.update({ channel: known.channel, messageRef: known.messageRef }, message);
        await db.prisma.staffChannelMessage.update({ where: { pageId }, data: { updatedAt: now } });
        return;
      }
      const channel = page.rounds[0]?.targets.slackChannel;
      // DT-01, one message per page: the attempt is counted (and committed) before this send, so
      // attempt > 1 means an earlier attempt may have posted and then crashed (or timed out) before
      // recording the reference below. Look for its message by the page id before posting again;
      // found → record it and bring it up to date instead of posting a second message.
      const earlier = delivery.attempt > 1 && notifier.find ? await notifier.find(channel, pageId) : undefined;
      if (earlier) await notifier.update(earlier, message);
      const ref = earlier ?? (await notifier.post(channel, message, pageId));
      await db.prisma.staffChannelMessage.create({ data: { pageId, channel: ref.channel, messageRef: ref.messageRef, postedAt: now, updatedAt: now } });
    },
  };
}
