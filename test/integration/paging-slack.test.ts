/**
 * DT-01 / DT-02 in the Slack staff channel, end to end against the stand-ins (no fakes): the Slack
 * channel as configured by its variables (`SLACK_STAFF_CHANNEL`), the Slack Web API stand-in, the
 * PagerDuty Events v2 stand-in, the real outbox routes and engine. A case escalates → one message in
 * the staff channel with Acknowledge / Open case / Take case and a PagerDuty trigger; a staff member
 * clicks Acknowledge in Slack (a signed block_actions to POST /slack/events) → PagerDuty acknowledge and
 * the message updated in place; Take case → the message names the taker; the decision → resolve and
 * the message updated; a second staff member finds it taken and takes it over explicitly. A crash
 * between chat.postMessage and recording its ts does not post twice. The console's case view offers
 * Take case and shows the take.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { domainAggregates } from "../../src/adapters/db/aggregates.js";
import { OutboxDispatcher } from "../../src/adapters/delivery/outbox-dispatcher.js";
import { PAGERDUTY_OUTBOX_KIND, PagerDutyEventsClient, pagerDutyRoute, STAFF_CHANNEL_OUTBOX_KIND, staffChannelRoute } from "../../src/adapters/paging/index.js";
import { createDeadlineHandler } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../src/adapters/scheduler/deadline-sweeper.js";
import { domainDeadlineOutcomes } from "../../src/adapters/scheduler/domain-deadline-outcomes.js";
import { createNoneTranslator } from "../../src/adapters/translate/index.js";
import { createHttpHost } from "../../src/adapters/http/server.js";
import { takeCaseSpec } from "../../src/app/commands/paging-commands.js";
import { createTranslator } from "../../src/bots/conversation/i18n/index.js";
import { DisplayRenderer } from "../../src/bots/webchat/display.js";
import { SessionSigner, WEBCHAT_CHANNEL } from "../../src/bots/webchat/sessions.js";
import { registerStaffRoutes } from "../../src/bots/webchat/staff-routes.js";
import { linkIdentity } from "../../src/domain/parties/party-commands.js";
import { partyStream } from "../../src/domain/parties/party-events.js";
import type { PartyState } from "../../src/domain/parties/party.js";
import { pino } from "pino";
import { commandOutbox, runCommand } from "../../src/app/app.js";
import { decideClaimSpec, escalateClaimSpec } from "../../src/app/commands/claim-commands.js";
import { readEvents } from "../../src/app/read-state.js";
import { decodeButtonValue } from "../../src/bots/slack/block-kit.js";
import { PAGE_MESSAGE_EVENT_TYPE } from "../../src/bots/slack/slack-staff-channel.js";
import { claimStream } from "../../src/domain/claims/claim-events.js";
import type { ClaimState } from "../../src/domain/claims/claim-state.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { caseAssignmentStream } from "../../src/domain/paging/case-assignment.js";
import type { CommandSpec } from "../../src/adapters/db/unit-of-work.js";
import { seedLinkCode, seedParty } from "../support/harness/seeds.js";
import { startPagerDutyStandIn, type PagerDutyStandIn } from "../support/standins/pagerduty.js";
import type { StandInMessage } from "../support/standins/slack/slack-standin.js";
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
import { buttonsOf, clickIn, CODES, nextTrigger, readable, SIGNING_SECRET, STAFF_ID, startSlackWorld, TEAM, type SlackWorld } from "./support/slack-world.js";

const STAFF_CHANNEL = "C0STAFFDESK";
const STAFF_SLACK = "USTAFFANA";
/** A second staff member, on the next shift. */
const BEN_ID = "staff-ben";
const BEN_SLACK = "USTAFFBEN";
const BEN_CODE = "BENSHFT7";
const ROUTING_KEY = "R0UT1NGKEY0000000000000000000001";
const EVIDENCE = "e".repeat(64);

function rejection(claimId: string): CommandSpec {
  return {
    name: "claim.reject",
    streams: [claimStream(claimId)],
    decide: (s, now) => rejectClaim(s.require<ClaimState>(claimStream(claimId)), { reasons: ["Within tolerance"] }, asSupplier(now)),
  };
}

