/**
 * Issue 16 (CM-03): a form's refusal names the wrong fields by their labels in the reader's language,
 * never the command's paths, and a text over a limit is refused with the limit in characters — for a
 * buyer and a supplier who share no language, in two language pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness/harness.js";
import { BERLIN_AND_TAIPEI, chatWithThreeParties, depositPaidOrder, linkEveryone, OHIO_AND_SHENZHEN, REQUESTED_TERMS } from "./chat-fixtures.js";

/** The day after the agreed shipping date (16 March): a late-shipment claim may be filed. */
const DAY_AFTER_SHIPPING_DATE = "2026-03-17T15:00:00.000Z";
const CLAIM = { claimId: "CL-1" } as const;

const PAIRS = [
  {
    languages: "an English-speaking buyer and a supplier writing Simplified Chinese",
    pair: OHIO_AND_SHENZHEN,
    buyerSees: { tooLong: "Please keep this to at most 4,000 characters (this has 4,001)." },
    supplierSees: {
      invalidFields: "部分信息缺失或无效。请更正后重试：",
      reasonsInvalid: "此项在这里无效，请检查。",
      tooLong: "请不要超过 2,000 个字符（当前 2,001 个）。",
    },
  },
  {
    languages: "a German-speaking buyer and a supplier writing Traditional Chinese",
    pair: BERLIN_AND_TAIPEI,
    buyerSees: { tooLong: "Bitte höchstens 4.000 Zeichen (derzeit 4.001)." },
    supplierSees: {
      invalidFields: "部分資料缺漏或無效。請更正後再試一次：",
      reasonsInvalid: "此項在這裡無效，請檢查。",
      tooLong: "請不要超過 2,000 個字元（目前 2,001 個）。",
    },
  },
];

describe.each(PAIRS)("form refusals in the reader's words, between $languages", { timeout: 60_000 }, (story) => {
  let chat: Harness;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");

  beforeAll(async () => {
    chat = await chatWithThreeParties(story.pair);
    await linkEveryone(chat);
    await depositPaidOrder(chat, REQUESTED_TERMS);
    chat.clock.set(DAY_AFTER_SHIPPING_DATE);
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
  });

  it("CL-01 / CM-03: a claim description over the limit is refused with the limit in characters, in the buyer's language, nothing typed lost", async () => {
    const description = "x".repeat(4001);
    await buyer().clicks("claim.file", { orderId: "PO-1" });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description });
    expect(buyer().lastText()).toContain(story.buyerSees.tooLong);
    expect(
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "description")?.value,
    ).toBe(description);
    await buyer().submits("claim.file", { description: "Nothing has shipped." });
    expect(buyer().lastReplies()[0]?.text?.key).toBe("claim:filed");
  });

  it("CL-07 / CM-03: a rejection the domain refuses (21 reasons, at most 20) names the field by its label in the supplier's Chinese, not 'reasons'", async () => {
    await supplier().clicks("claim.respond", CLAIM);
    const reasons = Array.from({ length: 21 }, (_, i) => `理由 ${i + 1}`).join("\n");
    await supplier().submits("claim.respond", { response: "reject", reasons });
    const label = supplier().render({ text: { key: "claim:flow.rejectionReasons" } });
    expect(supplier().lastText()).toContain(`⚠ ${story.supplierSees.invalidFields}\n• ${label}: ${story.supplierSees.reasonsInvalid}`);
    expect(supplier().lastText()).not.toMatch(/\breasons\b|COMMAND_INVALID|errors:/);
    await supplier().submits("claim.respond", { response: "reject", reasons: `已按约定发货\n${"延".repeat(2001)}` });
    expect(supplier().lastText()).toContain(story.supplierSees.tooLong);
    await supplier().submits("claim.respond", { response: "reject", reasons: "已按约定发货" });
    expect(supplier().lastReplies()[0]?.text?.key).toBe("claim:flow.rejected");
  });
});
