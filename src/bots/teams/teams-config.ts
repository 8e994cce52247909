/**
 * The Teams channel's variables, validated with zod. The channel runs when `MICROSOFT_APP_ID` is set
 * (with its password, tenant and app type), or — for the Bot Framework Emulator and local Web Chat —
 * with `BOT_FRAMEWORK_EMULATOR=true` and no app id, which turns inbound authentication off and is
 * refused when `NODE_ENV=production`.
 */
import { z } from "zod";
import { ConfigError, type ConfigProblem } from "./contract.js";

/**
 * Bad Teams variables, each named (as TranslatorConfigError does); the composition root reports them
 * with the others. Importing ConfigError from src/config.ts would make the root and this channel a
 * layer cycle (test/tooling/layer-rules.test.ts).
 */
export class TeamsConfigError extends ConfigError {
  constructor(problems: readonly ConfigProblem[]) {
    super(problems, "Teams configuration");
    this.name = "TeamsConfigError";
  }
}

/** The public cloud's values (ConfigurationBotFrameworkAuthentication needs every one once any is overridden). */
export const PUBLIC_CLOUD = {
  channelOpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  emulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration",
  channelTokenIssuer: "https://api.botframework.com",
  botFrameworkScope: "https://api.botframework.com",
  oAuthUrl: "https://api.botframework.com",
  callerId: "urn:botframework:azure",
  loginHost: "https://login.microsoftonline.com",
} as const;

export type MicrosoftAppType = "MultiTenant" | "SingleTenant";

export interface TeamsConfig {
  /** Undefined = authentication off (Emulator / local Web Chat). */
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appType: MicrosoftAppType;
  readonly tenantId?: string;
  /** Channel → bot: where the signing keys' OpenID document is. */
  readonly openIdMetadataUrl: string;
  /** Bot → channel: the client-credentials token URL (…/oauth2/v2.0/token). */
  readonly tokenUrl: string;
  /** Largest request body /api/messages reads. */
  readonly maxActivityBytes: number;
  /** Largest file a Teams user may send as evidence. */
  readonly maxFileBytes: number;
  /** Domains the Teams app package lists as valid (the public URL's host). */
  readonly publicUrl: string;
}

// What is wrong and which values are allowed, in the words of the other variables' problems (README
// "Configuration"), never zod's default wording ("Invalid option: expected one of …").
const flag = z.enum(["true", "false", "1", "0"], { error: "must be true or false (or 1 or 0)" }).transform((v) => v === "true" || v === "1");
const MAX_FILE_BYTES = 250 * 1024 * 1024;

const schema = z.object({
  MICROSOFT_APP_ID: z.string().trim().min(1, { error: "must be the bot's Microsoft App ID (a GUID from its Azure Bot resource)" }).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().trim().min(1, { error: "must be the bot's Microsoft Entra tenant id" }).optional(),
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant"], { error: "must be MultiTenant or SingleTenant (MultiTenant when unset)" }).optional(),
  BOT_OPENID_METADATA_URL: z
    .url({ error: "must be a URL (the OpenID configuration document, e.g. https://login.botframework.com/v1/.well-known/openidconfiguration)" })
    .optional(),
  MICROSOFT_LOGIN_URL: z.url({ error: "must be a URL (the OAuth token endpoint, …/oauth2/v2.0/token)" }).optional(),
  BOT_FRAMEWORK_EMULATOR: flag.optional(),
  TEAMS_MAX_FILE_BYTES: z.coerce
    .number({ error: "must be a whole number of bytes" })
    .int({ error: "must be a whole number of bytes" })
    .positive({ error: "must be a whole number of bytes above 0" })
    .max(MAX_FILE_BYTES, { error: `must be at most ${MAX_FILE_BYTES} bytes (250 MiB)` })
    .optional(),
});

/** The Teams configuration, or undefined when the channel is not configured. Throws TeamsConfigError naming every bad variable. */
export function parseTeamsConfig(env: Readonly<Record<string, string | undefined>>, publicUrl: string, nodeEnv: string): TeamsConfig | undefined {
  const present = Object.fromEntries(Object.entries(env).filter(([name, v]) => v !== undefined && v !== "" && name in schema.shape));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new TeamsConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), problem: issue.message })));
  }
  const v = parsed.data;
  const emulator = v.BOT_FRAMEWORK_EMULATOR === true;
  if (!v.MICROSOFT_APP_ID && !emulator) return undefined;

  const problems: ConfigProblem[] = [];
  if (v.MICROSOFT_APP_ID) {
    if (!v.MICROSOFT_APP_PASSWORD) problems.push({ variable: "MICROSOFT_APP_PASSWORD", problem: "required with MICROSOFT_APP_ID (the bot's client secret)" });
    if (v.MICROSOFT_APP_TYPE === "SingleTenant" && !v.MICROSOFT_APP_TENANT_ID)
      problems.push({ variable: "MICROSOFT_APP_TENANT_ID", problem: "required for a SingleTenant bot" });
    if (emulator) problems.push({ variable: "BOT_FRAMEWORK_EMULATOR", problem: "authentication is off only without MICROSOFT_APP_ID; unset one of them" });
  } else if (nodeEnv === "production") {
    problems.push({
      variable: "BOT_FRAMEWORK_EMULATOR",
      problem: "authentication cannot be off in production: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD",
    });
  }
  if (problems.length > 0) throw new TeamsConfigError(problems);

  const appType: MicrosoftAppType = v.MICROSOFT_APP_TYPE ?? "MultiTenant";
  // Bots get channel tokens from the botframework.com tenant unless they are single-tenant.
  const tokenTenant = appType === "SingleTenant" && v.MICROSOFT_APP_TENANT_ID ? v.MICROSOFT_APP_TENANT_ID : "botframework.com";
  return {
    ...(v.MICROSOFT_APP_ID ? { appId: v.MICROSOFT_APP_ID } : {}),
    ...(v.MICROSOFT_APP_PASSWORD ? { appPassword: v.MICROSOFT_APP_PASSWORD } : {}),
    appType,
    ...(v.MICROSOFT_APP_TENANT_ID ? { tenantId: v.MICROSOFT_APP_TENANT_ID } : {}),
    openIdMetadataUrl: v.BOT_OPENID_METADATA_URL ?? PUBLIC_CLOUD.channelOpenIdMetadataUrl,
    tokenUrl: v.MICROSOFT_LOGIN_URL ?? `${PUBLIC_CLOUD.loginHost}/${tokenTenant}/oauth2/v2.0/token`,
    maxActivityBytes: 1024 * 1024,
    maxFileBytes: v.TEAMS_MAX_FILE_BYTES ?? 25 * 1024 * 1024,
    publicUrl,
  };
}
