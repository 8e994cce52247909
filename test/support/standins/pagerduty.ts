/**
 * A stand-in for PagerDuty on 127.0.0.1 (random port), speaking the real wire formats:
 * - Events API v2: `POST /v2/enqueue` `{ routing_key, event_action, dedup_key, payload, links, … }` →
 *   202 `{ status: "success", message: "Event processed", dedup_key }`; an invalid event → 400
 *   `{ status: "invalid event", message, errors: [...] }` (as PagerDuty checks: routing key, action,
 *   trigger payload with summary ≤ 1024, source and severity; dedup_key for acknowledge/resolve).
 *   It keeps incidents per dedup key like PagerDuty: a trigger on an open incident adds an alert to
 *   it; acknowledge/resolve change its status; after a resolve the same key opens a new incident.
 * - Failure bursts: `failNext(n, status, retryAfter?)` answers the next n enqueues with 429/5xx.
 * - Webhooks v3: `signedWebhook(event_type, incidentKey, …)` builds a delivery signed with
 *   `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(body)>` (several during rotation) and `X-Webhook-Id`;
 *   `deliver(url, delivery)` posts it.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedEvent {
  readonly status: number;
  readonly at: string;
  readonly body: {
    readonly routing_key?: string;
    readonly event_action?: string;
    readonly dedup_key?: string;
    readonly payload?: { summary?: string; source?: string; severity?: string; custom_details?: Record<string, unknown> };
    readonly links?: { href: string; text: string }[];
  };
}

export interface StandInIncident {
  readonly number: number;
  readonly dedupKey: string;
  readonly routingKey: string;
  status: "triggered" | "acknowledged" | "resolved";
  alerts: number;
  readonly log: string[];
}

export interface PagerDutyStandIn {
  /** Base URL for `PAGERDUTY_EVENTS_URL`. */
  readonly baseUrl: string;
  /** Every enqueue received, in order, with the status answered. */
  readonly events: readonly RecordedEvent[];
  /** The events PagerDuty accepted (202). */
  accepted(): readonly RecordedEvent[];
  readonly incidents: readonly StandInIncident[];
  /** Answer the next `count` enqueues with `status` (429 or 5xx), optionally with Retry-After seconds. */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const ACTIONS = new Set(["trigger", "acknowledge", "resolve"]);
const SEVERITIES = new Set(["critical", "error", "warning", "info"]);

