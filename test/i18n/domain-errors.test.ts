import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../src/bots/conversation/i18n/i18n.js";
import { SUPPORTED_LANGUAGES } from "../../src/bots/conversation/i18n/languages.js";
import { loadLocaleResources } from "../../src/bots/conversation/i18n/locale-files.js";
import { renderDomainError } from "../../src/bots/conversation/i18n/render-error.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { money } from "../../src/domain/shared/money.js";
import { scanRefusals } from "./domain-refusals.js";
import { flatLocale, interpolationVariables } from "./locale-keys.js";

const sourceDir = (folder: string): string => fileURLToPath(new URL(`../../src/${folder}/`, import.meta.url));
/** The domain's refusals (CM-03), and those the application layer, adapters and bots raise as DomainError too. */
const domainRefusals = scanRefusals([sourceDir("domain")]);
const refusals = scanRefusals(["domain", "app", "adapters", "bots"].map(sourceDir));
const resources = loadLocaleResources();
const translator = createTranslator();
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, " ").replace(/[\u2068\u2069]/g, "");

/** The params every throw site of a code passes (a sentence may rely on these only). */
function paramsEverySitePasses(code: string): Set<string> | undefined {
  const sites = refusals.get(code) ?? [];
  if (sites.some((site) => site.params === undefined)) return undefined;
  const [first, ...rest] = sites.map((site) => new Set(site.params?.always ?? []));
  return rest.reduce((common, names) => new Set([...common].filter((name) => names.has(name))), first ?? new Set<string>());
}

