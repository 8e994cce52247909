/**
 * Teams delivery against the stand-in connector: a platform retry of the same activity has one effect;
 * connector 429 bursts still deliver every message exactly once, paced under Teams' per-conversation
 * limits; a blocked conversation is a permanent failure staff see; a restarted process delivers
 * proactively through the stored conversation reference; a resumed delivery is not sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedDeliveries } from "../../src/adapters/delivery/failed-deliveries.js";
import { conversationRefSchema } from "../../src/bots/conversation/messages.js";
import { ANNA, BUYER_ID, CODES, seedBerlinAndShenzhen, START, SUPPLIER_WEB, supplierTurn, TERMS } from "../support/teams-fixtures.js";
import { TeamsPerson } from "../support/teams-person.js";
import { createTeamsWorld, type TeamsWorld } from "../support/teams-world.js";

let world: TeamsWorld;
let anna: TeamsPerson;
let orderId = "";

const orderRequest = (values: Record<string, string>) => ({
  tab: 1,
  actionId: "order.request",
  formId: "order.request",
  payload: {},
  ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`field.${k}`, v])),
});

/** Delivers until nothing is left, moving the clock past each Retry-After (at most `rounds` times). */
async function deliverEverything(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await world.deliverAll();
    const pending = await world.app.db.prisma.delivery.count({ where: { status: "pending" } });
    if (pending === 0) return;
    world.clock.advance(5_000);
  }
  throw new Error("deliveries still pending");
}

async function annaDeliveries(): Promise<{ id: string; status: string; attempts: number }[]> {
  return world.app.db.prisma.delivery.findMany({ where: { channel: "teams", externalUserId: ANNA.id }, select: { id: true, status: true, attempts: true } });
}

beforeAll(async () => {
  world = await createTeamsWorld({ start: START });
  await seedBerlinAndShenzhen(world);
  anna = new TeamsPerson(world, ANNA);
  await anna.says(CODES.buyer);
  await supplierTurn(world, { kind: "text", text: CODES.supplier });
});

afterAll(async () => {
  await world?.close();
});

