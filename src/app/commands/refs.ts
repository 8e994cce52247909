/** What a command builder must know to name the streams it locks before the state is loaded. */
export interface OrderRef {
  readonly orderId: string;
  readonly buyerId: string;
  readonly supplierId: string;
}

export interface ClaimRef {
  readonly claimId: string;
  readonly orderId: string;
  readonly buyerId: string;
  readonly supplierId: string;
}

/** CL-12 / FR-01: a chargeback locks the order's open claim and reads its other claims (refunds received). */
export interface ChargebackRef extends OrderRef {
  readonly openClaimId?: string;
  readonly claimIds: readonly string[];
}
