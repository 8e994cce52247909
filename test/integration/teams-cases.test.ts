/**
 * Teams cards and case places against the Bot Connector stand-in (issue 13):
 * - a newer message about a case makes the older cards about it stale in place (PUT …/activities/{id})
 *   with "no longer available — <what changed>" in the reader's language; a card's Universal Actions
 *   refresh answers with its current version;
 * - in the personal chat (flat in Teams) every message about a case names it in a header; in a Teams
 *   channel each order gets its own reply chain, and writing in it reaches the counterparty (CM-06);
 * - the crash window between the connector's accept and our record: a delivery resumed inside it is
 *   sent again saying it may be a repeat; one the connector refused (429) is sent again plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TeamsUser } from "../support/standins/botframework/teams-client.js";
import { ANNA, BUYER_ID, CODES, seedBerlinAndShenzhen, START, SUPPLIER_WEB, supplierTurn, TERMS } from "../support/teams-fixtures.js";
import { cardTexts, TeamsPerson, type CardJson } from "../support/teams-person.js";
import { createTeamsWorld, type TeamsWorld } from "../support/teams-world.js";

let world: TeamsWorld;
let anna: TeamsPerson;
let orderId = "";

/** Delivers until nothing is left, moving the clock past each retry (at most `rounds` times). */
async function deliverEverything(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await world.deliverAll();
    const pending = await world.app.db.prisma.delivery.count({ where: { status: "pending" } });
    if (pending === 0) return;
    world.clock.advance(60_000);
  }
  throw new Error("deliveries still pending");
}

const cardOfActivity = (activity: Record<string, unknown>): CardJson | undefined =>
  (activity["attachments"] as { contentType: string; content: unknown }[] | undefined)?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")
    ?.content as CardJson | undefined;

beforeAll(async () => {
  world = await createTeamsWorld({ start: START });
  await seedBerlinAndShenzhen(world);
  anna = new TeamsPerson(world, ANNA);
  await anna.says(CODES.buyer);
  await supplierTurn(world, { kind: "text", text: CODES.supplier });
  await anna.press("common.whatNow", {}, "execute");
  await anna.press("order.request");
  const before = anna.received().length;
  await anna.fill("order.request", TERMS);
  await world.deliverAll();
  orderId = /PO-\d+/.exec(anna.textsSince(before).join("\n"))?.[0] ?? "";
  await supplierTurn(world, { kind: "action", actionId: "order.draftTerms", payload: { orderId } });
  await supplierTurn(world, { kind: "form", formId: "order.draftTerms", values: {}, files: [] });
});

afterAll(async () => {
  await world?.close();
});

