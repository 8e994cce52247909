/**
 * PO-01 / TA-01 / TA-03 / TA-07 / POL-02 / PO-05: the supplier confirms last. The supplier must be
 * enrolled and not suspended; the protected amount is frozen against its available amount (refused,
 * showing the available figure, when short); the order records the current policy profile and
 * version; the confirmed version is content-hashed. Returns the order's and the ledger's events.
 */
import { z } from "zod";
import { freezeForOrder, type LedgerState } from "../../ledger/ledger.js";
import { assertSupplierMayConfirm } from "../../parties/party-commands.js";
import type { PartyState } from "../../parties/party.js";
import { DEFAULT_POLICY, POLICY_VERSIONS, currentPolicy, type PolicyProfile } from "../../policy/policy.js";
import { idSchema, parseCommand } from "../../shared/command-validation.js";
import { event, type CommandContext, type DomainEvent } from "../../shared/events.js";
import { assertPartyStateOf, authorize, assertSameOrder } from "../order-guards.js";
import { ORDER_EVENT, orderStream } from "../order-events.js";
import type { OrderState } from "../order-state.js";
import { assertVersionIs, latestVersion, termsContentHash } from "../order-versions.js";
import { confirmableTerms } from "../validate-terms.js";

export const confirmAsSupplierCommand = z.object({
  orderId: idSchema,
  /** The version the supplier saw (the one the buyer confirmed). */
  version: z.number().int().positive(),
  /** POL-02: the policy profile the order runs under. */
  policy: z.enum(["classic", "express"]).default(DEFAULT_POLICY),
});
export type ConfirmAsSupplierCommand = z.input<typeof confirmAsSupplierCommand>;

export interface ConfirmAsSupplierInput {
  readonly order: OrderState;
  readonly supplier: PartyState;
  /** The supplier's Trade Assurance ledger. */
  readonly ledger: LedgerState;
  /** Published policy versions (default: all shipped versions). */
  readonly policyVersions?: readonly PolicyProfile[];
}

export function confirmAsSupplier(input: ConfirmAsSupplierInput, command: ConfirmAsSupplierCommand, ctx: CommandContext): DomainEvent[] {
  const cmd = parseCommand(confirmAsSupplierCommand, command);
  const { order, supplier, ledger } = input;
  assertSameOrder(order, cmd.orderId);
  authorize(order, ctx, "confirm-as-supplier", ["awaiting-supplier"], ["supplier"]);
  const version = latestVersion(order);
  assertVersionIs(version, cmd.version);
  assertPartyStateOf(order, supplier, "supplier");
  assertSupplierMayConfirm(supplier); // TA-01, TA-07
  const terms = confirmableTerms(version.terms); // PO-02
  const policy = currentPolicy(cmd.policy, input.policyVersions ?? POLICY_VERSIONS); // POL-02
  const ledgerEvents = freezeForOrder(ledger, { orderId: order.id, amount: terms.protectedAmount }, ctx); // TA-03
  return [
    event(ORDER_EVENT.confirmed, orderStream(order.id), ctx, {
      version: version.number,
      terms,
      contentHash: termsContentHash(terms), // PO-05
      policy: { name: policy.name, version: policy.version },
    }),
    ...ledgerEvents,
  ];
}
