/**
 * PO-01 / PO-05: order versions. Every proposal is a new version carrying the complete set of terms
 * so far (the previous version's terms with the proposal's changes applied); confirmed versions are
 * never changed, and a confirmed version's hash is the SHA-256 of its canonical JSON.
 */
import { canonicalJson } from "../shared/canonical-json.js";
import { refuse } from "../shared/errors.js";
import type { CommandContext } from "../shared/events.js";
import { sha256Hex } from "../shared/sha256.js";
import type { OrderAction } from "./order-guards.js";
import type { NegotiatingParty, OrderState, OrderVersion } from "./order-state.js";
import type { OrderTerms, PartialOrderTerms } from "./terms.js";
import { isExcludedCategory } from "./validate-terms.js";

export function latestVersion(order: OrderState): OrderVersion {
  const latest = order.versions.at(-1);
  if (!latest) return refuse("ORDER_NOT_FOUND", { orderId: order.id });
  return latest;
}

/** PO-05: an amendment proposed after confirmation that is neither confirmed by both nor declined. */
export function pendingAmendment(order: OrderState): OrderVersion | undefined {
  const latest = order.versions.at(-1);
  if (!latest || order.confirmedVersion === undefined) return undefined;
  return latest.number > order.confirmedVersion && latest.declinedAt === undefined ? latest : undefined;
}

/** The command must name the version the party saw: confirming anything else is refused. */
export function assertVersionIs(expected: OrderVersion, given: number): void {
  if (expected.number !== given) refuse("ORDER_VERSION_STALE", { expected: expected.number, given });
}

/** PO-06: excluded categories cannot be assured; the category is named back. */
export function assertCategoryAllowed(terms: PartialOrderTerms): void {
  if (terms.category !== undefined && isExcludedCategory(terms.category)) refuse("ORDER_CATEGORY_EXCLUDED", { category: terms.category });
}

/** A new version: `base` with `changes` applied, proposed by `by` now. */
export function newVersion(
  order: OrderState | undefined,
  base: PartialOrderTerms,
  changes: PartialOrderTerms,
  by: NegotiatingParty,
  ctx: CommandContext,
  note: string | undefined,
): OrderVersion {
  const terms: PartialOrderTerms = { ...base, ...changes };
  assertCategoryAllowed(terms);
  return {
    number: (order ? latestVersion(order).number : 0) + 1,
    terms,
    proposedBy: by,
    proposedAt: ctx.now,
    ...(note !== undefined ? { note } : {}),
  };
}

/** PO-05: the content hash of a confirmed version's terms. */
export function termsContentHash(terms: OrderTerms): string {
  return sha256Hex(canonicalJson(terms));
}

/** The terms both parties confirmed last (PO-05); an unconfirmed order cannot take `action`. */
export function confirmedTermsOf(order: OrderState, action: OrderAction): OrderTerms {
  return order.confirmedTerms ?? refuse("ORDER_ILLEGAL_TRANSITION", { from: order.status, action });
}
