/**
 * Teams inbound authentication against the stand-in issuer: the CloudAdapter's validation (issuer,
 * audience = app id, `serviceurl` claim, signing-key endorsements, expiry, signature) runs before the
 * turn, and every failure is a 401 — an unsigned token included, which the adapter alone answers 500.
 * A valid token gets 200 and the reply reaches the stand-in connector with the bot's own token from the
 * stand-in token endpoint (the MICROSOFT_LOGIN_URL override).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTeamsConfig, TeamsConfigError } from "../../src/bots/teams/teams-config.js";

import { BOT_APP_ID, createTeamsWorld, TENANT_ID, type TeamsWorld } from "../support/teams-world.js";
import type { TeamsUser } from "../support/standins/botframework/teams-client.js";

const ANNA: TeamsUser = {
  id: "29:1AnnaBerlinTeamsUserId",
  name: "Anna Schmidt",
  aadObjectId: "0b6c1f8e-1111-4e44-9a5a-6c3d2e1f0a01",
  locale: "de-DE",
  timeZone: "Europe/Berlin",
  conversationId: "a:1AnnaPersonalChatWithTheBot",
  tenantId: TENANT_ID,
};

let world: TeamsWorld;

beforeAll(async () => {
  world = await createTeamsWorld({ start: "2026-03-02T09:00:00.000Z" });
});
afterAll(async () => {
  await world?.close();
});

describe("Teams inbound authentication", () => {
  it("a valid channel token: 200, and the reply reaches the connector with the bot's token", async () => {
    const result = await world.client.post(world.client.message(ANNA, "hallo"));
    expect(result.status).toBe(200);
    const reply = world.connector.activities.at(-1);
    expect(reply?.conversationId).toBe(ANNA.conversationId);
    expect(world.identity.issued.at(-1)).toMatchObject({ clientId: BOT_APP_ID, scope: "https://api.botframework.com/.default", tenant: TENANT_ID });
  });

  const cases: readonly [string, () => Promise<string | null>][] = [
    ["no Authorization header", () => Promise.resolve(null)],
    ["a wrong audience (another bot's app id)", async () => `Bearer ${await world.client.token({ audience: "11111111-2222-4333-8444-555555555555" })}`],
    ["a wrong issuer", async () => `Bearer ${await world.client.token({ issuer: "https://sts.windows.net/evil/" })}`],
    [
      "a serviceurl claim that is not the activity's serviceUrl",
      async () => `Bearer ${await world.client.token({ serviceUrl: "https://smba.trafficmanager.net/evil/" })}`,
    ],
    ["an expired token (past the 5 min clock skew)", async () => `Bearer ${await world.client.token({ expiresInSeconds: -600 })}`],
    ["a key not endorsed for msteams", async () => `Bearer ${await world.client.token({ key: "unendorsed" })}`],
    [
      "an unsigned token (alg none)",
      () => Promise.resolve(`Bearer ${world.identity.unsignedChannelToken({ audience: BOT_APP_ID, serviceUrl: world.connector.serviceUrl })}`),
    ],
    [
      "a token whose signature was forged (right key id, wrong signature)",
      async () => `Bearer ${(await world.client.token({})).replace(/\.[^.]+$/, ".c2lnbmF0dXJl")}`,
    ],
  ];

  it.each(cases)("%s → 401, and no turn runs", async (_name, header) => {
    const before = world.connector.activities.length;
    const started = performance.now();
    const result = await world.client.post(world.client.message(ANNA, "hallo"), await header());
    const ms = performance.now() - started;
    expect(result.status).toBe(401);
    expect(world.connector.activities.length).toBe(before);
    expect(ms).toBeLessThan(5_000);
  });

  it("a body that is not an activity → 400; an oversized one → 413", async () => {
    const endpoint = world.client["options"].endpoint;
    const bad = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    const huge = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "x".repeat(1_100_000) }),
    });
    expect(huge.status).toBe(413);
  });
});

describe("authentication off (Bot Framework Emulator / local Web Chat)", () => {
  it("with BOT_FRAMEWORK_EMULATOR and no app id, an activity without a token is served and the reply goes out without one", async () => {
    const emulator = await createTeamsWorld({ start: "2026-03-02T09:00:00.000Z", emulator: true });
    try {
      const result = await emulator.client.post({ ...emulator.client.message(ANNA, "hallo"), channelId: "emulator" }, null);
      expect(result.status).toBe(200);
      // An unlinked account is answered with the link form and the offer to register as a buyer (two replies), all in Anna's chat.
      const replies = emulator.connector.activities;
      expect(replies.map((a) => a.conversationId)).toEqual([ANNA.conversationId, ANNA.conversationId]);
      const actionIds = replies
        .flatMap((a) => a.activity.attachments ?? [])
        .flatMap((c) => ((c.content as { actions?: { data?: { actionId?: string } }[] }).actions ?? []).map((x) => x.data?.actionId));
      expect(actionIds).toEqual(expect.arrayContaining(["common.linkAccount", "party.registerBuyer"]));
      expect(emulator.identity.issued).toHaveLength(0);
    } finally {
      await emulator.close();
    }
  });
});

describe("Teams configuration", () => {
  it("off without MICROSOFT_APP_ID; a missing password is named", () => {
    expect(parseTeamsConfig({}, "http://x", "development")).toBeUndefined();
    expect(() => parseTeamsConfig({ MICROSOFT_APP_ID: BOT_APP_ID }, "http://x", "development")).toThrow(TeamsConfigError);
    expect(() =>
      parseTeamsConfig({ MICROSOFT_APP_ID: BOT_APP_ID, MICROSOFT_APP_PASSWORD: "p", MICROSOFT_APP_TYPE: "SingleTenant" }, "http://x", "development"),
    ).toThrow(/MICROSOFT_APP_TENANT_ID/);
  });

  it("authentication off (Emulator) only without an app id, and never in production", () => {
    expect(parseTeamsConfig({ BOT_FRAMEWORK_EMULATOR: "true" }, "http://x", "development")?.appId).toBeUndefined();
    expect(() => parseTeamsConfig({ BOT_FRAMEWORK_EMULATOR: "true" }, "http://x", "production")).toThrow(/production/);
    expect(() =>
      parseTeamsConfig({ BOT_FRAMEWORK_EMULATOR: "true", MICROSOFT_APP_ID: BOT_APP_ID, MICROSOFT_APP_PASSWORD: "p" }, "http://x", "development"),
    ).toThrow(/BOT_FRAMEWORK_EMULATOR/);
  });

  it("the token URL is the tenant's unless MICROSOFT_LOGIN_URL overrides it", () => {
    const single = parseTeamsConfig(
      { MICROSOFT_APP_ID: BOT_APP_ID, MICROSOFT_APP_PASSWORD: "p", MICROSOFT_APP_TYPE: "SingleTenant", MICROSOFT_APP_TENANT_ID: TENANT_ID },
      "http://x",
      "production",
    );
    expect(single?.tokenUrl).toBe(`https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`);
    const multi = parseTeamsConfig({ MICROSOFT_APP_ID: BOT_APP_ID, MICROSOFT_APP_PASSWORD: "p" }, "http://x", "production");
    expect(multi?.tokenUrl).toBe("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
    expect(multi?.openIdMetadataUrl).toBe("https://login.botframework.com/v1/.well-known/openidconfiguration");
  });
});
