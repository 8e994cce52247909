/**
 * PagerDuty Events API v2 (DT-01): `POST {PAGERDUTY_EVENTS_URL}/v2/enqueue` with
 * `{ routing_key, event_action: trigger | acknowledge | resolve, dedup_key, payload, links }`.
 * PagerDuty answers 202 when it took the event; 400 is a malformed event (permanent: retrying cannot
 * help); 429 (about 120 events a minute per routing key) and 5xx are transient and retried by the
 * outbox, honouring Retry-After. Plain `fetch`: the only SDK-free adapter, as PagerDuty ships none for
 * Node that speaks Events v2 better than these dozen lines.
 */
import { DeliveryError, deliveryErrorOfHttpStatus } from "../delivery/channel-sender.js";

export const PAGERDUTY_DEFAULT_EVENTS_URL = "https://events.pagerduty.com";
/** PagerDuty rejects a summary longer than this. */
export const PAGERDUTY_SUMMARY_MAX = 1024;

export type PagerDutySeverity = "critical" | "error" | "warning" | "info";
export type PagerDutyAction = "trigger" | "acknowledge" | "resolve";

export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: PagerDutyAction;
  readonly dedup_key: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: PagerDutySeverity;
    readonly timestamp?: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details?: Readonly<Record<string, unknown>>;
  };
  readonly links?: readonly { readonly href: string; readonly text: string }[];
  readonly client?: string;
  readonly client_url?: string;
}

/** PagerDuty counts characters; a summary is cut to the limit with an ellipsis, never rejected. */
export function pagerDutySummary(text: string): string {
  const chars = [...text];
  return chars.length <= PAGERDUTY_SUMMARY_MAX ? text : `${chars.slice(0, PAGERDUTY_SUMMARY_MAX - 1).join("")}…`;
}

export interface PagerDutyEventsClientOptions {
  /** Base URL without `/v2/enqueue` (default PagerDuty's; a stand-in in tests). */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch, to read an HTTP-date Retry-After. */
  readonly nowMs: () => number;
  readonly timeoutMs?: number;
}

export class PagerDutyEventsClient {
  readonly #url: string;
  readonly #fetch: typeof fetch;
  readonly #nowMs: () => number;
  readonly #timeoutMs: number;

  constructor(options: PagerDutyEventsClientOptions) {
    this.#url = `${(options.baseUrl ?? PAGERDUTY_DEFAULT_EVENTS_URL).replace(/\/+$/, "")}/v2/enqueue`;
    this.#fetch = options.fetch ?? fetch;
    this.#nowMs = options.nowMs;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Sends one event; resolves on 202, rejects with a DeliveryError (permanent on 400 and other 4xx). */
  async send(event: PagerDutyEvent): Promise<void> {
    let response: Response;
    try {
      response = await this.#fetch(this.#url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new DeliveryError(`PagerDuty could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { permanent: false, cause });
    }
    const body = await response.text();
    if (response.status === 202) return;
    throw deliveryErrorOfHttpStatus(response.status, response.headers.get("retry-after"), this.#nowMs(), errorDetail(body));
  }
}

/** PagerDuty's `{ status, message, errors: [...] }`, shortened for the delivery record. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(parsed.errors) ? parsed.errors.map(String).join("; ") : "";
    return [typeof parsed.message === "string" ? parsed.message : "", errors].filter(Boolean).join(": ").slice(0, 500);
  } catch {
    return body.slice(0, 200);
  }
}
