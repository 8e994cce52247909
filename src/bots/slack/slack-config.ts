/**
 * The Slack channel's variables, validated with zod (every bad one named in one ConfigError):
 * - single workspace: SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN (xoxb-), optionally SLACK_BOT_USER_ID and
 *   SLACK_BOT_ID (else an awaited auth.test learns them before the first request is taken);
 * - distribution: SLACK_SIGNING_SECRET + SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_STATE_SECRET
 *   (installations kept in the database);
 * - SLACK_APP_TOKEN (xapp-): Socket Mode (no public URL); with a bot token only, since a Socket Mode
 *   app cannot be distributed;
 * - SLACK_API_URL: the Web API base (default https://slack.com/api/) — OAuth and Socket Mode follow it.
 * No SLACK_* variable at all: the channel is not configured (undefined).
 *
 * Bad variables throw SlackConfigError naming each (as the translation adapter's TranslatorConfigError
 * does): importing ConfigError from src/config.ts would make the composition root and this channel a
 * layer cycle (test/tooling/layer-rules.test.ts).
 */
import { z } from "zod";
import { LANGUAGE_TAG } from "../../domain/shared/language-tags.js";
import { isValidTimeZone } from "../../domain/shared/time.js";
import { ConfigError, type ConfigProblem } from "../../adapters/shared/config-error.js";

export class SlackConfigError extends ConfigError {
  constructor(problems: readonly ConfigProblem[]) {
    super(problems, "Slack configuration");
    this.name = "SlackConfigError";
  }
}

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** DT-01: the Slack channel where staff are paged (one message per page, updated in place). */
export interface SlackStaffChannel {
  readonly channelId: string;
  /** The workspace it is in (needed with distribution; one workspace's bot token otherwise). */
  readonly teamId?: string;
  /** The language and zone the page messages are written in. */
  readonly locale: string;
  readonly timeZone: string;
}

interface Common {
  readonly signingSecret: string;
  /** Ends with "/" (WebClient joins method names to it). */
  readonly apiUrl: string;
  readonly staffChannel?: SlackStaffChannel;
}

export type SlackConfig =
  | (Common & { readonly mode: "single"; readonly botToken: string; readonly botUserId?: string; readonly botId?: string; readonly appToken?: string })
  | (Common & { readonly mode: "oauth"; readonly clientId: string; readonly clientSecret: string; readonly stateSecret: string });

const unsetIfEmpty = (value: unknown): unknown => (typeof value === "string" && value.trim() === "" ? undefined : value);
const text = (pattern: RegExp | undefined, message: string) =>
  z.preprocess(unsetIfEmpty, (pattern ? z.string().trim().regex(pattern, { error: message }) : z.string().trim().min(1)).optional());

const slackEnvSchema = z.object({
  SLACK_SIGNING_SECRET: text(/^[0-9a-f]{16,}$/i, "must be the app's signing secret (hex, from Basic Information)"),
  SLACK_BOT_TOKEN: text(/^xoxb-/, "must be a bot token starting with xoxb-"),
  SLACK_BOT_USER_ID: text(/^[UW][A-Z0-9]+$/, "must be a Slack user id (U…)"),
  SLACK_BOT_ID: text(/^B[A-Z0-9]+$/, "must be a Slack bot id (B…)"),
  SLACK_APP_TOKEN: text(/^xapp-/, "must be an app-level token starting with xapp- (Socket Mode)"),
  SLACK_CLIENT_ID: text(/^\d+\.\d+$/, "must be the app's client id (digits.digits)"),
  SLACK_CLIENT_SECRET: text(/^[0-9a-f]{16,}$/i, "must be the app's client secret (hex)"),
  SLACK_STATE_SECRET: text(/^.{16,}$/, "must be at least 16 characters (it signs the OAuth state)"),
  SLACK_API_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://slack.com/api/" }).optional()),
  SLACK_STAFF_CHANNEL: text(/^[CG][A-Z0-9]+$/, "must be a Slack channel id (C… or G…; the bot must be a member)"),
  SLACK_STAFF_TEAM_ID: text(/^T[A-Z0-9]+$/, "must be a Slack workspace id (T…)"),
  SLACK_STAFF_LOCALE: text(LANGUAGE_TAG, "must be a language tag such as en or zh-Hant"),
  SLACK_STAFF_TIME_ZONE: text(undefined, "must be an IANA time zone such as Europe/London"),
});

