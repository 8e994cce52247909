import type { Translator } from "../../domain/ports/translator.js";
import { mask, unmask, type MaskingRules, type PlaceholderStyle } from "./masking.js";
import { TranslationFailure } from "./translation-failure.js";

/**
 * Decorator: masks numbers, amounts, dates, references, SKUs and glossary terms before the inner
 * translator sees a text, and restores them exactly afterwards. `style` must match the inner
 * translator's input format ("html" for Google v2 with format html).
 * If any text of the batch comes back with a placeholder lost, repeated or invented, the call fails
 * with reason "placeholder-mismatch": a reader then gets the original, never a wrong number (CM-01).
 */
export function createMaskingTranslator(inner: Translator, rules: MaskingRules, style: PlaceholderStyle): Translator {
  return {
    async translate(request) {
      const maskedTexts = request.texts.map((text) => mask(text, rules, style));
      const result = await inner.translate({ ...request, texts: maskedTexts.map((masked) => masked.masked) });
      if (result.translations.length !== maskedTexts.length) {
        throw new TranslationFailure("incomplete-response", `${maskedTexts.length} texts sent, ${result.translations.length} returned`);
      }
      const translations = result.translations.map((translation, index) => {
        const masked = maskedTexts[index];
        const restored = masked ? unmask(translation.text, masked, request.target) : undefined;
        if (!restored?.ok) {
          const problem = restored
            ? `missing ${restored.missing.join(",") || "-"}, repeated ${restored.repeated.join(",") || "-"}, unknown ${restored.unknown.join(",") || "-"}`
            : "no such text";
          throw new TranslationFailure("placeholder-mismatch", `text ${index}: placeholders ${problem}`);
        }
        return { text: restored.text, detectedSource: translation.detectedSource };
      });
      return { translations };
    },
    ...(inner.detect ? { detect: inner.detect.bind(inner) } : {}),
  };
}
