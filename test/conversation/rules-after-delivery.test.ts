/**
 * Issue 11's rules after the goods left, through the chat and the scheduler, in two language pairs:
 * a reship agreed on a quality claim about goods already received is a new order version both confirm,
 * and the supplier ships again by the new date (PO-05, CL-08, ORD-01); an appeal that overturns a
 * decision after the platform's payout reverses it by compensating ledger entries and tells each
 * party its amounts (DT-09); a classic post-delivery order whose buyer never confirms receipt is
 * deemed received and completes on the policy's rule, the buyer reminded first (ORD-04, CL-10, CL-15).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeadlineHandler } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../src/adapters/scheduler/deadline-sweeper.js";
import { domainDeadlineOutcomes } from "../../src/adapters/scheduler/domain-deadline-outcomes.js";
import { parseTranslatorConfig } from "../../src/adapters/translate/translator-from-config.js";
import { readState } from "../../src/app/read-state.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { orderStream } from "../../src/domain/orders/order-events.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { uploadedFile, type ChatUser, type Harness } from "../support/harness/harness.js";
import { seedLinkCode, seedParty } from "../support/harness/seeds.js";
import {
  BERLIN_AND_TAIPEI,
  chatWithThreeParties,
  depositPaidOrder,
  linkEveryone,
  OHIO_AND_SHENZHEN,
  REQUESTED_TERMS,
  SUPPLIER_ID,
  WITH_REQUIREMENT,
  type LanguagePair,
} from "./chat-fixtures.js";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

/** Words each reader must find in what it is told, in its own language (CM-03). */
interface Words {
  readonly reshipBuyer: string;
  readonly reshipSupplier: string;
  readonly paysBack: string;
  readonly noLongerOwed: string;
  readonly deemedBuyer: string;
  readonly deemedSupplier: string;
}
const ENGLISH_AND_SIMPLIFIED: Words = {
  reshipBuyer: "late-shipment claim",
  reshipSupplier: "请在新的日期前重新发货",
  paysBack: "pay $375.00 back to the platform",
  noLongerOwed: "不再欠付",
  deemedBuyer: "count as received",
  deemedSupplier: "视为已收到",
};
const GERMAN_AND_TRADITIONAL: Words = {
  reshipBuyer: "Reklamation wegen verspäteten Versands",
  reshipSupplier: "請在新的日期前重新出貨",
  paysBack: "an die Plattform zurück",
  noLongerOwed: "不再欠付",
  deemedBuyer: "gilt die Ware nun als empfangen",
  deemedSupplier: "視為已收到",
};

