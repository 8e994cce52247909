/**
 * The Slack sender's answers to the outbox: Web API failures mapped to DeliveryErrors (429 with its
 * Retry-After and 5xx transient; errors no retry cures permanent), per-channel pacing as "retry
 * later", and a resumed delivery finding its own message by the delivery id in metadata.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import type { DeliveryError } from "../../../src/adapters/delivery/channel-sender.js";
import { createTranslator } from "../../../src/bots/conversation/i18n/index.js";
import { BlockKitRenderer } from "../../../src/bots/slack/block-kit.js";
import type { CaseThreads } from "../../../src/bots/slack/slack-places.js";
import { SlackPoster, SlackSender } from "../../../src/bots/slack/slack-sender.js";
import { ChannelPacer, deliveryErrorOf, SLACK_CACHE_MAX, SlackClients } from "../../../src/bots/slack/slack-web.js";
import { startSlackStandIn, type SlackStandIn } from "../../support/standins/slack/slack-standin.js";

let slack: SlackStandIn;
let nowMs = 1_800_000_000_000;
const identity = { channel: "slack", externalUserId: "T0001:U1", partyId: "buyer-ohio", locale: "en-US", timeZone: "America/New_York" };
const message = { text: { key: "common:nothingToDoNow" } };

beforeAll(async () => {
  slack = await startSlackStandIn();
  slack.addUser({ id: "U1", teamId: "T0001", name: "buyer" });
});
afterAll(() => slack.close());

function senderWith(pacer?: ChannelPacer): SlackSender {
  // Messages without a subject never touch case threads.
  const poster = new SlackPoster(new BlockKitRenderer(createTranslator()), {} as CaseThreads);
  const token = slack.workspace("T0001").botToken;
  return new SlackSender({
    poster,
    clients: new SlackClients(slack.apiUrl),
    botOf: (teamId) => Promise.resolve({ teamId, botToken: token }),
    nowMs: () => nowMs,
    ...(pacer ? { pacer } : {}),
  });
}

const failureOf = (promise: Promise<unknown>): Promise<DeliveryError> =>
  promise.then(
    () => Promise.reject(new Error("expected a DeliveryError")),
    (error: unknown) => error as DeliveryError,
  );

describe("Slack sender", () => {
  it("429 → transient with Retry-After; 5xx → transient; channel_not_found → permanent", async () => {
    const sender = senderWith();
    slack.script("chat.postMessage", [{ status: 429, retryAfter: 12 }, { status: 503 }, { error: "channel_not_found" }, { error: "internal_error" }]);
    const limited = await failureOf(sender.send(identity, undefined, message, { idempotencyKey: "d-1", attempt: 1 }));
    expect(limited).toMatchObject({ permanent: false, retryAfterMs: 12_000, status: 429 });
    expect(await failureOf(sender.send(identity, undefined, message, { idempotencyKey: "d-2", attempt: 1 }))).toMatchObject({ permanent: false, status: 503 });
    expect(await failureOf(sender.send(identity, undefined, message, { idempotencyKey: "d-3", attempt: 1 }))).toMatchObject({ permanent: true });
    expect(await failureOf(sender.send(identity, undefined, message, { idempotencyKey: "d-4", attempt: 1 }))).toMatchObject({ permanent: false });
  });

  it("an unreachable Slack is a transient failure", () => {
    expect(deliveryErrorOf(Object.assign(new Error("connect ECONNREFUSED"), { code: "slack_webapi_request_error" }), nowMs)).toMatchObject({
      permanent: false,
    });
  });

  it("a resumed delivery finds its message by the delivery id and does not post it again", async () => {
    const sender = senderWith();
    await sender.send(identity, undefined, message, { idempotencyKey: "d-resume", attempt: 1 });
    const posts = slack.callsTo("chat.postMessage").length;
    await sender.send(identity, undefined, message, { idempotencyKey: "d-resume", attempt: 2 });
    expect(slack.callsTo("chat.postMessage").length).toBe(posts);
    expect(slack.messages.filter((m) => m.metadata?.event_payload["delivery_id"] === "d-resume")).toHaveLength(1);
    // A first attempt does not search.
    const searches = slack.callsTo("conversations.history").length;
    await sender.send(identity, undefined, message, { idempotencyKey: "d-fresh", attempt: 1 });
    expect(slack.callsTo("conversations.history").length).toBe(searches);
  });

  it("paces posts per channel: past the burst, the attempt is retried later instead of drawing a 429", async () => {
    const sender = senderWith(new ChannelPacer({ burst: 2, perSecond: 1 }, () => nowMs));
    await sender.send(identity, undefined, message, { idempotencyKey: "p-1", attempt: 1 });
    await sender.send(identity, undefined, message, { idempotencyKey: "p-2", attempt: 1 });
    const paced = await failureOf(sender.send(identity, undefined, message, { idempotencyKey: "p-3", attempt: 1 }));
    expect(paced).toMatchObject({ permanent: false, retryAfterMs: 1000 });
    nowMs += 1000;
    await expect(sender.send(identity, undefined, message, { idempotencyKey: "p-3", attempt: 2 })).resolves.toBeUndefined();
  });

  it("the pacer's buckets are per channel and refill at the sustained rate", () => {
    let t = 0;
    const pacer = new ChannelPacer({ burst: 3, perSecond: 1 }, () => t);
    expect([pacer.take("a"), pacer.take("a"), pacer.take("a"), pacer.take("a")]).toEqual([0, 0, 0, 1000]);
    expect(pacer.take("b")).toBe(0);
    t = 500;
    expect(pacer.take("a")).toBe(500);
    t = 2000;
    expect([pacer.take("a"), pacer.take("a"), pacer.take("a")]).toEqual([0, 0, 1000]);
  });

  it("issue 15: the pacer remembers a bounded number of channels — the least recently posted to is forgotten (full burst again), a busy one is still paced", () => {
    const pacer = new ChannelPacer({ burst: 1, perSecond: 1 }, () => 0);
    expect([pacer.take("busy"), pacer.take("busy")]).toEqual([0, 1000]);
    expect(pacer.take("quiet")).toBe(0);
    for (let i = 0; i < SLACK_CACHE_MAX - 2; i++) pacer.take(`C${i}`); // now full
    expect(pacer.take("busy")).toBe(1000); // remembered, still in deficit
    pacer.take("one-more"); // forgets the least recently posted to: "quiet"
    expect(pacer.take("quiet")).toBe(0);
    expect(pacer.take("busy")).toBe(1000);
  });
});
