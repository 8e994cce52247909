/**
 * The people of the Teams tests: a buyer in Berlin who uses Microsoft Teams in German, a supplier in
 * Shenzhen who uses the web chat in Chinese, and a staff member — parties seeded through the real use
 * cases, with one-time link codes.
 */
import { money } from "../../src/domain/shared/money.js";
import { seedLinkCode, seedParty } from "./harness/seeds.js";
import type { TeamsUser } from "./standins/botframework/teams-client.js";
import { TENANT_ID, type TeamsWorld } from "./teams-world.js";

export const BUYER_ID = "buyer-berlin";
export const SUPPLIER_ID = "supplier-shenzhen";
export const STAFF_ID = "staff-ana";
export const CODES = { buyer: "BUYER234", supplier: "SHENZHEN" } as const;
/** Monday 2 March 2026, 10:00 in Berlin. */
export const START = "2026-03-02T09:00:00.000Z";
export const SUPPLIER_WEB = { id: "web-supplier-1", locale: "zh-CN", timeZone: "Asia/Shanghai" } as const;
export const STAFF_WEB = { id: "web-staff-1", locale: "en-GB", timeZone: "Europe/London" } as const;

export const ANNA: TeamsUser = {
  id: "29:1AnnaBerlinTeamsUserId",
  name: "Anna Schmidt",
  aadObjectId: "0b6c1f8e-1111-4e44-9a5a-6c3d2e1f0a01",
  locale: "de-DE",
  timeZone: "Europe/Berlin",
  conversationId: "a:1AnnaPersonalChatWithTheBot",
  tenantId: TENANT_ID,
};

/** PO-02 terms as the buyer types them into the request card. */
export const TERMS = {
  supplierId: SUPPLIER_ID,
  category: "hardware",
  currency: "USD",
  "lines.0.description": "Sechskantschraube M8 × 40, verzinkt",
  "lines.0.quantity": "1000",
  "lines.0.unit": "pcs",
  "lines.0.unitPrice": "1.25",
  shippingDate: "2026-03-16",
  "shippingAddress.line1": "Hauptstraße 1",
  "shippingAddress.city": "Berlin",
  "shippingAddress.region": "BE",
  "shippingAddress.postalCode": "10115",
  "shippingAddress.country": "DE",
  incoterm: "FOB",
  protectedAmount: "375.00",
  deposit: "375.00",
  coverageType: "post-delivery",
  qualityAssured: "yes",
  paymentMethod: "tt",
  "qualityRequirements.0.attribute": "length",
  "qualityRequirements.0.target": "40 mm",
  "qualityRequirements.0.tolerance": "±0.5 mm",
  "qualityRequirements.0.method": "caliper, ISO 2859-1 sample",
} as const;

export async function seedBerlinAndShenzhen(world: TeamsWorld): Promise<void> {
  const { app } = world;
  await seedParty(app, {
    partyId: BUYER_ID,
    role: "buyer",
    displayName: "Berliner Werkzeug GmbH",
    locale: "de-DE",
    calendar: { country: "DE", timeZone: "Europe/Berlin" },
    contact: { email: "einkauf@berliner-werkzeug.example" },
  });
  await seedParty(app, {
    partyId: SUPPLIER_ID,
    role: "supplier",
    displayName: "深圳紧固件有限公司",
    locale: "zh-CN",
    calendar: { country: "CN", timeZone: "Asia/Shanghai" },
    contact: { email: "sales@szfasteners.example" },
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
}

/** The supplier's web-chat turn, then the outbox runs. */
export async function supplierTurn(world: TeamsWorld, payload: Parameters<TeamsWorld["webchatSays"]>[1]) {
  const replies = await world.webchatSays(SUPPLIER_WEB.id, payload, SUPPLIER_WEB.locale, SUPPLIER_WEB.timeZone);
  await world.deliverAll();
  return replies;
}

/** A staff member's web-chat turn, then the outbox runs. */
export async function staffTurn(world: TeamsWorld, payload: Parameters<TeamsWorld["webchatSays"]>[1]) {
  const replies = await world.webchatSays(STAFF_WEB.id, payload, STAFF_WEB.locale, STAFF_WEB.timeZone);
  await world.deliverAll();
  return replies;
}
