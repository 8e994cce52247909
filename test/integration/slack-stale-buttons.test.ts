/**
 * No dead button stays in Slack (issue 12): when the OTHER party, staff or a deadline changes a case,
 * the buttons of the bot's earlier messages about it are updated in place (chat.update) — removed, with
 * a short "No longer available — <what changed>" line in the reader's language. Reminders and relayed
 * talk change nothing; read-only buttons ("View order") stay. Against the stand-in Slack, over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeButtonValue } from "../../src/bots/slack/block-kit.js";
import { USE_CASE } from "../../src/app/use-cases.js";
import { BUYER_SLACK, buttonsOf, clickIn, CODES, readable, startSlackWorld, TEAM, type SlackWorld } from "./support/slack-world.js";

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
  await world.buyerSays(CODES.buyer);
});
afterAll(() => world.close());

const dm = (): string => world.slack.dmChannelOf(BUYER_SLACK);
const actionIds = (message: { blocks?: unknown[] } | undefined): string[] => buttonsOf(message).map((b) => decodeButtonValue(b.value)?.actionId ?? "?");
const byTs = (ts: string) => world.slack.messagesIn(dm()).find((m) => m.ts === ts);

/** The buyer is asked to confirm an order: a notification with perishable buttons and a read-only one. */
async function askToConfirm(orderId: string): Promise<string> {
  await world.notifyBuyer({
    subject: { type: "order", id: orderId },
    text: { key: "order:notify.readyToConfirm", params: { orderId, version: 1 } },
    actions: [
      { actionId: USE_CASE.confirmAsBuyer, label: { key: "common:action.common.whatNow" }, payload: { orderId, version: 1 }, style: "primary" },
      { actionId: USE_CASE.viewOrder, label: { key: "common:action.common.myItems" }, payload: { orderId } },
    ],
  });
  await world.deliverAll();
  const asked = [...world.slack.messagesIn(dm())].reverse().find((m) => actionIds(m).includes(USE_CASE.confirmAsBuyer));
  if (!asked) throw new Error("the confirmation request was not posted");
  return asked.ts;
}

describe("stale buttons are updated in place", () => {
  it("CM-03: the supplier cancels → the buyer's earlier Confirm button is replaced by 'No longer available — Order … was cancelled'", async () => {
    const askedTs = await askToConfirm("PO-STALE-1");
    const updatesBefore = world.slack.callsTo("chat.update").length;
    // The other party's change reaches the buyer as a notification through the outbox.
    await world.notifyBuyer({
      subject: { type: "order", id: "PO-STALE-1" },
      text: { key: "order:notify.cancelled", params: { orderId: "PO-STALE-1", reason: "out of stock" } },
    });
    await world.deliverAll();
    const updates = world.slack.callsTo("chat.update").slice(updatesBefore);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args).toMatchObject({ channel: dm(), ts: askedTs });
    const asked = byTs(askedTs);
    // The perishable button is gone, the read-only "view" stays, and the line says what changed.
    expect(actionIds(asked)).toEqual([USE_CASE.viewOrder]);
    expect(readable(asked)).toContain("No longer available — Order PO-STALE-1 was cancelled: out of stock");
    // The original text is still there to read.
    expect(readable(asked)).toContain("Version 1 of order PO-STALE-1 is ready");
  });

  it("CM-03: a message already updated is not updated again by the next change", async () => {
    const before = world.slack.callsTo("chat.update").length;
    await world.notifyBuyer({ subject: { type: "order", id: "PO-STALE-1" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    expect(world.slack.callsTo("chat.update").length).toBe(before);
  });

  it("CL-10: a reminder about the same order leaves the buttons alone (the deadline is still ahead)", async () => {
    const askedTs = await askToConfirm("PO-STALE-2");
    const before = world.slack.callsTo("chat.update").length;
    await world.notifyBuyer({
      subject: { type: "order", id: "PO-STALE-2" },
      text: { key: "order:notify.reminder.claim-window", params: { orderId: "PO-STALE-2", count: 2, dueAt: { instant: "2026-03-09T14:00:00.000Z" } } },
    });
    await world.deliverAll();
    expect(world.slack.callsTo("chat.update").length).toBe(before);
    expect(actionIds(byTs(askedTs))).toContain(USE_CASE.confirmAsBuyer);
  });

  it("CM-01: the counterparty's relayed words are talk, not a change: the buttons stay", async () => {
    const askedTs = byTs([...world.slack.messagesIn(dm())].reverse().find((m) => actionIds(m).includes(USE_CASE.confirmAsBuyer))?.ts ?? "")?.ts ?? "";
    const before = world.slack.callsTo("chat.update").length;
    await world.notifyBuyer({
      subject: { type: "order", id: "PO-STALE-2" },
      text: { key: "common:notify.messageFrom.supplier", params: { orderId: "PO-STALE-2" } },
      personMessage: {
        messageId: "m-stale-1",
        senderPartyId: "supplier-shenzhen",
        senderKind: "supplier",
        text: "明天发货",
        language: "zh-CN",
        sentAt: "2026-03-02T14:00:00.000Z",
      },
    });
    await world.deliverAll();
    expect(world.slack.callsTo("chat.update").length).toBe(before);
    expect(actionIds(byTs(askedTs))).toContain(USE_CASE.confirmAsBuyer);
  });

  it("CM-03: a newer message offering the current actions on the same case supersedes the older copy", async () => {
    const olderTs = [...world.slack.messagesIn(dm())].reverse().find((m) => actionIds(m).includes(USE_CASE.confirmAsBuyer))?.ts ?? "";
    await askToConfirm("PO-STALE-2");
    const older = byTs(olderTs);
    expect(actionIds(older)).not.toContain(USE_CASE.confirmAsBuyer);
    expect(readable(older)).toContain("No longer available — Version 1 of order PO-STALE-2 is ready");
  });

  it("CM-03: the note is in the language of the message's reader (a German reader's message gets a German line)", async () => {
    const askedTs = await askToConfirm("PO-STALE-3");
    // The buyer's Slack language changes to German after the message was sent: the old message keeps its reader.
    const row = await world.harness.app.db.prisma.slackSentMessage.update({
      where: { teamId_channelId_ts: { teamId: TEAM, channelId: dm(), ts: askedTs } },
      data: { locale: "de-DE" },
    });
    expect(row.actionable).toBe(true);
    await world.notifyBuyer({
      subject: { type: "order", id: "PO-STALE-3" },
      text: { key: "order:notify.cancelled", params: { orderId: "PO-STALE-3", reason: "x" } },
    });
    await world.deliverAll();
    expect(readable(byTs(askedTs))).toMatch(/Nicht mehr verfügbar — /);
  });

  it("CM-03: the buyer's read-only click (view the order) retires nothing", async () => {
    const askedTs = await askToConfirm("PO-STALE-4");
    const before = world.slack.callsTo("chat.update").length;
    // "View order" is a query: it retires nothing unless its reply offers actions of its own.
    await clickIn(world, TEAM, BUYER_SLACK, USE_CASE.viewOrder, { orderId: "PO-STALE-4" });
    const after = world.slack.callsTo("chat.update").slice(before);
    expect(after.filter((c) => c.args["ts"] === askedTs)).toHaveLength(0);
    expect(actionIds(byTs(askedTs))).toContain(USE_CASE.confirmAsBuyer);
  });
});
