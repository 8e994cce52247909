/**
 * DT-01: what PagerDuty must hear when a case's page moves, written to the outbox in the command's
 * transaction and delivered by the outbox dispatcher (retries, Retry-After, failures told to staff):
 *
 * - a round starts (raised, escalated, out-of-hours level, DT-02 re-page) with a PagerDuty target →
 *   `trigger` with `dedup_key` = page id + round, so each round is one incident and a retried trigger
 *   never opens a second one;
 * - the page is acknowledged anywhere (console, chat, Slack, PagerDuty) → `acknowledge` of every
 *   round of the page sent to PagerDuty (except the incident acknowledged in PagerDuty itself);
 * - the case is decided (or closed) → `resolve` of every round of its pages.
 *
 * Routing keys are named by reference in the policy and resolved at send time from the environment
 * (`PAGERDUTY_ROUTING_KEY`, `PAGERDUTY_ROUTING_KEY_<REF>`), so no secret is stored in the database.
 */
import { determinationDueAt } from "../../domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, claimStream, type PageAcknowledgedData, type PageRaisedData, type PageRoundData } from "../../domain/claims/claim-events.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import type { Page, PageReason, PageRound, RoundReason } from "../../domain/paging/page.js";
import type { Money } from "../../domain/shared/money.js";
import type { Instant } from "../../domain/shared/time.js";
import type { OutboxEntry } from "../db/outbox.js";
import type { CommandOutcome } from "../db/unit-of-work.js";
import type { PagerDutyAction } from "./pagerduty-events.js";

export const PAGERDUTY_OUTBOX_KIND = "pagerduty.event";

/** What a trigger needs to describe the case. */
export interface PagerDutyTriggerFacts {
  readonly pageReason: PageReason;
  readonly roundReason: RoundReason;
  readonly level: number;
  readonly outOfHours: boolean;
  readonly amount: Money;
  readonly decisionDueAt?: Instant;
  /** Path of the case in the staff console. */
  readonly link: string;
  readonly policyVersion: number;
  readonly staffIds: readonly string[];
}

export interface PagerDutyOutboxPayload {
  readonly action: PagerDutyAction;
  readonly routingKeyRef: string;
  readonly dedupKey: string;
  readonly claimId: string;
  readonly orderId: string;
  readonly pageId: string;
  readonly round: number;
  readonly trigger?: PagerDutyTriggerFacts;
}

/** PagerDuty's dedup key of a page's round (also the incident key its webhooks carry). */
export function dedupKeyOf(pageId: string, round: number): string {
  return `${pageId}#${round}`;
}

/** The page and round of a dedup key we issued, or undefined for someone else's incident. */
export function parseDedupKey(key: string): { claimId: string; pageId: string; round: number } | undefined {
  const match = /^(.+)\/page\/(\d+)#(\d+)$/.exec(key);
  if (!match) return undefined;
  const [, claimId = "", pageNumber = "", round = ""] = match;
  return { claimId, pageId: `${claimId}/page/${pageNumber}`, round: Number(round) };
}

function entry(claim: ClaimState, page: Page, round: PageRound, action: PagerDutyAction, trigger?: PagerDutyTriggerFacts): OutboxEntry | undefined {
  const routingKeyRef = round.targets.pagerDutyRoutingKeyRef;
  if (!routingKeyRef) return undefined;
  const payload: PagerDutyOutboxPayload = {
    action,
    routingKeyRef,
    dedupKey: dedupKeyOf(page.pageId, round.round),
    claimId: claim.id,
    orderId: claim.order.orderId,
    pageId: page.pageId,
    round: round.round,
    ...(trigger ? { trigger } : {}),
  };
  return { kind: PAGERDUTY_OUTBOX_KIND, stream: claimStream(claim.id), payload };
}

function triggerOf(claim: ClaimState, page: Page, round: PageRound): OutboxEntry | undefined {
  const dueAt = determinationDueAt(claim);
  return entry(claim, page, round, "trigger", {
    pageReason: page.reason,
    roundReason: round.reason,
    level: round.level,
    outOfHours: round.outOfHours,
    amount: claim.order.protectedAmount,
    ...(dueAt ? { decisionDueAt: dueAt } : {}),
    link: page.link,
    policyVersion: page.policy.version,
    staffIds: round.targets.staffIds,
  });
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/** The PagerDuty events of a committed command (one outbox entry each). */
export function pagerDutyOutboxOf(outcome: CommandOutcome): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  const resolved = new Set<string>();
  for (const e of outcome.events) {
    if (e.stream.type !== "claim") continue;
    const claim = outcome.states.get<ClaimState>(e.stream);
    if (!claim) continue;
    const pageOf = (pageId: string): Page | undefined => claim.pages.find((p) => p.pageId === pageId);
    switch (e.type) {
      case CLAIM_EVENT.pageRaised: {
        const page = pageOf((e.data as PageRaisedData).page.pageId);
        const first = page?.rounds[0];
        if (page && first) out.push(...[triggerOf(claim, page, first)].filter(defined));
        break;
      }
      case CLAIM_EVENT.pageEscalated:
      case CLAIM_EVENT.pageRepaged: {
        const d = e.data as PageRoundData;
        const page = pageOf(d.pageId);
        if (page) out.push(...[triggerOf(claim, page, d.newRound)].filter(defined));
        break;
      }
      case CLAIM_EVENT.pageAcknowledged: {
        const d = e.data as PageAcknowledgedData;
        const page = pageOf(d.pageId);
        if (!page) break;
        // Counted once everywhere: PagerDuty already knows of the incident acknowledged there.
        const rounds = page.rounds.filter((r) => !(d.via === "pagerduty" && r.round === d.round));
        out.push(...rounds.map((r) => entry(claim, page, r, "acknowledge")).filter(defined));
        break;
      }
      case CLAIM_EVENT.decided:
      case CLAIM_EVENT.closed: {
        if (resolved.has(claim.id)) break;
        resolved.add(claim.id);
        out.push(...claim.pages.flatMap((page) => page.rounds.map((r) => entry(claim, page, r, "resolve"))).filter(defined));
        break;
      }
      default:
        break;
    }
  }
  return out;
}
