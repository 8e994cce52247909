/**
 * PagerDuty webhooks v3 → the case's page (DT-01): `POST /pagerduty/webhooks`.
 *
 * - Verified on the raw bytes: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(body)>[,v1=…]` — several
 *   signatures while a secret rotates, and we may hold several secrets (`PAGERDUTY_WEBHOOK_SECRET`,
 *   comma-separated); one match of any is enough. Anything else is 401, before the body is parsed.
 * - PagerDuty retries for up to 48 h and may repeat a delivery: the `X-Webhook-Id` is recorded in the
 *   transaction of the command it caused, and a repeat is answered 200 without effect.
 * - `incident.acknowledged` / `incident.resolved` whose `data.incident_key` is one of our dedup keys
 *   acknowledge that page's round in the product, by whom (the event's agent). It counts once: the
 *   product's other channels then stop repeating, and PagerDuty's other incidents of the page are
 *   acknowledged by the outbox. Other event types, and incidents that are not ours, are answered 200.
 * - The answer comes at once (PagerDuty wants 2xx within 5 s): one small transaction.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { claimStream } from "../../domain/claims/claim-events.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { acknowledgePageInPagerDuty } from "../../domain/claims/paging.js";
import { SYSTEM } from "../../domain/shared/events.js";
import { markInboundProcessed } from "../db/inbound-dedupe.js";
import type { Database } from "../db/database.js";
import { errorBody, HttpError, type ErrorBody } from "../http/http-io.js";
import type { Tx } from "../db/transaction.js";
import type { CommandOutcome, CommandSpec } from "../db/unit-of-work.js";
import { parseDedupKey } from "./pagerduty-outbox.js";

export const PAGERDUTY_WEBHOOK_PATH = "/pagerduty/webhooks";
/** The inbound-dedupe channel of PagerDuty webhook ids. */
export const PAGERDUTY_WEBHOOK_SOURCE = "pagerduty";
const BODY_LIMIT_BYTES = 512 * 1024;

/** Runs a command with the app's outbox hooks (the composition root passes `runCommand`). */
export type ExecuteCommand = (
  spec: CommandSpec,
  options?: { alsoInTransaction?: (tx: Tx, outcome: CommandOutcome) => Promise<void> },
) => Promise<CommandOutcome>;

export interface PagerDutyWebhookDeps {
  readonly secrets: readonly string[];
  readonly db: Database;
  readonly execute: ExecuteCommand;
  readonly now: () => string;
  readonly logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/** Whether any `v1=` signature of the header is the HMAC-SHA256 of the raw body under any of the secrets. */
export function verifyPagerDutySignature(rawBody: Buffer, header: string | undefined, secrets: readonly string[]): boolean {
  if (!header) return false;
  const offered = header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3))
    .filter((hex) => /^[0-9a-f]{64}$/i.test(hex))
    .map((hex) => Buffer.from(hex, "hex"));
  if (offered.length === 0) return false;
  return secrets.some((secret) => {
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    return offered.some((signature) => timingSafeEqual(signature, expected));
  });
}

const webhookSchema = z.object({
  event: z.object({
    id: z.string().optional(),
    event_type: z.string(),
    occurred_at: z.string().optional(),
    agent: z.object({ id: z.string().optional(), summary: z.string().optional() }).nullish(),
    data: z.object({ id: z.string().optional(), incident_key: z.string().nullish() }).passthrough(),
  }),
});

export interface WebhookAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>> | ErrorBody;
}

const HANDLED = new Set(["incident.acknowledged", "incident.resolved"]);

/** A refusal in the product's one error shape (`{"error":{"code","message"}}`, as every other route answers). */
function refusal(status: number, code: string, message: string): WebhookAnswer {
  return { status, body: errorBody(new HttpError(status, code, message)) };
}

/** The webhook's effect and answer, from the raw body and headers (framework-free; see `pagerDutyWebhookListener`). */
export async function handlePagerDutyWebhook(deps: PagerDutyWebhookDeps, rawBody: Buffer, headers: IncomingMessage["headers"]): Promise<WebhookAnswer> {
  const header = headers["x-pagerduty-signature"];
  if (!verifyPagerDutySignature(rawBody, Array.isArray(header) ? header.join(",") : header, deps.secrets)) {
    deps.logger.warn({ webhookId: headers["x-webhook-id"] }, "PagerDuty webhook with no valid signature refused");
    return refusal(401, "INVALID_SIGNATURE", "the X-PagerDuty-Signature header does not sign this body with a configured webhook secret");
  }
  let parsed: z.infer<typeof webhookSchema>;
  try {
    const result = webhookSchema.safeParse(JSON.parse(rawBody.toString("utf8")));
    if (!result.success) return refusal(400, "INVALID_REQUEST", "the body is not a PagerDuty v3 webhook (an event with event_type and data)");
    parsed = result.data;
  } catch {
    return refusal(400, "INVALID_JSON", "the body is not valid JSON");
  }
  const { event } = parsed;
  const webhookIdHeader = headers["x-webhook-id"];
  const webhookId = (Array.isArray(webhookIdHeader) ? webhookIdHeader[0] : webhookIdHeader) ?? event.id;
  const incidentKey = event.data.incident_key ?? undefined;
  const ours = incidentKey ? parseDedupKey(incidentKey) : undefined;
  if (!HANDLED.has(event.event_type) || !ours) return { status: 200, body: { ignored: true } };
  if (webhookId) {
    const seen = await deps.db.prisma.processedInboundEvent.findUnique({
      where: { channel_externalUserId_externalEventId: { channel: PAGERDUTY_WEBHOOK_SOURCE, externalUserId: "", externalEventId: webhookId } },
    });
    if (seen) return { status: 200, body: { duplicate: true } };
  }
  const agent = event.agent?.summary ?? event.agent?.id ?? "PagerDuty";
  const spec: CommandSpec = {
    name: "claim.acknowledgePageInPagerDuty",
    streams: [claimStream(ours.claimId)],
    decide: (s, now) => {
      const claim = s.get<ClaimState>(claimStream(ours.claimId));
      if (!claim || !claim.pages.some((p) => p.pageId === ours.pageId)) return [];
      return acknowledgePageInPagerDuty(claim, { pageId: ours.pageId, round: ours.round, agent }, { now, actor: SYSTEM });
    },
  };
  const outcome = await deps.execute(spec, {
    alsoInTransaction: async (tx) => {
      if (webhookId) await markInboundProcessed(tx, PAGERDUTY_WEBHOOK_SOURCE, webhookId, deps.now());
    },
  });
  deps.logger.info({ webhookId, eventType: event.event_type, incidentKey, acknowledged: outcome.events.length > 0 }, "PagerDuty webhook");
  return { status: 200, body: { acknowledged: outcome.events.length > 0 } };
}

async function readRawBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > BODY_LIMIT_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, { status, body }: WebhookAnswer): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The raw route's listener (the body unread: the signature is over the exact bytes). */
export function pagerDutyWebhookListener(deps: PagerDutyWebhookDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const raw = await readRawBody(req);
      if (!raw) return answer(res, refusal(413, "BODY_TOO_LARGE", "the body is too large"));
      answer(res, await handlePagerDutyWebhook(deps, raw, req.headers));
    } catch (err) {
      // PagerDuty retries a non-2xx delivery: nothing is lost, the transaction rolled back.
      deps.logger.warn({ err }, "PagerDuty webhook failed; PagerDuty will retry");
      if (!res.headersSent) answer(res, refusal(500, "INTERNAL", "something went wrong; PagerDuty will deliver the webhook again"));
    }
  };
}
