/**
 * Floor for the Slack paths (issue 15): the barest Bolt 5 bot — HTTPReceiver on node:http, signature
 * checked by Bolt, every message event acked and echoed with chat.postMessage to the Web API at
 * SLACK_API_URL (the bench's stand-in). Prints `{"listening":<port>}` on stdout once it listens.
 *   env: SLACK_SIGNING_SECRET, SLACK_API_URL (e.g. http://127.0.0.1:PORT/api/), PORT (0 = any)
 */
import bolt from "@slack/bolt";

const { App, HTTPReceiver, LogLevel } = bolt;

const signingSecret = process.env.SLACK_SIGNING_SECRET;
const slackApiUrl = process.env.SLACK_API_URL;
if (!signingSecret || !slackApiUrl) throw new Error("bolt-echo needs SLACK_SIGNING_SECRET and SLACK_API_URL");

const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
// token + botId + botUserId: no auth.test at construction (platform-notes.md, Slack).
const app = new App({
  receiver,
  token: "xoxb-bench",
  botId: "B0BENCH",
  botUserId: "U0BENCHBOT",
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
});

app.message(async ({ message, say }) => {
  const text = "text" in message && typeof message.text === "string" ? message.text : "";
  await say(`echo: ${text}`);
});
app.error(async (error) => {
  process.stderr.write(`bolt-echo: ${error.message}\n`);
});

const server = await receiver.start({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
const address = server.address();
process.stdout.write(`${JSON.stringify({ listening: typeof address === "object" && address ? address.port : undefined })}\n`);
process.once("SIGTERM", () => void receiver.stop().then(() => process.exit(0)));
