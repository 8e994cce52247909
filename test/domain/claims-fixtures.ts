/** Shared givens of the claim tests: an order, its supplier's ledger and a claim, moved by events. */
import { fileClaim, type FileClaimCommand } from "../../src/domain/claims/use-cases/file-claim.js";
import { applyToClaim, claimFrom, type ClaimState } from "../../src/domain/claims/claim-state.js";
import type { EvidenceFileInput } from "../../src/domain/claims/evidence.js";
import type { LedgerState } from "../../src/domain/ledger/ledger.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import type { OrderTerms } from "../../src/domain/orders/terms.js";
import type { PolicyProfileName } from "../../src/domain/policy/policy.js";
import type { CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { sha256Hex } from "../../src/domain/shared/sha256.js";
import { apply, applyLedger, asBuyer, buyer, completeTerms, depositPaidOrder, receivedOrder, supplier, type OrderAndLedger } from "./orders-fixtures.js";

export const CLAIM_ID = "clm-1";

/** The order, the supplier's ledger and the claim, as the use cases see them. */
export interface World {
  readonly order: OrderState;
  readonly ledger: LedgerState;
  readonly claim: ClaimState;
}

export const asStaff = (now: string, staffId = "staff-1"): CommandContext => ({ now, actor: { kind: "staff", partyId: staffId } });

/** Applies a use case's events to every stream they belong to. */
export function applyWorld(world: World, events: readonly DomainEvent[]): World {
  return { order: apply(world.order, events), ledger: applyLedger(world.ledger, events), claim: applyToClaim(world.claim, events) };
}

export function fileInto(given: OrderAndLedger, command: Partial<FileClaimCommand>, ctx: CommandContext): { world: World; events: DomainEvent[] } {
  const events = fileClaim(
    given.order,
    buyer,
    supplier,
    given.ledger,
    { claimId: CLAIM_ID, reason: "not-shipped-on-time", description: "Not shipped by the agreed date", ...command },
    ctx,
  );
  const claim = claimFrom(events);
  if (!claim) throw new Error("no claim filed");
  return { world: { order: apply(given.order, events), ledger: applyLedger(given.ledger, events), claim }, events };
}

/** 2026-03-18 10:00 in New York: two days after the agreed shipping date (2026-03-16). */
export const LATE_FILED_AT = "2026-03-18T14:00:00.000Z";

/** A late-shipment claim on a deposit-paid order (protected 375.00 = deposit paid). */
export function lateShipmentClaim(policy: PolicyProfileName = "classic", terms: OrderTerms = completeTerms()): World {
  return fileInto(depositPaidOrder(terms, policy), {}, asBuyer(LATE_FILED_AT)).world;
}

/** 2026-04-21 10:00 in New York: the day after receipt. */
export const QUALITY_FILED_AT = "2026-04-21T14:00:00.000Z";

/** A quality claim on a received post-delivery order. */
export function qualityClaim(policy: PolicyProfileName = "classic"): World {
  return fileInto(
    receivedOrder(completeTerms(), policy),
    { reason: "quality-differs-from-requirements", description: "Bolts are 38 mm" },
    asBuyer(QUALITY_FILED_AT),
  ).world;
}

/** An evidence file as an upload describes it; the hash is derived from `name`. */
export function evidenceFile(name: string, overrides: Partial<EvidenceFileInput> = {}): EvidenceFileInput {
  return { sha256: sha256Hex(name), sizeBytes: 120_000, mediaType: "application/pdf", fileName: `${name}.pdf`, category: "shipping-document", ...overrides };
}

export function types(events: readonly DomainEvent[]): string[] {
  return events.map((e) => e.type);
}

export function only<T = unknown>(events: readonly DomainEvent[], type: string): T {
  const found = events.filter((e) => e.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, got ${found.length}: ${types(events).join(", ")}`);
  return found[0]?.data as T;
}
