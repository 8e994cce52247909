/**
 * How the Slack app is hosted, against the stand-in: Socket Mode (apps.connections.open → a WebSocket,
 * envelopes acknowledged, the turn's reply posted) and distribution over OAuth (/slack/install →
 * Slack's authorize page, /slack/oauth_redirect → oauth.v2.access → an installation in the database,
 * events from that workspace answered with its own token; an uninstall removes it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Installation } from "@slack/oauth";
import { PrismaInstallationStore } from "../../src/bots/slack/installation-store.js";
import { eventCallbackBody } from "../support/standins/slack/signed-requests.js";
import { CODES, readable, SIGNING_SECRET, startSlackWorld, TEAM, type SlackWorld } from "./support/slack-world.js";

describe("Socket Mode", () => {
  let world: SlackWorld;
  beforeAll(async () => {
    world = await startSlackWorld({
      env: (slack, workspace) => ({
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: workspace.botToken,
        SLACK_APP_TOKEN: slack.appToken,
        SLACK_API_URL: slack.apiUrl,
      }),
    });
    world.slack.addUser({ id: "ULAPTOP", teamId: TEAM, name: "laptop", locale: "en-GB", tz: "Europe/London" });
  });
  afterAll(() => world.close());

  it("connects with the app token, acknowledges an envelope and posts the turn's reply — no public URL", async () => {
    await world.channel.start?.();
    await world.slack.socketConnected();
    expect(world.slack.callsTo("apps.connections.open")[0]?.token).toBe(world.slack.appToken);
    const dm = world.slack.dmChannelOf("ULAPTOP");
    const ack = await world.slack.sendEnvelope(
      "events_api",
      eventCallbackBody({ teamId: TEAM, event: { type: "message", channel: dm, channel_type: "im", user: "ULAPTOP", text: "hi", ts: "1.5" } }),
    );
    expect(ack.envelope_id).toBeDefined();
    await world.channel.settled();
    // An unlinked person's turn: the link offer, then the registration invitation (issue 16).
    expect(world.slack.messagesIn(dm).map((m) => readable(m))).toEqual([
      expect.stringContaining("not linked yet"),
      expect.stringContaining("Register as a buyer"),
    ]);
    // No bot ids configured: learnt by one awaited auth.test, not at construction.
    expect(world.slack.callsTo("auth.test")).toHaveLength(1);
  });

  it("HTTP routes are not mounted in Socket Mode", async () => {
    const answer = await fetch(`${world.url}/slack/events`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(404);
  });
});

describe("distribution over OAuth", () => {
  let world: SlackWorld;
  beforeAll(async () => {
    world = await startSlackWorld({
      moreWorkspaces: ["T0002"],
      env: (slack) => ({
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_CLIENT_ID: "1234567890.0987654321",
        SLACK_CLIENT_SECRET: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
        SLACK_STATE_SECRET: "a-state-secret-of-some-length",
        SLACK_API_URL: slack.apiUrl,
      }),
    });
    world.slack.addUser({ id: "USECOND", teamId: "T0002", name: "second", locale: "en-US", tz: "America/Chicago" });
  });
  afterAll(() => world.close());

  it("installs into a workspace: /slack/install → authorize → /slack/oauth_redirect → the installation stored", async () => {
    const install = await fetch(`${world.url}/slack/install`, { redirect: "manual" });
    expect(install.status).toBe(302);
    const location = new URL(install.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(`${world.slack.origin}/oauth/v2/authorize`);
    expect(location.searchParams.get("scope")).toContain("chat:write");
    const state = location.searchParams.get("state") ?? "";
    const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    world.slack.grantCode("code-T0002", "T0002", "USECOND");
    const redirect = await fetch(`${world.url}/slack/oauth_redirect?code=code-T0002&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: "manual",
    });
    expect(redirect.status).toBe(200);
    expect(world.slack.callsTo("oauth.v2.access")).toHaveLength(1);
    const row = await world.harness.app.db.prisma.slackInstallation.findUnique({ where: { installationKey: "TT0002" } });
    expect(row).toMatchObject({ teamId: "T0002", botToken: world.slack.workspace("T0002").botToken });
  });

  it("a forged OAuth state installs nothing", async () => {
    world.slack.grantCode("code-forged", "T0001", "UX");
    const redirect = await fetch(`${world.url}/slack/oauth_redirect?code=code-forged&state=forged`, { redirect: "manual" });
    expect(redirect.status).not.toBe(200);
    expect(await world.harness.app.db.prisma.slackInstallation.findUnique({ where: { installationKey: "TT0001" } })).toBeNull();
  });

  it("an event from the installed workspace is answered with that workspace's token; a proactive message too", async () => {
    const dm = world.slack.dmChannelOf("USECOND");
    await world.event({ type: "message", channel: dm, channel_type: "im", user: "USECOND", text: CODES.buyer, ts: "2.1" }, { teamId: "T0002" });
    const reply = world.slack.callsTo("chat.postMessage").at(-1);
    expect(reply?.token).toBe(world.slack.workspace("T0002").botToken);
    expect(readable(world.slack.messagesIn(dm).at(-1))).toContain("now linked to Ohio Tools LLC");
    await world.notifyBuyer({ subject: { type: "order", id: "PO-OAUTH" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    expect(world.slack.callsTo("chat.postMessage").at(-1)).toMatchObject({ token: world.slack.workspace("T0002").botToken, status: 200 });
  });

  it("tokens_revoked removes the installation: deliveries to that workspace fail for good, staff told", async () => {
    const answer = await world.event({ type: "tokens_revoked", tokens: { bot: [world.slack.workspace("T0002").botUserId] } }, { teamId: "T0002" });
    expect(answer.status).toBe(200);
    expect(await world.harness.app.db.prisma.slackInstallation.count({ where: { teamId: "T0002" } })).toBe(0);
    await world.notifyBuyer({ subject: { type: "order", id: "PO-REVOKED" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    const outbox = await world.harness.app.db.prisma.outboxMessage.findFirst({ where: { streamId: "PO-REVOKED" } });
    const row = await world.harness.app.db.prisma.delivery.findFirst({ where: { channel: "slack", outboxId: outbox?.id ?? -1n } });
    expect(row).toMatchObject({ status: "failed" });
    expect(row?.lastError).toContain("not installed");
    const notices = await world.harness.app.db.prisma.outboxMessage.findMany({ where: { streamId: "PO-REVOKED" } });
    expect(notices.some((n) => JSON.stringify(n.payload).includes("staff:deliveryFailed"))).toBe(true);
  });

  it("storeInstallation is an upsert safe under concurrent token refreshes; the newest token wins", async () => {
    const store = new PrismaInstallationStore(world.harness.app.db, () => world.harness.app.clock.now());
    const installation = (token: string, expiresAt: number): Installation<"v2", false> => ({
      team: { id: "T0009" },
      enterprise: undefined,
      user: { id: "U9", token: undefined, scopes: undefined },
      bot: { token, refreshToken: "r", expiresAt, scopes: ["chat:write"], id: "B9", userId: "UB9" },
      tokenType: "bot",
      isEnterpriseInstall: false,
      appId: "A0STANDIN",
      authVersion: "v2",
    });
    await Promise.all([
      store.storeInstallation(installation("xoxe.xoxb-old", 1_800_000_000)),
      store.storeInstallation(installation("xoxe.xoxb-new", 1_800_043_200)),
      store.storeInstallation(installation("xoxe.xoxb-old", 1_800_000_000)),
    ]);
    expect((await store.botOf("T0009"))?.botToken).toBe("xoxe.xoxb-new");
    const fetched = await store.fetchInstallation({ teamId: "T0009", enterpriseId: undefined, isEnterpriseInstall: false });
    expect(fetched.bot?.token).toBe("xoxe.xoxb-new");
  });
});