describe("domain refusals", () => {
  it("the scan finds the domain's refusals, and the adapters' ones", () => {
    expect(domainRefusals.size).toBeGreaterThan(100);
    expect(refusals.has("STORE_CONCURRENT_MODIFICATION")).toBe(true); // super(...) in a DomainError subclass
    expect(refusals.get("LEDGER_INSUFFICIENT_AVAILABLE")?.[0]?.params?.always).toEqual(["available", "required"]);
    expect(refusals.get("CLAIM_APPEAL_WINDOW_CLOSED")?.[0]?.params).toEqual({ always: ["claimId"], sometimes: ["closedAt"] });
  });

  it("CM-03: every refusal code of the domain has a sentence in every language with its parameters", () => {
    expect([...domainRefusals.keys()].filter((code) => !refusals.has(code))).toEqual([]);
    const problems: string[] = [];
    for (const language of SUPPORTED_LANGUAGES) {
      const sentences = flatLocale(resources, language);
      for (const code of [...refusals.keys()].sort()) {
        const sentence = sentences.get(`errors:${code}`);
        if (sentence === undefined) {
          problems.push(`${language}: errors:${code} is missing`);
          continue;
        }
        const passed = paramsEverySitePasses(code);
        if (passed === undefined) continue; // a site builds its params dynamically: nothing to compare
        const unknown = interpolationVariables(sentence).filter((name) => !passed.has(name));
        if (unknown.length > 0) problems.push(`${language}: errors:${code} uses ${unknown.join(", ")}, which not every throw site passes`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("CM-03: errors.json holds no sentence for a code the domain no longer throws", () => {
    const stale = [...flatLocale(resources, "en").keys()]
      .filter((key) => key.startsWith("errors:"))
      .map((key) => key.slice("errors:".length).replace(/_dated$/, "")) // the variant naming the refusal's date
      .filter((code) => !refusals.has(code));
    expect(stale).toEqual([]);
  });
});

describe("renderDomainError", () => {
  const insufficient = new DomainError("LEDGER_INSUFFICIENT_AVAILABLE", {
    available: money(125_000, "USD"),
    required: money(2_000_000, "USD"),
  });

  it("CM-03: a refusal reads as a sentence with its amounts in the reader's currency format", () => {
    expect(plain(renderDomainError(translator, "en-US", "America/New_York", insufficient))).toBe(
      "The supplier's available Trade Assurance amount is $1,250.00; this order needs $20,000.00.",
    );
    expect(plain(renderDomainError(translator, "de-DE", "Europe/Berlin", insufficient))).toBe(
      "Der verfügbare Trade-Assurance-Betrag des Lieferanten beträgt 1.250,00 $; diese Bestellung erfordert 20.000,00 $.",
    );
    expect(plain(renderDomainError(translator, "zh-CN", "Asia/Shanghai", insufficient))).toBe(
      "供应商的可用信保额度为 US$1,250.00，而此订单需要 US$20,000.00。",
    );
  });

  it("CM-03: a refusal's instants are shown in the reader's time zone", () => {
    const filed = new DomainError("CHARGEBACK_ALREADY_FILED", { orderId: "PO-7", filedAt: "2026-05-31T20:00:00.000Z" });
    expect(plain(renderDomainError(translator, "en-US", "America/Los_Angeles", filed))).toBe(
      "A chargeback for order PO-7 was already filed on May 31, 2026, 1:00 PM.",
    );
    expect(plain(renderDomainError(translator, "zh-TW", "Asia/Taipei", filed))).toBe("訂單 PO-7 已於 2026年6月1日 凌晨4:00 提出拒付。");
  });

  it("CM-03: coded values (roles, statuses) are named in the reader's language", () => {
    const notYourTurn = new DomainError("CLAIM_NOT_YOUR_TURN", { claimId: "CL-1", toMove: "supplier" });
    expect(renderDomainError(translator, "zh-CN", "Asia/Shanghai", notYourTurn)).toBe("索赔 CL-1 目前应由供应商答复，请等待对方回复。");
    const wrongStatus = new DomainError("CLAIM_WRONG_STATUS", { claimId: "CL-1", status: "escalated", action: "propose" });
    expect(renderDomainError(translator, "en", "UTC", wrongStatus)).toBe(
      "The status of claim CL-1 is “escalated to the platform”, so this action is not possible now.",
    );
    const wrongParty = new DomainError("ORDER_WRONG_PARTY", { action: "confirm-as-buyer", expected: ["buyer", "supplier"] });
    expect(renderDomainError(translator, "en", "UTC", wrongParty)).toBe("This step is for the buyer and supplier.");
    expect(renderDomainError(translator, "es", "UTC", wrongParty)).toBe("Este paso le corresponde a: comprador y proveedor.");
  });

  it("CM-03: an English reader and a Chinese reader see the same refusal each in their own language", () => {
    const excluded = new DomainError("ORDER_CATEGORY_EXCLUDED", { category: "vehicles" });
    expect(renderDomainError(translator, "en-GB", "Europe/London", excluded)).toBe(
      "Products in the category “vehicles” cannot be protected by Trade Assurance.",
    );
    expect(renderDomainError(translator, "zh-HK", "Asia/Hong_Kong", excluded)).toBe("「vehicles」類別的商品無法享有信用保障。");
  });

  it("CM-03: a code without a sentence still reads as a sentence naming the code, never a raw key", () => {
    const unknown = new DomainError("SOME_FUTURE_CODE", { orderId: "PO-1" });
    expect(renderDomainError(translator, "fr", "Europe/Paris", unknown)).toBe(
      "Cette demande n'a pas pu aboutir (code motif SOME_FUTURE_CODE). Si vous avez besoin d'aide, veuillez contacter le support.",
    );
  });

  it("CL-16: a window that closed says when it closed, in the reader's zone and language", () => {
    const closed = new DomainError("CLAIM_APPEAL_WINDOW_CLOSED", { claimId: "CL-3", closedAt: "2026-04-30T15:59:59.999Z" });
    expect(plain(renderDomainError(translator, "en-US", "America/New_York", closed))).toBe(
      "The time to appeal the decision on claim CL-3 ended on Apr 30, 2026, 11:59 AM, so an appeal is no longer possible.",
    );
    expect(plain(renderDomainError(translator, "zh-CN", "Asia/Shanghai", closed))).toContain("2026年4月30日 23:59");
    const undated = new DomainError("CLAIM_APPEAL_WINDOW_CLOSED", { claimId: "CL-3" });
    expect(renderDomainError(translator, "en", "UTC", undated)).toBe(
      "The time to appeal the decision on claim CL-3 has ended, so an appeal is no longer possible.",
    );
    const filing = new DomainError("CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED", { orderId: "PO-2", closedAt: "2026-04-30T15:59:59.999Z" });
    for (const language of SUPPORTED_LANGUAGES) expect(renderDomainError(translator, language, "UTC", filing), language).not.toMatch(/\{\{|errors:/);
  });
});
