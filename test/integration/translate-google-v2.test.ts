import { describe, expect, it } from "vitest";
import { createGoogleV2Translator } from "../../src/adapters/translate/google-v2-translator.js";
import { TranslationFailure } from "../../src/adapters/translate/translation-failure.js";
import { useGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";

let standIn: GoogleTranslateStandIn;
useGoogleTranslateStandIn((started) => (standIn = started));

function plainTextTranslator(options: { timeoutMs?: number; apiKey?: string } = {}) {
  return createGoogleV2Translator({
    apiKey: options.apiKey ?? standIn.apiKey,
    endpoint: standIn.baseUrl,
    format: "text",
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

describe("Google Cloud Translation v2 adapter (real @google-cloud/translate client, stand-in server)", () => {
  it("CM-01: translates a Chinese message into English over the v2 REST format, with the key", async () => {
    const result = await plainTextTranslator().translate({
      texts: ["货物已于3月5日发运，跟踪号 SF1234567890"],
      source: "zh",
      target: "en",
    });

    expect(result.translations).toEqual([{ text: "The goods were shipped on March 5, tracking number SF1234567890", detectedSource: "zh" }]);
    expect(standIn.requests).toEqual([
      {
        path: "/language/translate/v2",
        key: standIn.apiKey,
        body: { q: ["货物已于3月5日发运，跟踪号 SF1234567890"], source: "zh-CN", target: "en", format: "text" },
      },
    ]);
  });

  it("sends many texts in one request and keeps their order", async () => {
    const texts = ["谢谢", "货物到达时已损坏。", "这不是我们订购的货物。"];
    const result = await plainTextTranslator().translate({ texts, source: "zh", target: "en" });

    expect(result.translations.map((translation) => translation.text)).toEqual(["Thank you", "The goods arrived damaged.", "It's not what we ordered."]);
    expect(standIn.translateRequests()).toHaveLength(1);
    expect(standIn.translateRequests()[0]?.body.q).toEqual(texts);
  });

  it("splits a batch at the per-request segment and character limits, answers in order", async () => {
    const translator = createGoogleV2Translator({
      apiKey: standIn.apiKey,
      endpoint: standIn.baseUrl,
      format: "text",
      limits: { maxSegmentsPerRequest: 2, maxCharactersPerRequest: 12 },
    });
    const texts = ["one", "two", "three", "a rather long text", "five"];

    const result = await translator.translate({ texts, source: "es", target: "en" });

    expect(result.translations.map((translation) => translation.text)).toEqual(texts.map((text) => `[en] ${text}`));
    expect(standIn.translateRequests().map((request) => request.body.q)).toEqual([["one", "two"], ["three"], ["a rather long text"], ["five"]]);
  });

  it("CM-01: without a source language, Google detects it and each translation says which", async () => {
    const result = await plainTextTranslator().translate({ texts: ["谢谢", "Merci"], target: "de" });

    expect(result.translations).toEqual([
      { text: "Danke", detectedSource: "zh" },
      { text: "Danke", detectedSource: "fr" },
    ]);
    expect(standIn.translateRequests()[0]?.body).not.toHaveProperty("source");
  });

  it("detects languages through the /detect endpoint, one answer per text", async () => {
    const detections = await plainTextTranslator().detect?.(["谢谢", "Gracias", "hello there"]);

    expect(detections?.map((detection) => detection.language)).toEqual(["zh", "es", "en"]);
    expect(standIn.requests.map((request) => request.path)).toEqual(["/language/translate/v2/detect"]);
  });

  it("maps the product's Traditional Chinese to Google's zh-TW", async () => {
    await plainTextTranslator().translate({ texts: ["Thank you"], source: "en", target: "zh-Hant" });

    expect(standIn.translateRequests()[0]?.body.target).toBe("zh-TW");
  });

  it("a refused key fails with reason translator-rejected", async () => {
    const failure = await plainTextTranslator({ apiKey: "wrong-key" })
      .translate({ texts: ["Thank you"], source: "en", target: "zh" })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TranslationFailure);
    expect((failure as TranslationFailure).reason).toBe("translator-rejected");
  });

  it.each([500, 503] as const)("an HTTP %i fails with reason translator-unavailable after one request (no retries)", async (status) => {
    standIn.behave({ kind: "fail", status });

    const failure = await plainTextTranslator()
      .translate({ texts: ["Thank you"], source: "en", target: "zh" })
      .catch((error: unknown) => error);

    expect((failure as TranslationFailure).reason).toBe("translator-unavailable");
    expect(standIn.translateRequests()).toHaveLength(1);
  });

  it("a service that does not answer fails with reason timeout once the timeout has passed", async () => {
    standIn.behave({ kind: "hang" });
    const timeoutMs = 200;
    const started = performance.now();

    const failure = await plainTextTranslator({ timeoutMs })
      .translate({ texts: ["Thank you"], source: "en", target: "zh" })
      .catch((error: unknown) => error);

    expect((failure as TranslationFailure).reason).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(timeoutMs + 1_000);
  });

  it("an empty batch sends nothing", async () => {
    expect(await plainTextTranslator().translate({ texts: [], target: "en" })).toEqual({ translations: [] });
    expect(standIn.requests).toHaveLength(0);
  });
});
