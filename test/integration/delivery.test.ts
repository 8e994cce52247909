/**
 * Delivery through the outbox (architecture step 5): commands write notifications; the dispatcher
 * fans each out to every channel its recipient has linked (CM-05), translates party messages for the
 * reader (CM-01, cached in the database, the original kept: CM-02), retries on 429/5xx honouring
 * Retry-After, and records permanent failures for staff.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/adapters/clock/clock.js";
import { domainAggregates } from "../../src/adapters/db/aggregates.js";
import type { Database } from "../../src/adapters/db/database.js";
import { enqueueOutbox } from "../../src/adapters/db/outbox.js";
import { CommandRunner, type CommandSpec } from "../../src/adapters/db/unit-of-work.js";
import { createDeadlineHandler } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../src/adapters/scheduler/deadline-sweeper.js";
import {
  DeliveryError,
  deliveryErrorOfHttpStatus,
  failedDeliveries,
  notificationsOf,
  OutboxDispatcher,
  PrismaTranslationCache,
} from "../../src/adapters/delivery/index.js";
import { InMemoryChannelSender } from "../support/in-memory-sender.js";
import { sendMessage } from "../../src/domain/messages/message.js";
import { orderStream } from "../../src/domain/orders/order-events.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { linkIdentity, registerParty } from "../../src/domain/parties/party-commands.js";
import { partyStream } from "../../src/domain/parties/party-events.js";
import type { PartyState } from "../../src/domain/parties/party.js";
import { startGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { BACKENDS } from "./support/backends.js";
import { buyer, depositPayment, orderAwaitingSupplier, registration, shipment, supplier, supplierConfirmation, supplierLimit } from "./support/orders.js";
import { productionTranslator, recordingLogger } from "./translate-fixtures.js";

const START = "2026-02-04T02:00:00.000Z";
const STAFF_ID = "staff-9";
const SHIPPED_ZH = "货物已于3月5日发运，跟踪号 SF1234567890";
const SHIPPED_EN = "The goods were shipped on March 5, tracking number SF1234567890";

function linking(partyId: string, channel: string, externalUserId: string): CommandSpec {
  return {
    name: "party.linkIdentity",
    streams: [partyStream(partyId)],
    decide: (s, now) => linkIdentity(s.require<PartyState>(partyStream(partyId)), { channel, externalUserId }, { now, actor: { kind: "system" } }),
  };
}

function staffRegistration(): CommandSpec {
  return {
    name: "party.register",
    streams: [partyStream(STAFF_ID)],
    decide: (_s, now) =>
      registerParty(
        undefined,
        { partyId: STAFF_ID, role: "staff", displayName: "Case desk", locale: "en-GB", calendar: { country: "GB", timeZone: "Europe/London" }, contact: {} },
        { now, actor: { kind: "system" } },
      ),
  };
}

/** A case message on the order's thread, with the notifications hook the app layer uses. */
function caseMessage(orderId: string, messageId: string, from: "buyer" | "supplier", text: string, language: string): CommandSpec {
  return {
    name: "message.send",
    streams: [orderStream(orderId)],
    decide: (s, now) => {
      const order = s.require<OrderState>(orderStream(orderId));
      const partyId = from === "buyer" ? order.buyer.id : order.supplier.id;
      return sendMessage(
        { buyerId: order.buyer.id, supplierId: order.supplier.id },
        { messageId, subject: { type: "order", id: orderId }, text, language },
        { now, actor: { kind: from, partyId } },
      );
    },
    notifications: notificationsOf,
  };
}

