/**
 * The Bot Framework stand-ins speak the real wire formats: OpenID metadata + JWKS with endorsements,
 * the client-credentials token endpoint, and the connector's bearer check and faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotConnectorStandIn, type BotConnectorStandIn } from "../../support/standins/botframework/connector.js";
import { startBotFrameworkIdentityStandIn, type BotFrameworkIdentityStandIn } from "../../support/standins/botframework/identity.js";

const APP_ID = "00000000-0000-4000-8000-00000000b07a";
let identity: BotFrameworkIdentityStandIn;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  identity = await startBotFrameworkIdentityStandIn();
  identity.registerBot(APP_ID, "s3cret");
  connector = await startBotConnectorStandIn({ identity, botAppId: APP_ID });
});
afterAll(async () => {
  await connector?.close();
  await identity?.close();
});

async function botToken(secret = "s3cret"): Promise<Response> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: APP_ID,
    client_secret: secret,
    scope: "https://api.botframework.com/.default",
  });
  return fetch(identity.tokenUrl(), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
}

describe("Bot Framework stand-ins", () => {
  it("serves an OpenID metadata document whose jwks_uri lists RSA keys with endorsements", async () => {
    const metadata = (await (await fetch(identity.openIdMetadataUrl)).json()) as { issuer: string; jwks_uri: string };
    expect(metadata.issuer).toBe("https://api.botframework.com");
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as { keys: { kty: string; kid: string; n: string; e: string; endorsements: string[] }[] };
    expect(jwks.keys.map((k) => k.kty)).toEqual(["RSA", "RSA"]);
    expect(jwks.keys[0]?.endorsements).toContain("msteams");
    expect(jwks.keys[1]?.endorsements).not.toContain("msteams");
  });

  it("issues a bot token for the right secret only, in Entra ID's answer shape", async () => {
    const ok = await botToken();
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as { token_type: string; expires_in: number; access_token: string };
    expect(json.token_type).toBe("Bearer");
    expect(json.expires_in).toBeGreaterThan(3000);
    expect(await identity.verifyBotToken(json.access_token)).toEqual({ appId: APP_ID });
    const bad = await botToken("wrong");
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("the connector refuses calls without the bot's token and records the ones with it", async () => {
    const url = `${connector.serviceUrl}v3/conversations/a%3A1/activities`;
    const anonymous = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "hi" }),
    });
    expect(anonymous.status).toBe(401);
    const { access_token: token } = (await (await botToken()).json()) as { access_token: string };
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const sent = await fetch(url, { method: "POST", headers, body: JSON.stringify({ type: "message", text: "hi" }) });
    expect(sent.status).toBe(201);
    expect(connector.activities.map((a) => [a.conversationId, a.activity.text])).toEqual([["a:1", "hi"]]);

    connector.failNext(1, { status: 429, retryAfterSeconds: 2 });
    const throttled = await fetch(url, { method: "POST", headers, body: JSON.stringify({ type: "message", text: "again" }) });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("2");

    connector.block("a:2", "ConversationBlockedByUser");
    const blocked = await fetch(`${connector.serviceUrl}v3/conversations/a%3A2/activities`, {
      method: "POST",
      headers,
      body: JSON.stringify({ type: "message" }),
    });
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("ConversationBlockedByUser");
  });

  it("mints channel tokens with the chosen claims, and unsigned ones", async () => {
    const token = await identity.mintChannelToken({ audience: APP_ID, serviceUrl: connector.serviceUrl, expiresInSeconds: -60 });
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { aud: string; serviceurl: string; exp: number };
    expect(payload.aud).toBe(APP_ID);
    expect(payload.serviceurl).toBe(connector.serviceUrl);
    expect(payload.exp).toBeLessThan(Date.now() / 1000);
    const unsigned = identity.unsignedChannelToken({ audience: APP_ID, serviceUrl: connector.serviceUrl });
    expect(JSON.parse(Buffer.from(unsigned.split(".")[0] ?? "", "base64url").toString())).toMatchObject({ alg: "none" });
    expect(unsigned.endsWith(".")).toBe(true);
  });
});
