import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InMemoryTranslationCache } from "../../src/adapters/translate/in-memory-translation-cache.js";
import type { CachedTranslation, TranslationCache } from "../../src/adapters/translate/translation-cache.js";
import { useGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { productionTranslator, recordingLogger } from "./translate-fixtures.js";

let standIn: GoogleTranslateStandIn;
useGoogleTranslateStandIn((started) => (standIn = started));

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("caching translator", () => {
  it("a text translated once is answered from the cache: the second call makes no request", async () => {
    const translator = productionTranslator(standIn);
    const request = { texts: ["货物到达时已损坏。"], source: "zh", target: "en" };

    const first = await translator.translate(request);
    const second = await translator.translate(request);

    expect(second).toEqual(first);
    expect(second.translations[0]?.text).toBe("The goods arrived damaged.");
    expect(standIn.translateRequests()).toHaveLength(1);
  });

  it("stores the restored translation under (SHA-256 of the original text, source, target)", async () => {
    const stored: CachedTranslation[] = [];
    const cache = new InMemoryTranslationCache();
    const recording: TranslationCache = {
      getMany: (keys) => cache.getMany(keys),
      putMany: async (entries) => {
        stored.push(...entries);
        await cache.putMany(entries);
      },
    };
    const text = "我们同意为订单 PO-2026-000123 退款 ¥3,000。";

    await productionTranslator(standIn, { cache: recording }).translate({ texts: [text], source: "zh", target: "en" });

    expect(stored).toEqual([
      { textSha256: sha256(text), sourceLang: "zh", targetLang: "en", translatedText: "We agree to refund ¥3,000 for order PO-2026-000123." },
    ]);
  });

  it("sends only the texts not cached, each distinct text once, in one request", async () => {
    const translator = productionTranslator(standIn);
    await translator.translate({ texts: ["谢谢"], source: "zh", target: "en" });
    standIn.reset();

    const result = await translator.translate({ texts: ["谢谢", "货物到达时已损坏。", "谢谢", "货物到达时已损坏。"], source: "zh", target: "en" });

    expect(result.translations.map((translation) => translation.text)).toEqual([
      "Thank you",
      "The goods arrived damaged.",
      "Thank you",
      "The goods arrived damaged.",
    ]);
    expect(standIn.translateRequests()).toHaveLength(1);
    expect(standIn.translateRequests()[0]?.body.q).toEqual(["货物到达时已损坏。"]);
  });

  it("a text of unknown language is cached under the detected language and found again without a source", async () => {
    const cache = new InMemoryTranslationCache();
    const translator = productionTranslator(standIn, { cache });

    await translator.translate({ texts: ["谢谢"], target: "fr" });
    const again = await translator.translate({ texts: ["谢谢"], target: "fr" });
    const withSource = await translator.translate({ texts: ["谢谢"], source: "zh-CN", target: "fr" });

    expect(again.translations).toEqual([{ text: "Merci", detectedSource: "zh" }]);
    expect(withSource.translations).toEqual([{ text: "Merci", detectedSource: "zh" }]);
    expect(standIn.translateRequests()).toHaveLength(1);
    expect(cache.size).toBe(1);
  });

  it("a different target language is a different entry", async () => {
    const translator = productionTranslator(standIn);

    await translator.translate({ texts: ["谢谢"], source: "zh", target: "en" });
    await translator.translate({ texts: ["谢谢"], source: "zh", target: "de" });

    expect(standIn.translateRequests().map((request) => request.body.target)).toEqual(["en", "de"]);
  });

  it("failed translations are not cached", async () => {
    const cache = new InMemoryTranslationCache();
    standIn.behave({ kind: "drop-placeholder" });

    await productionTranslator(standIn, { cache })
      .translate({ texts: ["我们同意为订单 PO-2026-000123 退款 ¥3,000。"], source: "zh", target: "en" })
      .catch(() => undefined);

    expect(cache.size).toBe(0);
  });

  it("a cache that fails is logged and bypassed; translation goes on", async () => {
    const logger = recordingLogger();
    const broken: TranslationCache = {
      getMany: () => Promise.reject(new Error("database down")),
      putMany: () => Promise.reject(new Error("database down")),
    };

    const result = await productionTranslator(standIn, { cache: broken, logger }).translate({ texts: ["谢谢"], source: "zh", target: "es" });

    expect(result.translations[0]?.text).toBe("Gracias");
    expect(logger.warnings.map((warning) => warning.message)).toEqual([
      "translation cache read failed; translating without it",
      "translation cache write failed; translations not cached",
    ]);
  });
});