describe("Teams cards about a case", { timeout: 120_000 }, () => {
  it("CM-06: in the 1:1 chat (no threads in Teams) a message about an order names it in its header", () => {
    expect(orderId).toMatch(/^PO-\d+$/);
    const review = anna.findAction("order.view", { orderId, version: 2 });
    const card = anna.cards().find((c) => c.received.id === review.received.id)?.card as CardJson;
    expect(cardTexts(card)[0]).toBe(`Bestellung ${orderId}`);
  });

  it("CM-03 / CM-06: a newer message about the order makes the older card stale in place — no longer available, what changed, in German", async () => {
    const review = anna.findAction("order.view", { orderId, version: 2 });
    const updatesBefore = world.connector.updates.length;
    await supplierTurn(world, { kind: "action", actionId: "common.enterThread", payload: { orderId } });
    await supplierTurn(world, { kind: "text", text: "请确认订单" });
    const updates = world.connector.updates.slice(updatesBefore);
    const update = updates.find((u) => u.targetActivityId === review.received.id);
    expect(update?.conversationId).toBe(ANNA.conversationId);
    const stale = cardOfActivity(update?.activity ?? {}) as CardJson;
    expect(stale.actions).toBeUndefined();
    expect(stale["refresh"]).toBeUndefined();
    expect(cardTexts(stale)[0]).toBe(`Bestellung ${orderId}`);
    // What changed: the supplier wrote about the order (the newer card's first line, in German).
    expect(cardTexts(stale).at(-1)).toBe("Nicht mehr verfügbar — Nachricht vom Lieferanten");
    // Anna can no longer press what the case moved past: her review card has no buttons now.
    expect(() => anna.findAction("order.view", { orderId, version: 2 })).toThrow();
    // The stored card is the stale one; it is never made stale twice.
    const row = await world.app.db.prisma.teamsSentActivity.findUnique({
      where: { conversationId_activityId: { conversationId: ANNA.conversationId, activityId: review.received.id } },
    });
    expect(row?.actionable).toBe(false);
  });

  it("CM-03: the note names what changed — the newer message's first sentence, in the reader's language", async () => {
    // The manifest's command, typed: the old cards' buttons are gone.
    await anna.says("hilfe");
    await anna.press("order.view", { orderId });
    const open = anna.findAction("order.confirmAsBuyer", { orderId, version: 2 });
    const updatesBefore = world.connector.updates.length;
    // The supplier writes in the order's thread: the newer message about it reaches Anna.
    await supplierTurn(world, { kind: "text", text: "价格不变" });
    const update = world.connector.updates.slice(updatesBefore).find((u) => u.targetActivityId === open.received.id);
    const note = cardTexts(cardOfActivity(update?.activity ?? {}) as CardJson).at(-1) ?? "";
    const newest = anna.cards().at(-1)?.card as CardJson;
    const change = cardTexts(newest)[1] ?? "";
    expect(change.length).toBeGreaterThan(0);
    expect(note).toBe(`Nicht mehr verfügbar — ${change.split("\n")[0]}`);
  });

  it("CM-06: an update the connector fails leaves the old card actionable and logged; the next message about the case makes it stale", async () => {
    await anna.says("hilfe");
    await anna.press("order.view", { orderId });
    const open = anna.findAction("order.confirmAsBuyer", { orderId, version: 2 });
    world.connector.failNextUpdates(1, 500);
    await supplierTurn(world, { kind: "text", text: "还在吗" });
    expect(world.logs.some((l) => l.msg === "Teams: a superseded card could not be updated in place")).toBe(true);
    const row = () =>
      world.app.db.prisma.teamsSentActivity.findUnique({
        where: { conversationId_activityId: { conversationId: ANNA.conversationId, activityId: open.received.id } },
      });
    expect((await row())?.actionable).toBe(true);
    await supplierTurn(world, { kind: "text", text: "请回复" });
    expect((await row())?.actionable).toBe(false);
    expect(() => anna.findAction("order.confirmAsBuyer", { orderId, version: 2 })).toThrow();
  });

  it("Universal Actions: an actionable card names its reader for refresh; the refresh answers with the card as it stands, stale or current, and runs nothing", async () => {
    await anna.says("hilfe");
    const current = anna
      .cards()
      .filter((c) => c.card["refresh"] !== undefined)
      .at(-1) as { received: { id: string }; card: CardJson };
    const refresh = current.card["refresh"] as { action: { verb: string; data: Record<string, unknown> }; userIds: string[] };
    expect(refresh.userIds).toEqual([ANNA.id]);
    const sentBefore = anna.received().length;
    const answer = await world.client.post(world.client.refresh(ANNA, current.received.id, refresh.action.verb, refresh.action.data));
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: { actions: current.card.actions } });
    // An old card's refresh gets its stale version.
    const staleOne = world.connector.updates.at(-1);
    const old = await world.client.post(world.client.refresh(ANNA, staleOne?.targetActivityId ?? "", refresh.action.verb, refresh.action.data));
    const oldCard = (old.json() as { value: CardJson }).value;
    expect(oldCard.actions).toBeUndefined();
    expect(anna.received().length).toBe(sentBefore);
  });
});

