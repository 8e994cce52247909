/**
 * The process's configuration, read once by the composition root (src/main.ts) from the environment
 * (and an optional `.env`), validated with zod. Every invalid or missing variable is named in one
 * ConfigError, so a newcomer fixes them all in one go. Translation variables are validated by the
 * translation adapter's own schema and reported alongside.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import cron from "node-cron";
import { z } from "zod";
import { DEFAULT_HOST_LIMITS, type HostLimits } from "./adapters/http/server.js";
import { ConfigError, type ConfigProblem } from "./adapters/shared/config-error.js";
import { parseTranslatorConfig, type TranslatorSettings } from "./adapters/translate/index.js";

export { ConfigError, type ConfigProblem };

export type NodeEnvironment = "development" | "production" | "test";

/** The sign-in links' base when PUBLIC_URL is unset: where this server listens. */
export function defaultPublicUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export interface AppConfig {
  readonly nodeEnv: NodeEnvironment;
  readonly host: string;
  readonly port: number;
  /** Base URL of sign-in links staff hand out (default http://HOST:PORT). */
  readonly publicUrl: string;
  readonly dataDir: string;
  /** PostgreSQL connection string; unset = embedded PGlite under DATA_DIR/pglite. */
  readonly databaseUrl?: string;
  /** First-run demo data (default: on for the embedded database, off for PostgreSQL). */
  readonly demo: boolean;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** HMAC key of web-chat sessions; unset outside production = a key generated on first start and kept in the database. */
  readonly sessionSecret?: string;
  readonly uploadMaxBytes: number;
  readonly schedulerCron: string;
  readonly outboxPollMs: number;
  readonly shutdownTimeoutMs: number;
  /** The dev clock (staff may move time) — never in production. */
  readonly devClock: boolean;
  readonly translator: TranslatorSettings;
  /** Every request limit (README "Configuration"); over one → 429 with Retry-After. */
  readonly limits: RequestLimits;
  /** The whole environment it was read from: each channel validates its own variables (src/bots/*). */
  readonly environment: Readonly<Record<string, string | undefined>>;
}

export interface RequestLimits {
  readonly host: HostLimits;
  /** Requests per signed-in web-chat identity per minute. */
  readonly requestsPerIdentityPerMinute: number;
  /** Sign-in attempts (demo sign-in, link codes) per client IP per minute. */
  readonly signInAttemptsPerIpPerMinute: number;
  /** Open live streams (SSE tabs) per web-chat identity. */
  readonly liveStreamsPerIdentity: number;
  /** Evidence bytes one identity may upload per hour. */
  readonly uploadBytesPerIdentityPerHour: number;
}

