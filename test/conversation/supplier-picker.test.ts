/**
 * CM-06 / issue 16: a buyer names the supplier by its company name — any part of it, in any case,
 * with or without accents, in any script — never by an internal id. Previous counterparties come
 * first; several matches ask the buyer to choose among them; no match names the closest.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestSuppliers, pickSupplier, supplierField } from "../../src/bots/conversation/forms/supplier-picker.js";
import type { SupplierChoice } from "../../src/app/queries/supplier-directory.js";

/** As the directory lists them: the buyer's previous counterparty first, then the rest alphabetically. */
const DIRECTORY: readonly SupplierChoice[] = [
  { partyId: "supplier-shenzhen-fasteners", displayName: "深圳紧固件有限公司", previous: true },
  { partyId: "supplier-berlin", displayName: "Berliner Schrauben GmbH", previous: false },
  { partyId: "supplier-dubai", displayName: "شركة الخليج للأدوات", previous: false },
  { partyId: "supplier-muller", displayName: "Müller Präzisionsteile AG", previous: false },
  { partyId: "supplier-ohio", displayName: "Ohio Hardware Trading", previous: false },
  { partyId: "supplier-osaka", displayName: "大阪ボルト株式会社", previous: false },
  { partyId: "supplier-sao-paulo", displayName: "São Paulo Ferramentas Ltda", previous: false },
  { partyId: "supplier-texas", displayName: "Texas Hardware Supply", previous: false },
];

const picked = (typed: string) => {
  const pick = pickSupplier(DIRECTORY, typed);
  return pick.ok ? pick.supplier.partyId : pick.error;
};

describe("CM-06: a supplier is named by its company name", () => {
  it("CM-06: part of the name, in any case and without accents, in Latin, Chinese, Japanese and Arabic script", () => {
    expect(picked("berliner")).toBe("supplier-berlin");
    expect(picked("SCHRAUBEN gmbh")).toBe("supplier-berlin");
    expect(picked("muller")).toBe("supplier-muller");
    expect(picked("prazisionsteile")).toBe("supplier-muller");
    expect(picked("sao paulo")).toBe("supplier-sao-paulo");
    expect(picked("紧固件")).toBe("supplier-shenzhen-fasteners");
    expect(picked("ボルト")).toBe("supplier-osaka");
    expect(picked("الخليج")).toBe("supplier-dubai");
    expect(picked("ohio trading")).toBe("supplier-ohio");
  });

  it("CM-06: a name several companies share asks the buyer to choose among them, and the form offers those first", () => {
    const pick = pickSupplier(DIRECTORY, "hardware");
    expect(pick).toMatchObject({ ok: false, error: { key: "conversation:supplier.ambiguous", params: { typed: "hardware" } } });
    expect(pick.ok ? [] : pick.error.params?.["names"]).toEqual(["Ohio Hardware Trading", "Texas Hardware Supply"]);
    const options = supplierField(DIRECTORY, "hardware").options?.map((o) => o.value);
    expect(options?.slice(0, 2)).toEqual(["supplier-ohio", "supplier-texas"]);
    expect(options).toHaveLength(DIRECTORY.length);
  });

  it("CM-06: no match names the closest companies (a misspelling still finds the supplier), offered first", () => {
    const pick = pickSupplier(DIRECTORY, "Berlinr Shrauben");
    expect(pick).toMatchObject({ ok: false, error: { key: "conversation:supplier.notFound" } });
    expect((pick.ok ? [] : (pick.error.params?.["names"] as string[]))[0]).toBe("Berliner Schrauben GmbH");
    expect(closestSuppliers(DIRECTORY, "深圳紧固")[0]?.partyId).toBe("supplier-shenzhen-fasteners");
    expect(closestSuppliers(DIRECTORY, "Texs Hardwre")[0]?.partyId).toBe("supplier-texas");
    expect(supplierField(DIRECTORY, "Berlinr Shrauben").options?.[0]?.value).toBe("supplier-berlin");
  });

  it("CM-06: previous counterparties first, marked; the chosen option (the id travels only as the option's value) is taken as is", () => {
    const field = supplierField(DIRECTORY);
    expect(field.options?.[0]).toEqual({
      value: "supplier-shenzhen-fasteners",
      label: { key: "conversation:supplier.previousOption", params: { value: "深圳紧固件有限公司" } },
    });
    expect(picked("supplier-texas")).toBe("supplier-texas");
    expect(pickSupplier([], "anything")).toMatchObject({ ok: false, error: { key: "conversation:supplier.none" } });
  });

  it("CM-06 (fast-check): every supplier's own name, however cased or accented, resolves to that supplier and no other", () => {
    fc.assert(
      fc.property(fc.constantFrom(...DIRECTORY), fc.constantFrom("upper", "lower", "nfd", "spaced"), (supplier, how) => {
        const name = supplier.displayName;
        const typed =
          how === "upper"
            ? name.toUpperCase()
            : how === "lower"
              ? name.toLowerCase()
              : how === "nfd"
                ? name.normalize("NFD")
                : `  ${name.replace(/ /g, "   ")}  `;
        expect(picked(typed)).toBe(supplier.partyId);
      }),
    );
  });

  it("CM-06 (fast-check): whatever is typed, the answer is one supplier or a sentence naming real companies — never an id", () => {
    const names = new Set(DIRECTORY.map((s) => s.displayName));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        const pick = pickSupplier(DIRECTORY, typed);
        if (pick.ok) return;
        const listed = (pick.error.params?.["names"] as string[] | undefined) ?? [];
        expect(listed.length).toBeGreaterThan(0);
        expect(listed.every((n) => names.has(n))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
