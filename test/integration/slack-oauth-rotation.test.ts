/**
 * Distribution over OAuth, the parts a real customer's Slack turns on: token rotation (an expiring
 * `xoxe.xoxb-` bot token refreshed through `oauth.v2.access` with `grant_type=refresh_token`, also when
 * several requests find it expired at once) and Enterprise Grid (an org-wide install: `enterprise`,
 * `is_enterprise_install`, no team of its own — events from a workspace of the org are answered, and
 * proactive deliveries reach it). Against the stand-in Slack over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLinkCode } from "../support/harness/seeds.js";
import { BUYER_ID, CODES, installInto, readable, SIGNING_SECRET, startSlackWorld, type SlackWorld } from "./support/slack-world.js";

const ROTATING = "T0R01";
const ROTATING_USER = "UROT1";
const ORG = "E0001";
const ORG_TEAM = "T0E01";
const ORG_USER = "UORG1";

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld({
    moreWorkspaces: [
      { teamId: ROTATING, rotating: true },
      { teamId: ORG_TEAM, enterpriseId: ORG },
    ],
    env: (slack) => ({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_CLIENT_ID: "1234567890.0987654321",
      SLACK_CLIENT_SECRET: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
      SLACK_STATE_SECRET: "a-state-secret-of-some-length",
      SLACK_API_URL: slack.apiUrl,
    }),
  });
  world.slack.addUser({ id: ROTATING_USER, teamId: ROTATING, name: "rot", locale: "en-US", tz: "America/New_York" });
  world.slack.addUser({ id: ORG_USER, teamId: ORG_TEAM, name: "org", locale: "en-GB", tz: "Europe/London" });
});
afterAll(() => world.close());

const refreshCalls = () => world.slack.callsTo("oauth.v2.access").filter((c) => c.args["grant_type"] === "refresh_token");
const row = (key: string) => world.harness.app.db.prisma.slackInstallation.findUniqueOrThrow({ where: { installationKey: key } });
let said = 0;
const says = (teamId: string, userId: string, text: string, options: { enterpriseId?: string } = {}) =>
  world.event({ type: "message", channel: world.slack.dmChannelOf(userId), channel_type: "im", user: userId, text, ts: `3.${++said}` }, { teamId, ...options });

/** The stored bot token runs out: Slack answers token_expired for it, and its expiry is in the past. */
async function expireStoredToken(): Promise<string> {
  const installed = await row(`T${ROTATING}`);
  const token = installed.botToken as string;
  world.slack.expire(token);
  const pastSec = Math.floor(Date.now() / 1000) - 60;
  const installation = installed.installation as { bot: Record<string, unknown> };
  await world.harness.app.db.prisma.slackInstallation.update({
    where: { installationKey: `T${ROTATING}` },
    data: { botTokenExpires: new Date(pastSec * 1000), installation: { ...installation, bot: { ...installation.bot, expiresAt: pastSec } } },
  });
  return token;
}

