/**
 * The outbox route of PagerDuty events (DT-01): each `pagerduty.event` row becomes one Events API v2
 * call to its routing key, in outbox order per incident (dedup key), retried by the dispatcher on
 * 429/5xx; a 400 is permanent, recorded, and staff are told (`paging:notify.pagerDutyRejected`).
 */
import { outboxEntryOf } from "../delivery/notifications.js";
import type { OutboxRoute } from "../delivery/outbox-route.js";
import { pagerDutySummary, type PagerDutyEvent, type PagerDutyEventsClient } from "./pagerduty-events.js";
import type { PagerDutyOutboxPayload } from "./pagerduty-outbox.js";

/** The deliveries' channel of PagerDuty events. */
export const PAGERDUTY_CHANNEL = "pagerduty";

/** The product's words for PagerDuty (an i18n `t` in the operators' language): key + params → text. */
export type PagerDutyWords = (key: string, params: Readonly<Record<string, unknown>>) => string;

export interface PagerDutyRouteOptions {
  readonly client: PagerDutyEventsClient;
  /** Reference (lower case) → routing key. */
  readonly routingKeys: Readonly<Record<string, string>>;
  /** The staff console's base URL, for the case link. */
  readonly publicUrl: string;
  /** PagerDuty's `source`: the product (and host) raising the alert. */
  readonly source: string;
  readonly words: PagerDutyWords;
}

function routingKeyOf(options: PagerDutyRouteOptions, payload: PagerDutyOutboxPayload): string | undefined {
  return options.routingKeys[payload.routingKeyRef.toLowerCase()];
}

/** The Events API v2 event of an outbox payload. */
export function pagerDutyEventOf(options: PagerDutyRouteOptions, payload: PagerDutyOutboxPayload): PagerDutyEvent {
  const routingKey = routingKeyOf(options, payload);
  if (!routingKey) throw new Error(`no PagerDuty routing key for "${payload.routingKeyRef}"`);
  const base = { routing_key: routingKey, event_action: payload.action, dedup_key: payload.dedupKey };
  const facts = payload.trigger;
  if (payload.action !== "trigger" || !facts) return base;
  const caseUrl = `${options.publicUrl.replace(/\/+$/, "")}${facts.link}`;
  const params = {
    claimId: payload.claimId,
    orderId: payload.orderId,
    amount: facts.amount,
    level: facts.level,
    dueAt: facts.decisionDueAt ? { instant: facts.decisionDueAt } : "",
  };
  return {
    ...base,
    payload: {
      summary: pagerDutySummary(options.words(`paging:pagerDuty.summary.${facts.pageReason}`, params)),
      source: options.source,
      // DT-02: an overdue decision is critical; a fresh escalation is an error to act on.
      severity: facts.pageReason === "determination-overdue" ? "critical" : "error",
      component: "dispute-desk",
      group: "claims",
      class: facts.pageReason,
      custom_details: {
        claim_id: payload.claimId,
        order_id: payload.orderId,
        amount_minor: facts.amount.amountMinor,
        currency: facts.amount.currency,
        decision_due_at: facts.decisionDueAt ?? null,
        case_link: caseUrl,
        page_id: payload.pageId,
        round: payload.round,
        round_reason: facts.roundReason,
        level: facts.level,
        out_of_hours: facts.outOfHours,
        policy_version: facts.policyVersion,
        staff_ids: facts.staffIds,
      },
    },
    links: [{ href: caseUrl, text: options.words("paging:pagerDuty.openCase", {}) }],
    client: options.source,
    client_url: caseUrl,
  };
}

export function pagerDutyRoute(options: PagerDutyRouteOptions): OutboxRoute {
  return {
    channel: PAGERDUTY_CHANNEL,
    // A level whose reference has no key here pages the console and Slack only.
    destination: (payload) => (routingKeyOf(options, payload as PagerDutyOutboxPayload) ? (payload as PagerDutyOutboxPayload).dedupKey : undefined),
    send: (payload) => options.client.send(pagerDutyEventOf(options, payload as PagerDutyOutboxPayload)),
    failedForGood: (payload, error) => {
      const p = payload as PagerDutyOutboxPayload;
      return [
        outboxEntryOf({
          recipient: { staff: true },
          subject: { type: "claim", id: p.claimId },
          text: {
            key: "paging:notify.pagerDutyRejected",
            params: { claimId: p.claimId, orderId: p.orderId, detail: error instanceof Error ? error.message : String(error) },
          },
          tone: "warning",
        }),
      ];
    },
  };
}
