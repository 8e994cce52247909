/**
 * Paging (DT-01/DT-02): what a page's moves send beyond the console and chat notifications — PagerDuty
 * Events v2 and the staff channel's one message per page — as outbox rows of their own kinds, each
 * delivered by its outbox route; and PagerDuty's webhooks back.
 */
import type { OutboxEntry } from "../db/outbox.js";
import type { CommandOutcome } from "../db/unit-of-work.js";
import { pagerDutyOutboxOf } from "./pagerduty-outbox.js";
import { staffChannelOutboxOf } from "./staff-channel.js";

export { parsePagerDutyConfig, PagerDutyConfigError, type PagerDutySettings } from "./pagerduty-config.js";
export { PagerDutyEventsClient } from "./pagerduty-events.js";
export { PAGERDUTY_OUTBOX_KIND, pagerDutyOutboxOf } from "./pagerduty-outbox.js";
export { PAGERDUTY_CHANNEL, pagerDutyRoute, type PagerDutyWords } from "./pagerduty-route.js";
export { PAGERDUTY_WEBHOOK_PATH, pagerDutyWebhookListener, type ExecuteCommand } from "./pagerduty-webhook.js";
export { STAFF_CHANNEL_OUTBOX_KIND, staffChannelOutboxOf, staffChannelRoute, type StaffChannelNotifier, type StaffChannelMessageRef } from "./staff-channel.js";

/** The paging outbox rows of a committed command (PagerDuty events and staff-channel updates). */
export function pagingOutboxOf(outcome: CommandOutcome): OutboxEntry[] {
  return [...pagerDutyOutboxOf(outcome), ...staffChannelOutboxOf(outcome)];
}
