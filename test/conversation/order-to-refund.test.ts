/**
 * A whole deal in the chat: an English-speaking buyer and a Chinese-speaking supplier link their
 * accounts, negotiate an order to confirmation, pay the deposit; the shipment is late, the buyer claims,
 * the supplier rejects in Chinese, the buyer escalates, staff decide and the supplier refunds.
 * One harness, one database, one story — each step a test that reads like the chat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadedFile, type Harness } from "../support/harness/harness.js";
import { chatWithThreeParties, CODES, REQUESTED_TERMS } from "./chat-fixtures.js";

const HOUR = 3_600_000;

// Generous limits: each step is a few database transactions on an embedded PGlite.
describe("a deal from first hello to refund, in English and Chinese", { timeout: 60_000 }, () => {
  let chat: Harness;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");
  const keys = (who: () => ReturnType<Harness["as"]>) =>
    who()
      .lastReplies()
      .map((m) => m.text?.key);

  beforeAll(async () => {
    chat = await chatWithThreeParties();
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
  });

  it("CM-05: an unlinked chat account is offered linking (or registering as a buyer), and links with its one-time code", async () => {
    await buyer().says("hello, I want to order bolts");
    expect(keys(buyer)).toEqual(["common:accountNotLinked", "parties:register.offer"]);
    expect(buyer().lastForm()?.formId).toBe("common.linkAccount");

    await buyer().says(CODES.buyer.toLowerCase());
    expect(buyer().lastText()).toContain("Your chat account is now linked to Ohio Tools LLC.");

    await supplier().submits("common.linkAccount", { code: CODES.supplier });
    expect(supplier().lastText()).toContain("您的聊天账号已关联到 深圳紧固件有限公司");
    await staff().says(CODES.staff);
    expect(keys(staff)).toEqual(["common:accountLinked"]);
  });

  it("CM-05: a spent code links nobody else", async () => {
    const stranger = chat.join("stranger", { externalUserId: "U-STRANGER", locale: "en-US", timeZone: "UTC" });
    await stranger.says(CODES.buyer);
    expect(stranger.lastReplies()[0]).toMatchObject({ text: { key: "errors:LINK_CODE_INVALID" }, tone: "error" });
  });

  it('CM-06: outside a case, "what now?" typed is for the bot: it answers with what the buyer can do now', async () => {
    await buyer().says("what now?");
    expect(keys(buyer)).toEqual(["common:youCanNow"]);
    expect(
      buyer()
        .lastReply()
        ?.actions?.map((a) => a.actionId),
    ).toEqual(["order.request"]);
  });

  it("PO-02: a month instead of an exact date is asked again by name, and nothing typed is lost", async () => {
    await buyer().clicks("order.request");
    expect(buyer().lastForm()?.formId).toBe("order.request");

    await buyer().submits("order.request", { ...REQUESTED_TERMS, shippingDate: "2026-03", "shippingAddress.country": "" });
    const form = buyer().lastForm();
    const field = (name: string) => form?.fields.find((f) => f.name === name);
    expect(field("shippingDate")).toMatchObject({ value: "2026-03", error: { key: "common:form.notExactDate" } });
    expect(field("shippingAddress.country")?.error).toBeDefined();
    expect(field("lines.0.description")?.value).toBe("Hex bolt M8 × 40, zinc plated");
    expect(field("deposit")?.value).toBe("500.00");
    expect(buyer().lastReplies()[0]).toMatchObject({ text: { key: "common:flow.askAgain" }, facts: [{ label: { key: "order:term.shippingDate" } }] });

    await buyer().says("2026-03-16");
    expect(buyer().lastReplies()[0]?.facts?.[0]?.label.key).toBe("order:field.addressCountry");
    await buyer().says("us");
    expect(buyer().lastText()).toContain("PO-1");
    expect(keys(buyer)).toEqual(["order:flow.requested"]);
  });

  it("PO-01: the supplier drafts the terms from the buyer's request (in Chinese)", async () => {
    await supplier().clicks("order.draftTerms", { orderId: "PO-1" });
    expect(
      supplier()
        .lastForm()
        ?.fields.find((f) => f.name === "lines.0.quantity")?.value,
    ).toBe("1000");
    await supplier().submits("order.draftTerms", {});
    expect(keys(supplier)).toEqual(["order:flow.draftSent"]);
  });

  it("PO-01: the supplier cannot confirm before the buyer has — the refusal is the domain's, in Chinese", async () => {
    await supplier().clicks("order.confirmAsSupplier", { orderId: "PO-1", version: 2 });
    expect(supplier().lastReplies()[0]).toMatchObject({ tone: "error" });
    expect(supplier().lastReplies()[0]?.text?.key).toMatch(/^errors:ORDER_/);
  });

  it("TA-06 / PO-03 / PO-08: reviewing the draft, the buyer is warned, reminded and advised before confirming", async () => {
    await buyer().clicks("order.view", { orderId: "PO-1" });
    const shown = keys(buyer);
    expect(shown).toEqual(
      expect.arrayContaining([
        "order:flow.orderHeading",
        "order:advice.unprotectedDeposit", // TA-06: USD 125.00 of the deposit is not protected
        "order:advice.missingQualityRequirement", // PO-03
        "order:advice.depositAdvice", // PO-08
      ]),
    );
    const text = buyer().lastText();
    expect(text).toContain("$125.00");
    expect(
      buyer()
        .lastReplies()
        .flatMap((m) => m.actions ?? [])
        .map((a) => a.actionId),
    ).toEqual(expect.arrayContaining(["order.confirmAsBuyer", "order.addStandardInspection", "order.proposeChange"]));
  });

  it("TA-06 / PO-03 / PO-08: a confirm pressed without the review opens the review, warnings first, and confirms nothing", async () => {
    await buyer().clicks("order.confirmAsBuyer", { orderId: "PO-1", version: 2 });
    expect(keys(buyer)).toEqual(
      expect.arrayContaining([
        "conversation:confirm.reviewFirst",
        "order:advice.unprotectedDeposit",
        "order:advice.missingQualityRequirement",
        "order:advice.depositAdvice",
      ]),
    );
    expect(keys(buyer)).not.toContain("order:flow.confirmedWaitingForSupplier");
  });

  it("PO-01: the buyer confirms version 2 under the review, then the supplier confirms and the order is confirmed by both", async () => {
    const confirm = buyer()
      .lastReplies()
      .flatMap((m) => m.actions ?? [])
      .find((a) => a.actionId === "order.confirmAsBuyer");
    expect(confirm?.payload).toEqual({ orderId: "PO-1", version: 2, reviewed: true });
    await buyer().clicks("order.confirmAsBuyer", confirm?.payload);
    expect(keys(buyer)).toEqual(["order:flow.confirmedWaitingForSupplier"]);

    await supplier().clicks("order.confirmAsSupplier", { orderId: "PO-1", version: 2 });
    expect(supplier().lastText()).toBe("订单 PO-1 已由双方确认。");
  });

  it("PO-07: a T/T fee outside USD 30–50 is refused and the deposit form comes back with what was typed", async () => {
    await buyer().clicks("order.recordDeposit", { orderId: "PO-1" });
    expect(
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "amount")?.value,
    ).toBe("500.00");
    await buyer().submits("order.recordDeposit", { reference: "TT-20260303-1", fee: "75.00" });
    expect(buyer().lastReplies()[0]).toMatchObject({ text: { key: "errors:ORDER_PAYMENT_FEE_OUT_OF_RANGE" }, tone: "error" });
    expect(
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "reference")?.value,
    ).toBe("TT-20260303-1");

    await buyer().submits("order.recordDeposit", { fee: "35.00" });
    expect(buyer().lastText()).toContain("Deposit of $500.00 recorded for order PO-1.");
  });

  it("a platform retry of the same event is a no-op", async () => {
    const first = await buyer().send({ kind: "action", actionId: "common.whatNow", payload: {} }, "evt-retry-1");
    const again = await buyer().send({ kind: "action", actionId: "common.whatNow", payload: {} }, "evt-retry-1");
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual([]);
  });

  it("CL-04 / CL-11: the day after the agreed date nothing has shipped; the buyer opens a late-shipment claim with a photo", async () => {
    chat.clock.set("2026-03-18T15:00:00.000Z");
    await buyer().clicks("claim.file", { orderId: "PO-1" });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description: "Nothing has shipped; the agreed date was 16 March." }, [
      uploadedFile("empty-dock.jpg", "image/jpeg", "photo of an empty loading dock"),
    ]);
    expect(keys(buyer)).toEqual(["claim:filed"]);
    expect(buyer().lastText()).toMatch(/^Claim CL-1 has been opened for order PO-1\. The supplier must respond by .+\./);
    expect(buyer().lastText()).toContain("1 evidence file");
  });

  it("CM-02 / CM-06: viewing the claim does not enter its thread; in the thread the supplier's Chinese free text is a message to the buyer", async () => {
    await supplier().clicks("claim.view", { claimId: "CL-1" });
    const actions = supplier()
      .lastReplies()
      .flatMap((m) => m.actions ?? []);
    expect(actions.map((a) => a.actionId)).toContain("claim.respond");
    await supplier().says("工厂停电了，我们下周发货。");
    expect(keys(supplier)).toEqual(["conversation:help.notUnderstood.supplier"]);
    await supplier().clicks("common.enterThread", actions.find((a) => a.actionId === "common.enterThread")?.payload);
    expect(supplier().lastText()).toContain("CL-1");
    await supplier().says("工厂停电了，我们下周发货。");
    expect(keys(supplier)).toEqual(["conversation:thread.sent.toBuyer"]);
    expect(
      supplier()
        .lastReply()
        ?.actions?.map((a) => a.actionId),
    ).toEqual(["common.leaveThread"]);
  });

  it("CL-07: the supplier rejects the claim with its reasons (one per line)", async () => {
    chat.clock.advance(HOUR);
    await supplier().clicks("claim.respond", { claimId: "CL-1" });
    await supplier().submits("claim.respond", { response: "reject" });
    expect(
      supplier()
        .lastForm()
        ?.fields.find((f) => f.name === "reasons")?.error,
    ).toMatchObject({ key: "common:form.required" });
    await supplier().says("工厂停电，属于不可抗力\n买家同意延期");
    expect(keys(supplier)).toEqual(["claim:flow.rejected"]);
  });

  it("CL-09: after the supplier's rejection the buyer may ask the platform to decide, and does", async () => {
    await buyer().clicks("claim.view", { claimId: "CL-1" });
    expect(
      buyer()
        .lastReplies()
        .flatMap((m) => m.actions ?? [])
        .map((a) => a.actionId),
    ).toContain("claim.escalate");
    await buyer().clicks("claim.escalate", { claimId: "CL-1" });
    expect(keys(buyer)).toEqual(["claim:flow.escalated"]);
  });

  it("DT-01 / CM-02 / CL-11: staff see the case in the queue, with parties, order hash, evidence hashes and the original transcript", async () => {
    await staff().clicks("staff.queue");
    expect(staff().lastText()).toContain("1 case is waiting for a decision.");
    await staff().clicks("staff.case", { claimId: "CL-1" });
    const text = staff().lastText();
    expect(text).toContain("Case CL-1: order PO-1, version 2, between Ohio Tools LLC and 深圳紧固件有限公司");
    expect(text).toContain(uploadedFile("empty-dock.jpg", "image/jpeg", "photo of an empty loading dock").sha256);
    expect(text).toContain("深圳紧固件有限公司: 工厂停电了，我们下周发货。");
    expect(
      staff()
        .lastReplies()
        .find((m) => m.personText)?.personText,
    ).toMatchObject({ originalLanguage: "zh-CN", original: "工厂停电了，我们下周发货。" });
    await staff().clicks("staff.acknowledge", { claimId: "CL-1" });
    expect(keys(staff)).toEqual(["staff:acknowledged"]);
  });

  it("DT-04: staff decide the supplier is at fault, with reasons; the supplier owes the refund", async () => {
    await staff().clicks("staff.decide", { claimId: "CL-1" });
    await staff().submits("staff.decide", { outcome: "supplier-at-fault", reasons: "Not shipped by the agreed date; no proof of force majeure." });
    expect(keys(staff)).toEqual(["staff:flow.decided.supplier-at-fault"]);

    await supplier().clicks("common.whatNow");
    expect(
      supplier()
        .lastReply()
        ?.actions?.map((a) => a.actionId),
    ).toContain("claim.recordRefund");
    expect(supplier().lastReply()?.deadline).toBeDefined();
  });

  it("CL-08: the supplier reports the refund made; the buyer may still appeal within the window", async () => {
    await supplier().clicks("claim.recordRefund", { claimId: "CL-1" });
    await supplier().submits("claim.recordRefund", { reference: "REFUND-CL-1" });
    expect(keys(supplier)).toEqual(["claim:refundPaid"]);

    await buyer().clicks("common.leaveThread");
    await buyer().clicks("common.whatNow");
    expect(
      buyer()
        .lastReply()
        ?.actions?.map((a) => a.actionId),
    ).toContain("claim.appeal");
  });

  it("DT-08: the supplier appeals the decision with its reasons, within the appeal window", async () => {
    await supplier().clicks("claim.appeal", { claimId: "CL-1" });
    await supplier().submits("claim.appeal", { reasons: "停电证明已提供\n买家曾同意延期" });
    expect(keys(supplier)).toEqual(["claim:flow.appealed"]);
    await supplier().clicks("claim.appeal", { claimId: "CL-1" });
    await supplier().submits("claim.appeal", { reasons: "再次申诉" });
    expect(supplier().lastReplies()[0]).toMatchObject({ text: { key: "errors:CLAIM_ALREADY_APPEALED" }, tone: "error" });
  });

  it("reads like the chat it is", () => {
    const log = buyer().log();
    expect(log).toContain("buyer > hello, I want to order bolts");
    expect(log).toContain("bot > Deposit of $500.00 recorded for order PO-1.");
  });

  it("issue 15: a platform retry of a message in a thread (a command) is a no-op — one message recorded, no second reply", async () => {
    await buyer().clicks("common.enterThread", { orderId: "PO-1" });
    const messages = () => chat.app.db.prisma.domainEvent.count({ where: { streamType: "order", streamId: "PO-1", type: "CaseMessageSent" } });
    const before = await messages();
    const first = await buyer().send({ kind: "text", text: "Is the packing list ready?" }, "evt-retry-message");
    const again = await buyer().send({ kind: "text", text: "Is the packing list ready?" }, "evt-retry-message");
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual([]);
    expect(await messages()).toBe(before + 1);
    await buyer().clicks("common.leaveThread", {});
  });
});
