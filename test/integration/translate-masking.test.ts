import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_MASKING_RULES, mask, tokenForReader, unmask, type MaskingRules } from "../../src/adapters/translate/masking.js";
import { useGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { productionTranslator } from "./translate-fixtures.js";

let standIn: GoogleTranslateStandIn;
useGoogleTranslateStandIn((started) => (standIn = started));

/** What the translator was actually sent, across all translate requests. */
function sentTexts(): string {
  return standIn
    .translateRequests()
    .flatMap((request) => (Array.isArray(request.body.q) ? request.body.q : [request.body.q ?? ""]))
    .join("\n");
}

describe("masking (mask / unmask)", () => {
  it.each([
    ["amount with currency code", "USD 1,250.00", "amount"],
    ["amount with yen sign", "¥3,000", "amount"],
    ["amount in European format", "1.250,00 €", "amount"],
    ["amount in yuan", "100元", "amount"],
    ["ISO date", "2026-03-05", "date"],
    ["ISO timestamp", "2026-03-05T14:30:00Z", "date"],
    ["numeric date", "05/03/2026", "date"],
    ["dotted date", "5.3.2026", "date"],
    ["Chinese month and day", "3月5日", "date"],
    ["order reference", "PO-2026-000123", "reference"],
    ["claim reference", "CL-2026-000045", "reference"],
    ["SKU", "TS-1000-BLK", "sku"],
    ["tracking number", "SF1234567890", "code"],
    ["glossary term", "Trade Assurance", "glossary"],
    ["glossary term with a number", "AQL 2.5", "glossary"],
    ["percentage", "12%", "number"],
    ["negative quantity", "-5", "number"],
  ])("masks a %s as one token: %s", (_, value, kind) => {
    const masked = mask(`before ${value} after`, DEFAULT_MASKING_RULES, "text");

    expect(masked.masked).toBe("before ⟦0⟧ after");
    expect(masked.tokens).toEqual([{ kind, value }]);
  });

  it("takes the reference and SKU patterns and the glossary from its rules", () => {
    const rules: MaskingRules = { referencePattern: /ORD#\d+/, skuPattern: /SKU\.\d{3}/, glossary: ["Incoterms"] };

    const masked = mask("ORD#77 holds SKU.123 under Incoterms", rules, "text");

    expect(masked.tokens).toEqual([
      { kind: "reference", value: "ORD#77" },
      { kind: "sku", value: "SKU.123" },
      { kind: "glossary", value: "Incoterms" },
    ]);
  });

  it("html style escapes the text around the placeholders and restores it", () => {
    const text = "Price <b>&</b> USD 10\nsecond line";
    const masked = mask(text, DEFAULT_MASKING_RULES, "html");

    expect(masked.masked).toBe('Price &lt;b&gt;&amp;&lt;/b&gt; <span translate="no">⟦0⟧</span><br>second line');
    expect(unmask(masked.masked, masked)).toEqual({ ok: true, text });
  });

  it("restores by index even when the translation moves the placeholders around", () => {
    const masked = mask("PO-2026-000123 costs USD 5", DEFAULT_MASKING_RULES, "text");

    expect(unmask("USD-Preis ⟦1⟧ für ⟦0⟧", masked)).toEqual({ ok: true, text: "USD-Preis USD 5 für PO-2026-000123" });
  });

  it("rejects a translation in which a placeholder is lost, repeated or invented", () => {
    const masked = mask("PO-2026-000123 costs USD 5", DEFAULT_MASKING_RULES, "text");

    expect(unmask("costs ⟦1⟧", masked)).toEqual({ ok: false, missing: [0], repeated: [], unknown: [] });
    expect(unmask("⟦0⟧ ⟦0⟧ costs ⟦1⟧", masked)).toEqual({ ok: false, missing: [], repeated: [0], unknown: [] });
    expect(unmask("⟦0⟧ costs ⟦1⟧ ⟦2⟧", masked)).toEqual({ ok: false, missing: [], repeated: [], unknown: [2] });
  });

  it.each(["text", "html"] as const)(
    "CM-01: no digit of any script is left outside a placeholder, and unmasking gives the text back (%s style, property)",
    (style) => {
      const tricky = fc.string({ unit: fc.constantFrom(..."0123456789 ,.-/:'%年月日号元USD$€¥PO-CL-KXabc⟦⟧<>&\n٣") });
      fc.assert(
        fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), tricky, (anything, numeric) => {
          const text = anything + numeric;
          const masked = mask(text, DEFAULT_MASKING_RULES, style);

          const outsidePlaceholders = masked.masked.replace(/<span translate="no">⟦\d+⟧<\/span>|⟦\d+⟧/g, "");
          expect(outsidePlaceholders).not.toMatch(/\p{Nd}/u);
          expect(unmask(masked.masked, masked)).toEqual({ ok: true, text: style === "html" ? text.replace(/\r\n/g, "\n") : text });
        }),
        { numRuns: 2_000 },
      );
    },
  );

  it("a message that itself contains placeholder brackets survives masking", () => {
    const text = "literal ⟦0⟧ and USD 5";
    const masked = mask(text, DEFAULT_MASKING_RULES, "text");

    expect(unmask(masked.masked, masked)).toEqual({ ok: true, text });
  });

  it("CM-01: a Chinese-style date reads as a date in the reader's language; other dates come back verbatim", () => {
    const masked = mask("货物已于12月5日发运，2026年3月17日到港，发票日期 2026-03-01，01/02/2026", DEFAULT_MASKING_RULES, "text");
    const dates = masked.tokens.filter((t) => t.kind === "date").map((t) => tokenForReader(t, "en"));
    expect(dates).toEqual(["December 5", "March 17, 2026", "2026-03-01", "01/02/2026"]);
    expect(masked.tokens.filter((t) => t.kind === "date").map((t) => tokenForReader(t, "de"))).toEqual([
      "5. Dezember",
      "17. März 2026",
      "2026-03-01",
      "01/02/2026",
    ]);
    // Readers of Chinese (either script) and Japanese keep the date as written; so does an impossible date.
    expect(tokenForReader({ kind: "date", value: "12月5日" }, "zh-TW")).toBe("12月5日");
    expect(tokenForReader({ kind: "date", value: "2月30日" }, "en")).toBe("2月30日");
    expect(unmask(masked.masked, masked)).toEqual({ ok: true, text: "货物已于12月5日发运，2026年3月17日到港，发票日期 2026-03-01，01/02/2026" });
  });
});