describe.each([
  ["a buyer in Ohio (English), a supplier in Shenzhen (Simplified Chinese)", OHIO_AND_SHENZHEN, ENGLISH_AND_SIMPLIFIED],
  ["a buyer in Berlin (German), a supplier in Taipei (Traditional Chinese)", BERLIN_AND_TAIPEI, GERMAN_AND_TRADITIONAL],
] as const)("rules after delivery: %s", { timeout: 180_000 }, (_title, pair: LanguagePair, words: Words) => {
  let chat: Harness;
  let sweeper: DeadlineSweeper;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");
  const keyOf = (user: ChatUser) => user.lastReplies()[0]?.text?.key;
  const inbox = (user: ChatUser, key: string) => user.inbox().filter((m) => m.text?.key === key);

  beforeAll(async () => {
    chat = await chatWithThreeParties(pair, { translator: parseTranslatorConfig({ TRANSLATOR: "none" }) });
    await linkEveryone(chat);
    // DT-08: the appeal is decided by another staff member.
    await seedParty(chat.app, {
      partyId: "staff-ben",
      role: "staff",
      displayName: "Ben (Trade Assurance)",
      locale: "en-GB",
      calendar: { country: "GB", timeZone: "Europe/London" },
      contact: {},
      staffLevel: 1,
    });
    await seedLinkCode(chat.app, "staff-ben", "STAFFBEN");
    chat.join("staff-ben", { externalUserId: "U-BEN", locale: "en-GB", timeZone: "Europe/London" });
    await chat.as("staff-ben").says("STAFFBEN");
    sweeper = new DeadlineSweeper(chat.app.db, chat.clock, createDeadlineHandler(chat.app.runner, domainDeadlineOutcomes()));
  }, 180_000);
  afterAll(async () => {
    await chat?.close();
  });

  /** Fires everything the scheduler has due now and delivers what it announced. */
  async function runScheduler(): Promise<void> {
    for (let i = 0; i < 10 && (await sweeper.sweep()).fired > 0; i++);
    await chat.deliverAll();
  }

  async function shippedOrder(): Promise<string> {
    chat.clock.set("2026-03-05T15:00:00.000Z");
    const orderId = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    chat.clock.set("2026-03-11T03:00:00.000Z");
    await supplier().clicks("order.recordShipment", { orderId });
    await supplier().submits("order.recordShipment", { shippedOn: "2026-03-10", carrier: "COSCO", trackingNumber: `COSU-${orderId}` });
    return orderId;
  }

  it("PO-05 / CL-08 / ORD-01: a reship agreed after receipt is a version both confirm; then the supplier is told to ship again by the new date and the buyer from when it may claim", async () => {
    const orderId = await shippedOrder();
    chat.clock.set("2026-03-20T15:00:00.000Z");
    await buyer().clicks("order.confirmReceipt", { orderId });
    await buyer().clicks("claim.file", { orderId });
    await buyer().submits("claim.file", { reason: "quality-differs-from-requirements", description: "The bolts are 38 mm, not 40 mm." }, [
      uploadedFile(`bolts-${orderId}.jpg`, "image/jpeg", `short bolts ${orderId}`),
    ]);
    expect(keyOf(buyer())).toBe("claim:filed");
    const claimId = String(buyer().lastReplies()[0]?.subject?.id);

    await supplier().clicks("claim.respond", { claimId });
    await supplier().submits("claim.respond", { response: "reship", newDate: "2026-04-15" });
    const proposal = inbox(buyer(), "claim:notify.proposalReceived").at(-1);
    await buyer().clicks("claim.accept", proposal?.actions?.find((a) => a.actionId === "claim.accept")?.payload);
    expect(keyOf(buyer())).toBe("claim:flow.accepted");
    for (const who of [buyer, supplier]) expect(inbox(who(), "parties:notify.reshipVersion")).toHaveLength(1);

    // PO-05: each party confirms the reship version from its review (the notice's button opens it).
    for (const who of [supplier, buyer]) {
      const review = inbox(who(), "parties:notify.reshipVersion").at(-1)?.actions?.[0];
      const reviewed = await who().clicks(review?.actionId ?? "", review?.payload);
      const confirm = reviewed.flatMap((m) => m.actions ?? []).find((a) => a.actionId === "order.confirmAmendment");
      expect(confirm?.payload).toMatchObject({ orderId, version: 3, reviewed: true });
      await who().clicks("order.confirmAmendment", confirm?.payload);
    }
    const order = await readState<OrderState>(chat.app.db, orderStream(orderId));
    expect(order).toMatchObject({ status: "reshipping", confirmedVersion: 3, confirmedTerms: { shippingDate: "2026-04-15" } });
    expect(order?.earlierShipments).toHaveLength(1);

    // Each is told what the reship means for it, with the new date and the first day a late-shipment claim opens.
    const dates = [
      { label: { key: "order:term.shippingDate" }, value: { date: "2026-04-15" } },
      { label: { key: "parties:notify.fact.lateShipmentClaimFrom" }, value: { date: "2026-04-16" } },
    ];
    const [toBuyer] = inbox(buyer(), "parties:notify.reshipConfirmed.buyer");
    const [toSupplier] = inbox(supplier(), "parties:notify.reshipConfirmed.supplier");
    expect(toBuyer?.facts).toEqual(dates);
    expect(toSupplier?.facts).toEqual(dates);
    expect(toSupplier?.actions?.map((a) => a.actionId)).toEqual(["order.recordShipment"]);
    expect(toBuyer && buyer().render(toBuyer)).toContain(words.reshipBuyer);
    expect(toSupplier && supplier().render(toSupplier)).toContain(words.reshipSupplier);

    // The supplier ships again: the buyer hears of the new shipment and may confirm receipt.
    chat.clock.set("2026-04-14T03:00:00.000Z");
    await supplier().clicks("order.recordShipment", { orderId });
    await supplier().submits("order.recordShipment", { shippedOn: "2026-04-14", carrier: "COSCO", trackingNumber: `COSU-R-${orderId}` });
    const reshipped = await readState<OrderState>(chat.app.db, orderStream(orderId));
    expect(reshipped).toMatchObject({ status: "shipped", shipment: { shippedOn: "2026-04-14", daysLate: -1 } });
    expect(inbox(buyer(), "order:shipmentRecorded").at(-1)?.text?.params).toMatchObject({ trackingNumber: `COSU-R-${orderId}` });
  });

  it("DT-09: an appeal overturns 'at fault' after the platform paid out; the buyer is told what it pays back, the supplier what it no longer owes and what is committed again", async () => {
    chat.clock.set("2026-03-05T15:00:00.000Z");
    const orderId = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    chat.clock.set("2026-03-18T15:00:00.000Z");
    await buyer().clicks("claim.file", { orderId });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description: "Nothing has shipped." }, [
      uploadedFile(`dock-${orderId}.jpg`, "image/jpeg", `empty dock ${orderId}`),
    ]);
    const claimId = String(buyer().lastReplies()[0]?.subject?.id);
    await supplier().clicks("claim.respond", { claimId });
    await supplier().submits("claim.respond", { response: "reject", reasons: "Shipped on time" });
    await buyer().clicks("claim.escalate", { claimId });
    await staff().clicks("staff.decide", { claimId });
    await staff().submits("staff.decide", { outcome: "supplier-at-fault", reasons: "No export record by the agreed date." });

    // The supplier's refund deadline passes: the platform pays the buyer (DT-05) and the supplier owes it (TA-05).
    chat.clock.set("2026-04-10T15:00:00.000Z");
    await runScheduler();
    const owing = await readState<LedgerState>(chat.app.db, ledgerStream(SUPPLIER_ID));
    expect(owing && ledgerBalances(owing).owed).toEqual(usd(37_500));

    await supplier().clicks("claim.appeal", { claimId });
    await supplier().submits("claim.appeal", { reasons: "The customs record shows export on 15 March." });
    await chat.as("staff-ben").clicks("staff.decideAppeal", { claimId });
    await chat.as("staff-ben").submits("staff.decideAppeal", { outcome: "overturned", reasons: "The export record is genuine." });
    expect(keyOf(chat.as("staff-ben"))).toBe("staff:flow.appealDecided.overturned");

    const [toBuyer] = inbox(buyer(), "parties:notify.appealMoney.payoutReversedBuyer");
    expect(toBuyer?.text?.params).toMatchObject({ claimId, orderId, amount: usd(37_500) });
    expect(toBuyer?.facts).toEqual([{ label: { key: "parties:notify.fact.buyerPaysBack" }, value: usd(37_500) }]);
    const [toSupplier] = inbox(supplier(), "parties:notify.appealMoney.payoutReversedSupplier");
    expect(toSupplier?.facts).toEqual([
      { label: { key: "parties:notify.fact.noLongerOwed" }, value: usd(37_500) },
      { label: { key: "parties:notify.fact.frozenAgain" }, value: usd(37_500) },
    ]);
    expect(toBuyer && buyer().render(toBuyer)).toContain(words.paysBack);
    expect(toSupplier && supplier().render(toSupplier)).toContain(words.noLongerOwed);
    expect(toSupplier && supplier().render(toSupplier)).toMatch(/375/);
    // Compensating entries only: nothing owed any more, the order's protected amount committed again.
    const after = await readState<LedgerState>(chat.app.db, ledgerStream(SUPPLIER_ID));
    expect(after && ledgerBalances(after).owed).toEqual(usd(0));
    expect(after?.frozenByOrder.get(orderId)).toEqual(usd(37_500));
  });

  it("ORD-04 / CL-10 / CL-15: classic post-delivery, receipt never confirmed — the buyer is reminded, then both are told the goods count as received and the order completes", async () => {
    const orderId = await shippedOrder();
    // Shipment + 90 days (classic post-delivery): the claim entrance closes and receipt is deemed.
    chat.clock.set("2026-06-10T15:00:00.000Z");
    await runScheduler();
    // CL-10: reminded of that moment by the claim window's reminders (classic: one reminder per moment).
    expect(inbox(buyer(), "order:notify.reminder.claim-window").map((m) => m.text?.params?.["orderId"])).toContain(orderId);
    for (const who of [buyer, supplier]) {
      expect(inbox(who(), "parties:notify.receiptDeemed").map((m) => m.text?.params?.["orderId"])).toContain(orderId);
      expect(inbox(who(), "order:notify.completed").map((m) => m.text?.params?.["orderId"])).toContain(orderId);
    }
    const deemed = (user: ChatUser) => inbox(user, "parties:notify.receiptDeemed").find((m) => m.text?.params?.["orderId"] === orderId);
    expect(buyer().render(deemed(buyer()) ?? {})).toContain(words.deemedBuyer);
    expect(supplier().render(deemed(supplier()) ?? {})).toContain(words.deemedSupplier);
    const order = await readState<OrderState>(chat.app.db, orderStream(orderId));
    expect(order?.status).toBe("completed");
    const ledger = await readState<LedgerState>(chat.app.db, ledgerStream(SUPPLIER_ID));
    expect(ledger?.frozenByOrder.has(orderId)).toBe(false);
  });
});
