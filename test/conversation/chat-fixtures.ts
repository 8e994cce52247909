/**
 * The people of the conversation tests: a buyer in Ohio who chats in English, a supplier in Shenzhen
 * who chats in Chinese, and a platform staff member — each linking a chat account with a one-time code.
 * Stories that must hold in several languages take a LanguagePair (e.g. a buyer in Berlin writing
 * German and a supplier in Taipei writing Traditional Chinese).
 */
import type { HarnessDeliveryOptions } from "../support/harness/harness-channel.js";
import { seedLinkCode, seedParty } from "../support/harness/seeds.js";
import { createHarness, type Harness } from "../support/harness/harness.js";
import { money } from "../../src/domain/shared/money.js";

export const BUYER_ID = "buyer-ohio";
export const SUPPLIER_ID = "supplier-shenzhen";
export const STAFF_ID = "staff-ana";

/** Monday 2 March 2026, 09:00 in Ohio. */
export const START = "2026-03-02T14:00:00.000Z";

export const CODES = { buyer: "BUYER234", supplier: "SHENZHEN", staff: "STAFF789" } as const;

/** Where a person lives and the language they chat in. */
export interface Speaker {
  readonly displayName: string;
  readonly locale: string;
  readonly country: string;
  readonly timeZone: string;
  readonly email: string;
}

export interface LanguagePair {
  readonly buyer: Speaker;
  readonly supplier: Speaker;
}

/** The default pair: an English-speaking buyer in Ohio, a supplier in Shenzhen writing Simplified Chinese. */
export const OHIO_AND_SHENZHEN: LanguagePair = {
  buyer: { displayName: "Ohio Tools LLC", locale: "en-US", country: "US", timeZone: "America/New_York", email: "buy@ohiotools.example" },
  supplier: { displayName: "深圳紧固件有限公司", locale: "zh-CN", country: "CN", timeZone: "Asia/Shanghai", email: "sales@szfasteners.example" },
};

/** A German-speaking buyer in Berlin and a supplier in Taipei writing Traditional Chinese. */
export const BERLIN_AND_TAIPEI: LanguagePair = {
  buyer: { displayName: "Berliner Werkzeug GmbH", locale: "de-DE", country: "DE", timeZone: "Europe/Berlin", email: "einkauf@berliner-werkzeug.example" },
  supplier: { displayName: "台北扣件股份有限公司", locale: "zh-TW", country: "TW", timeZone: "Asia/Taipei", email: "sales@tpfasteners.example" },
};

export async function chatWithThreeParties(pair: LanguagePair = OHIO_AND_SHENZHEN, delivery?: HarnessDeliveryOptions): Promise<Harness> {
  const harness = await createHarness({ start: START, ...(delivery ? { delivery } : {}) });
  const { app } = harness;
  await seedParty(app, {
    partyId: BUYER_ID,
    role: "buyer",
    displayName: pair.buyer.displayName,
    locale: pair.buyer.locale,
    calendar: { country: pair.buyer.country, timeZone: pair.buyer.timeZone },
    contact: { email: pair.buyer.email },
  });
  await seedParty(app, {
    partyId: SUPPLIER_ID,
    role: "supplier",
    displayName: pair.supplier.displayName,
    locale: pair.supplier.locale,
    calendar: { country: pair.supplier.country, timeZone: pair.supplier.timeZone },
    contact: { email: pair.supplier.email },
    limit: money(500_000, "USD"),
  });
  await seedParty(app, {
    partyId: STAFF_ID,
    role: "staff",
    displayName: "Ana (Trade Assurance)",
    locale: "en-GB",
    calendar: { country: "GB", timeZone: "Europe/London" },
    contact: {},
    staffLevel: 1,
  });
  await seedLinkCode(app, BUYER_ID, CODES.buyer);
  await seedLinkCode(app, SUPPLIER_ID, CODES.supplier);
  await seedLinkCode(app, STAFF_ID, CODES.staff);
  harness.join("buyer", { externalUserId: "U-BUYER", locale: pair.buyer.locale, timeZone: pair.buyer.timeZone });
  harness.join("supplier", { externalUserId: "U-SUPPLIER", locale: pair.supplier.locale, timeZone: pair.supplier.timeZone });
  harness.join("staff", { externalUserId: "U-STAFF", locale: "en-GB", timeZone: "Europe/London" });
  return harness;
}

/** Every PO-02 term as the buyer types it: 1 000 bolts at USD 1.25, deposit 500.00 but only 375.00 protected. */
export const REQUESTED_TERMS = {
  supplierId: SUPPLIER_ID,
  category: "hardware",
  currency: "USD",
  "lines.0.description": "Hex bolt M8 × 40, zinc plated",
  "lines.0.quantity": "1000",
  "lines.0.unit": "pcs",
  "lines.0.unitPrice": "1.25",
  shippingDate: "2026-03-16",
  "shippingAddress.line1": "100 Main St",
  "shippingAddress.city": "Columbus",
  "shippingAddress.region": "OH",
  "shippingAddress.postalCode": "43004",
  "shippingAddress.country": "US",
  incoterm: "FOB",
  protectedAmount: "375.00",
  deposit: "500.00",
  coverageType: "post-delivery",
  qualityAssured: "yes",
  paymentMethod: "tt",
} as const;

/** Each person types the code they were given. */
export async function linkEveryone(chat: Harness): Promise<void> {
  await chat.as("buyer").says(CODES.buyer);
  await chat.as("supplier").says(CODES.supplier);
  await chat.as("staff").says(CODES.staff);
}

/** A measurable quality requirement (PO-04), so no PO-03 reminder and quality claims are covered. */
export const WITH_REQUIREMENT = {
  "qualityRequirements.0.attribute": "length",
  "qualityRequirements.0.target": "40 mm",
  "qualityRequirements.0.tolerance": "±0.5 mm",
  "qualityRequirements.0.method": "caliper, ISO 2859-1 sample",
  deposit: "375.00",
} as const;

/**
 * PO-01: request → the supplier drafts version 2 → the buyer confirms it → the supplier confirms it,
 * all through the chat; returns the order id the bot gave. (Walked step by step, with every check, in
 * order-to-refund.test.ts.)
 */
export async function negotiateToConfirmation(chat: Harness, terms: Readonly<Record<string, string>>): Promise<string> {
  const buyer = chat.as("buyer");
  const supplier = chat.as("supplier");
  await buyer.clicks("order.request");
  await buyer.submits("order.request", terms);
  const orderId = String(buyer.lastReply()?.subject?.id);
  await supplier.clicks("order.draftTerms", { orderId });
  await supplier.submits("order.draftTerms", {});
  await buyer.clicks("order.confirmAsBuyer", { orderId, version: 2 });
  await supplier.clicks("order.confirmAsSupplier", { orderId, version: 2 });
  if (supplier.lastReplies()[0]?.text?.key !== "order:confirmedByBoth") throw new Error(`order not confirmed:\n${supplier.log()}`);
  return orderId;
}

/** A confirmed order whose deposit the buyer has recorded; returns its id. */
export async function depositPaidOrder(chat: Harness, terms: Readonly<Record<string, string>>): Promise<string> {
  const buyer = chat.as("buyer");
  const orderId = await negotiateToConfirmation(chat, terms);
  await buyer.clicks("order.recordDeposit", { orderId });
  await buyer.submits("order.recordDeposit", { reference: `TT-${orderId}`, fee: "35.00" });
  if (buyer.lastReplies()[0]?.text?.key !== "order:depositRecorded") throw new Error(`deposit not recorded:\n${buyer.log()}`);
  return orderId;
}
