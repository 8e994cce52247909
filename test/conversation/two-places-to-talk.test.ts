/**
 * CM-06: two places to talk, and CL-15 / DT-05 / DT-07: every change announced to whoever it touches —
 * in two language pairs (an English buyer with a supplier writing Simplified Chinese; a German buyer
 * with a supplier writing Traditional Chinese). Outside a case what a person types is for the bot;
 * a buyer orders from a supplier it names by company name; a thread is entered only on purpose; the
 * supplier's silence and the platform's payout are told to both sides, with dates and amounts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeadlineHandler } from "../../src/adapters/scheduler/deadline-handlers.js";
import { DeadlineSweeper } from "../../src/adapters/scheduler/deadline-sweeper.js";
import { domainDeadlineOutcomes } from "../../src/adapters/scheduler/domain-deadline-outcomes.js";
import { parseTranslatorConfig } from "../../src/adapters/translate/translator-from-config.js";
import { money } from "../../src/domain/shared/money.js";
import { uploadedFile, type ChatUser, type Harness } from "../support/harness/harness.js";
import { seedParty } from "../support/harness/seeds.js";
import {
  BERLIN_AND_TAIPEI,
  chatWithThreeParties,
  linkEveryone,
  OHIO_AND_SHENZHEN,
  REQUESTED_TERMS,
  SUPPLIER_ID,
  WITH_REQUIREMENT,
  type LanguagePair,
} from "./chat-fixtures.js";

/** The day after the agreed shipping date (16 March). */
const DAY_AFTER_SHIPPING_DATE = "2026-03-17T15:00:00.000Z";

const STORIES = [
  {
    languages: "an English buyer and a supplier writing Simplified Chinese",
    pair: OHIO_AND_SHENZHEN,
    help: "help",
    gibberish: "the bolts are too long",
    newOrder: "I want to place a new order",
    supplierTyped: "深圳紧固件",
    supplierNewOrder: "新订单",
    leave: "leave",
    buyerHelpStarts: "I am the Trade Assurance bot.",
  },
  {
    languages: "a German buyer and a supplier writing Traditional Chinese",
    pair: BERLIN_AND_TAIPEI,
    help: "Hilfe",
    gibberish: "die Schrauben sind zu lang",
    newOrder: "Ich möchte eine neue Bestellung aufgeben",
    supplierTyped: "台北扣件",
    supplierNewOrder: "新訂單",
    leave: "verlassen",
    buyerHelpStarts: "Ich bin der Trade-Assurance-Bot.",
  },
] as const;

const keys = (user: ChatUser): string[] => user.lastReplies().map((m) => m.text?.key ?? (m.form ? `form:${m.form.formId}` : ""));
const actionIds = (user: ChatUser): string[] =>
  user
    .lastReplies()
    .flatMap((m) => m.actions ?? [])
    .map((a) => a.actionId);
const received = (user: ChatUser): string[] => user.inbox().map((m) => m.text?.key ?? "");

