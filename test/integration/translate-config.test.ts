import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TranslationFailure } from "../../src/adapters/translate/translation-failure.js";
import { parseTranslatorConfig, TranslatorConfigError, translatorFromConfig } from "../../src/adapters/translate/translator-from-config.js";
import { startGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { recordingLogger } from "./translate-fixtures.js";

function problemsOf(environment: Record<string, string | undefined>) {
  try {
    parseTranslatorConfig(environment);
  } catch (error) {
    if (error instanceof TranslatorConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("translator configuration", () => {
  let standIn: GoogleTranslateStandIn;
  beforeAll(async () => {
    standIn = await startGoogleTranslateStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });

  it("defaults to no translation with a 3 s timeout", () => {
    expect(parseTranslatorConfig({})).toEqual({ kind: "none", timeoutMs: 3_000 });
    expect(parseTranslatorConfig({ TRANSLATOR: "", TRANSLATE_TIMEOUT_MS: "" })).toEqual({ kind: "none", timeoutMs: 3_000 });
  });

  it("google-v2 without an API key names GOOGLE_TRANSLATE_API_KEY", () => {
    expect(problemsOf({ TRANSLATOR: "google-v2" })).toEqual([{ variable: "GOOGLE_TRANSLATE_API_KEY", problem: "is required when TRANSLATOR=google-v2" }]);
  });

  it("names every invalid variable at once", () => {
    const problems = problemsOf({
      TRANSLATOR: "google-v2",
      GOOGLE_CLOUD_TRANSLATE_ENDPOINT: "translation.example",
      TRANSLATE_TIMEOUT_MS: "3s",
      TRANSLATE_REFERENCE_PATTERN: "(PO-",
      TRANSLATE_SKU_PATTERN: "X*",
    });

    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      "GOOGLE_CLOUD_TRANSLATE_ENDPOINT",
      "GOOGLE_TRANSLATE_API_KEY",
      "TRANSLATE_REFERENCE_PATTERN",
      "TRANSLATE_SKU_PATTERN",
      "TRANSLATE_TIMEOUT_MS",
    ]);
  });

  it("an unknown translator is refused by name, and the message lists the variable", () => {
    expect(() => parseTranslatorConfig({ TRANSLATOR: "deepl" })).toThrow(/TRANSLATOR: must be "google-v2" or "none"/);
  });

  it("reads the endpoint, timeout, glossary and patterns", () => {
    const settings = parseTranslatorConfig({
      TRANSLATOR: "google-v2",
      GOOGLE_TRANSLATE_API_KEY: "k",
      GOOGLE_CLOUD_TRANSLATE_ENDPOINT: "http://127.0.0.1:9/language/translate/v2",
      TRANSLATE_TIMEOUT_MS: "1500",
      TRANSLATE_GLOSSARY: " Trade Assurance , FOB,,AQL 2.5 ",
      TRANSLATE_REFERENCE_PATTERN: "ORD-\\d+",
    });

    expect(settings).toMatchObject({
      kind: "google-v2",
      apiKey: "k",
      endpoint: "http://127.0.0.1:9/language/translate/v2",
      timeoutMs: 1500,
      masking: { glossary: ["Trade Assurance", "FOB", "AQL 2.5"], referencePattern: /ORD-\d+/u },
    });
  });

  it("TRANSLATOR=none builds a translator that contacts nothing and reports translator-disabled", async () => {
    const translator = translatorFromConfig(parseTranslatorConfig({ TRANSLATOR: "none" }), { logger: recordingLogger() });

    const failure = await translator.translate({ texts: ["谢谢"], target: "en" }).catch((error: unknown) => error);

    expect((failure as TranslationFailure).reason).toBe("translator-disabled");
  });

  it("TRANSLATOR=google-v2 builds the real client against GOOGLE_CLOUD_TRANSLATE_ENDPOINT", async () => {
    const translator = translatorFromConfig(
      parseTranslatorConfig({
        TRANSLATOR: "google-v2",
        GOOGLE_TRANSLATE_API_KEY: standIn.apiKey,
        GOOGLE_CLOUD_TRANSLATE_ENDPOINT: standIn.baseUrl,
      }),
      { logger: recordingLogger() },
    );

    const result = await translator.translate({ texts: ["谢谢"], source: "zh", target: "de" });

    expect(result.translations).toEqual([{ text: "Danke", detectedSource: "zh" }]);
    expect(standIn.requests[0]?.key).toBe(standIn.apiKey);
  });
});
