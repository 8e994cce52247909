/** A party's orders and cases (claims), newest first, from the read models. */
import type { ClaimStatus } from "../../domain/claims/claim-types.js";
import type { OrderStatus } from "../../domain/orders/order-state.js";
import type { Instant } from "../../domain/shared/time.js";
import type { Database } from "../../adapters/db/database.js";
import { instantOfColumn } from "../../adapters/db/transaction.js";

export interface MyOrder {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly buyerId: string;
  readonly supplierId: string;
  readonly updatedAt: Instant;
}

export interface MyCase {
  readonly claimId: string;
  readonly orderId: string;
  readonly status: ClaimStatus;
  readonly updatedAt: Instant;
}

export interface MyItems {
  readonly orders: readonly MyOrder[];
  readonly cases: readonly MyCase[];
}

/**
 * One raw statement (issue 15: read on every "what can I do now" and every home page; two Prisma
 * queries cost more CPU than the rows). Part 0 = the party's orders, part 1 = their claims, each
 * newest first.
 */
const MY_ITEMS_SQL = `
  WITH mine AS (SELECT id, buyer_id, supplier_id, status, updated_at FROM orders WHERE buyer_id = $1 OR supplier_id = $1)
  SELECT 0 AS part, id, NULL::text AS order_id, status, buyer_id, supplier_id, updated_at FROM mine
  UNION ALL
  SELECT 1 AS part, c.id, c.order_id, c.status, NULL, NULL, c.updated_at FROM claims c WHERE c.order_id IN (SELECT id FROM mine)
  ORDER BY part, updated_at DESC, id`;

interface ItemRow {
  part: number;
  id: string;
  order_id: string | null;
  status: string;
  buyer_id: string | null;
  supplier_id: string | null;
  updated_at: Date | string;
}

export async function myOrdersAndCases(db: Database, partyId: string): Promise<MyItems> {
  const rows = await db.sql.query<ItemRow>(MY_ITEMS_SQL, [partyId]);
  const orders: MyOrder[] = [];
  const cases: MyCase[] = [];
  for (const row of rows) {
    const updatedAt = instantOfColumn(row.updated_at);
    if (Number(row.part) === 0) {
      orders.push({ orderId: row.id, status: row.status as OrderStatus, buyerId: row.buyer_id ?? "", supplierId: row.supplier_id ?? "", updatedAt });
    } else {
      cases.push({ claimId: row.id, orderId: row.order_id ?? "", status: row.status as ClaimStatus, updatedAt });
    }
  }
  return { orders, cases };
}