describe("masking through the production translator and the stand-in", () => {
  it("CM-01: numbers, amounts, dates, references, SKUs and glossary terms are never sent and come back byte-identical", async () => {
    const text =
      "Trade Assurance order PO-2026-000123 (SKU TS-1000-BLK, FOB): refund USD 1,250.00 or ¥3,000 or 1.250,00 € by 2026-03-05, AQL 2.5, 12% defective";
    const values = ["PO-2026-000123", "TS-1000-BLK", "USD 1,250.00", "¥3,000", "1.250,00 €", "2026-03-05", "AQL 2.5", "12%"];

    const result = await productionTranslator(standIn).translate({ texts: [text], source: "en", target: "zh" });

    expect(result.translations[0]?.text).toBe(`[zh-CN] ${text}`);
    for (const value of values) expect(sentTexts()).not.toContain(value);
    expect(standIn.translateRequests()[0]?.body.format).toBe("html");
  });

  it("CM-01: a phrase that reorders an amount and a reference keeps each in its place", async () => {
    const result = await productionTranslator(standIn).translate({
      texts: ["我们同意为订单 PO-2026-000123 退款 ¥3,000。"],
      source: "zh",
      target: "en",
    });

    expect(result.translations[0]?.text).toBe("We agree to refund ¥3,000 for order PO-2026-000123.");
  });

  it("decodes the entities Google puts in html answers", async () => {
    const result = await productionTranslator(standIn).translate({ texts: ["这不是我们订购的货物。"], source: "zh", target: "fr" });

    expect(result.translations[0]?.text).toBe("Ce n'est pas ce que nous avons commandé.");
  });

  it("CM-01: any amount, reference, date or SKU embedded in random text comes back byte-identical (property)", async () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const amount = fc
      .tuple(fc.constantFrom("USD ", "EUR ", "CNY ", "$", "¥", "€", "US$"), fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
      .map(([currency, units, cents]) => `${currency}${units.toLocaleString("en-US")}.${String(cents).padStart(2, "0")}`);
    const europeanAmount = fc
      .tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
      .map(([units, cents]) => `${units.toLocaleString("de-DE")},${String(cents).padStart(2, "0")} €`);
    const reference = fc.tuple(fc.constantFrom("PO", "CL"), digits(4, 4), digits(6, 6)).map(([kind, year, n]) => `${kind}-${year}-${n}`);
    const isoDate = fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    const sku = fc.tuple(fc.constantFrom("TS", "LED", "BX"), digits(2, 5), fc.constantFrom("BLK", "W", "XL")).map((parts) => parts.join("-"));
    const protectedValue = fc.oneof(amount, europeanAmount, reference, isoDate, sku);
    const word = fc.oneof(
      fc.constantFrom("货物", "退款", "the", "refund", "de", "für", "<b>", "&", "l'usine", "é", "\n", "—", "(", ")"),
      fc.stringMatching(/^[a-zA-Z\u4e00-\u4e2f]{1,8}$/),
    );
    const message = fc.array(
      fc.oneof(
        word,
        protectedValue.map((value) => ({ value })),
      ),
      { minLength: 1, maxLength: 12 },
    );

    await fc.assert(
      fc.asyncProperty(message, async (parts) => {
        standIn.reset();
        const text = parts.map((part) => (typeof part === "string" ? part : part.value)).join(" ");
        const values = parts.flatMap((part) => (typeof part === "string" ? [] : [part.value]));

        const result = await productionTranslator(standIn).translate({ texts: [text], source: "zh", target: "en" });

        expect(result.translations[0]?.text).toBe(`[en] ${text}`);
        for (const value of values) expect(sentTexts()).not.toContain(value);
      }),
      { numRuns: 60 },
    );
  });
});