describe.each(STORIES)("two places to talk: $languages", { timeout: 120_000 }, (story) => {
  let chat: Harness;
  let sweeper: DeadlineSweeper;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");

  beforeAll(async () => {
    chat = await chatWithThreeParties(story.pair as LanguagePair, { translator: parseTranslatorConfig({ TRANSLATOR: "none" }) });
    // Two more suppliers: one enrolled the buyer has never ordered from, one not enrolled (never offered).
    const calendar = { country: "CN", timeZone: "Asia/Shanghai" };
    await seedParty(chat.app, {
      partyId: "supplier-ningbo",
      role: "supplier",
      displayName: "Ningbo Hardware Co., Ltd.",
      locale: "en",
      calendar,
      contact: {},
      limit: money(500_000, "USD"),
    });
    await seedParty(chat.app, {
      partyId: "supplier-unenrolled",
      role: "supplier",
      displayName: "Xiamen Unlisted Trading",
      locale: "en",
      calendar,
      contact: {},
      enrolled: false,
    });
    sweeper = new DeadlineSweeper(chat.app.db, chat.clock, createDeadlineHandler(chat.app.runner, domainDeadlineOutcomes()));
    await linkEveryone(chat);
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
  });

  it('CM-06: "help" typed outside a case is for the bot — a short help with buttons, nothing sent to anyone', async () => {
    const supplierInbox = supplier().inbox().length;
    await buyer().says(story.help);
    expect(keys(buyer())).toEqual(["conversation:help.buyer"]);
    expect(buyer().lastText().startsWith(story.buyerHelpStarts)).toBe(true);
    expect(actionIds(buyer())).toEqual(["common.whatNow", "common.myItems", "order.request"]);
    await buyer().says(story.gibberish);
    expect(keys(buyer())).toEqual(["conversation:help.notUnderstood.buyer"]);
    expect(supplier().inbox().length).toBe(supplierInbox);
  });

  it('CM-06: a supplier typing "new order" is told only buyers order, with what it can do', async () => {
    await supplier().says(story.supplierNewOrder);
    expect(keys(supplier())).toEqual(["conversation:help.onlyBuyersOrder"]);
    expect(actionIds(supplier())).toContain("common.myItems");
  });

  it('CM-06: "new order" opens the order form; the supplier is chosen by company name among enrolled suppliers, no id typed', async () => {
    await buyer().says(story.newOrder);
    const form = buyer().lastForm();
    expect(form?.formId).toBe("order.request");
    const field = form?.fields.find((f) => f.name === "supplierId");
    expect(field).toMatchObject({ type: "select", label: { key: "conversation:supplier.label" } });
    const shown = (field?.options ?? []).map((o) => buyer().render({ text: o.label }));
    expect(shown.sort()).toEqual(["Ningbo Hardware Co., Ltd.", story.pair.supplier.displayName].sort());

    // Part of the company's name, as a person types it (a chat without menus answers the field in words).
    await buyer().submits("order.request", { ...REQUESTED_TERMS, ...WITH_REQUIREMENT, supplierId: "Hardware Trading" });
    expect(
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "supplierId")?.error?.key,
    ).toBe("conversation:supplier.notFound");
    await buyer().submits("order.request", { supplierId: story.supplierTyped });
    expect(keys(buyer())).toEqual(["order:flow.requested"]);
    expect(received(supplier())).toContain("order:notify.requested");
  });

  it("CM-06: the supplier ordered from before comes first, marked", async () => {
    await buyer().clicks("order.request");
    const options =
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "supplierId")?.options ?? [];
    expect(options[0]).toMatchObject({ value: SUPPLIER_ID, label: { key: "conversation:supplier.previousOption" } });
    await buyer().clicks("common.cancelFlow");
  });

  it('CM-06: a reference typed shows the order without entering its thread; only the explicit button does, and "leave" leaves', async () => {
    await buyer().says("po-1");
    expect(buyer().lastReplies()[0]?.text?.key).toBe("order:flow.orderHeading");
    expect(actionIds(buyer())).toContain("common.enterThread");
    const before = supplier().inbox().length;
    await buyer().says(story.gibberish);
    expect(keys(buyer())).toEqual(["conversation:help.notUnderstood.buyer"]);
    expect(supplier().inbox().length).toBe(before);

    await buyer().clicks("common.enterThread", { orderId: "PO-1" });
    expect(keys(buyer())).toEqual(["conversation:thread.entered.toSupplier"]);
    await buyer().says(story.gibberish);
    expect(keys(buyer())).toEqual(["conversation:thread.sent.toSupplier"]);
    expect(buyer().lastText()).toContain("PO-1");
    expect(actionIds(buyer())).toEqual(["common.leaveThread"]);
    expect(supplier().lastReceived()?.personText?.original).toBe(story.gibberish);

    await buyer().says(story.leave);
    expect(keys(buyer())).toEqual(["conversation:thread.left"]);
    await buyer().says(story.help);
    expect(keys(buyer())).toEqual(["conversation:help.buyer"]);
  });

  it("stale actions: a button pressed after the case moved on says so, with what can be done now; a form that lost its case says so", async () => {
    await supplier().clicks("order.draftTerms", { orderId: "PO-1" });
    await supplier().submits("order.draftTerms", {});
    await buyer().clicks("order.confirmAsBuyer", { orderId: "PO-1", version: 2, reviewed: true });
    await supplier().clicks("order.confirmAsSupplier", { orderId: "PO-1", version: 2 });
    // The buyer's old confirm button, pressed again once the order is confirmed by both.
    await buyer().clicks("order.confirmAsBuyer", { orderId: "PO-1", version: 2, reviewed: true });
    const [refused, now] = buyer().lastReplies();
    expect(refused?.tone).toBe("error");
    expect(now?.text?.key).toBe("conversation:stale.movedOn");
    expect(buyer().render(now ?? {})).toContain("PO-1");
    expect(now?.actions?.map((a) => a.actionId)).toContain("order.recordDeposit");

    // The deposit form, left open while another flow started, submitted later: it no longer knows its order.
    await buyer().clicks("order.recordDeposit", { orderId: "PO-1" });
    await buyer().clicks("order.request");
    await buyer().submits("order.recordDeposit", { reference: "TT-PO-1", fee: "35.00" });
    expect(keys(buyer())[0]).toBe("conversation:stale.noCase");
    expect(buyer().lastText()).not.toMatch(/not found|nicht gefunden/i);
  });

  it("CL-15: the supplier's silence is announced to both sides with the date; the buyer may now escalate, and does", async () => {
    await buyer().clicks("order.recordDeposit", { orderId: "PO-1" });
    await buyer().submits("order.recordDeposit", { reference: "TT-PO-1", fee: "35.00" });
    chat.clock.set(DAY_AFTER_SHIPPING_DATE);
    await buyer().clicks("claim.file", { orderId: "PO-1" });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description: "Nothing has shipped." }, [
      uploadedFile("empty-dock.jpg", "image/jpeg", "an empty loading dock"),
    ]);
    expect(keys(buyer())).toEqual(["claim:filed"]);

    // CL-16: pressed too early, the refusal names the date from which escalation is open.
    await buyer().clicks("claim.escalate", { claimId: "CL-1" });
    expect(buyer().lastReplies()[0]).toMatchObject({ text: { key: "errors:CLAIM_ESCALATION_NOT_YET_AVAILABLE" }, tone: "error" });
    expect(buyer().lastText()).toMatch(/2026/);

    chat.clock.advance(30 * 86_400_000);
    expect((await sweeper.sweep()).fired).toBeGreaterThan(0);
    await chat.deliverAll();
    expect(received(buyer())).toContain("conversation:notify.responseOverdue.buyer");
    expect(received(supplier())).toContain("conversation:notify.responseOverdue.supplier");
    const toBuyer = buyer()
      .inbox()
      .find((m) => m.text?.key === "conversation:notify.responseOverdue.buyer");
    expect(toBuyer?.text?.params?.["dueAt"]).toHaveProperty("instant");
    expect(toBuyer?.actions?.map((a) => a.actionId)).toEqual(["claim.escalate", "common.whatNow"]);
    await buyer().clicks("claim.escalate", { claimId: "CL-1" });
    expect(keys(buyer())).toEqual(["claim:flow.escalated"]);
  });

  it("DT-05 / DT-07: the platform's payout is announced to both sides: amount, method, arrival, and what the supplier owes", async () => {
    await staff().clicks("staff.decide", { claimId: "CL-1" });
    await staff().submits("staff.decide", { outcome: "supplier-at-fault", reasons: "Not shipped by the agreed date." });
    expect(keys(staff())).toEqual(["staff:flow.decided.supplier-at-fault"]);
    chat.clock.advance(30 * 86_400_000);
    expect((await sweeper.sweep()).fired).toBeGreaterThan(0);
    await chat.deliverAll();
    const paid = buyer()
      .inbox()
      .find((m) => m.text?.key === "claim:notify.platformPaid");
    const owed = supplier()
      .inbox()
      .find((m) => m.text?.key === "claim:notify.payoutOwed");
    expect(paid?.facts?.map((f) => (f.label as { key: string }).key)).toEqual(["claim:notify.fact.method", "claim:notify.fact.expectedArrival"]);
    expect(owed?.facts?.map((f) => (f.label as { key: string }).key)).toEqual([
      "conversation:notify.fact.owesPlatform",
      "claim:notify.fact.method",
      "claim:notify.fact.expectedArrival",
    ]);
    expect(buyer().render(paid ?? {})).toMatch(/375/);
    expect(supplier().render(owed ?? {})).toMatch(/375/);
  });
});
