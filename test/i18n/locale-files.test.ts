import { describe, expect, it } from "vitest";
import { SUPPORTED_LANGUAGES, type Language } from "../../src/bots/conversation/i18n/languages.js";
import { loadLocaleResources, NAMESPACES } from "../../src/bots/conversation/i18n/locale-files.js";
import path from "node:path";
import { productSource, unusedKeys } from "./key-usage.js";
import { families, flatLocale, interpolationVariables } from "./locale-keys.js";

const resources = loadLocaleResources();
const english = flatLocale(resources, "en");
const englishFamilies = families(english);
const otherLanguages = SUPPORTED_LANGUAGES.filter((lng) => lng !== "en");

/**
 * Sentences a language may share with English: codes, brand names, a format of values with nothing to
 * translate, or a word that is simply the same ("No" in Spanish).
 */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly Language[] | "every language">> = {
  "order:term.incoterm": "every language", // the ICC's name; languages that gloss it do so in brackets
  "order:paymentMethod.western-union": "every language", // brand name
  "staff:evidenceWithHash": "every language", // "{{name}} (SHA-256 {{sha256}})"
  "common:form.literal": "every language", // "{{value}}": a value shown as it was typed
  "common:webchat.bot": "every language", // the program's name, "Trade Assurance", as the sender of bot messages
  "staff:console.backToChat": ["es", "fr", "de", "pt"], // "Chat" is the word in these languages too
  "common:webchat.message": ["fr"], // "Message"
  "staff:console.actions": ["fr"], // "Actions"
  "staff:console.notifications": ["fr"], // "Messages"
  "common:no": ["es"],
  "claim:flow.typeFact": ["fr"], // "Type"
  "order:flow.statusFact": ["de"], // "Status"
};

function mayEqualEnglish(language: Language, key: string): boolean {
  const allowed = SAME_AS_ENGLISH[key];
  return allowed === "every language" || (allowed?.includes(language) ?? false);
}

function withoutCount(variables: readonly string[]): string[] {
  return variables.filter((name) => name !== "count");
}

describe("locale files", () => {
  it("CM-03: each of the eight languages has every namespace", () => {
    for (const language of SUPPORTED_LANGUAGES) {
      expect(Object.keys(resources[language] ?? {}).sort(), language).toEqual([...NAMESPACES].sort());
    }
  });

  it.each(otherLanguages)("CM-03: %s has exactly the keys of English (a plural family counts as one key)", (language) => {
    const translated = families(flatLocale(resources, language));
    expect([...translated.keys()].sort()).toEqual([...englishFamilies.keys()].sort());
  });

  it.each(otherLanguages)("CM-03: every %s sentence uses the interpolation variables of the English one", (language) => {
    const translated = families(flatLocale(resources, language));
    const mismatches: string[] = [];
    for (const [family, englishForms] of englishFamilies) {
      const englishVariables = [...new Set([...englishForms.values()].flatMap(interpolationVariables))].sort();
      const forms = translated.get(family);
      if (!forms) continue; // reported by the key test
      for (const [form, sentence] of forms) {
        // A plural form may spell its number out ("يوم عمل واحد"): only `count` may be left out.
        const variables = interpolationVariables(sentence);
        if (withoutCount(variables).join() !== withoutCount(englishVariables).join() || (variables.includes("count") && !englishVariables.includes("count"))) {
          mismatches.push(`${family}${form ? "_" + form : ""}: ${variables.join(",")} ≠ ${englishVariables.join(",")}`);
        }
      }
      const usesCount = [...forms.values()].some((s) => interpolationVariables(s).includes("count"));
      if (usesCount !== englishVariables.includes("count")) mismatches.push(`${family}: count used differently`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(SUPPORTED_LANGUAGES)("CM-03: %s plurals have exactly the forms its plural rules need", (language) => {
    const categories = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
    const problems: string[] = [];
    for (const [family, forms] of families(flatLocale(resources, language))) {
      const pluralForms = [...forms.keys()].filter((form) => form !== "");
      if (pluralForms.length === 0) continue;
      if (pluralForms.sort().join() !== categories.join()) problems.push(`${family}: ${pluralForms.join(",")}`);
    }
    expect(problems).toEqual([]);
  });

  it("CM-03: Arabic plural families have all six forms (zero, one, two, few, many, other)", () => {
    const arabic = families(flatLocale(resources, "ar"));
    expect([...(arabic.get("claim:notify.reminder.supplier-response")?.keys() ?? [])].sort()).toEqual(["few", "many", "one", "other", "two", "zero"]);
  });

  it.each(otherLanguages)("CM-03: no %s sentence is the English one copied", (language) => {
    const translated = flatLocale(resources, language);
    const copied = [...translated].filter(([key, sentence]) => english.get(key) === sentence && !mayEqualEnglish(language, key));
    expect(copied.map(([key]) => key)).toEqual([]);
  });

  it("issue 16: every English key is used by the product (by name, as an object of keys, or by a literal prefix)", () => {
    // Keys the product builds in a way the scan cannot see, each with where it is built.
    const BUILT_ELSEWHERE = [
      /^slack:thread\.(sent|entered)\./, // slack-channel.ts rewrites conversation:thread.(sent|entered).* for a Slack thread
    ];
    const unused = unusedKeys(english.keys(), productSource(path.resolve(import.meta.dirname, "../.."))).filter(
      (key) => !BUILT_ELSEWHERE.some((pattern) => pattern.test(key)),
    );
    expect(unused).toEqual([]);
  });

  it("issue 16: the unused-key scan sees keys named in full, as objects, by template prefix, and errors by their code", () => {
    const keys = ["order:status.draft", "conversation:ledger.kind.limit-set", "common:action.order.view", "errors:ORDER_NOT_FOUND", "order:never.used_one"];
    const source = 'say("order:status.draft"); label(r, "conversation:ledger.kind", k); t(`common:action.${id}`); refuse("ORDER_NOT_FOUND");';
    expect(unusedKeys(keys, source)).toEqual(["order:never.used"]);
  });
});
