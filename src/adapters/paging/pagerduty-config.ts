/**
 * PagerDuty's variables, validated with zod; every bad variable is named (the composition root turns
 * the problems into its ConfigError). Absent `PAGERDUTY_ROUTING_KEY*` and `PAGERDUTY_WEBHOOK_SECRET` =
 * PagerDuty not configured (pages go to the console and Slack only).
 *
 * - `PAGERDUTY_ROUTING_KEY`: the integration key of the "default" reference; `PAGERDUTY_ROUTING_KEY_<REF>`
 *   one per other reference a policy level names (e.g. `PAGERDUTY_ROUTING_KEY_NIGHT` for "night").
 * - `PAGERDUTY_EVENTS_URL`: the Events API base URL (default https://events.pagerduty.com; a stand-in in tests).
 * - `PAGERDUTY_WEBHOOK_SECRET`: the v3 webhook subscription secret; several, comma-separated, while rotating.
 */
import { ConfigError, type ConfigProblem } from "../shared/config-error.js";
import { z } from "zod";
import { PAGERDUTY_DEFAULT_EVENTS_URL } from "./pagerduty-events.js";

export interface PagerDutySettings {
  readonly eventsUrl: string;
  /** Reference (lower case) → routing key. */
  readonly routingKeys: Readonly<Record<string, string>>;
  readonly webhookSecrets: readonly string[];
}

export type PagerDutyConfigProblem = ConfigProblem;

export class PagerDutyConfigError extends ConfigError {
  constructor(problems: readonly ConfigProblem[]) {
    super(problems, "PagerDuty configuration");
    this.name = "PagerDutyConfigError";
  }
}

const ROUTING_KEY_PREFIX = "PAGERDUTY_ROUTING_KEY";
/** PagerDuty integration keys are 32 characters of [a-z0-9]; accept what PagerDuty issues and nothing odd. */
const routingKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{20,64}$/, { error: "must be a PagerDuty integration (routing) key" });
const eventsUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://events.pagerduty.com" });
const secretsSchema = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(16, { error: "each secret must be at least 16 characters" })).min(1, { error: "must name at least one secret" }));

/** The PagerDuty settings of an environment, or undefined when PagerDuty is not configured. */
export function parsePagerDutyConfig(env: Readonly<Record<string, string | undefined>>): PagerDutySettings | undefined {
  const set = (name: string): string | undefined => (env[name]?.trim() ? env[name] : undefined);
  const keyVariables = Object.keys(env).filter((name) => (name === ROUTING_KEY_PREFIX || name.startsWith(`${ROUTING_KEY_PREFIX}_`)) && set(name));
  const secretVariable = set("PAGERDUTY_WEBHOOK_SECRET");
  if (keyVariables.length === 0 && secretVariable === undefined) return undefined;
  const problems: PagerDutyConfigProblem[] = [];
  const routingKeys: Record<string, string> = {};
  for (const variable of keyVariables) {
    const parsed = routingKeySchema.safeParse(env[variable]);
    if (!parsed.success) problems.push({ variable, problem: parsed.error.issues[0]?.message ?? "invalid" });
    else routingKeys[variable === ROUTING_KEY_PREFIX ? "default" : variable.slice(ROUTING_KEY_PREFIX.length + 1).toLowerCase()] = parsed.data;
  }
  const url = set("PAGERDUTY_EVENTS_URL") ?? PAGERDUTY_DEFAULT_EVENTS_URL;
  const eventsUrl = eventsUrlSchema.safeParse(url);
  if (!eventsUrl.success) problems.push({ variable: "PAGERDUTY_EVENTS_URL", problem: eventsUrl.error.issues[0]?.message ?? "invalid" });
  let webhookSecrets: readonly string[] = [];
  if (secretVariable === undefined) {
    problems.push({ variable: "PAGERDUTY_WEBHOOK_SECRET", problem: "is required with a routing key: acknowledgements in PagerDuty must reach the product" });
  } else {
    const secrets = secretsSchema.safeParse(secretVariable);
    if (!secrets.success) problems.push({ variable: "PAGERDUTY_WEBHOOK_SECRET", problem: secrets.error.issues[0]?.message ?? "invalid" });
    else webhookSecrets = secrets.data;
  }
  if (problems.length > 0) throw new PagerDutyConfigError(problems);
  return { eventsUrl: url, routingKeys, webhookSecrets };
}
