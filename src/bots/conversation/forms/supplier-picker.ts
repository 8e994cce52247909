/**
 * CM-06: a buyer names the supplier the way people do — by company name, never an internal id. The
 * order form offers the enrolled suppliers as a choice (previous counterparties first); a typed answer
 * (a chat without select menus, or a person typing) is matched against the company names, forgiving
 * case, accents and word order; more than one match asks again naming them.
 */
import type { SupplierChoice } from "../../../app/queries/supplier-directory.js";
import { SUPPLIER_CHOICES_SHOWN } from "../../../app/queries/supplier-directory.js";
import { normalize } from "../intents.js";
import { t } from "../localized.js";
import type { LocalizedText } from "../messages.js";
import type { FieldSpec } from "./form-kit.js";

export const SUPPLIER_FIELD = "supplierId";

export type SupplierPick = { readonly ok: true; readonly supplier: SupplierChoice } | { readonly ok: false; readonly error: LocalizedText };

const HAN = /\p{Script=Han}/u;

function matchesName(name: string, typed: string): boolean {
  const words = typed.split(" ").filter((w) => w.length > 0);
  if (words.length === 0) return false;
  const padded = ` ${name} `;
  // Chinese names have no spaces: a typed fragment matches inside; other words match word starts.
  return words.every((w) => (HAN.test(w) ? name.includes(w) : padded.includes(` ${w}`)));
}

/** The supplier a typed value names: a chosen option's value, the exact company name, or the one name matching every word. */
export function pickSupplier(choices: readonly SupplierChoice[], value: string): SupplierPick {
  const typed = value.trim();
  const chosen = choices.find((c) => c.partyId === typed);
  if (chosen) return { ok: true, supplier: chosen };
  const query = normalize(typed);
  const exact = choices.filter((c) => normalize(c.displayName) === query);
  if (exact.length === 1 && exact[0]) return { ok: true, supplier: exact[0] };
  const matching = choices.filter((c) => matchesName(normalize(c.displayName), query));
  if (matching.length === 1 && matching[0]) return { ok: true, supplier: matching[0] };
  if (matching.length === 0) return { ok: false, error: t("conversation:supplier.notFound", { typed }) };
  return { ok: false, error: t("conversation:supplier.ambiguous", { typed, names: matching.slice(0, 5).map((c) => c.displayName) }) };
}

/** The supplier field: a choice by company name (previous counterparties first), searchable by typing. */
export function supplierField(choices: readonly SupplierChoice[]): FieldSpec {
  return {
    name: SUPPLIER_FIELD,
    label: t("conversation:supplier.label"),
    type: "select",
    required: true,
    options: choices.slice(0, SUPPLIER_CHOICES_SHOWN).map((c) => ({
      value: c.partyId,
      label: t(c.previous ? "conversation:supplier.previousOption" : "common:form.literal", { value: c.displayName }),
    })),
    hint: t(choices.length > 0 ? "conversation:supplier.hint" : "conversation:supplier.none"),
  };
}
