/**
 * Floor for the Bot Framework path (issue 15): the barest botbuilder 4.23 bot — CloudAdapter with
 * authentication off (no app id: the Emulator mode), on node:http, replying to every message activity
 * at the activity's serviceUrl (the bench's stand-in connector). Prints `{"listening":<port>}` on
 * stdout once it listens.   env: PORT (0 = any)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (_context, error) => {
  process.stderr.write(`botbuilder-echo: ${error.message}\n`);
};

async function echo(context: TurnContext): Promise<void> {
  if (context.activity.type === ActivityTypes.Message) await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
}

/** CloudAdapter.process wants an Express-like request (parsed body) and response (status/header/send/end). */
function expressLike(res: ServerResponse) {
  let status = 200;
  return {
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      res.statusCode = status;
      if (body === undefined) res.end();
      else if (typeof body === "string" || Buffer.isBuffer(body)) res.end(body);
      else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(body));
      }
      return this;
    },
    end() {
      res.statusCode = status;
      if (!res.writableEnded) res.end();
      return this;
    },
    socket: res.socket,
  };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/api/messages") {
    res.statusCode = 404;
    res.end();
    return;
  }
  readJsonBody(req)
    .then((body) => adapter.process(Object.assign(req, { body }) as never, expressLike(res) as never, echo))
    .catch((error: unknown) => {
      process.stderr.write(`botbuilder-echo: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ listening: typeof address === "object" && address ? address.port : undefined })}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
