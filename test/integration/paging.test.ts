/**
 * DT-01 / DT-02 end to end against the PagerDuty stand-in: a case escalates under the staff's saved
 * escalation policy, the scheduler fires the page's rounds (two sweepers = two replicas), the outbox
 * sends PagerDuty events (retried on 429, one incident per round), PagerDuty webhooks come back signed,
 * console acknowledgements reach PagerDuty, and the decision resolves every incident. The Slack staff
 * channel is a fake StaffChannelNotifier (the Slack channel implements the port).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { domainAggregates } from "../../src/adapters/db/aggregates.js";
import type { Database } from "../../src/adapters/db/database.js";
import { CommandRunner, type CommandSpec } from "../../src/adapters/db/unit-of-work.js";
import { OutboxDispatcher } from "../../src/adapters/delivery/outbox-dispatcher.js";
import { createNoneTranslator } from "../../src/adapters/translate/index.js";
import {
  PAGERDUTY_OUTBOX_KIND,
  PagerDutyEventsClient,
  pagerDutyRoute,
  pagerDutyWebhookListener,
  STAFF_CHANNEL_OUTBOX_KIND,
  staffChannelRoute,
  type StaffChannelNotifier,
} from "../../src/adapters/paging/index.js";
import { createDeadlineHandler } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../src/adapters/scheduler/deadline-sweeper.js";
import { domainDeadlineOutcomes } from "../../src/adapters/scheduler/domain-deadline-outcomes.js";
import { commandOutbox, runCommand, type App } from "../../src/app/app.js";
import { acknowledgePageSpec, decideClaimSpec, escalateClaimSpec } from "../../src/app/commands/claim-commands.js";
import { escalationPolicyView, reviseEscalationPolicySpec } from "../../src/app/commands/paging-commands.js";
import { randomIds } from "../../src/app/ids.js";
import { readEvents } from "../../src/app/read-state.js";
import { claimStream } from "../../src/domain/claims/claim-events.js";
import type { ClaimState } from "../../src/domain/claims/claim-state.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import type { OutboundMessage } from "../../src/domain/notifications/vocabulary.js";
import type { EscalationPolicyInput } from "../../src/domain/paging/escalation-policy.js";
import { registerParty } from "../../src/domain/parties/party-commands.js";
import { partyStream } from "../../src/domain/parties/party-events.js";
import { deliver, signedWebhook, startPagerDutyStandIn, type PagerDutyStandIn } from "../support/standins/pagerduty.js";
import { BACKENDS } from "./support/backends.js";
import {
  asSupplier,
  buyer,
  claimFiling,
  depositPayment,
  evidenceUpload,
  orderAwaitingSupplier,
  receipt,
  registration,
  shipment,
  supplier,
  supplierConfirmation,
  supplierLimit,
} from "./support/orders.js";

const ROUTING_KEY = "R0UT1NGKEY0000000000000000000001";
const SECRET = "webhook-secret-0123456789";
const STAFF = "staff-1";
const STAFF_ACTOR = { partyId: STAFF, kind: "staff" as const };
const EVIDENCE = "e".repeat(64);

/** Two levels, both on PagerDuty; level 1 is the dispute desk's Slack channel. */
const POLICY: EscalationPolicyInput = {
  levels: [
    { targets: { staffIds: [STAFF], pagerDutyRoutingKeyRef: "default", slackChannel: "#disputes" }, escalateAfterMinutes: 30, repeats: 1 },
    { targets: { staffIds: [], pagerDutyRoutingKeyRef: "default" }, escalateAfterMinutes: 60, repeats: 1 },
  ],
  repageBeforeTargetMinutes: 24 * 60,
};

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** The Slack staff channel as a fake: one message per page, updated in place. */
class FakeStaffChannel implements StaffChannelNotifier {
  readonly name = "slack-staff";
  readonly messages = new Map<string, { channel: string; versions: OutboundMessage[] }>();
  #next = 0;
  post(channel: string | undefined, message: OutboundMessage) {
    const messageRef = `1700000000.${String(++this.#next).padStart(6, "0")}`;
    this.messages.set(messageRef, { channel: channel ?? "#staff", versions: [message] });
    return Promise.resolve({ channel: channel ?? "#staff", messageRef });
  }
  update(ref: { channel: string; messageRef: string }, message: OutboundMessage) {
    this.messages.get(ref.messageRef)?.versions.push(message);
    return Promise.resolve();
  }
  ofClaim(claimId: string) {
    return [...this.messages.values()].filter((m) => m.versions[0]?.subject?.id === claimId);
  }
}

