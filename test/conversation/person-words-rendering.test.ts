/**
 * CM-01: a person's words quoted in a bot sentence or fact (`PersonWords`) are shown as the
 * delivery made them for the reader — marked machine-translated, or the original marked untranslated
 * when the translator failed, and unmarked when no translation was needed — in the harness's plain
 * text and in the web chat's display JSON alike.
 */
import { describe, expect, it } from "vitest";
import { DisplayRenderer } from "../../src/bots/webchat/display.js";
import type { OutboundMessage, PersonWords } from "../../src/bots/conversation/messages.js";
import { renderPlain } from "../support/harness/render-plain.js";
import { createTranslator } from "../../src/bots/conversation/i18n/index.js";

const translator = createTranslator();
const display = new DisplayRenderer(translator);
const GERMAN_READER = { locale: "de-DE", timeZone: "Europe/Berlin" };

const TRANSLATED: PersonWords = {
  personText: "Die Ware wurde wie vereinbart versandt.",
  language: "de",
  original: "貨物已按約定出貨。",
  originalLanguage: "zh-TW",
  machineTranslated: true,
};
const UNTRANSLATED: PersonWords = { personText: "貨物已按約定出貨。", language: "zh-TW", translationFailed: true };
const SAME_LANGUAGE: PersonWords = { personText: "Geänderte Pläne", language: "de-DE" };

function rejection(reasons: PersonWords): OutboundMessage {
  return {
    text: { key: "claim:notify.rejected", params: { claimId: "CL-1", orderId: "PO-1" } },
    facts: [{ label: { key: "claim:notify.fact.reasons" }, value: reasons }],
  };
}

describe("a person's words in a notification, as the reader sees them", () => {
  it("CM-01: a machine translation is marked machine-translated, in plain text and in the web chat", () => {
    expect(renderPlain(translator, GERMAN_READER, rejection(TRANSLATED))).toContain("• Gründe: Die Ware wurde wie vereinbart versandt. (Maschinell übersetzt)");
    expect(display.render(GERMAN_READER, rejection(TRANSLATED)).facts).toEqual([
      { label: "Gründe", value: "Die Ware wurde wie vereinbart versandt. (Maschinell übersetzt)" },
    ]);
  });

  it("CM-01: when translation failed the original shows, marked untranslated", () => {
    const marked = "貨物已按約定出貨。 (Nicht übersetzt – der Übersetzer ist nicht verfügbar; dies ist das Original)";
    expect(renderPlain(translator, GERMAN_READER, rejection(UNTRANSLATED))).toContain(`• Gründe: ${marked}`);
    expect(display.render(GERMAN_READER, rejection(UNTRANSLATED)).facts?.[0]?.value).toBe(marked);
  });

  it("CM-01: words in the reader's own language, inside a sentence, show as written, unmarked", () => {
    const cancelled: OutboundMessage = { text: { key: "order:notify.cancelled", params: { orderId: "PO-1", reason: SAME_LANGUAGE } } };
    const plain = renderPlain(translator, GERMAN_READER, cancelled);
    expect(plain).toContain("Geänderte Pläne");
    expect(plain).not.toContain("Maschinell");
    expect(display.render(GERMAN_READER, cancelled).text).toBe(plain);
  });
});
