/** A party's orders and cases (claims), newest first, from the read models. */
import type { ClaimStatus } from "../../domain/claims/claim-types.js";
import type { OrderStatus } from "../../domain/orders/order-state.js";
import type { Instant } from "../../domain/shared/time.js";
import type { Database } from "../../adapters/db/database.js";

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

export async function myOrdersAndCases(db: Database, partyId: string): Promise<MyItems> {
  const orders = await db.prisma.order.findMany({
    where: { OR: [{ buyerId: partyId }, { supplierId: partyId }] },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  const claims = await db.prisma.claim.findMany({
    where: { orderId: { in: orders.map((o) => o.id) } },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  return {
    orders: orders.map((o) => ({
      orderId: o.id,
      status: o.status as OrderStatus,
      buyerId: o.buyerId,
      supplierId: o.supplierId,
      updatedAt: o.updatedAt.toISOString(),
    })),
    cases: claims.map((c) => ({ claimId: c.id, orderId: c.orderId, status: c.status as ClaimStatus, updatedAt: c.updatedAt.toISOString() })),
  };
}
