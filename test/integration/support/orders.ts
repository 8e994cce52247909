/**
 * Order commands for integration tests, built from the orders module's own use cases and the
 * parties/ledger of test/domain/orders-fixtures.ts, run through the real CommandRunner.
 */
import type { CommandSpec, StreamStates } from "../../../src/adapters/db/unit-of-work.js";
import { claimStream } from "../../../src/domain/claims/claim-events.js";
import type { ClaimState } from "../../../src/domain/claims/claim-state.js";
import { attachEvidence } from "../../../src/domain/claims/use-cases/evidence-use-cases.js";
import { fileClaim } from "../../../src/domain/claims/use-cases/file-claim.js";
import { emptyLedger, ledgerStream, setLimit, type LedgerState } from "../../../src/domain/ledger/ledger.js";
import { evolveOrder } from "../../../src/domain/orders/evolve-order.js";
import { orderStream } from "../../../src/domain/orders/order-events.js";
import type { OrderState } from "../../../src/domain/orders/order-state.js";
import { confirmAsBuyer } from "../../../src/domain/orders/use-cases/confirm-as-buyer.js";
import { confirmAsSupplier } from "../../../src/domain/orders/use-cases/confirm-as-supplier.js";
import { confirmReceipt } from "../../../src/domain/orders/use-cases/confirm-receipt.js";
import { draftTerms } from "../../../src/domain/orders/use-cases/draft-terms.js";
import { recordDeposit } from "../../../src/domain/orders/use-cases/record-deposit.js";
import { recordShipment } from "../../../src/domain/orders/use-cases/record-shipment.js";
import { requestOrder } from "../../../src/domain/orders/use-cases/request-order.js";
import { enrollSupplier, registerParty } from "../../../src/domain/parties/party-commands.js";
import { evolveParty, partyStream } from "../../../src/domain/parties/party-events.js";
import type { PartyState } from "../../../src/domain/parties/party.js";
import type { CommandContext, DomainEvent } from "../../../src/domain/shared/events.js";
import { money, type Money } from "../../../src/domain/shared/money.js";
import { buyer, completeTerms, supplier } from "../../domain/orders-fixtures.js";

export { buyer, supplier };
export const terms = completeTerms(); // protected amount = deposit = USD 375.00
export const usd = (minor: number): Money => money(minor, "USD");

export const asBuyer = (now: string): CommandContext => ({ now, actor: { kind: "buyer", partyId: buyer.id } });
export const asSupplier = (now: string): CommandContext => ({ now, actor: { kind: "supplier", partyId: supplier.id } });
export const asStaff = (now: string): CommandContext => ({ now, actor: { kind: "staff", partyId: "staff-1" } });

const supplierLedger = ledgerStream(supplier.id);
const order = (s: StreamStates, orderId: string): OrderState => s.require<OrderState>(orderStream(orderId));
const ledger = (s: StreamStates): LedgerState => s.require<LedgerState>(supplierLedger);

export function registration(party: PartyState, enroll: boolean): CommandSpec {
  return {
    name: "party.register",
    streams: [partyStream(party.id)],
    decide: (_s, now) => {
      const registered = registerParty(
        undefined,
        { partyId: party.id, role: party.role, displayName: party.displayName, locale: party.locale, calendar: party.calendar, contact: party.contact },
        asStaff(now),
      );
      if (!enroll) return registered;
      const state = registered.reduce<PartyState | undefined>(evolveParty, undefined) as PartyState;
      return [...registered, ...enrollSupplier(state, asStaff(now))];
    },
  };
}

export function supplierLimit(limitMinor: number): CommandSpec {
  return {
    name: "ledger.setLimit",
    streams: [supplierLedger],
    decide: (s, now) =>
      setLimit(
        s.get<LedgerState>(supplierLedger) ?? emptyLedger(supplier.id, "USD"),
        { limit: usd(limitMinor), qualification: "verified", sixMonthVolume: usd(5_000_000), reason: "onboarding" },
        asStaff(now),
      ),
  };
}

