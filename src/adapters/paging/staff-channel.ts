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
  /** Posts a page's message to `channel` (undefined = the notifier's default staff channel). */
  post(channel: string | undefined, message: OutboundMessage): Promise<StaffChannelMessageRef>;
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

/** The page's message as the case stands: status, facts, the decision target and the buttons that still apply. */
export function staffChannelMessage(claim: ClaimState, page: Page, publicUrl: string): OutboundMessage {
  const round = currentRound(page);
  const link = `${publicUrl.replace(/\/+$/, "")}${page.link}`;
  const decided = claim.status !== "escalated";
  const params = { claimId: claim.id, orderId: claim.order.orderId, amount: claim.order.protectedAmount, level: round.level, link };
  const status = decided ? "decided" : page.acknowledgedAt ? "acknowledged" : "paging";
  const facts: Fact[] = [{ label: { key: "paging:staffChannel.fact.notified" }, value: page.notifications }];
  if (page.acknowledgedBy) facts.push({ label: { key: "paging:staffChannel.fact.acknowledgedBy" }, value: page.acknowledgedBy });
  const actions: Action[] = [];
  if (!decided && !page.acknowledgedAt)
    actions.push({
      actionId: USE_CASE.acknowledge,
      label: { key: "staff:acknowledge" },
      payload: { claimId: claim.id, pageId: page.pageId },
      style: "primary",
    });
  actions.push({ actionId: USE_CASE.caseSummary, label: { key: "paging:staffChannel.openCase" }, payload: { claimId: claim.id } });
  const dueAt = determinationDueAt(claim);
  return {
    subject: { type: "claim", id: claim.id },
    text: { key: `paging:staffChannel.${status}`, params: { ...params, by: page.acknowledgedBy ?? "" } },
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
    async send(payload) {
      const { claimId, pageId } = payload as StaffChannelPayload;
      const { state } = await loadStream(db.prisma, aggregates.get("claim"), claimStream(claimId), "read");
      const claim = state as ClaimState | undefined;
      const page = claim?.pages.find((p) => p.pageId === pageId);
      if (!claim || !page) throw new DeliveryError(`page ${pageId} not found`, { permanent: true });
      const message = staffChannelMessage(claim, page, publicUrl);
      const known = await db.prisma.staffChannelMessage.findUnique({ where: { pageId } });
      const now = clock.now();
      if (known) {
        await notifier.update({ channel: known.channel, messageRef: known.messageRef }, message);
        await db.prisma.staffChannelMessage.update({ where: { pageId }, data: { updatedAt: now } });
        return;
      }
      const ref = await notifier.post(page.rounds[0]?.targets.slackChannel, message);
      await db.prisma.staffChannelMessage.create({ data: { pageId, channel: ref.channel, messageRef: ref.messageRef, postedAt: now, updatedAt: now } });
    },
  };
}
