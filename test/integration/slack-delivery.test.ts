/**
 * Slack deliveries through the outbox against a misbehaving stand-in: bursts of 429 (Retry-After) and
 * 5xx answers → every message delivered exactly once; a process killed between a post and its "sent"
 * mark → the resumed delivery finds its message by the delivery id in metadata and does not post it
 * again; errors no retry can cure → failed at once, staff told; the app uninstalled mid-case →
 * deliveries to that workspace stop and staff are told.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUYER_ID, CODES, startSlackWorld, type SlackWorld } from "./support/slack-world.js";

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
  await world.buyerSays(CODES.buyer);
});
afterAll(() => world.close());

const deliveredMessages = () => world.slack.messages.filter((m) => m.metadata?.event_type === "tab_delivery");
const deliveryIdOf = (m: { metadata?: { event_payload: Record<string, unknown> } }): string => String(m.metadata?.event_payload["delivery_id"]);
const slackDeliveries = () => world.harness.app.db.prisma.delivery.findMany({ where: { channel: "slack", partyId: BUYER_ID }, orderBy: { createdAt: "asc" } });

/** Runs the dispatcher, moving the business clock past each retry's due time, until nothing is pending. */
async function deliverThroughRetries(maxRounds = 20): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    await world.deliverAll();
    const pending = await world.harness.app.db.prisma.delivery.count({ where: { status: "pending" } });
    if (pending === 0) return round;
    world.harness.clock.advance(60_000);
  }
  throw new Error("deliveries still pending");
}

describe("Slack deliveries", () => {
  it("429 and 5xx bursts: every message is delivered exactly once, Retry-After honoured", async () => {
    const before = deliveredMessages().length;
    for (let i = 1; i <= 5; i++) await world.notifyBuyer({ subject: { type: "order", id: `PO-BURST-${i}` }, text: { key: "common:nothingToDoNow" } });
    world.slack.script("chat.postMessage", [
      { status: 429, retryAfter: 30 },
      { status: 500 },
      { status: 503 },
      { status: 429, retryAfter: 5 },
      { status: 502 },
      { status: 500 },
    ]);
    const now = world.harness.clock.now();
    await world.deliverAll();
    const afterFirstPass = await slackDeliveries();
    const rateLimited = afterFirstPass.find((d) => d.lastError?.includes("rate limit") && d.attempts === 1);
    expect(rateLimited).toBeDefined();
    // Retry-After: 30 s → not before 30 s from now.
    expect(rateLimited?.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(Date.parse(now) + 30_000);
    const rounds = await deliverThroughRetries();
    const posted = deliveredMessages().slice(before);
    const ids = posted.map(deliveryIdOf);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    const rows = (await slackDeliveries()).filter((d) => ids.includes(d.id));
    expect(rows.every((d) => d.status === "sent")).toBe(true);
    const attempts = rows.map((d) => d.attempts).reduce((a, b) => a + b, 0);
    const failedCalls = world.slack.callsTo("chat.postMessage").filter((c) => c.status !== 200).length;
    console.info(
      `[slack-delivery] 5 messages, 6 scripted failures (429×2, 5xx×4): ${attempts} attempts, ${failedCalls} failed posts, ${rounds} dispatcher rounds, 5 posted once each`,
    );
    expect(attempts).toBe(5 + 6);
  });

  it("killed between the post and its mark: the resumed delivery finds its message and does not post again", async () => {
    await world.notifyBuyer({ subject: { type: "order", id: "PO-KILL-1" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    const first = deliveredMessages().at(-1);
    const deliveryId = deliveryIdOf(first as never);
    // The crash: the post succeeded but the "sent" mark (and the case-thread record) never committed.
    await world.harness.app.db.prisma.delivery.update({
      where: { id: deliveryId },
      data: { status: "pending", sentAt: null, nextAttemptAt: new Date(world.harness.clock.now()) },
    });
    await world.harness.app.db.prisma.slackCaseThread.deleteMany({ where: { subjectId: "PO-KILL-1" } });
    const historyCalls = world.slack.callsTo("conversations.history").length;
    await world.deliverAll();
    const copies = deliveredMessages().filter((m) => deliveryIdOf(m) === deliveryId);
    expect(copies).toHaveLength(1);
    expect(world.slack.callsTo("conversations.history").slice(historyCalls).at(-1)?.args).toMatchObject({ include_all_metadata: "true" });
    const row = await world.harness.app.db.prisma.delivery.findUnique({ where: { id: deliveryId } });
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    // The found message is the order's thread again: the next message about it goes there.
    await world.notifyBuyer({ subject: { type: "order", id: "PO-KILL-1" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    expect(deliveredMessages().at(-1)?.threadTs).toBe(first?.ts);
  });

  it.each(["channel_not_found", "not_in_channel", "account_inactive", "token_revoked"])("%s is permanent: failed at once, staff told", async (error) => {
    await world.notifyBuyer({ subject: { type: "order", id: `PO-PERM-${error}` }, text: { key: "common:nothingToDoNow" } });
    world.slack.script("chat.postMessage", [{ error }]);
    await world.deliverAll();
    const row = (await slackDeliveries()).at(-1);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row?.lastError).toContain(error);
    const staffNotices = await world.harness.app.db.prisma.outboxMessage.findMany({ where: { streamId: `PO-PERM-${error}` } });
    expect(staffNotices.some((n) => JSON.stringify(n.payload).includes("staff:deliveryFailed"))).toBe(true);
  });

  it("the app uninstalled mid-case: deliveries to that workspace stop, staff are told", async () => {
    const answer = await world.event({ type: "app_uninstalled" });
    expect(answer.status).toBe(200);
    const postsBefore = world.slack.callsTo("chat.postMessage").length;
    await world.notifyBuyer({ subject: { type: "order", id: "PO-GONE" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    expect(world.slack.callsTo("chat.postMessage").length).toBe(postsBefore);
    const row = (await slackDeliveries()).at(-1);
    expect(row).toMatchObject({ status: "failed" });
    expect(row?.lastError).toContain("not installed");
    const notices = await world.harness.app.db.prisma.outboxMessage.findMany({ where: { streamId: "PO-GONE" } });
    expect(notices.some((n) => JSON.stringify(n.payload).includes("staff:deliveryFailed"))).toBe(true);
  });
});
