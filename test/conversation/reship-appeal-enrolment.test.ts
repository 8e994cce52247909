/**
 * Issue 11's half-done rules, through the chat: an agreed reship becomes an order version with the new
 * shipping date that both parties confirm (PO-05); an appeal that overturns "not at fault" makes the full
 * refund due and tells both parties (DT-09); staff enrol a supplier from the chat, its limit from the
 * policy formula (TA-01), and set another limit with a reason. In two language pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTranslatorConfig } from "../../src/adapters/translate/index.js";
import { readState } from "../../src/app/read-state.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../src/domain/ledger/ledger.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import { orderStream } from "../../src/domain/orders/order-events.js";
import { uploadedFile, type Harness } from "../support/harness/harness.js";
import { seedLinkCode, seedParty } from "../support/harness/seeds.js";
import {
  BERLIN_AND_TAIPEI,
  chatWithThreeParties,
  depositPaidOrder,
  linkEveryone,
  OHIO_AND_SHENZHEN,
  REQUESTED_TERMS,
  WITH_REQUIREMENT,
  type LanguagePair,
} from "./chat-fixtures.js";

describe.each([
  ["a buyer in Ohio (English), a supplier in Shenzhen (Simplified Chinese)", OHIO_AND_SHENZHEN],
  ["a buyer in Berlin (German), a supplier in Taipei (Traditional Chinese)", BERLIN_AND_TAIPEI],
] as const)("reship, overturned appeal, enrolment: %s", { timeout: 180_000 }, (_title, pair: LanguagePair) => {
  let chat: Harness;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");
  const keyOf = (who: () => ReturnType<Harness["as"]>) => who().lastReplies()[0]?.text?.key;
  const inboxKeys = (who: () => ReturnType<Harness["as"]>) =>
    who()
      .inbox()
      .map((m) => m.text?.key);

  beforeAll(async () => {
    chat = await chatWithThreeParties(pair, { translator: parseTranslatorConfig({ TRANSLATOR: "none" }) });
    await linkEveryone(chat);
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
  }, 180_000);
  afterAll(async () => {
    await chat?.close();
  });

  async function lateClaim(): Promise<{ orderId: string; claimId: string }> {
    chat.clock.set("2026-03-05T15:00:00.000Z");
    const orderId = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    chat.clock.set("2026-03-18T15:00:00.000Z");
    await buyer().clicks("claim.file", { orderId });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description: "Nothing has shipped." }, [
      uploadedFile(`dock-${orderId}.jpg`, "image/jpeg", `empty dock ${orderId}`),
    ]);
    expect(keyOf(buyer)).toBe("claim:filed");
    return { orderId, claimId: String(buyer().lastReplies()[0]?.subject?.id) };
  }

  it("PO-05: an agreed reship is a new version with the new date; each party confirms it, and it is in force only after both", async () => {
    const { orderId, claimId } = await lateClaim();
    await supplier().clicks("claim.respond", { claimId });
    await supplier().submits("claim.respond", { response: "reship", newDate: "2026-04-01" });
    expect(keyOf(supplier)).toBe("claim:flow.proposed");
    const proposal = buyer()
      .inbox()
      .find((m) => m.text?.key === "claim:notify.proposalReceived");
    await buyer().clicks("claim.accept", proposal?.actions?.find((a) => a.actionId === "claim.accept")?.payload);
    expect(keyOf(buyer)).toBe("claim:flow.accepted");

    // Both are asked to confirm version 3, with the new shipping date shown.
    for (const who of [buyer, supplier]) {
      const ask = who()
        .inbox()
        .find((m) => m.text?.key === "parties:notify.reshipVersion");
      expect(ask?.facts).toEqual([{ label: { key: "order:term.shippingDate" }, value: { date: "2026-04-01" } }]);
      // TA-06 / PO-03 / PO-08: no one-tap confirm; the review's button confirms.
      expect(ask?.actions?.map((a) => a.actionId)).toEqual(["order.view", "order.declineAmendment"]);
    }
    await supplier().clicks("order.confirmAmendment", { orderId, version: 3, reviewed: true });
    expect(keyOf(supplier)).toBe("parties:amendmentConfirmedWaiting");
    expect(inboxKeys(buyer)).toContain("parties:notify.amendmentConfirmedByOther");
    const half = await readState<OrderState>(chat.app.db, orderStream(orderId));
    expect(half?.confirmedTerms?.shippingDate).toBe("2026-03-16");

    await buyer().clicks("order.confirmAmendment", { orderId, version: 3, reviewed: true });
    expect(keyOf(buyer)).toBe("order:notify.amendmentConfirmed");
    const confirmed = await readState<OrderState>(chat.app.db, orderStream(orderId));
    expect(confirmed).toMatchObject({ confirmedVersion: 3, confirmedTerms: { shippingDate: "2026-04-01" } });

    // Its own late-shipment protection: too early on the new date, open the day after.
    chat.clock.set("2026-04-01T15:00:00.000Z");
    await buyer().clicks("claim.file", { orderId });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description: "Still nothing." });
    expect(buyer().lastReplies()[0]).toMatchObject({ tone: "error", text: { key: "errors:CLAIM_LATE_SHIPMENT_TOO_EARLY" } });
    await buyer().clicks("common.cancelFlow");
  });

  it("DT-09: an appeal overturns 'not at fault'; the full refund becomes due and both parties are told", async () => {
    const { claimId } = await lateClaim();
    await supplier().clicks("claim.respond", { claimId });
    await supplier().submits("claim.respond", { response: "reject", reasons: "Shipped on time" });
    await buyer().clicks("claim.escalate", { claimId });
    await staff().clicks("staff.decide", { claimId });
    await staff().submits("staff.decide", { outcome: "supplier-not-at-fault", reasons: "Carrier record shows a timely pick-up." });
    expect(keyOf(staff)).toBe("staff:flow.decided.supplier-not-at-fault");
    await buyer().clicks("claim.appeal", { claimId });
    await buyer().submits("claim.appeal", { reasons: "The pick-up record is for another order." });
    expect(keyOf(buyer)).toBe("claim:flow.appealed");

    await chat.as("staff-ben").clicks("staff.decideAppeal", { claimId });
    await chat.as("staff-ben").submits("staff.decideAppeal", { outcome: "overturned", reasons: "The record belongs to another order." });
    expect(chat.as("staff-ben").lastReplies()[0]?.text?.key).toBe("staff:flow.appealDecided.overturned");
    for (const who of [buyer, supplier]) {
      const told = who()
        .inbox()
        .filter((m) => m.text?.key === "parties:notify.appealMoney.refundDue");
      expect(told.map((m) => m.text?.params?.["amount"])).toEqual([{ amountMinor: 37_500, currency: "USD" }]);
    }
    expect(inboxKeys(supplier)).toContain("claim:refundDue");
  });

  it("TA-01: staff enrol a supplier from the chat, the limit from the formula; then set another limit with a reason", async () => {
    await staff().clicks("common.whatNow");
    expect(
      staff()
        .lastReplies()
        .flatMap((m) => m.actions ?? [])
        .map((a) => a.actionId),
    ).toEqual(expect.arrayContaining(["staff.enrolSupplier", "staff.setSupplierLimit"]));
    await staff().clicks("staff.enrolSupplier");
    await staff().submits("staff.enrolSupplier", {
      company: pair.supplier.displayName,
      contactName: "Lin",
      country: pair.supplier.country,
      timeZone: "Nowhere/Else",
      locale: pair.supplier.locale.startsWith("zh-TW") ? "zh-Hant" : "zh",
      qualification: "verified",
      currency: "USD",
      volume: "250,000.00",
    });
    const retry = staff().lastForm();
    expect(retry?.fields.find((f) => f.name === "timeZone")?.error).toEqual({ key: "parties:register.invalid.timeZone" });
    await staff().submits("staff.enrolSupplier", { timeZone: pair.supplier.timeZone });
    const done = staff().lastReplies()[0];
    expect(done?.text).toMatchObject({
      key: "parties:staff.enrol.done",
      params: { company: pair.supplier.displayName, limit: { amountMinor: 2_500_000, currency: "USD" } },
    });
    const supplierId = String(done?.text?.params?.["partyId"]);
    expect(done?.actions?.map((a) => a.actionId)).toEqual(["staff.issueLinkCode"]);

    await staff().clicks("staff.setSupplierLimit", { supplierId });
    await staff().submits("staff.setSupplierLimit", { currency: "USD", limit: "40000.00", reason: "Bank guarantee lodged" });
    expect(staff().lastReplies()[0]?.text).toMatchObject({
      key: "parties:staff.setLimit.done",
      params: { limit: { amountMinor: 4_000_000, currency: "USD" } },
    });
    const ledger = await readState<LedgerState>(chat.app.db, ledgerStream(supplierId));
    expect(ledger && ledgerBalances(ledger).limit).toEqual({ amountMinor: 4_000_000, currency: "USD" });
    expect(ledger?.entries.map((e) => [e.reason, e.limitInputs?.basis])).toEqual([
      ["enrolment", "formula"],
      ["Bank guarantee lodged", "staff"],
    ]);
  });
});
