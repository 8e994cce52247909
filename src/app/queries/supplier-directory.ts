/**
 * CM-06 / TA-01: the suppliers a buyer may order from — enrolled in Trade Assurance and not suspended
 * (TA-07) — by company name, the buyer's previous counterparties first (most recent first), then the
 * rest alphabetically. A person picks one by name; the internal id only travels in the form's value.
 */
import type { Database } from "../../adapters/db/database.js";

export interface SupplierChoice {
  readonly partyId: string;
  readonly displayName: string;
  /** The buyer has ordered from this supplier before. */
  readonly previous: boolean;
}

/** At most this many suppliers are offered at once; a search narrows the list. */
export const SUPPLIER_CHOICES_SHOWN = 50;

export async function suppliersForBuyer(db: Database, buyerId: string): Promise<SupplierChoice[]> {
  const [suppliers, orders] = await Promise.all([
    db.prisma.party.findMany({ where: { role: "supplier", enrolled: true, suspended: false }, select: { id: true, displayName: true } }),
    db.prisma.order.findMany({ where: { buyerId }, select: { supplierId: true }, orderBy: [{ updatedAt: "desc" }, { id: "asc" }] }),
  ]);
  const recency = new Map<string, number>();
  orders.forEach((o, i) => {
    if (!recency.has(o.supplierId)) recency.set(o.supplierId, i);
  });
  const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  return suppliers
    .map((s) => ({ partyId: s.id, displayName: s.displayName, previous: recency.has(s.id) }))
    .sort((a, b) => {
      const ra = recency.get(a.partyId);
      const rb = recency.get(b.partyId);
      if (ra !== undefined || rb !== undefined) return (ra ?? Number.MAX_SAFE_INTEGER) - (rb ?? Number.MAX_SAFE_INTEGER);
      return collator.compare(a.displayName, b.displayName) || a.partyId.localeCompare(b.partyId);
    });
}

/**
 * CM-06: every supplier as staff name them (ledger, limit), suspended ones included, alphabetically by
 * company name. Staff pick one by name like a buyer does; the id only travels in the option's value.
 */
export async function suppliersForStaff(db: Database): Promise<SupplierChoice[]> {
  const suppliers = await db.prisma.party.findMany({ where: { role: "supplier" }, select: { id: true, displayName: true } });
  const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  return suppliers
    .map((s) => ({ partyId: s.id, displayName: s.displayName, previous: false }))
    .sort((a, b) => collator.compare(a.displayName, b.displayName) || a.partyId.localeCompare(b.partyId));
}

/**
 * CM-06 / issue 16: every party as staff name them (a link code, a suspension), suspended ones and
 * staff included (a link code may be for a colleague), alphabetically by name; the id only travels in
 * the option's value.
 */
export async function partiesForStaff(db: Database): Promise<SupplierChoice[]> {
  const parties = await db.prisma.party.findMany({ select: { id: true, displayName: true } });
  const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  return parties
    .map((p) => ({ partyId: p.id, displayName: p.displayName, previous: false }))
    .sort((a, b) => collator.compare(a.displayName, b.displayName) || a.partyId.localeCompare(b.partyId));
}
