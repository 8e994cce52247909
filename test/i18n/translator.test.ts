import { describe, expect, it } from "vitest";
import { createTranslator, createTranslatorFromResources } from "../../src/bots/conversation/i18n/i18n.js";
import { formatMoney } from "../../src/bots/conversation/i18n/format-values.js";
import { formattingLocale, isRightToLeft, languageDisplayName, resolveLanguage } from "../../src/bots/conversation/i18n/languages.js";
import { money } from "../../src/domain/shared/money.js";

const translator = createTranslator();
/** Intl separates amounts and units with no-break spaces; compare them as plain spaces. */
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, " ").replace(/[\u2068\u2069]/g, "");

describe("languages", () => {
  it.each([
    ["zh-CN", "zh"],
    ["zh-SG", "zh"],
    ["zh-Hans", "zh"],
    ["zh", "zh"],
    ["zh-Hans-HK", "zh"],
    ["zh-TW", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["zh-MO", "zh-Hant"],
    ["zh-Hant", "zh-Hant"],
    ["zh_TW", "zh-Hant"],
    ["pt-BR", "pt"],
    ["pt-PT", "pt"],
    ["es-MX", "es"],
    ["en-GB", "en"],
    ["de-CH", "de"],
    ["fr-CA", "fr"],
    ["ar-EG", "ar"],
    ["ja-JP", "en"],
    ["", "en"],
    ["not a tag", "en"],
  ])("CM-03: a reader tagged %s reads %s", (tag, language) => {
    expect(resolveLanguage(tag)).toBe(language);
  });

  it("CM-03: only Arabic is written right to left", () => {
    expect(isRightToLeft("ar")).toBe(true);
    expect((["en", "zh", "zh-Hant", "es", "fr", "de", "pt"] as const).some(isRightToLeft)).toBe(false);
  });

  it("CM-03: values are formatted in the reader's own locale, or the language's default one", () => {
    expect(formattingLocale("en-GB")).toBe("en-GB");
    expect(formattingLocale("zh")).toBe("zh-CN");
    expect(formattingLocale("zh-HK")).toBe("zh-HK");
    expect(formattingLocale("zh-Hant")).toBe("zh-TW");
    expect(formattingLocale("pt")).toBe("pt-BR");
    expect(formattingLocale("pt-PT")).toBe("pt-PT");
    expect(formattingLocale("ja-JP")).toBe("en");
    expect(formattingLocale("not a tag")).toBe("en");
  });

  it("CM-03: zh-TW and zh-HK readers get Traditional Chinese, zh-CN readers Simplified", () => {
    expect(translator.t("zh-TW", "common:deadlineKind.supplier-response")).toBe("供應商回覆");
    expect(translator.t("zh-HK", "claim:status.closed")).toBe("已結案");
    expect(translator.t("zh-CN", "common:deadlineKind.supplier-response")).toBe("供应商答复");
  });

  it("CM-03: a sentence missing in Traditional Chinese falls back to Simplified, then English", () => {
    const sparse = createTranslatorFromResources({
      en: { common: { a: "A in English", b: "B in English" } },
      zh: { common: { a: "简体的 A" } },
      "zh-Hant": { common: {} },
    });
    expect(sparse.t("zh-TW", "common:a")).toBe("简体的 A");
    expect(sparse.t("zh-TW", "common:b")).toBe("B in English");
    expect(sparse.t("de", "common:a")).toBe("A in English");
  });
});

describe("amounts", () => {
  const amount = money(125_000, "USD");

  it("CM-03: a Money param renders with the reader's currency format", () => {
    expect(plain(translator.t("en-US", "order:advice.unprotectedDeposit", { amount }))).toMatch(/^Warning: (US)?\$1,250\.00 of your deposit/);
    expect(plain(translator.t("zh-CN", "order:advice.unprotectedDeposit", { amount }))).toContain("US$1,250.00");
    expect(plain(translator.t("de", "order:advice.unprotectedDeposit", { amount }))).toContain("1.250,00 $");
    expect(plain(translator.t("de-DE", "order:advice.unprotectedDeposit", { amount: money(125_000, "EUR") }))).toContain("1.250,00 €");
  });

  it("PO-09: amounts are formatted exactly from minor units, with the currency's own decimals", () => {
    expect(formatMoney(money(900_719_925_474_099, "USD"), "en-US")).toBe("$9,007,199,254,740.99");
    expect(formatMoney(money(-5, "USD"), "en-US")).toBe("-$0.05");
    expect(formatMoney(money(125_000, "JPY"), "en-US")).toBe("¥125,000");
    expect(plain(formatMoney(money(1_234_567, "KWD"), "en-US"))).toBe("KWD 1,234.567");
  });
});

describe("dates", () => {
  const dueAt = "2026-03-01T23:30:00.000Z";

  it("CM-03: an instant renders as the wall-clock time of the reader's time zone", () => {
    const shanghai = plain(translator.t("en-US", "common:dueAt", { dueAt }, { timeZone: "Asia/Shanghai" }));
    const newYork = plain(translator.t("en-US", "common:dueAt", { dueAt }, { timeZone: "America/New_York" }));
    expect(shanghai).toBe("due Mar 2, 2026, 7:30 AM");
    expect(newYork).toBe("due Mar 1, 2026, 6:30 PM");
  });

  it("CM-03: an instant renders in the reader's locale", () => {
    expect(plain(translator.t("de", "common:dueAt", { dueAt }, { timeZone: "Europe/Berlin" }))).toBe("fällig am 02.03.2026, 00:30");
    expect(plain(translator.t("zh-CN", "common:dueAt", { dueAt }, { timeZone: "Asia/Shanghai" }))).toBe("截止时间 2026年3月2日 07:30");
  });

  it("CM-03: explicitly tagged instants and dates are formatted like ISO strings", () => {
    expect(plain(translator.t("en-US", "common:dueAt", { dueAt: { instant: dueAt } }, { timeZone: "Asia/Shanghai" }))).toBe("due Mar 2, 2026, 7:30 AM");
    expect(plain(translator.t("fr", "common:dueAt", { dueAt: { date: "2026-03-01" } }))).toBe("échéance : 1 mars 2026");
  });

  it("CM-03: a local date names a day, whatever the reader's time zone", () => {
    const shippingDate = "2026-03-01";
    for (const timeZone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      expect(plain(translator.t("en-US", "common:dueAt", { dueAt: shippingDate }, { timeZone }))).toBe("due Mar 1, 2026");
    }
  });
});

describe("plurals and lists", () => {
  it("CM-03: English reminders choose one or other", () => {
    expect(translator.t("en", "claim:notify.reminder.supplier-response", { count: 1, claimId: "CL-9", dueAt: "—" })).toBe(
      "Reminder: you have 1 business day left to respond to claim CL-9 (due —).",
    );
    expect(translator.t("en", "claim:notify.reminder.supplier-response", { count: 3, claimId: "CL-9", dueAt: "—" })).toBe(
      "Reminder: you have 3 business days left to respond to claim CL-9 (due —).",
    );
  });

  it.each([
    [0, "تذكير: لم يتبقَّ لديك أي يوم عمل للرد على المطالبة CL-9 (الموعد النهائي —)."],
    [1, "تذكير: يتبقى لديك يوم عمل واحد للرد على المطالبة CL-9 (الموعد النهائي —)."],
    [2, "تذكير: يتبقى لديك يوما عمل للرد على المطالبة CL-9 (الموعد النهائي —)."],
    [3, "تذكير: يتبقى لديك 3 أيام عمل للرد على المطالبة CL-9 (الموعد النهائي —)."],
    [11, "تذكير: يتبقى لديك 11 يوم عمل للرد على المطالبة CL-9 (الموعد النهائي —)."],
    [100, "تذكير: يتبقى لديك 100 يوم عمل للرد على المطالبة CL-9 (الموعد النهائي —)."],
  ])("CM-03: Arabic picks its plural form for %i business days", (count, sentence) => {
    expect(plain(translator.t("ar", "claim:notify.reminder.supplier-response", { count, claimId: "CL-9", dueAt: "—" }))).toBe(sentence);
  });

  it("CM-03: Arabic wraps values in Unicode isolates so ids keep their place in right-to-left text", () => {
    expect(translator.t("ar", "order:confirmedByBoth", { orderId: "PO-1" })).toBe("تم تأكيد الطلب \u2068PO-1\u2069 من الطرفين.");
  });

  it("CM-03: Chinese has one plural form and formats the count", () => {
    expect(translator.t("zh", "staff:casesWaiting", { count: 1 })).toBe("有 1 个案件等待裁决。");
    expect(translator.t("zh", "staff:casesWaiting", { count: 1200 })).toBe("有 1,200 个案件等待裁决。");
  });

  it("CM-03: list params are joined as the reader's language joins them", () => {
    const problems = ["currency", "shippingDate", "incoterm"];
    expect(translator.t("en", "errors:ORDER_TERMS_INVALID", { problems })).toBe(
      "The order terms cannot be confirmed yet. Please complete or correct: currency, shippingDate, and incoterm.",
    );
    expect(translator.t("de", "errors:ORDER_TERMS_INVALID", { problems })).toContain("currency, shippingDate und incoterm");
  });
});

describe("language names", () => {
  it("CM-02 / issue 16: a translation's language is named in the reader's language, never by its code", () => {
    expect(languageDisplayName("en-GB", "zh")).toBe("Chinese");
    expect(languageDisplayName("en-GB", "zh-TW")).toBe("Chinese (Taiwan)");
    expect(languageDisplayName("de-DE", "en")).toBe("Englisch");
    expect(languageDisplayName("zh-CN", "de")).toBe("德语");
    expect(languageDisplayName("ar", "en")).toBe("الإنجليزية");
    expect(languageDisplayName("en", "not a tag")).toBe("not a tag");
  });
});
