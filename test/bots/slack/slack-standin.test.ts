/**
 * The stand-in Slack answers Slack's SDKs as Slack does: form-encoded Web API calls with JSON-valued
 * arguments, metadata only on request, 429 with Retry-After, and url_private only with the bot token.
 */
import { ErrorCode, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackStandIn, type SlackStandIn } from "../../support/standins/slack/slack-standin.js";

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
  slack.addUser({ id: "U1", teamId: "T0001", name: "buyer", locale: "en-US", tz: "America/New_York", tzOffset: -18000 });
});
afterAll(() => slack.close());

const client = (token = "xoxb-T0001-standin"): WebClient =>
  new WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });

describe("stand-in Slack", () => {
  it("keeps a posted message's metadata and returns it only with include_all_metadata", async () => {
    const posted = await client().chat.postMessage({
      channel: "U1",
      text: "hello",
      metadata: { event_type: "tab_delivery", event_payload: { deliveryId: "d-1" } },
    });
    expect(posted.channel).toBe("DU1");
    expect(slack.callsTo("chat.postMessage")[0]?.contentType).toContain("application/x-www-form-urlencoded");
    const plain = await client().conversations.history({ channel: "DU1" });
    expect(plain.messages?.[0]?.metadata).toBeUndefined();
    const withMetadata = await client().conversations.history({ channel: "DU1", include_all_metadata: true });
    expect(withMetadata.messages?.[0]?.metadata?.event_payload).toEqual({ deliveryId: "d-1" });
  });

  it("answers a scripted 429 with Retry-After, then normally", async () => {
    slack.script("chat.postMessage", [{ status: 429, retryAfter: 7 }]);
    const error = (await client()
      .chat.postMessage({ channel: "U1", text: "x" })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    await expect(client().chat.postMessage({ channel: "U1", text: "x" })).resolves.toMatchObject({ ok: true });
  });

  it("answers platform errors as ok:false", async () => {
    const error = (await client()
      .chat.postMessage({ channel: "CNOPE", text: "x" })
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as WebAPIPlatformError | undefined;
    expect(error).toBeUndefined(); // public channels are known
    slack.script("chat.postMessage", [{ error: "channel_not_found" }]);
    const scripted = (await client()
      .chat.postMessage({ channel: "U1", text: "x" })
      .catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(scripted.data.error).toBe("channel_not_found");
  });

  it("gives users.info the locale only with include_locale", async () => {
    expect((await client().users.info({ user: "U1" })).user?.locale).toBeUndefined();
    const info = await client().users.info({ user: "U1", include_locale: true });
    expect(info.user).toMatchObject({ locale: "en-US", tz: "America/New_York" });
  });

  it("serves url_private with the bot token, and its sign-in page without it", async () => {
    const file = slack.addFile({ teamId: "T0001", name: "photo.png", mimetype: "image/png", bytes: new Uint8Array([1, 2, 3]) });
    const withToken = await fetch(file.urlPrivate, { headers: { authorization: "Bearer xoxb-T0001-standin" } });
    expect(new Uint8Array(await withToken.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    const without = await fetch(file.urlPrivate);
    expect(without.status).toBe(200);
    expect(without.headers.get("content-type")).toContain("text/html");
  });

  it("opens a Socket Mode URL for the app token only", async () => {
    await expect(client(slack.appToken).apps.connections.open({})).resolves.toMatchObject({ url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\//) });
    await expect(client().apps.connections.open({})).rejects.toMatchObject({ data: { error: "invalid_auth" } });
  });
});
