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
/** The field staff forms name a party by (any role): the same picker, other words (issue 16). */
export const PARTY_FIELD = "partyId";

/** The words and field name a picker uses: suppliers (the order form, staff ledger/limit) or any party (staff link codes, suspension). */
export interface PickerWords {
  readonly field: string;
  readonly label: string;
  readonly none: string;
  readonly notFound: string;
  readonly ambiguous: string;
}

const SUPPLIER_WORDS: PickerWords = {
  field: SUPPLIER_FIELD,
  label: "conversation:supplier.label",
  none: "conversation:supplier.none",
  notFound: "conversation:supplier.notFound",
  ambiguous: "conversation:supplier.ambiguous",
};

export const PARTY_WORDS: PickerWords = {
  field: PARTY_FIELD,
  label: "conversation:party.label",
  none: "conversation:party.none",
  notFound: "conversation:party.notFound",
  ambiguous: "conversation:party.ambiguous",
};

export type SupplierPick = { readonly ok: true; readonly supplier: SupplierChoice } | { readonly ok: false; readonly error: LocalizedText };

/** Scripts written without spaces between words: a typed fragment matches anywhere in the name. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function matchesName(name: string, typed: string): boolean {
  const words = typed.split(" ").filter((w) => w.length > 0);
  if (words.length === 0) return false;
  const padded = ` ${name} `;
  // Unspaced scripts (Chinese, Japanese, Thai…) match inside; other words match at word starts, in any order.
  return words.every((w) => (UNSPACED.test(w) ? name.includes(w) : padded.includes(` ${w}`)));
}

/** Edit distance (insertions, deletions, substitutions) between two strings, by code point. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * How far a typed name is from a company name (lower is closer): each typed word against the name's
 * closest word (or, in an unspaced script, the closest stretch of the name of the same length).
 */
function distance(name: string, typed: string): number {
  const nameWords = name.split(" ").filter((w) => w.length > 0);
  const stretches = (w: string): string[] => {
    const chars = [...name.replace(/ /g, "")];
    const n = [...w].length;
    return chars.length <= n ? [chars.join("")] : Array.from({ length: chars.length - n + 1 }, (_, i) => chars.slice(i, i + n).join(""));
  };
  return typed
    .split(" ")
    .filter((w) => w.length > 0)
    .reduce(
      (sum, w) =>
        sum + Math.min(...(UNSPACED.test(w) ? stretches(w) : nameWords).map((n) => editDistance(w, UNSPACED.test(w) ? n : n.slice(0, [...w].length + 2)))),
      0,
    );
}

/** The suppliers whose names come closest to what was typed, closest first (ties: the directory's order). */
export function closestSuppliers(choices: readonly SupplierChoice[], typed: string, count = 3): SupplierChoice[] {
  const query = normalize(typed);
  return choices
    .map((c, i) => ({ c, i, d: distance(normalize(c.displayName), query) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, count)
    .map((x) => x.c);
}

/** The suppliers a typed value may name: every word matching (previous counterparties keep their place first). */
export function matchingSuppliers(choices: readonly SupplierChoice[], typed: string): SupplierChoice[] {
  const query = normalize(typed);
  return query === "" ? [] : choices.filter((c) => matchesName(normalize(c.displayName), query));
}

/**
 * The supplier a typed value names: a chosen option's value, the exact company name, or the one name
 * matching every word. Several matches ask the person to choose among them; none names the closest.
 */
export function pickSupplier(choices: readonly SupplierChoice[], value: string, words: PickerWords = SUPPLIER_WORDS): SupplierPick {
  const typed = value.trim();
  const chosen = choices.find((c) => c.partyId === typed);
  if (chosen) return { ok: true, supplier: chosen };
  const query = normalize(typed);
  const exact = choices.filter((c) => normalize(c.displayName) === query);
  if (exact.length === 1 && exact[0]) return { ok: true, supplier: exact[0] };
  const matching = matchingSuppliers(choices, typed);
  if (matching.length === 1 && matching[0]) return { ok: true, supplier: matching[0] };
  if (matching.length === 0) {
    if (choices.length === 0) return { ok: false, error: t(words.none) };
    return { ok: false, error: t(words.notFound, { typed, names: closestSuppliers(choices, typed).map((c) => c.displayName) }) };
  }
  return { ok: false, error: t(words.ambiguous, { typed, names: matching.slice(0, 5).map((c) => c.displayName) }) };
}

/**
 * The supplier field: a choice by company name (previous counterparties first), searchable by typing.
 * After a typed name that matched several (or none), the options offered first are those it matched
 * (or the closest), so the person chooses among them.
 */
export function supplierField(
  choices: readonly SupplierChoice[],
  typed?: string,
  hintKey = "conversation:supplier.hint",
  words: PickerWords = SUPPLIER_WORDS,
): FieldSpec {
  const picked = typed === undefined || choices.some((c) => c.partyId === typed.trim()) ? [] : matchingSuppliers(choices, typed);
  const first = typed === undefined || choices.some((c) => c.partyId === typed.trim()) ? [] : picked.length > 0 ? picked : closestSuppliers(choices, typed);
  const ordered = [...first, ...choices.filter((c) => !first.includes(c))];
  return {
    name: words.field,
    label: t(words.label),
    type: "select",
    required: true,
    options: ordered.slice(0, SUPPLIER_CHOICES_SHOWN).map((c) => ({
      value: c.partyId,
      label: t(c.previous ? "conversation:supplier.previousOption" : "common:form.literal", { value: c.displayName }),
    })),
    hint: t(choices.length > 0 ? hintKey : words.none),
  };
}

/** The supplier a staff form names (by company name), or the field's error; the form's values are read as typed. */
export function pickedSupplierOf(choices: readonly SupplierChoice[], typed: string | undefined, words: PickerWords = SUPPLIER_WORDS): SupplierPick {
  return typed === undefined || typed.trim() === "" ? { ok: false, error: t("common:form.required") } : pickSupplier(choices, typed, words);
}

/** Issue 16: staff name any party (a link code, a suspension) by company name, like a supplier — never by typing its id. */
export function partyField(choices: readonly SupplierChoice[], typed?: string): FieldSpec {
  return supplierField(choices, typed, "conversation:supplier.staffHint", PARTY_WORDS);
}
