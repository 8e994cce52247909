/**
 * Spike (issue 8 item 3): the two platform SDKs mount on the Fastify host through `ChannelRoutes.raw`,
 * which hands them node's request and response with the body unread — Bolt's HTTPReceiver verifies
 * Slack's signature over the raw bytes; botbuilder's CloudAdapter gets its parsed activity and a
 * response with status/header/send/end. Slack: a signed url_verification is answered with its
 * challenge, a forged signature gets 401. Bot Framework (auth off, as with the Emulator): an activity
 * posted to an echo bot has its reply delivered to a stand-in connector at the activity's serviceUrl.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpHost, type HttpHost } from "../../src/adapters/http/server.js";

const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The response botbuilder's `process` writes to (its WebResponse shape), over node's. */
function webResponse(res: ServerResponse) {
  const shaped = {
    status(code: number) {
      res.statusCode = code;
      return shaped;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return shaped;
    },
    send(body?: unknown) {
      if (body !== undefined) {
        if (!res.hasHeader("content-type")) res.setHeader("content-type", "application/json");
        res.write(typeof body === "string" ? body : JSON.stringify(body));
      }
      return shaped;
    },
    end() {
      res.end();
      return shaped;
    },
    socket: res.socket,
  };
  return shaped;
}

let host: HttpHost;
let url: string;
let connector: Server;
let connectorUrl: string;
const delivered: { path: string; body: { type?: string; text?: string; replyToId?: string } }[] = [];

beforeAll(async () => {
  connector = createServer((req, res) => {
    void readRaw(req).then((text) => {
      delivered.push({ path: req.url ?? "", body: JSON.parse(text) as { text?: string } });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `reply-${delivered.length}` }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, "127.0.0.1", resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;

  host = await createHttpHost({ logger: pino({ level: "silent" }), readiness: () => Promise.resolve({ ready: true, database: "ok", pendingMigrations: [] }) });

  // Slack: Bolt's own receiver, never `app.start()` (the App calls receiver.init itself).
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
  new App({ receiver, token: "xoxb-spike", botId: "B0SPIKE", botUserId: "U0SPIKE", logLevel: LogLevel.ERROR });
  host.routes.raw("POST", "/slack/events", receiver.requestListener);

  // Bot Framework: CloudAdapter with authentication off (no app id).
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  host.routes.raw("POST", "/api/messages", async (req, res) => {
    const body = JSON.parse(await readRaw(req)) as Record<string, unknown>;
    const request = { body, headers: req.headers, method: req.method ?? "POST" };
    await adapter.process(request, webResponse(res) as never, async (context: TurnContext) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
  });
  const address = await host.listen("127.0.0.1", 0);
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await host.close(1_000);
  await new Promise((resolve) => connector.close(resolve));
});

function slackHeaders(body: string, secret = SIGNING_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "content-type": "application/json", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature };
}

describe("SDKs mounted through ChannelRoutes.raw on the Fastify host", () => {
  it("Slack (Bolt HTTPReceiver): a signed url_verification is answered with its challenge; a forged signature gets 401", async () => {
    const body = JSON.stringify({ token: "t", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });
    const signed = await fetch(`${url}/slack/events`, { method: "POST", headers: slackHeaders(body), body });
    expect(signed.status).toBe(200);
    expect(await signed.text()).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    const forged = await fetch(`${url}/slack/events`, { method: "POST", headers: slackHeaders(body, "not-the-secret"), body });
    expect(forged.status).toBe(401);
  });

  it("Bot Framework (CloudAdapter.process, auth off): an activity to an echo bot gets its reply at the stand-in connector", async () => {
    const activity = {
      type: "message",
      id: "act-1",
      text: "hello",
      channelId: "emulator",
      serviceUrl: connectorUrl,
      from: { id: "user-1", name: "Buyer" },
      recipient: { id: "bot-1", name: "Bot" },
      conversation: { id: "conv-1" },
    };
    const res = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    expect(delivered).toEqual([
      expect.objectContaining({
        path: "/v3/conversations/conv-1/activities/act-1",
        body: expect.objectContaining({ type: "message", text: "echo: hello", replyToId: "act-1" }),
      }),
    ]);
  });
});
