/**
 * First-run demo data (issue 5): only when DEMO is on and the database has no party yet. A buyer in
 * Ohio (en-US, America/New_York), an enrolled supplier in Shenzhen (zh-CN, Asia/Shanghai) with a
 * Trade Assurance limit, a staff member, and one order in progress — the supplier's complete draft
 * waiting for the buyer's confirmation. Everything goes through the use cases and the command runner
 * (registration, enrolment and limit by the staff member, one-time link codes redeemed by each demo
 * web-chat account, order request and draft), never SQL.
 */
import { demoOrderTerms } from "./demo-order-terms.js";
import { actorOf, contextOf, type Actor } from "../../app/actor.js";
import type { App } from "../../app/app.js";
import { runCommand } from "../../app/app.js";
import { draftTermsSpec, requestOrderSpec } from "../../app/commands/order-commands.js";
import { issueLinkCode, redeemLinkCode } from "../../app/identity/link-codes.js";
import { emptyLedger, ledgerStream, setLimit, type LedgerState } from "../../domain/ledger/ledger.js";
import { enrollSupplier, registerParty, type RegisterPartyCommand } from "../../domain/parties/party-commands.js";
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import { SYSTEM } from "../../domain/shared/events.js";
import { addDaysToLocalDate, localDateOf } from "../../domain/shared/time.js";
import { money, type Money } from "../../domain/shared/money.js";
import { demoExternalUserId } from "./auth-routes.js";
import { WEBCHAT_CHANNEL } from "./sessions.js";

export interface DemoParty extends RegisterPartyCommand {
  /** TA-01: the supplier's Trade Assurance limit (its assurance amount), set by staff. */
  readonly limit?: Money;
}

export const DEMO_BUYER: DemoParty = {
  partyId: "buyer-ohio-tools",
  role: "buyer",
  displayName: "Ohio Tools LLC",
  locale: "en-US",
  calendar: { country: "US", timeZone: "America/New_York" },
  contact: { email: "purchasing@ohiotools.example", company: "Ohio Tools LLC" },
};

export const DEMO_SUPPLIER: DemoParty = {
  partyId: "supplier-shenzhen-fasteners",
  role: "supplier",
  displayName: "深圳紧固件有限公司 (Shenzhen Fasteners Co.)",
  locale: "zh-CN",
  calendar: { country: "CN", timeZone: "Asia/Shanghai" },
  contact: { email: "sales@szfasteners.example", company: "Shenzhen Fasteners Co., Ltd." },
  limit: money(5_000_000, "USD"),
};

export const DEMO_STAFF: DemoParty = {
  partyId: "staff-ana-lima",
  role: "staff",
  displayName: "Ana Lima (Trade Assurance)",
  locale: "en-GB",
  calendar: { country: "GB", timeZone: "Europe/London" },
  contact: { email: "ana.lima@trade-assurance.example" },
  staffLevel: 1,
};

export const DEMO_ORDER_ID = "PO-DEMO-1";

/** Days from today (supplier's calendar) to the agreed shipping date of the demo order. */
export const DEMO_SHIPPING_LEAD_DAYS = 10;

export interface DemoReport {
  readonly seeded: boolean;
  readonly parties: readonly string[];
  readonly orderId?: string;
}

async function register(app: App, party: DemoParty): Promise<void> {
  const { limit: _limit, ...registration } = party;
  const stream = partyStream(party.partyId);
  await runCommand(app, {
    name: "demo.registerParty",
    streams: [stream],
    decide: (s, now) => registerParty(s.get<PartyState>(stream), registration, { now, actor: SYSTEM }),
  });
}

/** TA-01: staff enroll the supplier and set its limit. */
async function enrollWithLimit(app: App, staff: Actor, supplierId: string, limit: Money): Promise<void> {
  const party = partyStream(supplierId);
  await runCommand(app, {
    name: "demo.enrollSupplier",
    streams: [party],
    decide: (s, now) => enrollSupplier(s.require<PartyState>(party), contextOf(staff, now)),
  });
  const ledger = ledgerStream(supplierId);
  await runCommand(app, {
    name: "demo.setLimit",
    streams: [ledger],
    decide: (s, now) =>
      setLimit(
        s.get<LedgerState>(ledger) ?? emptyLedger(supplierId, limit.currency),
        { limit, qualification: "demo supplier, verified", sixMonthVolume: limit, reason: "demo data" },
        contextOf(staff, now),
      ),
  });
}

/** CM-05: the demo web-chat account of a party links the way every account does, with a one-time code. */
async function linkDemoAccount(app: App, partyId: string): Promise<void> {
  const { code } = await issueLinkCode(app, "system", partyId);
  await redeemLinkCode(app, { channel: WEBCHAT_CHANNEL, externalUserId: demoExternalUserId(partyId) }, code);
}

/** Seeds the demo when the database has no party; otherwise leaves it alone. */
export async function seedDemoIfEmpty(app: App): Promise<DemoReport> {
  if ((await app.db.prisma.party.count()) > 0) return { seeded: false, parties: [] };
  const parties = [DEMO_STAFF, DEMO_BUYER, DEMO_SUPPLIER];
  for (const party of parties) await register(app, party);
  const staff = actorOf({ id: DEMO_STAFF.partyId, role: "staff" });
  await enrollWithLimit(app, staff, DEMO_SUPPLIER.partyId, DEMO_SUPPLIER.limit ?? money(0, "USD"));
  for (const party of [DEMO_BUYER, DEMO_SUPPLIER, DEMO_STAFF]) await linkDemoAccount(app, party.partyId);

  const buyer = actorOf({ id: DEMO_BUYER.partyId, role: "buyer" });
  const supplier = actorOf({ id: DEMO_SUPPLIER.partyId, role: "supplier" });
  const shippingDate = addDaysToLocalDate(localDateOf(app.clock.now(), DEMO_SUPPLIER.calendar.timeZone), DEMO_SHIPPING_LEAD_DAYS);
  const terms = demoOrderTerms(shippingDate);
  await runCommand(
    app,
    requestOrderSpec(buyer, { orderId: DEMO_ORDER_ID, supplierId: DEMO_SUPPLIER.partyId, terms: { lines: terms.lines, currency: "USD", shippingDate } }),
  );
  await runCommand(app, draftTermsSpec(supplier, { orderId: DEMO_ORDER_ID, terms }));
  return { seeded: true, parties: parties.map((p) => p.partyId), orderId: DEMO_ORDER_ID };
}
