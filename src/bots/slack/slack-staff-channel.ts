/**
 * DT-01: staff are paged in a Slack channel (`SLACK_STAFF_CHANNEL`): each page is one message with the
 * case facts, the decision target and its buttons, posted once and updated in place (chat.update) as
 * the page is repeated, escalated, acknowledged — in Slack, PagerDuty or the console — or the case is
 * decided. A staff member's click on "Acknowledge" comes back through the channel's usual button path,
 * as that person (a linked staff account), so it counts once everywhere.
 */
import type { StaffChannelMessageRef, StaffChannelNotifier } from "../../adapters/paging/staff-channel.js";
import type { OutboundMessage } from "../conversation/messages.js";
import type { BlockKitRenderer } from "./block-kit.js";
import type { SlackStaffChannel } from "./slack-config.js";
import { deliveryErrorOf } from "./slack-web.js";
import type { WebClient } from "@slack/web-api";

export const SLACK_STAFF_NOTIFIER = "slack-staff";

/**
 * The metadata event type a page's message carries (`event_payload.page_id`): how a retry finds the
 * message an attempt posted before crashing, instead of posting it twice (DT-01).
 */
export const PAGE_MESSAGE_EVENT_TYPE = "trade_assurance_page";
/** How far back a retry looks in the channel (Slack's page size); a crash is retried within minutes. */
const HISTORY_LOOKBACK = 200;

export function slackStaffChannel(
  staff: SlackStaffChannel,
  renderer: BlockKitRenderer,
  clientOf: (teamId: string | undefined) => Promise<WebClient>,
  nowMs: () => number,
): StaffChannelNotifier {
  const reader = { locale: staff.locale, timeZone: staff.timeZone };
  const render = (message: OutboundMessage) => renderer.message(reader, message);
  return {
    name: SLACK_STAFF_NOTIFIER,
    async post(channel, message, key): Promise<StaffChannelMessageRef> {
      try {
        const client = await clientOf(staff.teamId);
        const answer = await client.chat.postMessage({
          channel: channel ?? staff.channelId,
          ...render(message),
          metadata: { event_type: PAGE_MESSAGE_EVENT_TYPE, event_payload: { page_id: key } },
        });
        if (!answer.ts || !answer.channel) throw new Error("chat.postMessage answered without a message ts");
        return { channel: answer.channel, messageRef: answer.ts };
      } catch (error) {
        throw deliveryErrorOf(error, nowMs());
      }
    },
    async find(channel, key): Promise<StaffChannelMessageRef | undefined> {
      try {
        const client = await clientOf(staff.teamId);
        const id = channel ?? staff.channelId;
        const history = await client.conversations.history({ channel: id, include_all_metadata: true, limit: HISTORY_LOOKBACK });
        const found = history.messages?.find(
          (m) => m.metadata?.event_type === PAGE_MESSAGE_EVENT_TYPE && (m.metadata.event_payload as { page_id?: unknown } | undefined)?.page_id === key,
        );
        return found?.ts ? { channel: id, messageRef: found.ts } : undefined;
      } catch (error) {
        throw deliveryErrorOf(error, nowMs());
      }
    },
    async update(ref, message): Promise<void> {
      try {
        const client = await clientOf(staff.teamId);
        await client.chat.update({ channel: ref.channel, ts: ref.messageRef, ...render(message) });
      } catch (error) {
        throw deliveryErrorOf(error, nowMs());
      }
    },
  };
}