function validate(body: unknown): string[] {
  const errors: string[] = [];
  if (typeof body !== "object" || body === null) return ["Event object is invalid"];
  const b = body as Record<string, unknown>;
  if (typeof b["routing_key"] !== "string" || (b["routing_key"] as string).length === 0) errors.push("'routing_key' is missing or blank");
  if (!ACTIONS.has(String(b["event_action"]))) errors.push("'event_action' is invalid (must be trigger, acknowledge or resolve)");
  if (b["event_action"] !== "trigger" && typeof b["dedup_key"] !== "string") errors.push("'dedup_key' is required for acknowledge and resolve");
  if (b["event_action"] === "trigger") {
    const p = b["payload"] as Record<string, unknown> | undefined;
    if (!p) errors.push("'payload' is missing");
    else {
      if (typeof p["summary"] !== "string" || p["summary"].length === 0) errors.push("'payload.summary' is missing or blank");
      else if ([...p["summary"]].length > 1024) errors.push("'payload.summary' is longer than 1024 characters");
      if (typeof p["source"] !== "string" || p["source"].length === 0) errors.push("'payload.source' is missing or blank");
      if (!SEVERITIES.has(String(p["severity"]))) errors.push("'payload.severity' is invalid (must be critical, error, warning or info)");
    }
  }
  return errors;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startPagerDutyStandIn(): Promise<PagerDutyStandIn> {
  const events: RecordedEvent[] = [];
  const incidents: StandInIncident[] = [];
  let failures: { count: number; status: number; retryAfter?: number } = { count: 0, status: 0 };

  const openIncident = (key: string) => incidents.find((i) => i.dedupKey === key && i.status !== "resolved");

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== "POST" || req.url !== "/v2/enqueue") return reply(res, 404, { status: "not found" });
      const body = await readJson(req);
      const at = new Date().toISOString();
      const record = (status: number) => events.push({ status, at, body: (body ?? {}) as RecordedEvent["body"] });
      if (failures.count > 0) {
        failures.count--;
        record(failures.status);
        const headers: Record<string, string> = failures.retryAfter === undefined ? {} : { "retry-after": String(failures.retryAfter) };
        return reply(
          res,
          failures.status,
          failures.status === 429 ? { status: "throttle event", message: "Requests for this service are arriving too quickly." } : { status: "error" },
          headers,
        );
      }
      const errors = validate(body);
      if (errors.length > 0) {
        record(400);
        return reply(res, 400, { status: "invalid event", message: "Event object is invalid", errors });
      }
      const b = body as Record<string, string>;
      const action = b["event_action"] ?? "";
      const key = b["dedup_key"] ?? randomUUID().replaceAll("-", "");
      record(202);
      const open = openIncident(key);
      if (action === "trigger") {
        if (open) {
          open.alerts++;
          open.log.push(`${at} trigger (deduplicated)`);
        } else {
          incidents.push({
            number: incidents.length + 1,
            dedupKey: key,
            routingKey: b["routing_key"] ?? "",
            status: "triggered",
            alerts: 1,
            log: [`${at} trigger`],
          });
        }
      } else if (open) {
        if (action === "acknowledge" && open.status === "triggered") open.status = "acknowledged";
        if (action === "resolve") open.status = "resolved";
        open.log.push(`${at} ${action}`);
      }
      return reply(res, 202, { status: "success", message: "Event processed", dedup_key: key });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    events,
    accepted: () => events.filter((e) => e.status === 202),
    incidents,
    failNext(count, status, retryAfterSeconds) {
      failures = { count, status, ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }) };
    },
    reset() {
      events.length = 0;
      incidents.length = 0;
      failures = { count: 0, status: 0 };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

// --- webhooks v3 ----------------------------------------------------------------------------------

export interface WebhookDelivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A v3 webhook delivery of an incident event, signed with every secret given (as during a rotation). */
export function signedWebhook(
  eventType: "incident.acknowledged" | "incident.resolved" | "incident.triggered" | "incident.annotated",
  incidentKey: string,
  secrets: readonly string[],
  options: { agent?: string; webhookId?: string; occurredAt?: string } = {},
): WebhookDelivery {
  const body = JSON.stringify({
    event: {
      id: randomUUID(),
      event_type: eventType,
      resource_type: "incident",
      occurred_at: options.occurredAt ?? new Date().toISOString(),
      agent: {
        html_url: "https://acme.pagerduty.com/users/PLH1HKV",
        id: "PLH1HKV",
        self: "https://api.pagerduty.com/users/PLH1HKV",
        summary: options.agent ?? "Tenex Engineer",
        type: "user_reference",
      },
      client: null,
      data: {
        id: "PGR0VU2",
        type: "incident",
        self: "https://api.pagerduty.com/incidents/PGR0VU2",
        html_url: "https://acme.pagerduty.com/incidents/PGR0VU2",
        number: 2,
        status: eventType === "incident.resolved" ? "resolved" : "acknowledged",
        incident_key: incidentKey,
        title: "A little bump in the road",
        service: { id: "PF9KMXH", type: "service_reference", summary: "API Service" },
        urgency: "high",
      },
    },
  });
  const signatures = secrets.map((secret) => `v1=${createHmac("sha256", secret).update(body).digest("hex")}`).join(",");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "PagerDuty-Webhook/V3.0",
      "x-pagerduty-signature": signatures,
      "x-webhook-id": options.webhookId ?? randomUUID(),
      "x-webhook-subscription": "PY1OVYH",
    },
  };
}

/** Posts a webhook delivery; returns the status answered. */
export async function deliver(url: string, delivery: WebhookDelivery): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
  await response.text();
  return response.status;
}