function staffRegistration(): CommandSpec {
  return {
    name: "party.register",
    streams: [partyStream(STAFF)],
    decide: (_s, now) =>
      registerParty(
        undefined,
        { partyId: STAFF, role: "staff", displayName: "Dispute desk", locale: "en", calendar: { country: "DE", timeZone: "Europe/Berlin" }, contact: {} },
        { now, actor: { kind: "system" } },
      ),
  };
}

function rejection(claimId: string): CommandSpec {
  return {
    name: "claim.reject",
    streams: [claimStream(claimId)],
    decide: (s, now) => rejectClaim(s.require<ClaimState>(claimStream(claimId)), { reasons: ["Within tolerance"] }, asSupplier(now)),
  };
}

describe.each(BACKENDS)("paging staff end to end on $backend (DT-01/DT-02)", (backendUnderTest) => {
  let db: Database;
  let replica: Database;
  let app: App;
  let pd: PagerDutyStandIn;
  let webhookServer: Server;
  let webhookUrl: string;
  let dispatcher: OutboxDispatcher;
  let sweepers: DeadlineSweeper[];
  const clock = new ManualClock("2026-02-02T09:00:00.000Z");
  const slack = new FakeStaffChannel();
  const claimIds = ["clm-pa", "clm-pb", "clm-pc", "clm-pd", "clm-pe"] as const;
  const refOf = (claimId: string) => ({ claimId, orderId: `ord-${claimId}`, buyerId: buyer.id, supplierId: supplier.id });

  async function escalate(claimId: string, at: string): Promise<void> {
    clock.set(at);
    await runCommand(app, escalateClaimSpec({ partyId: buyer.id, kind: "buyer" }, refOf(claimId)));
  }
  async function sweepAt(at: string): Promise<number> {
    clock.set(at);
    const reports = await Promise.all(sweepers.map((s) => s.sweep()));
    return reports.reduce((n, r) => n + r.fired, 0);
  }
  /** Dispatches until nothing is left to do now. */
  async function drain(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const r = await dispatcher.dispatchOnce();
      if (r.fannedOut + r.sent + r.retrying + r.failed === 0) return;
    }
  }
  const pdOf = (claimId: string) => pd.events.filter((e) => e.body.dedup_key?.startsWith(`${claimId}/`));
  const pdSummary = (claimId: string) => pdOf(claimId).map((e) => `${e.status} ${e.body.event_action} ${e.body.dedup_key}`);
  const pageEvents = async (claimId: string) => (await readEvents(db, claimStream(claimId))).filter((e) => e.type.startsWith("Page"));

  beforeAll(async () => {
    db = await backendUnderTest.open();
    replica = backendUnderTest.backend === "postgres" ? await backendUnderTest.open({ keepRows: true }) : db;
    pd = await startPagerDutyStandIn();
    const runner = new CommandRunner(db, domainAggregates(), clock, { retryJitterMs: 1 });
    app = { db, runner, clock, ids: randomIds };
    await runner.execute(registration(buyer, false));
    await runner.execute(registration(supplier, true));
    await runner.execute(staffRegistration());
    await runner.execute(supplierLimit(10_000_000));
    for (const claimId of claimIds) {
      const { orderId } = refOf(claimId);
      clock.set("2026-02-02T09:00:00.000Z");
      await runner.execute(orderAwaitingSupplier(orderId));
      clock.set("2026-02-04T02:00:00.000Z");
      await runner.execute(supplierConfirmation(orderId));
      clock.set("2026-02-05T15:00:00.000Z");
      await runner.execute(depositPayment(orderId));
      clock.set("2026-03-16T10:00:00.000Z");
      await runner.execute(shipment(orderId, "2026-03-16"));
      clock.set("2026-04-20T15:00:00.000Z");
      await runner.execute(receipt(orderId));
      clock.set("2026-04-22T10:00:00.000Z");
      await runner.execute(claimFiling(orderId, claimId));
      await runner.execute(evidenceUpload(claimId, EVIDENCE));
      await runner.execute(rejection(claimId));
    }
    clock.set("2026-04-22T11:00:00.000Z");
    await runCommand(app, reviseEscalationPolicySpec(STAFF_ACTOR, POLICY));

    dispatcher = new OutboxDispatcher(db, clock, domainAggregates(), {
      senders: {},
      translator: createNoneTranslator(),
      translatorName: "none",
      logger: silentLogger,
      retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 },
      routes: {
        [PAGERDUTY_OUTBOX_KIND]: pagerDutyRoute({
          client: new PagerDutyEventsClient({ baseUrl: pd.baseUrl, nowMs: () => Date.parse(clock.now()) }),
          routingKeys: { default: ROUTING_KEY },
          publicUrl: "https://desk.example.com",
          source: "trade-assurance-bots",
          words: (key, params) => `${key} ${JSON.stringify(params)}`,
        }),
        [STAFF_CHANNEL_OUTBOX_KIND]: staffChannelRoute({ notifier: slack, db, aggregates: domainAggregates(), clock, publicUrl: "https://desk.example.com" }),
      },
    });
    const handler = (database: Database) =>
      createDeadlineHandler(
        new CommandRunner(database, domainAggregates(), clock, { retryJitterMs: 1 }),
        domainDeadlineOutcomes({ notifications: commandOutbox }),
      );
    sweepers = [new DeadlineSweeper(db, clock, handler(db)), new DeadlineSweeper(replica, clock, handler(replica))];
    const listener = pagerDutyWebhookListener({
      secrets: [SECRET],
      db,
      execute: (spec, options) => runCommand(app, spec, options),
      now: () => clock.now(),
      logger: silentLogger,
    });
    webhookServer = createServer((req, res) => void listener(req, res));
    await new Promise<void>((resolve) => webhookServer.listen(0, "127.0.0.1", resolve));
    webhookUrl = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/pagerduty/webhooks`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => webhookServer.close(() => resolve()));
    await pd.close();
    if (replica !== db) await replica.close();
    await db.close();
  });

  it("DT-01: the saved policy is versioned and in force: the page records its version", async () => {
    const view = await escalationPolicyView(db, STAFF_ACTOR);
    expect(view.current).toMatchObject({ version: 1, revisedBy: STAFF });
    expect(view.versions.map((v) => v.version)).toEqual([1]);
    expect(await db.prisma.escalationPolicyVersion.count()).toBe(1);
  });

  it("DT-01: escalation → trigger; no ack → repeat, then level 2; a PagerDuty ack stops the repeats; the decision resolves every incident", async () => {
    const claimId = "clm-pa";
    await escalate(claimId, "2026-04-23T09:00:00.000Z");
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId)).toEqual([`202 trigger ${claimId}/page/1#1`]);
    const trigger = pdOf(claimId)[0]?.body;
    expect(trigger?.payload).toMatchObject({
      severity: "error",
      source: "trade-assurance-bots",
      custom_details: {
        claim_id: claimId,
        order_id: `ord-${claimId}`,
        amount_minor: 37_500,
        currency: "USD",
        case_link: `https://desk.example.com/staff/cases/${claimId}`,
        policy_version: 1,
      },
    });
    expect(slack.ofClaim(claimId)).toHaveLength(1);
    expect(slack.ofClaim(claimId)[0]?.channel).toBe("#disputes");

    // 15 minutes, no ack: repeated in the round (the console and Slack; PagerDuty's incident is open already).
    expect(await sweepAt("2026-04-23T09:15:00.000Z")).toBe(1);
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId)).toHaveLength(1);
    // 30 minutes: level 2, a new round and a new incident.
    expect(await sweepAt("2026-04-23T09:30:00.000Z")).toBe(1);
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId)).toEqual([`202 trigger ${claimId}/page/1#1`, `202 trigger ${claimId}/page/1#2`]);

    // Acknowledged in PagerDuty (incident of round 2): the product stops repeating, and the round-1 incident is acknowledged too.
    clock.set("2026-04-23T09:34:00.000Z");
    const ack = signedWebhook("incident.acknowledged", `${claimId}/page/1#2`, [SECRET], { agent: "Ana On-call", webhookId: "wh-1" });
    expect(await deliver(webhookUrl, ack)).toBe(200);
    expect(await deliver(webhookUrl, ack)).toBe(200); // PagerDuty repeats a delivery: no second effect
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId)).toEqual([`202 trigger ${claimId}/page/1#1`, `202 trigger ${claimId}/page/1#2`, `202 acknowledge ${claimId}/page/1#1`]);
    expect((await pageEvents(claimId)).map((e) => e.type)).toEqual(["PageRaised", "PageRepeated", "PageEscalated", "PageAcknowledged"]);
    expect(await sweepAt("2026-04-23T12:00:00.000Z")).toBe(0);
    const slackMessage = slack.ofClaim(claimId)[0];
    expect(slackMessage?.versions.at(-1)?.text).toMatchObject({ key: "paging:staffChannel.acknowledged", params: { by: "pagerduty:Ana On-call" } });
    // Acknowledged in PagerDuty, not yet taken: Open case and Take case remain.
    expect(slackMessage?.versions.at(-1)?.actions?.map((a) => a.actionId)).toEqual(["staff.case", "staff.takeCase"]);

    // Decided in the product: every incident of the page is resolved; the Slack message says so.
    clock.set("2026-04-23T15:00:00.000Z");
    await runCommand(
      app,
      decideClaimSpec(STAFF_ACTOR, refOf(claimId), { outcome: "supplier-not-at-fault", reasons: ["Within tolerance"], evidenceConsidered: [EVIDENCE] }),
    );
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId).slice(3).sort()).toEqual([`202 resolve ${claimId}/page/1#1`, `202 resolve ${claimId}/page/1#2`]);
    expect(pd.incidents.filter((i) => i.dedupKey.startsWith(claimId)).map((i) => i.status)).toEqual(["resolved", "resolved"]);
    expect(slack.ofClaim(claimId)).toHaveLength(1);
    expect(slack.ofClaim(claimId)[0]?.versions.at(-1)?.text?.key).toBe("paging:staffChannel.decided");

    // The case timeline as recorded, for the report.
    const timeline = (await readEvents(db, claimStream(claimId)))
      .filter((e) => e.type.startsWith("Page") || e.type === "ClaimEscalated" || e.type === "ClaimDecided")
      .map((e) => `${e.at} ${e.type} by ${e.actor.partyId ?? e.actor.kind} ${JSON.stringify(e.type === "PageRaised" ? { round: 1 } : e.data)}`);
    const wire = pdOf(claimId).map((e) => `${e.status} ${e.body.event_action} ${e.body.dedup_key}`);
    const slackLog = slack.ofClaim(claimId)[0]?.versions.map((m) => m.text?.key) ?? [];
    console.info(["TIMELINE", ...timeline, "PAGERDUTY STAND-IN", ...wire, "SLACK (fake)", ...slackLog].join("\n"));
  });

  it("DT-01: a forged webhook signature is refused with 401 and changes nothing", async () => {
    const forged = signedWebhook("incident.acknowledged", "clm-pb/page/1#1", ["not-the-secret-000000"]);
    expect(await deliver(webhookUrl, forged)).toBe(401);
    const unsigned = { ...forged, headers: { ...forged.headers, "x-pagerduty-signature": "" } };
    expect(await deliver(webhookUrl, unsigned)).toBe(401);
    // Someone else's incident, properly signed: answered, ignored.
    expect(await deliver(webhookUrl, signedWebhook("incident.acknowledged", "PX1234", [SECRET]))).toBe(200);
  });

  it("DT-01: acknowledged in the console → PagerDuty gets the acknowledge; PagerDuty's echo counts once", async () => {
    const claimId = "clm-pb";
    await escalate(claimId, "2026-04-24T09:00:00.000Z");
    await dispatcher.dispatchOnce();
    clock.set("2026-04-24T09:05:00.000Z");
    await runCommand(app, acknowledgePageSpec(STAFF_ACTOR, refOf(claimId), { pageId: `${claimId}/page/1`, via: "console" }));
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId)).toEqual([`202 trigger ${claimId}/page/1#1`, `202 acknowledge ${claimId}/page/1#1`]);
    expect(await deliver(webhookUrl, signedWebhook("incident.acknowledged", `${claimId}/page/1#1`, [SECRET]))).toBe(200);
    const acks = (await pageEvents(claimId)).filter((e) => e.type === "PageAcknowledged");
    expect(acks.map((e) => e.data)).toEqual([{ pageId: `${claimId}/page/1`, staffId: STAFF, round: 1, via: "console" }]);
  });

  it("DT-01: PagerDuty answering 429 → the trigger is retried after Retry-After, and there is one incident", async () => {
    const claimId = "clm-pc";
    pd.failNext(2, 429, 2);
    await escalate(claimId, "2026-04-25T09:00:00.000Z");
    expect(await dispatcher.dispatchOnce()).toMatchObject({ retrying: 1 });
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 0, retrying: 0 }); // not before Retry-After
    clock.set("2026-04-25T09:00:02.000Z");
    expect(await dispatcher.dispatchOnce()).toMatchObject({ retrying: 1 });
    clock.set("2026-04-25T09:00:04.000Z");
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 1 });
    expect(pdSummary(claimId)).toEqual([`429 trigger ${claimId}/page/1#1`, `429 trigger ${claimId}/page/1#1`, `202 trigger ${claimId}/page/1#1`]);
    expect(pd.incidents.filter((i) => i.dedupKey.startsWith(claimId))).toHaveLength(1);
  });

  it("DT-01: a trigger PagerDuty refuses (400) is not retried, and staff are told", async () => {
    const claimId = "clm-pd";
    pd.failNext(1, 400);
    await escalate(claimId, "2026-04-26T09:00:00.000Z");
    expect(await dispatcher.dispatchOnce()).toMatchObject({ failed: 1 });
    clock.set("2026-04-26T09:05:00.000Z");
    await dispatcher.dispatchOnce();
    expect(pdSummary(claimId)).toEqual([`400 trigger ${claimId}/page/1#1`]);
    const told = await db.prisma.outboxMessage.findMany({ where: { kind: "notification", streamId: claimId } });
    expect(told.map((r) => (r.payload as { text: { key: string } }).text.key)).toContain("paging:notify.pagerDutyRejected");
  });

  it("DT-01: two sweepers (replicas) fire each round once: one page per round", async () => {
    const claimId = "clm-pe";
    await escalate(claimId, "2026-04-27T09:00:00.000Z");
    await dispatcher.dispatchOnce();
    for (const at of ["2026-04-27T09:15:00.000Z", "2026-04-27T09:30:00.000Z", "2026-04-27T10:00:00.000Z"]) {
      await sweepAt(at);
      await dispatcher.dispatchOnce();
    }
    expect((await pageEvents(claimId)).map((e) => `${e.at.slice(11, 16)} ${e.type}`)).toEqual([
      "09:00 PageRaised",
      "09:15 PageRepeated",
      "09:30 PageEscalated",
      "10:00 PageRepeated",
    ]);
    expect(pdSummary(claimId)).toEqual([`202 trigger ${claimId}/page/1#1`, `202 trigger ${claimId}/page/1#2`]);
    expect(pd.incidents.filter((i) => i.dedupKey.startsWith(claimId)).map((i) => i.alerts)).toEqual([1, 1]);
  });

  it("DT-02: acknowledged but undecided a day before the target, the acknowledger is paged again (a new incident)", async () => {
    const claimId = "clm-pe";
    clock.set("2026-04-27T10:05:00.000Z");
    await runCommand(app, acknowledgePageSpec(STAFF_ACTOR, refOf(claimId), { pageId: `${claimId}/page/1` }));
    const repage = await db.prisma.scheduledDeadline.findFirstOrThrow({ where: { streamId: claimId, kind: "repage-acknowledger", status: "pending" } });
    await sweepAt(repage.dueAt.toISOString());
    await drain();
    const last = (await pageEvents(claimId)).at(-1);
    expect(last).toMatchObject({ type: "PageRepaged", data: { round: 3, newRound: { reason: "repage-acknowledger", targets: { staffIds: [STAFF] } } } });
    expect(pdSummary(claimId).at(-1)).toBe(`202 trigger ${claimId}/page/1#3`);
  });
});