describe("Teams crash window between the connector's accept and the record", { timeout: 120_000 }, () => {
  const identity = { channel: "teams", externalUserId: ANNA.id, partyId: BUYER_ID, locale: "de-DE", timeZone: "Europe/Berlin" };
  const ref = () => ({ channel: "teams", conversationId: ANNA.conversationId, serviceUrl: world.connector.serviceUrl });
  const message = { text: { key: "common:nothingToDoNow" } };

  it("CM-05: accepted then the answer lost (a crash) — the resumed delivery, after a restart, is sent once more saying it may be a repeat, then never again", async () => {
    const before = anna.received().length;
    world.connector.failNext(1, { status: 201, acceptThenDrop: true });
    await expect(world.channel.sender.send(identity, ref(), message, { idempotencyKey: "delivery-crash-1", attempt: 1 })).rejects.toMatchObject({
      permanent: false,
    });
    expect(anna.received().length).toBe(before + 1);
    expect(await world.app.db.prisma.teamsPendingSend.count({ where: { deliveryId: "delivery-crash-1" } })).toBe(1);

    await world.restart();
    await world.channel.sender.send(identity, ref(), message, { idempotencyKey: "delivery-crash-1", attempt: 2 });
    await world.channel.sender.send(identity, ref(), message, { idempotencyKey: "delivery-crash-1", attempt: 3 });
    const sent = anna.received().slice(before);
    expect(sent).toHaveLength(2);
    const repeat = anna.textsSince(before + 1);
    expect(repeat[0]).toBe("Nach einer Unterbrechung erneut gesendet — möglicherweise haben Sie diese Nachricht schon erhalten.");
    expect(repeat).toHaveLength(2);
    expect(await world.app.db.prisma.teamsPendingSend.count({ where: { deliveryId: "delivery-crash-1" } })).toBe(0);
    expect(await world.app.db.prisma.teamsSentActivity.count({ where: { deliveryId: "delivery-crash-1" } })).toBe(1);
  });

  it("CM-05: a send the connector refused (429) is not in the chat: the retry is a plain, single message", async () => {
    const before = anna.received().length;
    world.connector.failNext(1, { status: 429, retryAfterSeconds: 1 });
    await expect(world.channel.sender.send(identity, ref(), message, { idempotencyKey: "delivery-throttled-1", attempt: 1 })).rejects.toMatchObject({
      permanent: false,
    });
    expect(await world.app.db.prisma.teamsPendingSend.count({ where: { deliveryId: "delivery-throttled-1" } })).toBe(0);
    await world.channel.sender.send(identity, ref(), message, { idempotencyKey: "delivery-throttled-1", attempt: 2 });
    expect(anna.received().slice(before)).toHaveLength(1);
    expect(anna.textsSince(before).join("\n")).not.toContain("Unterbrechung");
  });

  it("CM-05: through the outbox — a supplier's message accepted with the answer lost reaches Anna twice at most, the second copy marked", async () => {
    const before = anna.received().length;
    world.connector.failNext(1, { status: 201, acceptThenDrop: true });
    await world.webchatSays(SUPPLIER_WEB.id, { kind: "text", text: "发货单已上传" }, SUPPLIER_WEB.locale, SUPPLIER_WEB.timeZone);
    await deliverEverything();
    const texts = anna.textsSince(before);
    expect(texts.filter((t) => t.includes("发货单已上传"))).toHaveLength(2);
    expect(texts.filter((t) => t.startsWith("Nach einer Unterbrechung"))).toHaveLength(1);
    expect(await world.app.db.prisma.teamsPendingSend.count()).toBe(0);
  });
});

describe("Teams channel: a reply chain per case", { timeout: 120_000 }, () => {
  const CHANNEL = "19:procurement0a1b2c3d@thread.tacv2";
  const annaInChannel: TeamsUser = { ...ANNA, conversationType: "channel", conversationId: `${CHANNEL};messageid=1700000000001` };

  it("CM-06: the first message about the order opens its reply chain in the channel, later ones reply in it, and writing in the chain reaches the supplier", async () => {
    const annaThere = new TeamsPerson(world, annaInChannel);
    await annaThere.says("Meine Bestellungen");
    const sendsBefore = world.connector.activities.length;
    // The supplier writes in the order's thread: Anna's notifications now go to where she last wrote, the channel.
    await supplierTurn(world, { kind: "text", text: "第一条消息" });
    await supplierTurn(world, { kind: "text", text: "第二条消息" });
    const toChannel = world.connector.activities.slice(sendsBefore).filter((a) => a.conversationId.startsWith(CHANNEL));
    expect(toChannel).toHaveLength(2);
    const [root, reply] = toChannel;
    expect(root?.conversationId).toBe(CHANNEL);
    // The root is a new thread created in the channel (POST /v3/conversations with the channel's id).
    expect(world.connector.createdConversations.at(-1)).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } } });
    expect(cardTexts(cardOfActivity(root?.activity ?? {}) as CardJson)[0]).toBe(`Bestellung ${orderId}`);
    expect(reply?.conversationId).toBe(`${CHANNEL};messageid=${root?.id}`);
    expect(await world.app.db.prisma.teamsCaseChain.findMany({ select: { conversationId: true, subjectId: true, rootActivityId: true } })).toEqual([
      { conversationId: CHANNEL, subjectId: orderId, rootActivityId: root?.id },
    ]);

    // CM-06: in the order's chain, what Anna types is for the supplier.
    const inChain: TeamsUser = { ...annaInChannel, conversationId: `${CHANNEL};messageid=${root?.id}` };
    const webBefore = world.webchat.sent.length;
    await world.client.post(world.client.message(inChain, "Bitte Versanddatum bestätigen"));
    await world.deliverAll();
    const toSupplier = world.webchat.sent.slice(webBefore).filter((s) => s.identity.externalUserId === SUPPLIER_WEB.id);
    expect(JSON.stringify(toSupplier.map((s) => s.message))).toContain("Bitte Versanddatum bestätigen");
  });
});