/** Request → draft → buyer confirmation in one seeding command: the order then waits for the supplier. */
export function orderAwaitingSupplier(orderId: string): CommandSpec {
  return {
    name: "seed.orderAwaitingSupplier",
    streams: [orderStream(orderId)],
    reads: [partyStream(buyer.id), partyStream(supplier.id)],
    decide: (s, now) => {
      const b = s.require<PartyState>(partyStream(buyer.id));
      const sup = s.require<PartyState>(partyStream(supplier.id));
      const events: DomainEvent[] = [];
      const step = (produced: DomainEvent[]): OrderState => {
        events.push(...produced);
        return events.reduce<OrderState | undefined>(evolveOrder, undefined) as OrderState;
      };
      const requested = step(
        requestOrder(
          { existing: undefined, buyer: b, supplier: sup },
          { orderId, supplierId: sup.id, terms: { lines: terms.lines, currency: "USD" } },
          asBuyer(now),
        ),
      );
      const drafted = step(draftTerms(requested, { orderId, terms }, asSupplier(now)));
      step(confirmAsBuyer({ order: drafted, buyer: b }, { orderId, version: 2 }, asBuyer(now)));
      return events;
    },
  };
}

/** PO-01/TA-03: the supplier confirms last; its protected amount is frozen on the ledger. */
export function supplierConfirmation(orderId: string): CommandSpec {
  return {
    name: "order.confirmAsSupplier",
    streams: [orderStream(orderId), supplierLedger],
    reads: [partyStream(supplier.id)],
    decide: (s, now) =>
      confirmAsSupplier(
        { order: order(s, orderId), supplier: s.require<PartyState>(partyStream(supplier.id)), ledger: ledger(s) },
        { orderId, version: 2 },
        asSupplier(now),
      ),
  };
}

export function depositPayment(orderId: string): CommandSpec {
  return {
    name: "order.recordDeposit",
    streams: [orderStream(orderId)],
    decide: (s, now) =>
      recordDeposit(order(s, orderId), { orderId, amount: usd(37_500), method: "tt", fee: usd(3_500), throughPlatform: true, reference: "TT-1" }, asBuyer(now)),
  };
}

export function shipment(orderId: string, shippedOn: string): CommandSpec {
  return {
    name: "order.recordShipment",
    streams: [orderStream(orderId)],
    decide: (s, now) => recordShipment(order(s, orderId), { orderId, shippedOn, carrier: "COSCO", trackingNumber: "COSU123" }, asSupplier(now)),
  };
}

export function receipt(orderId: string): CommandSpec {
  return {
    name: "order.confirmReceipt",
    streams: [orderStream(orderId), supplierLedger],
    decide: (s, now) => confirmReceipt({ order: order(s, orderId), ledger: ledger(s) }, { orderId }, asBuyer(now)),
  };
}

/** CL-01: the buyer files a claim on a received order (claim, order and ledger change together). */
export function claimFiling(orderId: string, claimId: string): CommandSpec {
  return {
    name: "claim.file",
    streams: [claimStream(claimId), orderStream(orderId), supplierLedger],
    reads: [partyStream(buyer.id), partyStream(supplier.id)],
    decide: (s, now) =>
      fileClaim(
        order(s, orderId),
        s.require<PartyState>(partyStream(buyer.id)),
        s.require<PartyState>(partyStream(supplier.id)),
        ledger(s),
        { claimId, reason: "quality-differs-from-requirements", description: "Bolts are 38 mm, not 40 mm" },
        asBuyer(now),
      ),
  };
}

/** CL-11: the buyer attaches a photo, identified by its SHA-256. */
export function evidenceUpload(claimId: string, sha256: string): CommandSpec {
  return {
    name: "claim.attachEvidence",
    streams: [claimStream(claimId)],
    decide: (s, now) =>
      attachEvidence(
        s.require<ClaimState>(claimStream(claimId)),
        { file: { sha256, sizeBytes: 48_213, mediaType: "image/jpeg", fileName: "caliper.jpg", category: "photo" } },
        asBuyer(now),
      ),
  };
}