describe.each(BACKENDS)("delivery on $backend", (backendUnderTest) => {
  let db: Database;
  let runner: CommandRunner;
  let standIn: GoogleTranslateStandIn;
  const clock = new ManualClock(START);
  const slack = new InMemoryChannelSender();
  const teams = new InMemoryChannelSender();
  const logger = recordingLogger();
  let dispatcher: OutboxDispatcher;
  let orderCount = 0;

  function dispatcherWith(translateTimeoutMs: number): OutboxDispatcher {
    return new OutboxDispatcher(db, clock, domainAggregates(), {
      senders: { slack, teams },
      translator: productionTranslator(standIn, { timeoutMs: translateTimeoutMs, cache: new PrismaTranslationCache(db, clock, "google-v2"), logger }),
      translatorName: "google-v2",
      translateTimeoutMs,
      logger,
      retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    });
  }

  /** A new order awaiting the supplier (the parties and their channels exist once). */
  async function newOrder(): Promise<string> {
    const orderId = `ord-d${++orderCount}`;
    await runner.execute(orderAwaitingSupplier(orderId));
    return orderId;
  }

  beforeAll(async () => {
    db = await backendUnderTest.open();
    await db.sql.exec(`TRUNCATE "deliveries"`);
    standIn = await startGoogleTranslateStandIn();
    runner = new CommandRunner(db, domainAggregates(), clock, { retryJitterMs: 1 });
    await runner.execute(registration(buyer, false));
    await runner.execute(registration(supplier, true));
    await runner.execute(staffRegistration());
    await runner.execute(supplierLimit(1_000_000));
    await runner.execute(linking(buyer.id, "slack", "U-BUYER"));
    await runner.execute(linking(buyer.id, "teams", "29:buyer"));
    await runner.execute(linking(supplier.id, "slack", "U-SUPPLIER"));
    await runner.execute(linking(STAFF_ID, "slack", "U-STAFF"));
    dispatcher = dispatcherWith(500);
  });
  afterAll(async () => {
    await standIn.close();
    await db.close();
  });
  beforeEach(async () => {
    await dispatcher.dispatchOnce(); // nothing left over from an earlier test
    slack.clear();
    teams.clear();
    standIn.reset();
  });

  it("CM-05: a notification to a party linked on two channels is delivered once on each, and never again", async () => {
    const orderId = await newOrder();
    await runner.execute({ ...supplierConfirmation(orderId), notifications: notificationsOf });

    const report = await dispatcher.dispatchOnce();
    expect(report).toMatchObject({ sent: 3, retrying: 0, failed: 0 });
    const confirmed = (sent: readonly { message: { text?: { key: string }; subject?: { id: string } } }[]) =>
      sent.filter((s) => s.message.text?.key === "order:confirmedByBoth" && s.message.subject?.id === orderId);
    expect(confirmed(slack.sentTo("U-BUYER"))).toHaveLength(1);
    expect(confirmed(teams.sentTo("29:buyer"))).toHaveLength(1);
    expect(confirmed(slack.sentTo("U-SUPPLIER"))).toHaveLength(1);
    expect(teams.sentTo("29:buyer")[0]?.identity).toMatchObject({ partyId: buyer.id, locale: "en-US", timeZone: "America/New_York" });

    await dispatcher.dispatchOnce();
    clock.advance(10 * 60_000);
    expect(await dispatcher.dispatchOnce()).toEqual({ fannedOut: 0, sent: 0, retrying: 0, failed: 0 });
    expect(slack.sent.length + teams.sent.length).toBe(3);
  });

  it("a resend after a crash between send and mark carries the same idempotency key, so the channel drops it", async () => {
    const orderId = await newOrder();
    await runner.execute(caseMessage(orderId, `${orderId}-m1`, "buyer", "Thank you", "en"));
    await dispatcher.dispatchOnce();
    const delivered = slack.sentTo("U-SUPPLIER");
    expect(delivered).toHaveLength(1);
    // Simulate the crash: the row is put back to pending as if the "sent" mark never committed.
    const id = delivered[0]?.idempotencyKey ?? "";
    await db.prisma.delivery.update({ where: { id }, data: { status: "pending", nextAttemptAt: clock.now() } });
    await dispatcher.dispatchOnce();
    expect(slack.attempts.filter((a) => a.idempotencyKey === id)).toHaveLength(2);
    expect(slack.sentTo("U-SUPPLIER")).toHaveLength(1);
  });

  it("a 429 with Retry-After is retried only once that time has passed, with backoff otherwise", async () => {
    expect(deliveryErrorOfHttpStatus(429, "30", 0)).toMatchObject({ permanent: false, retryAfterMs: 30_000 });
    expect(deliveryErrorOfHttpStatus(503, null, 0)).toMatchObject({ permanent: false });
    expect(deliveryErrorOfHttpStatus(404, null, 0)).toMatchObject({ permanent: true });

    const orderId = await newOrder();
    await runner.execute(caseMessage(orderId, `${orderId}-m1`, "buyer", "Thank you", "en"));
    slack.failNext(deliveryErrorOfHttpStatus(429, "30", Date.parse(clock.now())));
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 0, retrying: 1 });

    clock.advance(29_000);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 0, retrying: 0 });
    expect(slack.attempts).toHaveLength(1);

    clock.advance(1_000);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 1 });
    expect(slack.sentTo("U-SUPPLIER")).toHaveLength(1);
    expect(slack.sentTo("U-SUPPLIER")[0]?.attempt).toBe(2);

    // Without Retry-After: exponential backoff (1 s, then 2 s).
    await runner.execute(caseMessage(orderId, `${orderId}-m2`, "buyer", "Thank you", "en"));
    slack.failNext(new DeliveryError("HTTP 503", { permanent: false, status: 503 }), 2);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ retrying: 1 });
    clock.advance(1_000);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ retrying: 1 });
    clock.advance(1_999);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 0, retrying: 0 });
    clock.advance(1);
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 1 });
  });

  it("a permanent failure is recorded, listed for staff, and staff are told", async () => {
    const orderId = await newOrder();
    await runner.execute(caseMessage(orderId, `${orderId}-m1`, "buyer", "Thank you", "en"));
    slack.failNext(deliveryErrorOfHttpStatus(404, null, 0, "user_not_found"));
    expect(await dispatcher.dispatchOnce()).toMatchObject({ sent: 0, failed: 1 });

    const failed = await failedDeliveries(db);
    expect(failed[0]).toMatchObject({
      kind: "notification",
      subject: { type: "order", id: orderId },
      partyId: supplier.id,
      channel: "slack",
      externalUserId: "U-SUPPLIER",
      attempts: 1,
      lastError: "DeliveryError: channel answered HTTP 404: user_not_found",
    });

    await dispatcher.dispatchOnce();
    const toStaff = slack.sentTo("U-STAFF");
    expect(toStaff.map((s) => s.message.text)).toEqual([{ key: "staff:deliveryFailed", params: { recipient: supplier.displayName, channel: "slack" } }]);
  });

  it("CM-01: a supplier's Chinese message reaches the English buyer translated and marked, the original kept (CM-02)", async () => {
    const orderId = await newOrder();
    const messageId = `${orderId}-zh`;
    await runner.execute(caseMessage(orderId, messageId, "supplier", SHIPPED_ZH, "zh-CN"));
    await dispatcher.dispatchOnce();

    for (const delivered of [...slack.sentTo("U-BUYER"), ...teams.sentTo("29:buyer")]) {
      expect(delivered.message.personText).toEqual({
        messageId,
        senderPartyId: supplier.id,
        senderName: supplier.displayName,
        original: SHIPPED_ZH,
        originalLanguage: "zh-CN",
        shown: SHIPPED_EN,
        shownLanguage: "en",
        machineTranslated: true,
      });
      expect(delivered.message.text).toEqual({ key: "common:notify.messageFrom.supplier", params: { orderId } });
    }
    // Two channels, one translation: the second came from the database cache.
    expect(standIn.translateRequests()).toHaveLength(1);
    expect(await db.prisma.translationCache.count()).toBeGreaterThan(0);

    const kept = await db.prisma.message.findUnique({ where: { id: messageId }, include: { translations: true } });
    expect(kept).toMatchObject({ body: SHIPPED_ZH, language: "zh-CN", authorPartyId: supplier.id, subjectType: "order", subjectId: orderId });
    expect(kept?.translations).toMatchObject([{ language: "en", text: SHIPPED_EN, provider: "google-v2", failed: false }]);
  });

  it("CM-01: during a translator outage the original goes out at once, marked, and nothing waits", async () => {
    const orderId = await newOrder();
    const messageId = `${orderId}-outage`;
    await runner.execute(caseMessage(orderId, messageId, "supplier", "这不是我们订购的货物。", "zh-CN"));
    standIn.behave({ kind: "hang" });

    const started = performance.now();
    const report = await dispatcher.dispatchOnce();
    const elapsedMs = performance.now() - started;

    expect(report).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    expect(elapsedMs).toBeLessThan(2 * 500 + 1_500); // two readers' translations, each cut off at the 500 ms timeout
    expect(slack.sentTo("U-BUYER")[0]?.message.personText).toMatchObject({
      original: "这不是我们订购的货物。",
      shown: "这不是我们订购的货物。",
      machineTranslated: false,
      translationFailed: true,
    });
    const kept = await db.prisma.messageTranslation.findUnique({ where: { messageId_language: { messageId, language: "en" } } });
    expect(kept).toMatchObject({ failed: true, text: "这不是我们订购的货物。" });
    expect(logger.warnings.some((w) => w.message.includes("translation failed"))).toBe(true);
  });

  it("CL-10: a reminder row fired by the scheduler reaches the buyer on every channel, with the business days left", async () => {
    const orderId = await newOrder();
    await runner.execute(supplierConfirmation(orderId));
    await runner.execute(depositPayment(orderId));
    clock.set("2026-03-16T10:00:00.000Z");
    await runner.execute(shipment(orderId, "2026-03-16"));
    const first = await db.prisma.scheduledDeadline.findFirst({ where: { streamId: orderId, action: "reminder" }, orderBy: { fireAt: "asc" } });
    if (!first) throw new Error("no reminder row for the claim window");

    clock.set(first.fireAt.toISOString());
    await new DeadlineSweeper(db, clock, createDeadlineHandler(runner, {})).sweep();
    await dispatcher.dispatchOnce();

    const reminders = [...slack.sentTo("U-BUYER"), ...teams.sentTo("29:buyer")].map((s) => s.message);
    expect(reminders.map((m) => m.text)).toEqual([
      { key: "order:notify.reminder.claim-window", params: { orderId, count: 3, dueAt: { instant: first.dueAt.toISOString() } } },
      { key: "order:notify.reminder.claim-window", params: { orderId, count: 3, dueAt: { instant: first.dueAt.toISOString() } } },
    ]);
    expect(reminders[0]?.deadline?.dueAt).toBe(first.dueAt.toISOString());
    expect(slack.sentTo("U-SUPPLIER")).toEqual([]);
  });

  it("issue 15: a row that cannot be fanned out is backed off alone; the rows of its batch before and after it go out in the same pass", async () => {
    // A routed kind whose destination throws for one payload: the batch it is in rolls back and its rows go one by one.
    const boomRoute = {
      channel: "test-route",
      destination: (payload: unknown) => {
        if ((payload as { boom?: boolean }).boom) throw new Error("no destination for this payload");
        return "somewhere";
      },
      send: () => Promise.resolve(),
    };
    const batched = new OutboxDispatcher(db, clock, domainAggregates(), {
      senders: { slack, teams },
      routes: { "test.routed": boomRoute },
      translator: productionTranslator(standIn, { timeoutMs: 500, cache: new PrismaTranslationCache(db, clock, "google-v2"), logger }),
      translatorName: "google-v2",
      logger,
    });
    const orderId = await newOrder();
    await batched.dispatchOnce();
    slack.clear();
    teams.clear();
    await runner.execute(caseMessage(orderId, `${orderId}-before`, "supplier", "Shipped today.", "en-GB"));
    await db.prisma.$transaction((tx) => enqueueOutbox(tx, [{ kind: "test.routed", payload: { boom: true } }], clock.now()));
    await runner.execute(caseMessage(orderId, `${orderId}-after`, "supplier", "Tracking number follows.", "en-GB"));
    const broken = await db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "test.routed" }, orderBy: { id: "desc" } });

    const report = await batched.dispatchOnce();

    expect(slack.sentTo("U-BUYER").map((s) => s.message.personText?.original)).toEqual(["Shipped today.", "Tracking number follows."]);
    expect(report.fannedOut).toBe(3);
    const backedOff = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: broken.id } });
    expect(backedOff).toMatchObject({ deliveredAt: null, attempts: 1, lastError: "Error: no destination for this payload" });
    expect(backedOff.availableAt.getTime()).toBeGreaterThan(Date.parse(clock.now()));
    await db.prisma.outboxMessage.update({ where: { id: broken.id }, data: { deliveredAt: new Date(clock.now()) } }); // not in later tests' way
  });
});
