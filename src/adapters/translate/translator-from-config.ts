import { z } from "zod";
import { ConfigError, type ConfigProblem } from "../shared/config-error.js";
import type { Translator } from "../../domain/ports/translator.js";
import { createCachingTranslator } from "./caching-translator.js";
import { createGoogleV2Translator } from "./google-v2-translator.js";
import { InMemoryTranslationCache } from "./in-memory-translation-cache.js";
import { assertUsableMaskingRules, DEFAULT_MASKING_RULES, DEFAULT_REFERENCE_PATTERN, DEFAULT_SKU_PATTERN, type MaskingRules } from "./masking.js";
import { createMaskingTranslator } from "./masking-translator.js";
import { createNoneTranslator } from "./none-translator.js";
import { DEFAULT_TRANSLATE_TIMEOUT_MS } from "./timeout.js";
import type { TranslationCache } from "./translation-cache.js";
import type { TranslationLogger } from "./translation-logger.js";

/** Environment variables read by `parseTranslatorConfig`; an empty value counts as unset. */
export type TranslatorEnvironment = Readonly<Record<string, string | undefined>>;

export type TranslatorSettings =
  | { readonly kind: "none"; readonly timeoutMs: number }
  | {
      readonly kind: "google-v2";
      readonly apiKey: string;
      readonly endpoint?: string;
      readonly timeoutMs: number;
      readonly masking: MaskingRules;
    };

export type { ConfigProblem };

/** The translator's variables are wrong (a ConfigError: the composition root reports it with the rest). */
export class TranslatorConfigError extends ConfigError {
  constructor(problems: readonly ConfigProblem[]) {
    super(problems, "translation configuration");
    this.name = "TranslatorConfigError";
  }
}

const unsetIfEmpty = (value: unknown): unknown => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A regular expression source, compiled with the "u" flag, that cannot match the empty string. */
const patternSource = z
  .string()
  .refine((source) => compiles(source), { error: "is not a valid regular expression" })
  .refine((source) => !compiles(source) || !new RegExp(`^(?:${source})$`, "u").test(""), {
    error: "must not match the empty string",
  });

function compiles(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}

const environmentSchema = z.object({
  TRANSLATOR: z.preprocess(unsetIfEmpty, z.enum(["google-v2", "none"], { error: 'must be "google-v2" or "none"' }).default("none")),
  GOOGLE_TRANSLATE_API_KEY: z.preprocess(unsetIfEmpty, z.string().optional()),
  GOOGLE_CLOUD_TRANSLATE_ENDPOINT: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://translation.googleapis.com/language/translate/v2" }).optional(),
  ),
  TRANSLATE_TIMEOUT_MS: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "must be a whole number of milliseconds" })
      .int({ error: "must be a whole number of milliseconds" })
      .min(1, { error: "must be at least 1 ms" })
      .max(60_000, { error: "must be at most 60000 ms" })
      .default(DEFAULT_TRANSLATE_TIMEOUT_MS),
  ),
  /** Comma-separated terms kept verbatim, e.g. "Trade Assurance,FOB,AQL 2.5". */
  TRANSLATE_GLOSSARY: z.preprocess(unsetIfEmpty, z.string().optional()),
  TRANSLATE_REFERENCE_PATTERN: z.preprocess(unsetIfEmpty, patternSource.optional()),
  TRANSLATE_SKU_PATTERN: z.preprocess(unsetIfEmpty, patternSource.optional()),
});

/** Cross-variable requirement, checked even when other variables are invalid so every problem is named. */
function missingApiKey(environment: TranslatorEnvironment): ConfigProblem[] {
  const wantsGoogle = environment["TRANSLATOR"]?.trim() === "google-v2";
  const hasKey = (environment["GOOGLE_TRANSLATE_API_KEY"]?.trim() ?? "") !== "";
  return wantsGoogle && !hasKey ? [{ variable: "GOOGLE_TRANSLATE_API_KEY", problem: "is required when TRANSLATOR=google-v2" }] : [];
}

/** Reads and validates the translation variables; throws TranslatorConfigError naming each bad one. */
export function parseTranslatorConfig(environment: TranslatorEnvironment): TranslatorSettings {
  const parsed = environmentSchema.safeParse(environment);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues).map((issue) => ({
      variable: String(issue.path[0] ?? "(translation config)"),
      problem: issue.message,
    })),
    ...missingApiKey(environment),
  ];
  if (!parsed.success || problems.length > 0) throw new TranslatorConfigError(problems);
  const env = parsed.data;
  if (env.TRANSLATOR === "none") return { kind: "none", timeoutMs: env.TRANSLATE_TIMEOUT_MS };

  const masking: MaskingRules = {
    referencePattern: env.TRANSLATE_REFERENCE_PATTERN ? new RegExp(env.TRANSLATE_REFERENCE_PATTERN, "u") : DEFAULT_REFERENCE_PATTERN,
    skuPattern: env.TRANSLATE_SKU_PATTERN ? new RegExp(env.TRANSLATE_SKU_PATTERN, "u") : DEFAULT_SKU_PATTERN,
    glossary: env.TRANSLATE_GLOSSARY
      ? env.TRANSLATE_GLOSSARY.split(",")
          .map((term) => term.trim())
          .filter((term) => term.length > 0)
      : DEFAULT_MASKING_RULES.glossary,
  };
  try {
    assertUsableMaskingRules(masking);
  } catch (error) {
    throw new TranslatorConfigError([{ variable: "TRANSLATE_REFERENCE_PATTERN/TRANSLATE_SKU_PATTERN", problem: `cannot be combined: ${String(error)}` }]);
  }
  return {
    kind: "google-v2",
    apiKey: env.GOOGLE_TRANSLATE_API_KEY ?? "",
    ...(env.GOOGLE_CLOUD_TRANSLATE_ENDPOINT ? { endpoint: env.GOOGLE_CLOUD_TRANSLATE_ENDPOINT } : {}),
    timeoutMs: env.TRANSLATE_TIMEOUT_MS,
    masking,
  };
}

export interface TranslatorDependencies {
  readonly logger: TranslationLogger;
  /** Where translations are kept; the database-backed cache in production, in memory by default. */
  readonly cache?: TranslationCache;
}

/**
 * The translator the settings ask for. google-v2 is, from the outside in: cache → masking → Google v2
 * (html format, with `translate="no"` placeholders). none translates nothing (see none-translator.ts).
 */
export function translatorFromConfig(settings: TranslatorSettings, dependencies: TranslatorDependencies): Translator {
  if (settings.kind === "none") return createNoneTranslator();
  const google = createGoogleV2Translator({
    apiKey: settings.apiKey,
    timeoutMs: settings.timeoutMs,
    format: "html",
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  });
  const masked = createMaskingTranslator(google, settings.masking, "html");
  return createCachingTranslator(masked, dependencies.cache ?? new InMemoryTranslationCache(), dependencies.logger);
}
