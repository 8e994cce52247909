/** How a Bot Connector failure becomes the outbox's DeliveryError (permanent vs transient, Retry-After). */
import { describe, expect, it } from "vitest";
import { deliveryErrorOfConnector } from "../../../src/bots/teams/teams-channel.js";
import { DeliveryError } from "../../../src/adapters/delivery/channel-sender.js";

const NOW = Date.parse("2026-03-02T09:00:00Z");
/** The shape botframework-connector's RestError has: statusCode, the response's headers and body text. */
const restError = (statusCode: number, code?: string, retryAfter?: string) => ({
  statusCode,
  response: {
    headers: { get: (name: string) => (name === "retry-after" ? retryAfter : undefined) },
    bodyAsText: code ? JSON.stringify({ error: { code, message: "…" } }) : "",
  },
});

describe("connector failures", () => {
  it.each(["ConversationBlockedByUser", "BotNotInConversationRoster"])("403 %s is permanent", (code) => {
    const error = deliveryErrorOfConnector(restError(403, code), NOW);
    expect(error).toMatchObject({ permanent: true, status: 403 });
    expect(error.message).toContain(code);
  });

  it.each([429, 412, 502, 504, 500, 503])("%i is transient, honouring Retry-After", (status) => {
    expect(deliveryErrorOfConnector(restError(status, "Throttled", "7"), NOW)).toMatchObject({ permanent: false, status, retryAfterMs: 7000 });
  });

  it("a Retry-After given as an HTTP date counts from now", () => {
    expect(deliveryErrorOfConnector(restError(429, undefined, new Date(NOW + 30_000).toUTCString()), NOW).retryAfterMs).toBe(30_000);
  });

  it("other 4xx (a bad request, an unknown conversation) are permanent", () => {
    expect(deliveryErrorOfConnector(restError(400, "BadSyntax"), NOW).permanent).toBe(true);
    expect(deliveryErrorOfConnector(restError(404, "ConversationNotFound"), NOW).permanent).toBe(true);
  });

  it("no answer at all (connection refused) is transient; a DeliveryError passes through", () => {
    expect(deliveryErrorOfConnector(new Error("connect ECONNREFUSED"), NOW).permanent).toBe(false);
    const own = new DeliveryError("token endpoint: invalid_client", { permanent: true, status: 401 });
    expect(deliveryErrorOfConnector(own, NOW)).toBe(own);
  });
});
