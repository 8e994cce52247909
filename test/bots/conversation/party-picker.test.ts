/**
 * Issue 16 / CM-06: staff name any party (a link code, a suspension) by company name with the supplier
 * picker's matching — the field offers names, the id only travels in the option's value, and the
 * refusals use the party words (not "supplier") in every UI language.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SupplierChoice } from "../../../src/app/queries/supplier-directory.js";
import { PARTY_FIELD, PARTY_WORDS, partyField, pickedSupplierOf } from "../../../src/bots/conversation/forms/supplier-picker.js";
import { createTranslator } from "../../../src/bots/conversation/i18n/i18n.js";
import { SUPPORTED_LANGUAGES } from "../../../src/bots/conversation/i18n/languages.js";
import { renderText } from "../../support/harness/render-plain.js";

const translator = createTranslator();
const PARTIES: SupplierChoice[] = [
  { partyId: "buyer-ohio-tools", displayName: "Ohio Tools LLC", previous: false },
  { partyId: "supplier-shenzhen-fasteners", displayName: "深圳紧固件有限公司", previous: false },
  { partyId: "supplier-taipei", displayName: "台北扣件股份有限公司", previous: false },
  { partyId: "buyer-berlin", displayName: "Berliner Werkzeug GmbH", previous: false },
];

describe("the party picker (issue 16)", () => {
  it("CM-06: the field is a choice by name; each party is picked by its id (a button's prefill), its full name or a unique part of it", () => {
    const field = partyField(PARTIES);
    expect(field).toMatchObject({ name: PARTY_FIELD, type: "select" });
    expect(field.options?.map((o) => [o.value, o.label.params?.["value"]])).toEqual(PARTIES.map((p) => [p.partyId, p.displayName]));
    fc.assert(
      fc.property(fc.constantFrom(...PARTIES), fc.constantFrom<"id" | "name" | "lower">("id", "name", "lower"), (party, how) => {
        const typed = how === "id" ? party.partyId : how === "name" ? party.displayName : party.displayName.toLowerCase();
        const picked = pickedSupplierOf(PARTIES, typed, PARTY_WORDS);
        expect(picked).toEqual({ ok: true, supplier: party });
      }),
    );
    expect(pickedSupplierOf(PARTIES, "紧固件", PARTY_WORDS)).toMatchObject({ ok: true, supplier: { partyId: "supplier-shenzhen-fasteners" } });
  });

  it("CM-03: an unknown name is answered with the closest parties, in each of the eight languages, never with a supplier's wording or an id", () => {
    const picked = pickedSupplierOf(PARTIES, "Ohoi Tols", PARTY_WORDS);
    expect(picked.ok).toBe(false);
    if (picked.ok) return;
    expect(picked.error.key).toBe("conversation:party.notFound");
    for (const locale of SUPPORTED_LANGUAGES) {
      const text = renderText(translator, { locale, timeZone: "UTC" }, picked.error);
      expect(text).toContain("Ohio Tools LLC");
      expect(text).not.toMatch(/buyer-ohio-tools|conversation:|\{\{/);
    }
  });
});