describe("Teams delivery", { timeout: 120_000 }, () => {
  it("the same activity delivered twice (a channel retry) has one effect and one reply", async () => {
    const activity = world.client.submit(ANNA, "1:unknown-card", orderRequest(TERMS));
    const before = anna.received().length;
    const first = await world.client.post(activity);
    const second = await world.client.post(activity);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await world.app.db.prisma.order.count()).toBe(1);
    const replies = anna.received().slice(before);
    expect(replies).toHaveLength(1);
    orderId = /PO-\d+/.exec(anna.textsSince(before).join("\n"))?.[0] ?? "";
    expect(orderId).not.toBe("");
    // The reference of Anna's chat is stored on her linked identity for proactive messages.
    const identity = await world.app.db.prisma.channelIdentity.findUnique({ where: { channel_externalUserId: { channel: "teams", externalUserId: ANNA.id } } });
    expect(conversationRefSchema.parse(identity?.conversationRef)).toEqual({
      channel: "teams",
      conversationId: ANNA.conversationId,
      serviceUrl: world.connector.serviceUrl,
    });
    await world.deliverAll();
    await supplierTurn(world, { kind: "action", actionId: "order.draftTerms", payload: { orderId } });
    await supplierTurn(world, { kind: "form", formId: "order.draftTerms", values: {}, files: [] });
    // CM-06: what the supplier types reaches the buyer only inside the order's thread, entered explicitly.
    const entered = await supplierTurn(world, { kind: "action", actionId: "common.enterThread", payload: { orderId } });
    expect(entered[0]?.text?.key).toBe("conversation:thread.entered.toBuyer");
  });

  it("CM-05: a burst of 12 messages while the connector answers 429 five times — each delivered exactly once, paced", async () => {
    await deliverEverything();
    const sentBefore = anna.received().length;
    const deliveriesBefore = new Set((await annaDeliveries()).map((d) => d.id));
    world.connector.failNext(5, { status: 429, retryAfterSeconds: 1 });
    const attemptsBefore = world.connector.attempts.length;
    const started = performance.now();
    for (let i = 1; i <= 12; i++) await world.webchatSays(SUPPLIER_WEB.id, { kind: "text", text: `消息 ${i}` }, SUPPLIER_WEB.locale, SUPPLIER_WEB.timeZone);
    await deliverEverything();
    const elapsedMs = performance.now() - started;

    const fresh = (await annaDeliveries()).filter((d) => !deliveriesBefore.has(d.id));
    expect(fresh).toHaveLength(12);
    expect(fresh.every((d) => d.status === "sent")).toBe(true);
    const delivered = anna.received().slice(sentBefore);
    expect(delivered).toHaveLength(12);
    // Each delivery id went out once, as the activity id.
    expect(new Set(delivered.map((a) => a.activity["id"]))).toEqual(new Set(fresh.map((d) => d.id)));
    // Every message once, in the buyer's language context.
    const texts = anna.textsSince(sentBefore).join("\n");
    const occurrences = Array.from({ length: 12 }, (_, i) => (texts.match(new RegExp(`消息 ${i + 1}(?!\\d)`, "g")) ?? []).length);
    expect(occurrences).toEqual(Array(12).fill(1));
    const attempts = world.connector.attempts.slice(attemptsBefore);
    expect(attempts.filter((a) => a.status === 429)).toHaveLength(5);
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(12);
    // Every 429 came back to the outbox, which tried again after the Retry-After: 12 + 5 attempts.
    const outboxAttempts = fresh.reduce((n, d) => n + d.attempts, 0);
    expect(outboxAttempts).toBe(17);
    // Teams' limit: never more than 7 accepted sends into one conversation within a second.
    const accepted = attempts.filter((a) => a.status === 201).map((a) => a.at);
    for (const t of accepted) expect(accepted.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(7);
    console.info(
      `429 burst: 12 messages, 5 throttled answers, ${attempts.length} connector calls, ${outboxAttempts} outbox attempts, ${Math.round(elapsedMs)} ms`,
    );
  });

  it("a command of the manifest's list, typed in German, runs its action", async () => {
    const before = anna.received().length;
    await anna.says("Meine Bestellungen");
    expect(anna.textsSince(before).join("\n")).toContain(orderId);
  });

  it("a resumed delivery (same delivery id) is not sent twice", async () => {
    const identity = { channel: "teams", externalUserId: ANNA.id, partyId: BUYER_ID, locale: "de-DE", timeZone: "Europe/Berlin" };
    const ref = { channel: "teams", conversationId: ANNA.conversationId, serviceUrl: world.connector.serviceUrl };
    const message = { text: { key: "common:nothingToDoNow" } };
    const before = anna.received().length;
    await world.channel.sender.send(identity, ref, message, { idempotencyKey: "delivery-resumed-1", attempt: 1 });
    await world.channel.sender.send(identity, ref, message, { idempotencyKey: "delivery-resumed-1", attempt: 2 });
    expect(
      anna
        .received()
        .slice(before)
        .map((a) => a.activity["id"]),
    ).toEqual(["delivery-resumed-1"]);
  });

  it("proactive delivery after a restart uses the stored reference", async () => {
    await world.restart();
    const before = anna.received().length;
    await supplierTurn(world, { kind: "text", text: "重启之后的消息" });
    const after = anna.received().slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]?.conversationId).toBe(ANNA.conversationId);
    expect(anna.textsSince(before).join("\n")).toContain("重启之后的消息");
  });

  it("403 ConversationBlockedByUser is permanent: one attempt, recorded for staff", async () => {
    world.connector.block(ANNA.conversationId, "ConversationBlockedByUser");
    const deliveriesBefore = new Set((await annaDeliveries()).map((d) => d.id));
    await supplierTurn(world, { kind: "text", text: "你还在吗？" });
    const fresh = (await annaDeliveries()).filter((d) => !deliveriesBefore.has(d.id));
    expect(fresh.map((d) => [d.status, d.attempts])).toEqual([["failed", 1]]);
    const failed = await failedDeliveries(world.app.db);
    expect(failed.find((f) => f.deliveryId === fresh[0]?.id)?.lastError).toContain("ConversationBlockedByUser");
  });
});