const unsetIfEmpty = (value: unknown): unknown => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) => z.preprocess(unsetIfEmpty, schema.default(fallback as never));
const wholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int({ error: `must be ${what}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["1", "0", "true", "false", "yes", "no", "on", "off"].includes(v), { error: "must be 1 or 0 (or true/false)" })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const environmentSchema = z.object({
  NODE_ENV: withDefault(
    z.enum(["development", "production", "test"], {
      error: 'must be "development", "production" or "test"',
    }),
    "development",
  ),
  HOST: withDefault(
    z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, {
      error: "must be a host name or IP address, e.g. 127.0.0.1",
    }),
    "127.0.0.1",
  ),
  PORT: withDefault(wholeNumber(0, 65_535, "a port number (0-65535)"), 3978),
  PUBLIC_URL: optional(
    z.url({
      protocol: /^https?$/,
      error: "must be an http(s) URL, e.g. https://chat.example.com",
    }),
  ),
  DATA_DIR: withDefault(z.string(), "./data"),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, {
      error: "must be a postgresql:// connection string",
    }),
  ),
  DEMO: optional(flag),
  LOG_LEVEL: withDefault(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "must be one of fatal, error, warn, info, debug, trace, silent",
    }),
    "info",
  ),
  SESSION_SECRET: optional(z.string().min(32, { error: "must be at least 32 characters" })),
  UPLOAD_MAX_BYTES: withDefault(wholeNumber(1, 100 * 1024 * 1024, "a number of bytes (at most 104857600)"), 20 * 1024 * 1024),
  SCHEDULER_CRON: withDefault(
    z.string().refine((expression) => cron.validate(expression), {
      error: 'must be a cron expression, e.g. "* * * * *"',
    }),
    "* * * * *",
  ),
  OUTBOX_POLL_MS: withDefault(wholeNumber(50, 60_000, "a number of milliseconds"), 500),
  SHUTDOWN_TIMEOUT_MS: withDefault(wholeNumber(100, 120_000, "a number of milliseconds"), 15_000),
  DEV_CLOCK: optional(flag),
  RATE_LIMIT_PER_IP_PER_MINUTE: withDefault(wholeNumber(1, 1_000_000, "a number of requests"), 600),
  RATE_LIMIT_PER_IDENTITY_PER_MINUTE: withDefault(wholeNumber(1, 1_000_000, "a number of requests"), 300),
  SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: withDefault(wholeNumber(1, 1_000_000, "a number of attempts"), 10),
  LIVE_STREAMS_PER_IDENTITY: withDefault(wholeNumber(1, 1_000, "a number of streams"), 8),
  UPLOAD_BYTES_PER_IDENTITY_PER_HOUR: withDefault(wholeNumber(1, 10 * 1024 * 1024 * 1024, "a number of bytes"), 200 * 1024 * 1024),
  HTTP_CONNECTION_BUDGET: withDefault(wholeNumber(1, 1_000_000, "a number of connections"), 1_000),
  HTTP_HEADERS_TIMEOUT_MS: withDefault(wholeNumber(1_000, 120_000, "a number of milliseconds"), 10_000),
  HTTP_REQUEST_TIMEOUT_MS: withDefault(wholeNumber(1_000, 3_600_000, "a number of milliseconds"), 120_000),
  HTTP_IDLE_TIMEOUT_MS: withDefault(wholeNumber(1_000, 600_000, "a number of milliseconds"), 30_000),
});

function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    variable: String(issue.path[0] ?? "(config)"),
    problem: issue.message,
  }));
}

/** Validates the environment; throws ConfigError naming every invalid or missing variable. */
export function parseConfig(environment: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  const problems: ConfigProblem[] = parsed.success ? [] : problemsOf(parsed.error);
  let translator: TranslatorSettings | undefined;
  try {
    translator = parseTranslatorConfig(environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (parsed.success && parsed.data.NODE_ENV === "production" && !parsed.data.SESSION_SECRET) {
    problems.push({
      variable: "SESSION_SECRET",
      problem: "is required when NODE_ENV=production (at least 32 random characters)",
    });
  }
  // Issue 9: production is safe by default — demo sign-in (anyone may be staff) and the dev clock never run there.
  if (parsed.success && parsed.data.NODE_ENV === "production") {
    if (parsed.data.DEMO === true)
      problems.push({
        variable: "DEMO",
        problem: "is refused when NODE_ENV=production: demo sign-in lets anyone act as staff (unset DEMO, or run with NODE_ENV=development)",
      });
    if (parsed.data.DEV_CLOCK === true)
      problems.push({ variable: "DEV_CLOCK", problem: "is refused when NODE_ENV=production: the dev clock moves every deadline" });
  }
  if (!parsed.success || !translator || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  return {
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? defaultPublicUrl(env.HOST, env.PORT)).replace(/\/$/, ""),
    dataDir: path.resolve(env.DATA_DIR),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    demo: env.DEMO ?? (env.NODE_ENV !== "production" && env.DATABASE_URL === undefined),
    logLevel: env.LOG_LEVEL,
    ...(env.SESSION_SECRET ? { sessionSecret: env.SESSION_SECRET } : {}),
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    schedulerCron: env.SCHEDULER_CRON,
    outboxPollMs: env.OUTBOX_POLL_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    devClock: env.DEV_CLOCK ?? env.NODE_ENV !== "production",
    translator,
    limits: {
      host: {
        requestsPerIpPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE,
        connectionBudget: env.HTTP_CONNECTION_BUDGET,
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
        idleTimeoutMs: env.HTTP_IDLE_TIMEOUT_MS,
        bodyLimitBytes: DEFAULT_HOST_LIMITS.bodyLimitBytes,
      },
      requestsPerIdentityPerMinute: env.RATE_LIMIT_PER_IDENTITY_PER_MINUTE,
      signInAttemptsPerIpPerMinute: env.SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE,
      liveStreamsPerIdentity: env.LIVE_STREAMS_PER_IDENTITY,
      uploadBytesPerIdentityPerHour: env.UPLOAD_BYTES_PER_IDENTITY_PER_HOUR,
    },
    environment,
  };
}

/** A `.env` line Node's parser understands: KEY=value (optionally `export `), a comment, or blank. */
const ENV_LINE = /^\s*(?:$|#|(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=)/;

/**
 * The optional `.env` merged under the process environment (the environment wins); no file, no
 * change. Node's own parser (`util.parseEnv`) reads it; a line it would silently skip is a
 * ConfigError naming the line, so a typo never quietly drops a variable.
 */
export function environmentWithEnvFile(environment: NodeJS.ProcessEnv, file: string): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ...environment };
    throw new ConfigError([
      {
        variable: file,
        problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      },
    ]);
  }
  let quoted = false;
  const problems: ConfigProblem[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    // Lines inside a multi-line double-quoted value are the value's.
    if (!quoted && line.trimStart().startsWith("#")) return;
    if (!quoted && !ENV_LINE.test(line))
      problems.push({
        variable: `${file}:${index + 1}`,
        problem: "expected KEY=value",
      });
    if ((line.match(/(?<!\\)"/g) ?? []).length % 2 === 1) quoted = !quoted;
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...parseEnv(text), ...environment };
}
