/**
 * Both parties in Slack, in two different workspaces of one distributed app (OAuth): the buyer in
 * T0001 (English), the supplier in T0002 (Chinese). Each is answered and notified with its own
 * workspace's bot token, and a message in one workspace's case thread reaches the other party in its
 * own workspace's case thread (CM-02, CM-05).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BUYER_SLACK,
  clickIn,
  CODES,
  installInto,
  nextTrigger,
  readable,
  REQUESTED_TERMS,
  SIGNING_SECRET,
  startSlackWorld,
  submitModalIn,
  TEAM,
  type SlackWorld,
} from "./support/slack-world.js";

const SUPPLIER_TEAM = "T0002";
const SUPPLIER_SLACK = "USUPPLIER2";

let world: SlackWorld;
const tokenOf = (teamId: string): string => world.slack.workspace(teamId).botToken;
const dmOf = (userId: string): string => world.slack.dmChannelOf(userId);

async function says(teamId: string, userId: string, text: string, threadTs?: string): Promise<void> {
  const ts = `${Math.floor(Date.now() / 1000)}.${nextTrigger().replace(/\D/g, "").padStart(6, "0")}`;
  await world.event(
    { type: "message", channel: dmOf(userId), channel_type: "im", user: userId, text, ts, ...(threadTs ? { thread_ts: threadTs } : {}) },
    { teamId },
  );
}

describe("a buyer and a supplier in two Slack workspaces", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    world = await startSlackWorld({
      moreWorkspaces: [SUPPLIER_TEAM],
      env: (slack) => ({
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_CLIENT_ID: "1234567890.0987654321",
        SLACK_CLIENT_SECRET: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
        SLACK_STATE_SECRET: "a-state-secret-of-some-length",
        SLACK_API_URL: slack.apiUrl,
      }),
    });
    world.slack.addUser({
      id: SUPPLIER_SLACK,
      teamId: SUPPLIER_TEAM,
      name: "supplier",
      realName: "王经理",
      locale: "zh-CN",
      tz: "Asia/Shanghai",
      tzOffset: 28800,
    });
    await installInto(world, TEAM, BUYER_SLACK);
    await installInto(world, SUPPLIER_TEAM, SUPPLIER_SLACK);
  }, 180_000);
  afterAll(() => world?.close());

  it("CM-05: each links in its own workspace and is answered with that workspace's token, in its language", async () => {
    await says(TEAM, BUYER_SLACK, CODES.buyer);
    expect(readable(world.slack.messagesIn(dmOf(BUYER_SLACK)).at(-1))).toContain("now linked to Ohio Tools LLC");
    expect(world.slack.callsTo("chat.postMessage").at(-1)?.token).toBe(tokenOf(TEAM));
    await says(SUPPLIER_TEAM, SUPPLIER_SLACK, CODES.supplier);
    expect(readable(world.slack.messagesIn(dmOf(SUPPLIER_SLACK)).at(-1))).toContain("深圳紧固件有限公司");
    expect(world.slack.callsTo("chat.postMessage").at(-1)?.token).toBe(tokenOf(SUPPLIER_TEAM));
  });

  it("the buyer's order request reaches the supplier's workspace, in Chinese, starting its order thread there", async () => {
    await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: nextTrigger() });
    expect(await submitModalIn(world, TEAM, BUYER_SLACK, "order.request", REQUESTED_TERMS)).toEqual({});
    await world.deliverAll();
    const notice = world.slack.messagesIn(dmOf(SUPPLIER_SLACK)).at(-1);
    expect(readable(notice)).toContain("PO-1");
    expect(notice?.metadata?.event_type).toBe("tab_delivery");
    expect(
      world.slack
        .callsTo("chat.postMessage")
        .filter((c) => c.args["channel"] === dmOf(SUPPLIER_SLACK))
        .every((c) => c.token === tokenOf(SUPPLIER_TEAM)),
    ).toBe(true);
    const thread = await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { teamId: SUPPLIER_TEAM, subjectId: "PO-1" } });
    expect(thread?.threadTs).toBe(notice?.ts);
  });

  it("CM-02: the supplier writes in its order thread; the buyer reads it in the buyer's order thread, in the other workspace", async () => {
    await clickIn(world, SUPPLIER_TEAM, SUPPLIER_SLACK, "order.draftTerms", { orderId: "PO-1" });
    const supplierThread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { teamId: SUPPLIER_TEAM, subjectId: "PO-1" } }))
      ?.threadTs as string;
    await says(SUPPLIER_TEAM, SUPPLIER_SLACK, "我们下周发货。", supplierThread);
    expect(readable(world.slack.messagesIn(dmOf(SUPPLIER_SLACK)).at(-1))).toMatch(/已在 PO-1 的会话中发给买方。.*请在此会话之外发消息/);
    await world.deliverAll();
    const buyerThread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { teamId: TEAM, subjectId: "PO-1" } }))?.threadTs;
    const received = world.slack.messagesIn(dmOf(BUYER_SLACK)).at(-1);
    expect(received?.threadTs).toBe(buyerThread);
    expect(readable(received)).toContain("我们下周发货。");
  });
});