describe("token rotation", () => {
  it("CM-05: an install with rotation stores the expiring token, its refresh token and expiry", async () => {
    await installInto(world, ROTATING, ROTATING_USER);
    const installed = await row(`T${ROTATING}`);
    expect(installed.botToken).toBe(world.slack.issuedTokens[0]);
    expect(installed.botToken).toMatch(/^xoxe\.xoxb-/);
    const expiresInH = ((installed.botTokenExpires?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(expiresInH).toBeGreaterThan(11.9);
    expect((installed.installation as { bot: { refreshToken?: string } }).bot.refreshToken).toMatch(/^xoxe-1-/);
    await says(ROTATING, ROTATING_USER, CODES.buyer);
    expect(readable(world.slack.messagesIn(world.slack.dmChannelOf(ROTATING_USER)).at(-1))).toContain("now linked to Ohio Tools LLC");
    expect(refreshCalls()).toHaveLength(0);
  });

  it("CM-05: an expired access token is refreshed (oauth.v2.access, grant_type=refresh_token) before the reply, and the new token stored", async () => {
    const old = await expireStoredToken();
    const refreshToken = ((await row(`T${ROTATING}`)).installation as { bot: { refreshToken: string } }).bot.refreshToken;
    const before = world.slack.calls.length;
    await says(ROTATING, ROTATING_USER, "help");
    expect(refreshCalls()).toHaveLength(1);
    expect(refreshCalls()[0]?.args).toMatchObject({ grant_type: "refresh_token", refresh_token: refreshToken });
    const posts = world.slack.calls.slice(before).filter((c) => c.method === "chat.postMessage");
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((c) => c.status === 200 && c.error === undefined && c.token !== old)).toBe(true);
    expect((await row(`T${ROTATING}`)).botToken).toBe(world.slack.issuedTokens.at(-1));
  });

  it("CM-05: several requests finding the token expired at once all succeed; the stored token is a live one", async () => {
    await expireStoredToken();
    const before = world.slack.calls.length;
    await world.notifyBuyer({ subject: { type: "order", id: "PO-ROT-1" }, text: { key: "common:nothingToDoNow" } });
    await Promise.all([says(ROTATING, ROTATING_USER, "help"), says(ROTATING, ROTATING_USER, "my orders"), world.deliverAll()]);
    await world.channel.settled();
    const after = world.slack.calls.slice(before);
    const refreshes = after.filter((c) => c.method === "oauth.v2.access");
    console.info(
      `[slack-oauth-rotation] 3 concurrent users of an expired token: ${refreshes.length} refresh call(s), ${after.filter((c) => c.error).length} failed Web API calls`,
    );
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(after.filter((c) => c.method === "chat.postMessage" && c.error)).toEqual([]);
    const delivered = world.slack.messagesIn(world.slack.dmChannelOf(ROTATING_USER)).filter((m) => m.metadata?.event_type === "tab_delivery");
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    // One row, holding a token Slack issued and still accepts: the next delivery goes out with it.
    expect(await world.harness.app.db.prisma.slackInstallation.count({ where: { teamId: ROTATING } })).toBe(1);
    const stored = (await row(`T${ROTATING}`)).botToken as string;
    expect(world.slack.issuedTokens).toContain(stored);
    await world.notifyBuyer({ subject: { type: "order", id: "PO-ROT-2" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    expect(world.slack.callsTo("chat.postMessage").at(-1)).toMatchObject({ status: 200 });
    expect(world.slack.callsTo("chat.postMessage").at(-1)?.error).toBeUndefined();
  });
});

describe("Enterprise Grid", () => {
  it("CM-05: an org-wide install is stored under the org (enterprise_id, is_enterprise_install), with no team of its own", async () => {
    await installInto(world, ORG_TEAM, ORG_USER, { orgWide: true });
    const installed = await row(`E${ORG}`);
    expect(installed).toMatchObject({ enterpriseId: ORG, teamId: null, botToken: world.slack.workspace(ORG_TEAM).botToken });
    expect((installed.installation as { isEnterpriseInstall?: boolean }).isEnterpriseInstall).toBe(true);
  });

  it("CM-05: an event from a workspace of the org is answered with the org's token, and proactive deliveries reach that workspace", async () => {
    const code = await seedLinkCode(world.harness.app, BUYER_ID, "GRPXNK23");
    await says(ORG_TEAM, ORG_USER, code, { enterpriseId: ORG });
    const dm = world.slack.dmChannelOf(ORG_USER);
    expect(readable(world.slack.messagesIn(dm).at(-1))).toContain("now linked to Ohio Tools LLC");
    expect(world.slack.callsTo("chat.postMessage").at(-1)?.token).toBe(world.slack.workspace(ORG_TEAM).botToken);
    await world.notifyBuyer({ subject: { type: "order", id: "PO-ORG-1" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    const delivered = world.slack.messagesIn(dm).filter((m) => m.metadata?.event_type === "tab_delivery");
    expect(delivered).toHaveLength(1);
    expect(readable(delivered[0])).toContain(world.harness.translator.t("en", "common:nothingToDoNow"));
  });

  it("CM-05: the org-wide app uninstalled: the org's installation is removed and nothing more is posted to its workspaces", async () => {
    const answer = await world.event({ type: "app_uninstalled" }, { teamId: ORG_TEAM, enterpriseId: ORG });
    expect(answer.status).toBe(200);
    expect(await world.harness.app.db.prisma.slackInstallation.findUnique({ where: { installationKey: `E${ORG}` } })).toBeNull();
    const dm = world.slack.dmChannelOf(ORG_USER);
    const inOrgDm = () => world.slack.callsTo("chat.postMessage").filter((c) => c.args["channel"] === dm).length;
    const postsBefore = inOrgDm();
    await world.notifyBuyer({ subject: { type: "order", id: "PO-ORG-2" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    expect(inOrgDm()).toBe(postsBefore);
  });
});