const SLACK_VARIABLES = Object.keys(slackEnvSchema.shape);

export function parseSlackConfig(env: Readonly<Record<string, string | undefined>>): SlackConfig | undefined {
  const present = SLACK_VARIABLES.filter((name) => unsetIfEmpty(env[name]) !== undefined);
  if (present.length === 0 || (present.length === 1 && present[0] === "SLACK_API_URL")) return undefined;
  const parsed = slackEnvSchema.safeParse(env);
  const problems: ConfigProblem[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ variable: String(i.path[0]), problem: i.message }));
  const v = parsed.success ? parsed.data : undefined;
  const need = (variable: string, problem: string): void => void problems.push({ variable, problem });
  if (v) {
    const oauth = v.SLACK_CLIENT_ID !== undefined || v.SLACK_CLIENT_SECRET !== undefined || v.SLACK_STATE_SECRET !== undefined;
    if (!v.SLACK_SIGNING_SECRET) need("SLACK_SIGNING_SECRET", "is required to verify Slack's requests");
    if (oauth && v.SLACK_BOT_TOKEN)
      need("SLACK_BOT_TOKEN", "set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SECRET/STATE_SECRET (distribution), not both");
    if (oauth && v.SLACK_APP_TOKEN) need("SLACK_APP_TOKEN", "Socket Mode apps cannot be distributed: use a bot token, or a public URL for distribution");
    if (oauth)
      for (const name of ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const)
        if (!v[name]) need(name, "is required for distribution (OAuth)");
    if (!oauth && !v.SLACK_BOT_TOKEN) need("SLACK_BOT_TOKEN", "is required (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for distribution)");
    if (oauth && v.SLACK_STAFF_CHANNEL && !v.SLACK_STAFF_TEAM_ID)
      need("SLACK_STAFF_TEAM_ID", "is required with SLACK_STAFF_CHANNEL when the app is distributed (which workspace the staff channel is in)");
    if (v.SLACK_STAFF_TIME_ZONE && !isValidTimeZone(v.SLACK_STAFF_TIME_ZONE)) need("SLACK_STAFF_TIME_ZONE", "must be an IANA time zone such as Europe/London");
  }
  if (problems.length > 0 || !v) throw new SlackConfigError(problems);
  const apiUrl = (v.SLACK_API_URL ?? DEFAULT_SLACK_API_URL).replace(/\/?$/, "/");
  const signingSecret = v.SLACK_SIGNING_SECRET as string;
  const staffChannel: SlackStaffChannel | undefined = v.SLACK_STAFF_CHANNEL
    ? {
        channelId: v.SLACK_STAFF_CHANNEL,
        ...(v.SLACK_STAFF_TEAM_ID ? { teamId: v.SLACK_STAFF_TEAM_ID } : {}),
        locale: v.SLACK_STAFF_LOCALE ?? "en",
        timeZone: v.SLACK_STAFF_TIME_ZONE ?? "UTC",
      }
    : undefined;
  if (v.SLACK_CLIENT_ID) {
    return {
      mode: "oauth",
      signingSecret,
      apiUrl,
      ...(staffChannel ? { staffChannel } : {}),
      clientId: v.SLACK_CLIENT_ID,
      clientSecret: v.SLACK_CLIENT_SECRET as string,
      stateSecret: v.SLACK_STATE_SECRET as string,
    };
  }
  return {
    mode: "single",
    signingSecret,
    apiUrl,
    ...(staffChannel ? { staffChannel } : {}),
    botToken: v.SLACK_BOT_TOKEN as string,
    ...(v.SLACK_BOT_USER_ID ? { botUserId: v.SLACK_BOT_USER_ID } : {}),
    ...(v.SLACK_BOT_ID ? { botId: v.SLACK_BOT_ID } : {}),
    ...(v.SLACK_APP_TOKEN ? { appToken: v.SLACK_APP_TOKEN } : {}),
  };
}

/** Slack's OAuth authorize page and Socket Mode follow the API base: https://slack.com/api/ → https://slack.com/oauth/v2/authorize. */
export function authorizationUrlOf(apiUrl: string): string {
  return new URL("../oauth/v2/authorize", apiUrl).toString();
}
