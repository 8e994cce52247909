/**
 * PO-05 with TA-06 / PO-03 / PO-08: a change to a confirmed order is confirmed only from its review.
 * The "Version N is ready" notice carries [Review and confirm], never a one-tap confirm; a confirm
 * pressed anywhere else — an old button, a forged or another channel's one-tap, "what can I do now" —
 * opens the review (the unprotected deposit, the quality reminder, the deposit advice) and confirms
 * nothing. Played in two language pairs: Ohio (English) with Shenzhen (Simplified Chinese), and Berlin
 * (German) with Taipei (Traditional Chinese).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTranslatorConfig } from "../../src/adapters/translate/index.js";
import { readState } from "../../src/app/read-state.js";
import type { Action, OutboundMessage } from "../../src/bots/conversation/messages.js";
import { USE_CASE } from "../../src/domain/notifications/index.js";
import { orderStream } from "../../src/domain/orders/order-events.js";
import type { OrderState } from "../../src/domain/orders/order-state.js";
import type { ChatUser, Harness } from "../support/harness/harness.js";
import {
  BERLIN_AND_TAIPEI,
  chatWithThreeParties,
  linkEveryone,
  negotiateToConfirmation,
  OHIO_AND_SHENZHEN,
  REQUESTED_TERMS,
  type LanguagePair,
} from "./chat-fixtures.js";

const keysOf = (messages: readonly OutboundMessage[]) => messages.map((m) => m.text?.key);
const buttonsOf = (messages: readonly OutboundMessage[]): Action[] => messages.flatMap((m) => m.actions ?? []);

describe.each([
  ["Ohio / Shenzhen", OHIO_AND_SHENZHEN],
  ["Berlin / Taipei", BERLIN_AND_TAIPEI],
] as const)("PO-05: an amendment is confirmed from its review (%s)", (_name, pair: LanguagePair) => {
  let chat: Harness;
  let orderId: string;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");

  async function order(): Promise<OrderState> {
    const state = await readState<OrderState>(chat.app.db, orderStream(orderId));
    if (!state) throw new Error(`no order ${orderId}`);
    return state;
  }

  function lastNotice(user: ChatUser, key: string): OutboundMessage {
    const notice = [...user.inbox()].reverse().find((m) => m.text?.key === key);
    if (!notice) throw new Error(`${user.name} received no ${key}:\n${user.log()}`);
    return notice;
  }

  beforeAll(async () => {
    chat = await chatWithThreeParties(pair, { translator: parseTranslatorConfig({ TRANSLATOR: "none" }) });
    await linkEveryone(chat);
    // Deposit 500.00, protected 375.00, quality assured with no requirement: TA-06, PO-03 and PO-08 all apply.
    orderId = await negotiateToConfirmation(chat, REQUESTED_TERMS);
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
  });

  it("PO-05 / TA-06 / PO-03 / PO-08: the 'version is ready' notice has no one-tap confirm; its button opens the review with every warning", async () => {
    await supplier().clicks(USE_CASE.proposeChange, { orderId });
    await supplier().submits(USE_CASE.proposeChange, { shippingDate: "2026-03-30" });
    expect(supplier().lastReplies()[0]?.text?.key).toBe("order:flow.changeProposed");

    const notice = lastNotice(buyer(), "order:notify.amendmentProposed");
    expect(notice.actions?.map((a) => a.actionId)).toEqual([USE_CASE.viewOrder, USE_CASE.declineAmendment]);
    expect(notice.actions?.[0]).toMatchObject({ label: { key: "conversation:action.reviewAndConfirm" }, payload: { orderId, version: 3 } });

    const review = await buyer().clicks(notice.actions?.[0]?.actionId ?? "", notice.actions?.[0]?.payload);
    expect(keysOf(review)).toEqual(
      expect.arrayContaining([
        "conversation:confirm.amendmentUnderReview",
        "order:advice.unprotectedDeposit",
        "order:advice.missingQualityRequirement",
        "order:advice.depositAdvice",
      ]),
    );
    const unprotected = review.find((m) => m.text?.key === "order:advice.unprotectedDeposit");
    expect(unprotected?.text?.params).toMatchObject({ amount: { amountMinor: 12500, currency: "USD" } });
    // The review is in the buyer's language: the warning reads in it, with the amount formatted for it.
    expect(buyer().render(unprotected as OutboundMessage)).toMatch(/125/);
    // Under the warnings, the one button that confirms; the unreviewed confirm is not offered beside it.
    const confirms = buttonsOf(review).filter((a) => a.actionId === USE_CASE.confirmAmendment);
    expect(confirms).toEqual([expect.objectContaining({ payload: { orderId, version: 3, reviewed: true } })]);
    const lastWarning = Math.max(...["order:advice.unprotectedDeposit", "order:advice.depositAdvice"].map((k) => keysOf(review).indexOf(k)));
    expect(review.findIndex((m) => (m.actions ?? []).some((a) => a.actionId === USE_CASE.confirmAmendment))).toBeGreaterThan(lastWarning);
    expect((await order()).confirmedVersion).toBe(2);
  });

  it("PO-05: a one-tap confirm from anywhere else (an old notice's button, another channel, 'what can I do now') opens the review and confirms nothing", async () => {
    const oneTap = await buyer().clicks(USE_CASE.confirmAmendment, { orderId, version: 3 });
    expect(keysOf(oneTap)[0]).toBe("conversation:confirm.reviewFirst");
    expect(keysOf(oneTap)).toContain("order:advice.unprotectedDeposit");
    expect((await order()).confirmedVersion).toBe(2);

    // "What can I do now?" lists the change; pressing it is the same review.
    const now = await buyer().clicks(USE_CASE.whatNow);
    const offered = buttonsOf(now).find((a) => a.actionId === USE_CASE.confirmAmendment);
    expect(offered?.payload).not.toHaveProperty("reviewed");
    const fromWhatNow = await buyer().clicks(USE_CASE.confirmAmendment, offered?.payload);
    expect(keysOf(fromWhatNow)).toEqual(expect.arrayContaining(["conversation:confirm.reviewFirst", "order:advice.missingQualityRequirement"]));
    expect((await order()).confirmedVersion).toBe(2);
  });

  it("PO-05: the button under the review confirms version 3; both parties are told; pressed again it answers what changed", async () => {
    const review = await buyer().clicks(USE_CASE.viewOrder, { orderId, version: 3 });
    const confirm = buttonsOf(review).find((a) => a.actionId === USE_CASE.confirmAmendment);
    await buyer().clicks(USE_CASE.confirmAmendment, confirm?.payload);
    expect(buyer().lastReplies()[0]).toMatchObject({ tone: "success", text: { key: "order:notify.amendmentConfirmed" } });
    expect(await order()).toMatchObject({ confirmedVersion: 3, confirmedTerms: { shippingDate: "2026-03-30" } });
    expect(supplier().lastReceived()?.text?.key).toBe("order:notify.amendmentConfirmed");

    // The same reviewed button, pressed later: a refusal saying the case moved on, with what is open now.
    const again = await buyer().clicks(USE_CASE.confirmAmendment, confirm?.payload);
    expect(again[0]?.text?.key).toBe("errors:ORDER_NO_PENDING_AMENDMENT");
    expect(buyer().render(again[0] as OutboundMessage)).toContain(orderId);
    expect((await order()).confirmedVersion).toBe(3);
  });

  it("PO-05: the supplier answers the buyer's change from its review too (no one-tap confirm in its notice)", async () => {
    await buyer().clicks(USE_CASE.proposeChange, { orderId });
    await buyer().submits(USE_CASE.proposeChange, { "shippingAddress.line1": "200 Main St" });
    const notice = lastNotice(supplier(), "order:notify.amendmentProposed");
    expect(notice.actions?.map((a) => a.actionId)).toEqual([USE_CASE.viewOrder, USE_CASE.declineAmendment]);

    const oneTap = await supplier().clicks(USE_CASE.confirmAmendment, { orderId, version: 4 });
    expect(keysOf(oneTap)).toEqual(expect.arrayContaining(["conversation:confirm.reviewFirst", "conversation:confirm.amendmentUnderReview"]));
    expect((await order()).confirmedVersion).toBe(3);

    const confirm = buttonsOf(oneTap).find((a) => a.actionId === USE_CASE.confirmAmendment);
    expect(confirm?.payload).toEqual({ orderId, version: 4, reviewed: true });
    await supplier().clicks(USE_CASE.confirmAmendment, confirm?.payload);
    expect(supplier().lastReplies()[0]?.text?.key).toBe("order:notify.amendmentConfirmed");
    expect((await order()).confirmedTerms?.shippingAddress?.line1).toBe("200 Main St");
  });
});
