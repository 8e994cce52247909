/**
 * The platforms' far ends for the bench, on 127.0.0.1 port 0, in their wire format: Slack's Web API
 * (`POST /api/chat.postMessage` and any other method → `{ ok: true }`) and the Bot Framework connector
 * (`POST /v3/conversations/:id/activities[/:replyToId]` → `{ id }`). They count what arrives.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandIns {
  readonly slackApiUrl: string;
  readonly connectorUrl: string;
  /** chat.postMessage calls received so far. */
  readonly slackPosts: () => number;
  /** Activities the connector received so far. */
  readonly connectorActivities: () => number;
  close(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  let slackPosts = 0;
  let activities = 0;
  let nextId = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const url = req.url ?? "";
      res.setHeader("content-type", "application/json");
      if (url.startsWith("/api/")) {
        const method = url.slice("/api/".length).split("?")[0];
        if (method === "chat.postMessage") slackPosts++;
        res.end(JSON.stringify({ ok: true, channel: "D0BENCH", ts: `1700000000.${String(++nextId).padStart(6, "0")}`, message: {} }));
        return;
      }
      if (req.method === "POST" && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(url.split("?")[0] ?? "")) {
        activities++;
        res.end(JSON.stringify({ id: `activity-${++nextId}` }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ ok: false, error: "unknown_method" }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    slackApiUrl: `http://127.0.0.1:${port}/api/`,
    connectorUrl: `http://127.0.0.1:${port}`,
    slackPosts: () => slackPosts,
    connectorActivities: () => activities,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
