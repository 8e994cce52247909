import { describe, expect, it } from "vitest";
import type { Translator } from "../../src/domain/ports/translator.js";
import { createNoneTranslator } from "../../src/adapters/translate/none-translator.js";
import { translateForReader } from "../../src/adapters/translate/translate-for-reader.js";
import { useGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { productionTranslator, recordingLogger } from "./translate-fixtures.js";

let standIn: GoogleTranslateStandIn;
useGoogleTranslateStandIn((started) => (standIn = started));

const SHIPPED_ZH = "货物已于3月5日发运，跟踪号 SF1234567890";

describe("translateForReader", () => {
  it("CM-01: a Chinese reply reaches an English reader translated and marked machine-translated", async () => {
    const logger = recordingLogger();

    const shown = await translateForReader(productionTranslator(standIn), { text: SHIPPED_ZH, sourceLang: "zh", readerLang: "en" }, { logger });

    expect(shown).toEqual({
      text: "The goods were shipped on March 5, tracking number SF1234567890",
      original: SHIPPED_ZH,
      sourceLang: "zh",
      machineTranslated: true,
    });
    expect(logger.warnings).toEqual([]);
  });

  it("CM-02: the original text and its detected language travel with the translation", async () => {
    const shown = await translateForReader(productionTranslator(standIn), { text: "货物到达时已损坏。", readerLang: "es" }, { logger: recordingLogger() });

    expect(shown).toMatchObject({ text: "La mercancía llegó dañada.", original: "货物到达时已损坏。", sourceLang: "zh", machineTranslated: true });
  });

  it("CM-01: a translator outage delivers the original, marked, without waiting", async () => {
    standIn.behave({ kind: "fail", status: 500 });
    const logger = recordingLogger();
    const timeoutMs = 1_000;
    const started = performance.now();

    const shown = await translateForReader(
      productionTranslator(standIn, { timeoutMs }),
      { text: SHIPPED_ZH, sourceLang: "zh", readerLang: "en" },
      { logger, timeoutMs },
    );

    expect(shown).toEqual({
      text: SHIPPED_ZH,
      original: SHIPPED_ZH,
      sourceLang: "zh",
      machineTranslated: false,
      failed: { reason: "translator-unavailable" },
    });
    expect(performance.now() - started).toBeLessThan(timeoutMs);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.details).toMatchObject({ reason: "translator-unavailable", sourceLang: "zh", readerLang: "en" });
  });

  it("CM-01: a translator that does not answer is abandoned at the timeout; the original is delivered, marked", async () => {
    standIn.behave({ kind: "hang" });
    const logger = recordingLogger();
    const timeoutMs = 250;
    const started = performance.now();

    const shown = await translateForReader(
      productionTranslator(standIn, { timeoutMs: 10_000 }),
      { text: SHIPPED_ZH, sourceLang: "zh", readerLang: "en" },
      { logger, timeoutMs },
    );

    expect(shown.failed).toEqual({ reason: "timeout" });
    expect(shown.text).toBe(SHIPPED_ZH);
    expect(performance.now() - started).toBeLessThan(timeoutMs + 1_000);
    expect(logger.warnings[0]?.details).toMatchObject({ reason: "timeout" });
  });

  it.each([["drop-placeholder"], ["repeat-placeholder"]] as const)(
    "CM-01: a translation that comes back with a placeholder mangled (%s) is refused; the original goes out",
    async (kind) => {
      standIn.behave({ kind });
      const text = "我们同意为订单 PO-2026-000123 退款 ¥3,000。";

      const shown = await translateForReader(productionTranslator(standIn), { text, sourceLang: "zh", readerLang: "en" }, { logger: recordingLogger() });

      expect(shown).toEqual({ text, original: text, sourceLang: "zh", machineTranslated: false, failed: { reason: "placeholder-mismatch" } });
    },
  );

  it("CM-01: text already in the reader's language is delivered as is and never sent to the translator", async () => {
    const shown = await translateForReader(
      productionTranslator(standIn),
      { text: "Thank you", sourceLang: "en-US", readerLang: "en" },
      { logger: recordingLogger() },
    );

    expect(shown).toEqual({ text: "Thank you", original: "Thank you", sourceLang: "en", machineTranslated: false });
    expect(standIn.requests).toHaveLength(0);
  });

  it("CM-01: Simplified and Traditional Chinese are different languages to a reader", async () => {
    const shown = await translateForReader(
      productionTranslator(standIn),
      { text: "谢谢", sourceLang: "zh", readerLang: "zh-TW" },
      { logger: recordingLogger() },
    );

    expect(shown.machineTranslated).toBe(true);
    expect(standIn.translateRequests()[0]?.body).toMatchObject({ source: "zh-CN", target: "zh-TW" });
  });

  it("CM-01: when the detected language turns out to be the reader's, the text is delivered unmarked", async () => {
    const shown = await translateForReader(productionTranslator(standIn), { text: "Thank you", readerLang: "en" }, { logger: recordingLogger() });

    expect(shown).toEqual({ text: "Thank you", original: "Thank you", sourceLang: "en", machineTranslated: false });
  });

  it("CM-01: with TRANSLATOR=none the original is delivered, marked as not translated, and no error is logged", async () => {
    const logger = recordingLogger();

    const shown = await translateForReader(createNoneTranslator(), { text: SHIPPED_ZH, readerLang: "en" }, { logger });

    expect(shown).toEqual({ text: SHIPPED_ZH, original: SHIPPED_ZH, sourceLang: "und", machineTranslated: false, failed: { reason: "translator-disabled" } });
    expect(logger.warnings).toEqual([]);
  });

  it("CM-01: never throws, even when a translator throws instead of rejecting", async () => {
    const broken: Translator = {
      translate() {
        throw new Error("bug");
      },
    };
    const logger = recordingLogger();

    const shown = await translateForReader(broken, { text: "Merci", sourceLang: "fr", readerLang: "en" }, { logger });

    expect(shown.failed).toEqual({ reason: "translator-unavailable" });
    expect(logger.warnings).toHaveLength(1);
  });

  it("an empty message is delivered as is", async () => {
    const shown = await translateForReader(productionTranslator(standIn), { text: "  ", readerLang: "en" }, { logger: recordingLogger() });

    expect(shown).toEqual({ text: "  ", original: "  ", sourceLang: "und", machineTranslated: false });
    expect(standIn.requests).toHaveLength(0);
  });
});
