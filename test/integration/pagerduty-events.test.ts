/**
 * DT-01: the PagerDuty Events API v2 client and webhook v3 verification against the stand-in (no
 * database): PagerDuty's answers mapped to the outbox's delivery errors, the trigger's wire format,
 * signatures over the raw bytes during a secret rotation, and the variables.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/adapters/delivery/channel-sender.js";
import { parsePagerDutyConfig, PagerDutyConfigError } from "../../src/adapters/paging/pagerduty-config.js";
import { PagerDutyEventsClient, pagerDutySummary } from "../../src/adapters/paging/pagerduty-events.js";
import { dedupKeyOf, parseDedupKey, type PagerDutyOutboxPayload } from "../../src/adapters/paging/pagerduty-outbox.js";
import { pagerDutyEventOf, pagerDutyRoute } from "../../src/adapters/paging/pagerduty-route.js";
import { createHmac } from "node:crypto";
import type { Database } from "../../src/adapters/db/database.js";
import { handlePagerDutyWebhook, verifyPagerDutySignature, type PagerDutyWebhookDeps } from "../../src/adapters/paging/pagerduty-webhook.js";
import { signedWebhook, startPagerDutyStandIn, type PagerDutyStandIn } from "../support/standins/pagerduty.js";

const ROUTING_KEY = "R0UT1NGKEY0000000000000000000001";
const NOW_MS = Date.parse("2026-03-19T14:00:00.000Z");

const TRIGGER: PagerDutyOutboxPayload = {
  action: "trigger",
  routingKeyRef: "default",
  dedupKey: dedupKeyOf("clm-1/page/1", 1),
  claimId: "clm-1",
  orderId: "ord-1",
  pageId: "clm-1/page/1",
  round: 1,
  trigger: {
    pageReason: "escalated",
    roundReason: "raised",
    level: 1,
    outOfHours: false,
    amount: { amountMinor: 37_500, currency: "USD" },
    decisionDueAt: "2026-03-27T03:59:59.000Z",
    link: "/staff/cases/clm-1",
    policyVersion: 3,
    staffIds: ["staff-1"],
  },
};

describe("PagerDuty Events API v2 (DT-01)", () => {
  let pd: PagerDutyStandIn;
  let client: PagerDutyEventsClient;
  const words = (key: string, params: Readonly<Record<string, unknown>>) => `${key} ${JSON.stringify(params)}`;
  const options = () => ({ client, routingKeys: { default: ROUTING_KEY }, publicUrl: "https://desk.example.com/", source: "trade-assurance-bots", words });

  beforeAll(async () => {
    pd = await startPagerDutyStandIn();
    client = new PagerDutyEventsClient({ baseUrl: pd.baseUrl, nowMs: () => NOW_MS });
  });
  afterAll(() => pd.close());
  beforeEach(() => pd.reset());

  it("DT-01: a trigger carries the dedup key of the case's round, the case facts and a link to the case; PagerDuty answers 202", async () => {
    await client.send(pagerDutyEventOf(options(), TRIGGER));
    const [event] = pd.accepted();
    expect(event?.body).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
      dedup_key: "clm-1/page/1#1",
      payload: {
        source: "trade-assurance-bots",
        severity: "error",
        custom_details: {
          claim_id: "clm-1",
          order_id: "ord-1",
          amount_minor: 37_500,
          currency: "USD",
          decision_due_at: "2026-03-27T03:59:59.000Z",
          case_link: "https://desk.example.com/staff/cases/clm-1",
          round: 1,
          level: 1,
          policy_version: 3,
        },
      },
      links: [{ href: "https://desk.example.com/staff/cases/clm-1", text: "paging:pagerDuty.openCase {}" }],
    });
    expect(event?.body.payload?.summary).toContain("paging:pagerDuty.summary.escalated");
    expect(pd.incidents).toMatchObject([{ dedupKey: "clm-1/page/1#1", status: "triggered", alerts: 1 }]);
    // Acknowledge and resolve carry only the key and the action.
    await client.send(pagerDutyEventOf(options(), { ...TRIGGER, action: "acknowledge" }));
    expect(pd.accepted()[1]?.body).toEqual({ routing_key: ROUTING_KEY, event_action: "acknowledge", dedup_key: "clm-1/page/1#1" });
    expect(pd.incidents[0]?.status).toBe("acknowledged");
  });

  it("DT-01: 400 is permanent; 429 and 5xx are transient, with PagerDuty's Retry-After", async () => {
    const bad = client.send({ routing_key: ROUTING_KEY, event_action: "trigger", dedup_key: "x", payload: { summary: "", source: "s", severity: "error" } });
    await expect(bad).rejects.toMatchObject({ name: "DeliveryError", permanent: true, status: 400 });
    await expect(bad).rejects.toThrow(/payload.summary/);
    pd.failNext(1, 429, 7);
    await expect(client.send(pagerDutyEventOf(options(), TRIGGER))).rejects.toMatchObject({ permanent: false, status: 429, retryAfterMs: 7_000 });
    pd.failNext(1, 503);
    await expect(client.send(pagerDutyEventOf(options(), TRIGGER))).rejects.toMatchObject({ permanent: false, status: 503 });
    const unreachable = new PagerDutyEventsClient({ baseUrl: "http://127.0.0.1:9", nowMs: () => NOW_MS, timeoutMs: 2_000 });
    const error = await unreachable.send(pagerDutyEventOf(options(), TRIGGER)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ permanent: false });
  });

  it("DT-01: a summary longer than PagerDuty's 1024 characters is cut, not refused", async () => {
    const long = pagerDutySummary("é".repeat(3000));
    expect([...long]).toHaveLength(1024);
    expect(long.endsWith("…")).toBe(true);
    expect(pagerDutySummary("short")).toBe("short");
    const route = pagerDutyRoute({ ...options(), words: () => "x".repeat(5000) });
    await route.send(TRIGGER, { idempotencyKey: "d1", attempt: 1 });
    expect(pd.accepted()[0]?.body.payload?.summary).toHaveLength(1024);
  });

  it("DT-01: a level whose routing-key reference is not configured has no PagerDuty destination; a refused event tells staff", () => {
    const route = pagerDutyRoute(options());
    expect(route.destination(TRIGGER)).toBe("clm-1/page/1#1");
    expect(route.destination({ ...TRIGGER, routingKeyRef: "night" })).toBeUndefined();
    const told = route.failedForGood?.(TRIGGER, new DeliveryError("channel answered HTTP 400: Event object is invalid", { permanent: true, status: 400 }));
    expect(told).toEqual([
      expect.objectContaining({
        kind: "notification",
        payload: expect.objectContaining({
          recipient: { staff: true },
          text: { key: "paging:notify.pagerDutyRejected", params: expect.objectContaining({ claimId: "clm-1" }) },
        }),
      }),
    ]);
  });

  it("DT-01: dedup keys round-trip to the case's page and round; someone else's incident key is not ours", () => {
    expect(parseDedupKey(dedupKeyOf("clm-7/x/page/2", 5))).toEqual({ claimId: "clm-7/x", pageId: "clm-7/x/page/2", round: 5 });
    expect(parseDedupKey("srv-1234")).toBeUndefined();
  });
});

describe("PagerDuty webhooks v3 signatures (DT-01)", () => {
  const OLD = "old-secret-0123456789";
  const NEW = "new-secret-9876543210";

  it("DT-01: any v1 signature under any configured secret verifies the raw body, also during a rotation", () => {
    const rotating = signedWebhook("incident.acknowledged", "clm-1/page/1#1", [OLD, NEW]);
    const body = Buffer.from(rotating.body);
    expect(verifyPagerDutySignature(body, rotating.headers["x-pagerduty-signature"], [NEW])).toBe(true);
    expect(verifyPagerDutySignature(body, rotating.headers["x-pagerduty-signature"], [OLD])).toBe(true);
    const oldOnly = signedWebhook("incident.acknowledged", "clm-1/page/1#1", [OLD]);
    expect(verifyPagerDutySignature(Buffer.from(oldOnly.body), oldOnly.headers["x-pagerduty-signature"], [NEW, OLD])).toBe(true);
  });

  it("DT-01: a forged, missing or malformed signature, or a body changed by one byte, does not verify", () => {
    const delivery = signedWebhook("incident.acknowledged", "clm-1/page/1#1", [OLD]);
    const body = Buffer.from(delivery.body);
    expect(verifyPagerDutySignature(body, delivery.headers["x-pagerduty-signature"], [NEW])).toBe(false);
    expect(verifyPagerDutySignature(Buffer.from(delivery.body.replace("clm-1", "clm-2")), delivery.headers["x-pagerduty-signature"], [OLD])).toBe(false);
    expect(verifyPagerDutySignature(body, undefined, [OLD])).toBe(false);
    expect(verifyPagerDutySignature(body, "v1=zz,v0=abc", [OLD])).toBe(false);
    expect(verifyPagerDutySignature(body, `v2=${"a".repeat(64)}`, [OLD])).toBe(false);
  });
});

describe("PagerDuty variables", () => {
  it("absent = not configured; keys per reference; rotation secrets; every bad variable named", () => {
    expect(parsePagerDutyConfig({})).toBeUndefined();
    expect(
      parsePagerDutyConfig({
        PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
        PAGERDUTY_ROUTING_KEY_NIGHT: "N1GHTKEY000000000000000000000001",
        PAGERDUTY_EVENTS_URL: "http://127.0.0.1:4010",
        PAGERDUTY_WEBHOOK_SECRET: "old-secret-0123456789, new-secret-9876543210",
      }),
    ).toEqual({
      eventsUrl: "http://127.0.0.1:4010",
      routingKeys: { default: ROUTING_KEY, night: "N1GHTKEY000000000000000000000001" },
      webhookSecrets: ["old-secret-0123456789", "new-secret-9876543210"],
    });
    const error = (() => {
      try {
        parsePagerDutyConfig({ PAGERDUTY_ROUTING_KEY: "short!", PAGERDUTY_EVENTS_URL: "ftp://x" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PagerDutyConfigError);
    expect((error as PagerDutyConfigError).problems.map((p) => p.variable)).toEqual([
      "PAGERDUTY_ROUTING_KEY",
      "PAGERDUTY_EVENTS_URL",
      "PAGERDUTY_WEBHOOK_SECRET",
    ]);
  });
});

describe("PagerDuty webhook refusals (DT-01, QA pass)", () => {
  const secret = "webhook-secret-0123456789";
  // The refusals are answered before the database is touched: a database that throws proves it.
  const deps: PagerDutyWebhookDeps = {
    secrets: [secret],
    db: new Proxy(
      {},
      {
        get: () => {
          throw new Error("the database is not needed to refuse");
        },
      },
    ) as unknown as Database,
    execute: () => Promise.reject(new Error("no command is run to refuse")),
    now: () => "2026-03-19T14:00:00.000Z",
    logger: { warn: () => undefined, info: () => undefined },
  };
  const signed = (body: string) => ({ "x-pagerduty-signature": `v1=${createHmac("sha256", secret).update(body).digest("hex")}` });

  it("DT-01: a forged, malformed or unexpected delivery is refused in the product's error shape {error:{code,message}}", async () => {
    const forged = signedWebhook("incident.acknowledged", "clm-1/page/1#1", ["not-the-secret-000000"]);
    const refusals = [
      await handlePagerDutyWebhook(deps, Buffer.from(forged.body), forged.headers),
      await handlePagerDutyWebhook(deps, Buffer.from("{not json"), signed("{not json")),
      await handlePagerDutyWebhook(deps, Buffer.from('{"event":{}}'), signed('{"event":{}}')),
    ];
    expect(refusals.map((r) => [r.status, (r.body as { error: { code: string } }).error.code])).toEqual([
      [401, "INVALID_SIGNATURE"],
      [400, "INVALID_JSON"],
      [400, "INVALID_REQUEST"],
    ]);
    for (const { body } of refusals) {
      expect(Object.keys(body)).toEqual(["error"]);
      const { message } = (body as { error: { message: unknown } }).error;
      // A human sentence, not the code again.
      expect(typeof message === "string" && message.includes(" ")).toBe(true);
    }
  });
});