describe("paging staff in the Slack staff channel, against the Slack and PagerDuty stand-ins (DT-01/DT-02)", () => {
  let world: SlackWorld;
  let pd: PagerDutyStandIn;
  let dispatcher: OutboxDispatcher;
  let sweeper!: DeadlineSweeper;
  const refOf = (claimId: string) => ({ claimId, orderId: `ord-${claimId}`, buyerId: buyer.id, supplierId: supplier.id });
  const set = (at: string) => world.harness.clock.set(at);

  async function drain(): Promise<void> {
    for (let i = 0; i < 30; i++) {
      const r = await dispatcher.dispatchOnce();
      if (r.fannedOut + r.sent + r.retrying + r.failed === 0) return;
    }
    throw new Error("the outbox did not settle");
  }
  const pageMessages = (claimId: string) =>
    world.slack.messagesIn(STAFF_CHANNEL).filter((m) => String(m.metadata?.event_payload["page_id"] ?? "").startsWith(`${claimId}/`));
  const actionIdsOf = (m: StandInMessage | undefined) => buttonsOf(m).map((b) => decodeButtonValue(b.value)?.actionId);
  const staffChannelCalls = () =>
    world.slack.calls.filter((c) => ["chat.postMessage", "chat.update", "conversations.history"].includes(c.method) && c.args["channel"] === STAFF_CHANNEL);

  /** A staff member clicks a button of the page's message in the staff channel, as Slack sends it. */
  async function clickOnPage(message: StandInMessage, actionId: string, userId = STAFF_SLACK): Promise<void> {
    const button = buttonsOf(message).find((b) => decodeButtonValue(b.value)?.actionId === actionId);
    if (!button) throw new Error(`no ${actionId} on the page message:\n${readable(message)}`);
    const answer = await world.interaction({
      type: "block_actions",
      team: { id: TEAM, domain: "t" },
      user: { id: userId, team_id: TEAM },
      api_app_id: "A0STANDIN",
      trigger_id: nextTrigger(),
      channel: { id: STAFF_CHANNEL },
      container: { type: "message", message_ts: message.ts, channel_id: STAFF_CHANNEL, is_ephemeral: false },
      message: { ts: message.ts, type: "message", text: message.text, blocks: message.blocks },
      actions: [{ type: "button", action_id: button.action_id, block_id: "b", value: button.value, text: button.text, action_ts: "1.1" }],
    });
    expect(answer.status).toBe(200);
  }

  beforeAll(async () => {
    pd = await startPagerDutyStandIn();
    world = await startSlackWorld({
      env: (slack, workspace) => ({
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: workspace.botToken,
        SLACK_BOT_USER_ID: workspace.botUserId,
        SLACK_BOT_ID: workspace.botId,
        SLACK_API_URL: slack.apiUrl,
        SLACK_STAFF_CHANNEL: STAFF_CHANNEL,
      }),
    });
    const { app } = world.harness;
    const notifier = world.channel.staffChannel;
    if (!notifier) throw new Error("SLACK_STAFF_CHANNEL did not configure the staff channel");
    dispatcher = new OutboxDispatcher(app.db, app.clock, domainAggregates(), {
      senders: { slack: world.channel.sender },
      translator: createNoneTranslator(),
      translatorName: "none",
      logger: { warn: () => undefined },
      routes: {
        [PAGERDUTY_OUTBOX_KIND]: pagerDutyRoute({
          client: new PagerDutyEventsClient({ baseUrl: pd.baseUrl, nowMs: () => Date.parse(app.clock.now()) }),
          routingKeys: { default: ROUTING_KEY },
          publicUrl: "https://desk.example.com",
          source: "trade-assurance-bots",
          words: (key, params) => `${key} ${JSON.stringify(params)}`,
        }),
        [STAFF_CHANNEL_OUTBOX_KIND]: staffChannelRoute({
          notifier,
          db: app.db,
          aggregates: domainAggregates(),
          clock: app.clock,
          publicUrl: "https://desk.example.com",
        }),
      },
    });
    // Ana links her Slack account with her one-time code (DM to the bot).
    world.slack.addUser({ id: STAFF_SLACK, teamId: TEAM, name: "ana", realName: "Ana Lima", locale: "en-GB", tz: "Europe/London", tzOffset: 0 });
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    await world.event({
      type: "message",
      channel: world.slack.dmChannelOf(STAFF_SLACK),
      channel_type: "im",
      user: STAFF_SLACK,
      text: CODES.staff,
      ts,
      event_ts: ts,
    });
    // Ben, on the next shift, links his too.
    await seedParty(app, {
      partyId: BEN_ID,
      role: "staff",
      displayName: "Ben Okafor",
      locale: "en-GB",
      calendar: { country: "GB", timeZone: "Europe/London" },
      contact: {},
      staffLevel: 1,
    });
    await seedLinkCode(app, BEN_ID, BEN_CODE);
    world.slack.addUser({ id: BEN_SLACK, teamId: TEAM, name: "ben", realName: "Ben Okafor", locale: "en-GB", tz: "Europe/London", tzOffset: 0 });
    const benTs = `${Math.floor(Date.now() / 1000)}.000778`;
    await world.event({
      type: "message",
      channel: world.slack.dmChannelOf(BEN_SLACK),
      channel_type: "im",
      user: BEN_SLACK,
      text: BEN_CODE,
      ts: benTs,
      event_ts: benTs,
    });
    sweeper = new DeadlineSweeper(app.db, app.clock, createDeadlineHandler(app.runner, domainDeadlineOutcomes({ notifications: commandOutbox })));

    const runner = app.runner;
    set("2026-02-02T09:00:00.000Z");
    await runner.execute(registration(buyer, false));
    await runner.execute(registration(supplier, true));
    await runner.execute(supplierLimit(10_000_000));
    for (const claimId of ["clm-sa", "clm-sb"]) {
      const { orderId } = refOf(claimId);
      set("2026-02-02T09:00:00.000Z");
      await runner.execute(orderAwaitingSupplier(orderId));
      set("2026-02-04T02:00:00.000Z");
      await runner.execute(supplierConfirmation(orderId));
      set("2026-02-05T15:00:00.000Z");
      await runner.execute(depositPayment(orderId));
      set("2026-03-16T10:00:00.000Z");
      await runner.execute(shipment(orderId, "2026-03-16"));
      set("2026-04-20T15:00:00.000Z");
      await runner.execute(receipt(orderId));
      set("2026-04-22T10:00:00.000Z");
      await runner.execute(claimFiling(orderId, claimId));
      await runner.execute(evidenceUpload(claimId, EVIDENCE));
      await runner.execute(rejection(claimId));
    }
  });
  afterAll(async () => {
    await world?.close();
    await pd?.close();
  });

  it("DT-01: escalation → one staff-channel message with Acknowledge, Open case, Take case; Slack ack → PagerDuty acknowledge, message updated; Take case → named; decision → resolve", async () => {
    const claimId = "clm-sa";
    const { app } = world.harness;
    const slackStart = world.slack.calls.length;
    set("2026-04-23T09:00:00.000Z");
    await runCommand(app, escalateClaimSpec({ partyId: buyer.id, kind: "buyer" }, refOf(claimId)));
    await drain();
    const [message] = pageMessages(claimId);
    expect(pageMessages(claimId)).toHaveLength(1);
    expect(message?.metadata).toEqual({ event_type: PAGE_MESSAGE_EVENT_TYPE, event_payload: { page_id: `${claimId}/page/1` } });
    expect(actionIdsOf(message)).toEqual(["staff.acknowledge", "staff.case", "staff.takeCase"]);
    expect(readable(message)).toContain(`https://desk.example.com/staff/cases/${claimId}`);
    expect(pd.events.map((e) => `${e.status} ${e.body.event_action} ${e.body.dedup_key}`)).toEqual([`202 trigger ${claimId}/page/1#1`]);

    // Nobody acknowledged within the round's interval: repeated (the same message, updated; PagerDuty's incident is open already).
    set("2026-04-23T09:15:00.000Z");
    expect((await sweeper.sweep()).fired).toBe(1);
    await drain();
    expect(pageMessages(claimId)).toHaveLength(1);
    expect(readable(pageMessages(claimId)[0])).toMatch(/\*Paged\*\s*2/);
    expect(pd.events).toHaveLength(1);

    // Ana acknowledges in Slack: PagerDuty hears it, the message is updated in place (no second message).
    set("2026-04-23T09:18:00.000Z");
    await clickOnPage(message as StandInMessage, "staff.acknowledge");
    await drain();
    expect(pd.events.map((e) => `${e.status} ${e.body.event_action} ${e.body.dedup_key}`).at(-1)).toBe(`202 acknowledge ${claimId}/page/1#1`);
    expect(pageMessages(claimId)).toHaveLength(1);
    const acked = pageMessages(claimId)[0];
    expect(acked?.edited).toBe(true);
    expect(readable(acked)).toContain("was acknowledged by Ana (Trade Assurance)");
    expect(actionIdsOf(acked)).toEqual(["staff.case", "staff.takeCase"]);
    // Her answer went to her DM, not to the whole channel.
    expect(world.slack.messagesIn(world.slack.dmChannelOf(STAFF_SLACK)).some((m) => readable(m).includes(claimId))).toBe(true);
    expect(world.slack.messagesIn(STAFF_CHANNEL)).toHaveLength(1);

    // Take case: the message names her; the Take case button goes; a second click is a no-op.
    set("2026-04-23T09:20:00.000Z");
    const staleCopy = structuredClone(acked) as StandInMessage; // a second click from a screen not yet refreshed
    await clickOnPage(acked as StandInMessage, "staff.takeCase");
    await drain();
    const taken = pageMessages(claimId)[0];
    expect(readable(taken)).toContain("was taken by Ana (Trade Assurance)");
    expect(actionIdsOf(taken)).toEqual(["staff.case"]);
    await clickOnPage(staleCopy, "staff.takeCase");
    expect((await readEvents(app.db, caseAssignmentStream(claimId))).map((e) => e.type)).toEqual(["CaseTaken"]);
    expect(readable(world.slack.messagesIn(world.slack.dmChannelOf(STAFF_SLACK)).at(-1))).toContain(`Claim ${claimId} is already yours.`);

    // Ben, from the same stale screen, is told who has it and offered an explicit take-over; he takes it over.
    set("2026-04-23T13:00:00.000Z");
    await clickOnPage(staleCopy, "staff.takeCase", BEN_SLACK);
    const told = world.slack.messagesIn(world.slack.dmChannelOf(BEN_SLACK)).at(-1);
    expect(readable(told)).toContain(`Claim ${claimId} was taken by Ana (Trade Assurance)`);
    expect(buttonsOf(told).map((b) => b.text.text)).toEqual(["Take over from Ana (Trade Assurance)"]);
    await clickIn(world, TEAM, BEN_SLACK, "staff.takeCase", { claimId, takeOver: true });
    await drain();
    expect(readable(pageMessages(claimId)[0])).toContain("was taken by Ben Okafor");
    expect((await readEvents(app.db, caseAssignmentStream(claimId))).map((e) => e.data)).toEqual([
      { claimId, staffId: STAFF_ID, via: "slack" },
      { claimId, staffId: BEN_ID, via: "slack", takenOverFrom: STAFF_ID },
    ]);

    // The decision: every incident resolved, the message says so.
    set("2026-04-23T15:00:00.000Z");
    await runCommand(
      app,
      decideClaimSpec({ partyId: BEN_ID, kind: "staff" }, refOf(claimId), {
        outcome: "supplier-not-at-fault",
        reasons: ["Within tolerance"],
        evidenceConsidered: [EVIDENCE],
      }),
    );
    await drain();
    expect(pd.events.map((e) => `${e.status} ${e.body.event_action} ${e.body.dedup_key}`).at(-1)).toBe(`202 resolve ${claimId}/page/1#1`);
    expect(pd.incidents.find((i) => i.dedupKey === `${claimId}/page/1#1`)?.status).toBe("resolved");
    expect(readable(pageMessages(claimId)[0])).toContain("was decided");
    expect(pageMessages(claimId)).toHaveLength(1);

    // One case's timeline, escalation to decision, with what the stand-ins received (for the issue's note).
    const claimEvents = (await readEvents(app.db, claimStream(claimId))).filter(
      (e) => e.type.startsWith("Page") || e.type === "ClaimEscalated" || e.type === "ClaimDecided",
    );
    const assignment = await readEvents(app.db, caseAssignmentStream(claimId));
    const timeline = [...claimEvents, ...assignment]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((e) => {
        const d = e.data as { via?: string; round?: number; notifications?: number; takenOverFrom?: string };
        const details = [
          d.via ? `via ${d.via}` : "",
          d.round ? `round ${d.round}` : "",
          d.notifications ? `notice ${d.notifications}` : "",
          d.takenOverFrom ? `taken over from ${d.takenOverFrom}` : "",
        ].filter(Boolean);
        return `${e.at} ${e.type} by ${e.actor.partyId ?? e.actor.kind}${details.length ? ` (${details.join(", ")})` : ""}`;
      });
    const pagerDuty = pd.events.map((e) => `${e.status} ${e.body.event_action} ${e.body.dedup_key}`);
    const slackCalls = world.slack.calls
      .slice(slackStart)
      .filter((c) => c.method.startsWith("chat.") || c.method === "conversations.history")
      .map(
        (c) =>
          `${c.method} ${String(c.args["channel"])}${c.args["ts"] ? ` ts=${String(c.args["ts"])}` : ""} ${c.error ?? "ok"}: ${String(c.args["text"] ?? "").slice(0, 90)}`,
      );
    console.info(["CASE TIMELINE (clm-sa)", ...timeline, "PAGERDUTY STAND-IN RECEIVED", ...pagerDuty, "SLACK STAND-IN RECEIVED", ...slackCalls].join("\n"));
  });

  it("DT-01: killed between chat.postMessage and recording the ts → the retry finds the message by its metadata and does not post twice", async () => {
    const claimId = "clm-sb";
    const { app } = world.harness;
    set("2026-04-24T09:00:00.000Z");
    await runCommand(app, escalateClaimSpec({ partyId: buyer.id, kind: "buyer" }, refOf(claimId)));
    await drain();
    const posted = pageMessages(claimId);
    expect(posted).toHaveLength(1);
    const pageId = `${claimId}/page/1`;
    // The crash: the post went out, but neither the message reference nor the delivery's "sent" mark committed.
    const delivery = await app.db.prisma.delivery.findFirstOrThrow({ where: { channel: "slack-staff", externalUserId: pageId } });
    await app.db.prisma.staffChannelMessage.delete({ where: { pageId } });
    await app.db.prisma.delivery.update({ where: { id: delivery.id }, data: { status: "pending", sentAt: null, nextAttemptAt: new Date(app.clock.now()) } });
    const before = staffChannelCalls().length;
    await drain();
    const retried = staffChannelCalls().slice(before);
    expect(retried.map((c) => c.method)).toEqual(["conversations.history", "chat.update"]);
    expect(retried[0]?.args).toMatchObject({ include_all_metadata: "true" });
    expect(pageMessages(claimId)).toHaveLength(1);
    expect(await app.db.prisma.staffChannelMessage.findUnique({ where: { pageId } })).toMatchObject({ channel: STAFF_CHANNEL, messageRef: posted[0]?.ts });
    expect(await app.db.prisma.delivery.findUnique({ where: { id: delivery.id } })).toMatchObject({ status: "sent", attempts: 2 });
    // Later moves of the page update that one message.
    set("2026-04-24T09:10:00.000Z");
    await clickOnPage(pageMessages(claimId)[0] as StandInMessage, "staff.acknowledge");
    await drain();
    expect(pageMessages(claimId)).toHaveLength(1);
    expect(actionIdsOf(pageMessages(claimId)[0])).toEqual(["staff.case", "staff.takeCase"]);
  });
  it("DT-01: the console's case view says who has the case, offers Take case until it is taken, and shows the take on the timeline", async () => {
    const claimId = "clm-sb"; // acknowledged by Ana in Slack above, not taken
    const { app } = world.harness;
    await app.runner.execute({
      name: "test.linkWebChat",
      streams: [partyStream(STAFF_ID)],
      decide: (s, now) =>
        linkIdentity(s.require<PartyState>(partyStream(STAFF_ID)), { channel: WEBCHAT_CHANNEL, externalUserId: "web-ana" }, { now, actor: { kind: "system" } }),
    });
    const signer = new SessionSigner("console-test-secret-0123456789-abcdef");
    const host = await createHttpHost({
      logger: pino({ level: "silent" }),
      readiness: () => Promise.resolve({ ready: true, database: "ok", pendingMigrations: [] }),
    });
    host.routes.plugin((http) => registerStaffRoutes(http, { app, signer, renderer: new DisplayRenderer(createTranslator()) }));
    type CaseView = { assignment: { text: string }; actions: { actionId: string; label: string }[]; timeline: { type: string; actor: string }[] };
    const caseView = async (): Promise<CaseView> => {
      const res = await host.fastify.inject({
        method: "GET",
        url: `/staff/api/cases/${claimId}?lang=en`,
        headers: { authorization: `Bearer ${signer.issue("web-ana")}` },
      });
      expect(res.statusCode).toBe(200);
      return res.json<CaseView>();
    };
    try {
      const before = await caseView();
      expect(before.assignment.text).toBe("Nobody has taken this case yet.");
      expect(before.actions[0]).toMatchObject({ actionId: "staff.takeCase", label: "Take case" });
      set("2026-04-24T09:30:00.000Z");
      await runCommand(app, takeCaseSpec({ partyId: STAFF_ID, kind: "staff" }, claimId, { via: "console" }));
      const after = await caseView();
      expect(after.assignment.text).toMatch(/^Taken by Ana \(Trade Assurance\) \(.+\)$/);
      expect(after.actions.map((a) => a.actionId)).not.toContain("staff.takeCase");
      expect(after.timeline.at(-1)).toEqual(expect.objectContaining({ type: "Case taken", actor: "Ana (Trade Assurance)" }));
    } finally {
      await host.fastify.close();
    }
  });
});
