/**
 * After delivery: the supplier ships, the buyer confirms receipt and talks in the order's thread; a
 * quality claim is negotiated to an agreement (supplier in Chinese, buyer in English); a second order's
 * quality claim is escalated and staff use their tools — evidence request, extension, inspection,
 * decision — and finally a supplier's ledger, a link code for a new colleague, and a suspension.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadedFile, type Harness } from "../support/harness/harness.js";
import { chatWithThreeParties, depositPaidOrder, linkEveryone, REQUESTED_TERMS, SUPPLIER_ID, WITH_REQUIREMENT } from "./chat-fixtures.js";

// Generous limits: each step is a few database transactions on an embedded PGlite.
describe("delivery, a negotiated quality claim and the staff tools", { timeout: 60_000 }, () => {
  let chat: Harness;
  let first: string;
  let second: string;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");
  const keys = (who: () => ReturnType<Harness["as"]>) =>
    who()
      .lastReplies()
      .map((m) => m.text?.key);
  const actionIds = (who: () => ReturnType<Harness["as"]>) =>
    who()
      .lastReplies()
      .flatMap((m) => m.actions ?? [])
      .map((a) => a.actionId);

  beforeAll(async () => {
    chat = await chatWithThreeParties();
    await linkEveryone(chat);
    first = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    second = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
  });

  it("ORD-03: a shipping date in the future is refused; the form keeps what was typed and the corrected date ships the order", async () => {
    chat.clock.set("2026-03-10T08:00:00.000Z");
    await supplier().clicks("common.whatNow");
    expect(
      supplier()
        .lastReply()
        ?.actions?.map((a) => a.actionId),
    ).toContain("order.recordShipment");
    await supplier().clicks("order.recordShipment", { orderId: first });
    await supplier().submits("order.recordShipment", { shippedOn: "2026-03-30", carrier: "COSCO", trackingNumber: "COSU6612345" });
    expect(supplier().lastReplies()[0]).toMatchObject({ text: { key: "errors:ORDER_DATE_IN_FUTURE" }, tone: "error" });
    expect(
      supplier()
        .lastForm()
        ?.fields.find((f) => f.name === "carrier")?.value,
    ).toBe("COSCO");
    await supplier().submits("order.recordShipment", { shippedOn: "2026-03-10" });
    expect(keys(supplier)).toEqual(["order:shipmentRecorded"]);
    expect(supplier().lastText()).toContain("COSU6612345");
  });

  it("a flow can be cancelled; the other order ships from a fresh form", async () => {
    await supplier().clicks("order.recordShipment", { orderId: second });
    await supplier().clicks("common.cancelFlow");
    expect(keys(supplier)).toEqual(["common:flow.cancelled"]);
    await supplier().clicks("order.recordShipment", { orderId: second });
    expect(
      supplier()
        .lastForm()
        ?.fields.every((f) => f.value === undefined),
    ).toBe(true);
    await supplier().submits("order.recordShipment", { shippedOn: "2026-03-10", carrier: "COSCO", trackingNumber: "COSU6612346" });
    expect(keys(supplier)).toEqual(["order:shipmentRecorded"]);
  });

  it("ORD-04: the buyer confirms receipt; CM-02: in the order's thread the buyer's free text goes to the supplier", async () => {
    chat.clock.set("2026-03-20T15:00:00.000Z");
    await buyer().clicks("order.confirmReceipt", { orderId: first });
    expect(buyer().lastText()).toBe(`Receipt of order ${first} is confirmed.`);
    await buyer().clicks("order.view", { orderId: first });
    // CM-06: viewing the order does not enter its thread; the explicit button does.
    expect(
      buyer()
        .lastReplies()
        .flatMap((m) => m.actions ?? [])
        .map((a) => a.actionId),
    ).toContain("common.enterThread");
    await buyer().clicks("common.enterThread", { orderId: first });
    await buyer().says("Some bolts measure 38 mm, not 40 mm.");
    expect(keys(buyer)).toEqual(["conversation:thread.sent.toSupplier"]);
  });

  it("CL-01 / CL-11: the buyer opens a quality claim with a photo", async () => {
    await buyer().clicks("claim.file", { orderId: first });
    await buyer().submits("claim.file", { reason: "quality-differs-from-requirements", description: "About 10 % of the bolts are 38 mm long." }, [
      uploadedFile("caliper.jpg", "image/jpeg", "caliper reading 38.0 mm"),
    ]);
    expect(keys(buyer)).toEqual(["claim:filed"]);
  });

  it("CL-07: the supplier answers with a partial refund; a missing amount is asked again by name", async () => {
    await supplier().clicks("claim.respond", { claimId: "CL-1" });
    await supplier().submits("claim.respond", { response: "partial-refund" });
    expect(supplier().lastReplies()[0]?.facts?.[0]?.label.key).toBe("claim:flow.partialAmount");
    await supplier().says("100.00");
    expect(keys(supplier)).toEqual(["claim:flow.proposed"]);
  });

  it("CL-08: the buyer counters; the supplier accepts the counter-proposal and a refund is due", async () => {
    await buyer().clicks("claim.view", { claimId: "CL-1" });
    expect(actionIds(buyer)).toEqual(expect.arrayContaining(["claim.accept", "claim.respond"]));
    await buyer().clicks("claim.respond", { claimId: "CL-1" });
    await buyer().submits("claim.respond", { response: "partial-refund", amount: "200.00" });
    expect(keys(buyer)).toEqual(["claim:flow.proposed"]);

    await supplier().clicks("claim.view", { claimId: "CL-1" });
    const accept = supplier()
      .lastReplies()
      .flatMap((m) => m.actions ?? [])
      .find((a) => a.actionId === "claim.accept");
    expect(accept?.payload).toMatchObject({ claimId: "CL-1", round: 2 });
    await supplier().clicks("claim.accept", { ...accept?.payload });
    expect(keys(supplier)).toEqual(["claim:flow.accepted", "claim:flow.refundDue"]);
    expect(supplier().lastReplies()[1]?.text?.params?.["amount"]).toEqual({ amountMinor: 20_000, currency: "USD" });

    await supplier().clicks("claim.recordRefund", { claimId: "CL-1" });
    await supplier().submits("claim.recordRefund", { reference: "REF-CL-1" });
    expect(supplier().lastText()).toContain("US$200.00");
  });

  it("CL-08: an agreed and refunded claim is closed; accepting an old round is refused with the domain's reason", async () => {
    await buyer().clicks("claim.accept", { claimId: "CL-1", round: 1 });
    expect(buyer().lastReplies()[0]).toMatchObject({ text: { key: "errors:CLAIM_CLOSED" }, tone: "error" });
  });

  it("CL-09 / CL-10 / CL-11 / CL-13 / DT-03: an escalated quality claim — evidence requested and uploaded, a deadline extended, an inspection booked and reported", async () => {
    await buyer().clicks("claim.file", { orderId: second });
    await buyer().submits("claim.file", { reason: "quality-differs-from-requirements", description: "Threads are damaged." }, [
      uploadedFile("threads.jpg", "image/jpeg", "damaged threads"),
    ]);
    await supplier().clicks("claim.respond", { claimId: "CL-2" });
    await supplier().submits("claim.respond", { response: "reject", reasons: "货物出厂时检验合格" });
    await buyer().clicks("claim.escalate", { claimId: "CL-2" });
    expect(keys(buyer)).toEqual(["claim:flow.escalated"]);

    // CL-16: staff's "Request inspection report" opens the evidence request addressed to the buyer, describing the report.
    await staff().clicks("staff.requestEvidence", { claimId: "CL-2", from: "buyer", about: "inspection-report" });
    const asked = staff().lastForm()?.fields ?? [];
    expect(asked.find((f) => f.name === "from")?.value).toBe("buyer");
    expect(asked.find((f) => f.name === "description")?.value).toContain("inspection report");
    await staff().clicks("common.cancelFlow");

    await staff().clicks("staff.requestEvidence", { claimId: "CL-2" });
    await staff().submits("staff.requestEvidence", { from: "supplier", description: "Outgoing inspection record for the batch." });
    expect(keys(staff)).toEqual(["staff:flow.evidenceRequested"]);

    await staff().clicks("staff.extendDeadline", { claimId: "CL-2" });
    await staff().submits("staff.extendDeadline", {
      deadlineKind: "evidence-request",
      newDueDate: "2026-04-10",
      reason: "Supplier's plant closed for a holiday.",
    });
    expect(keys(staff)).toEqual(["staff:deadlineExtended"]);

    await supplier().clicks("claim.attachEvidence", { claimId: "CL-2" });
    await supplier().submits("claim.attachEvidence", {}, [uploadedFile("outgoing-qc.pdf", "application/pdf", "出厂检验记录")]);
    expect(keys(supplier)).toEqual(["claim:flow.evidenceAttached"]);

    await buyer().clicks("claim.view", { claimId: "CL-2" });
    expect(actionIds(buyer)).toContain("claim.bookInspection");
    await buyer().clicks("claim.bookInspection", { claimId: "CL-2" });
    await buyer().submits("claim.bookInspection", { company: "SGS", fee: "180.00", bookingReference: "SGS-7788" });
    expect(keys(buyer)).toEqual(["claim:flow.inspectionBooked"]);
    await buyer().clicks("claim.inspectionReport", { claimId: "CL-2" });
    await buyer().submits("claim.inspectionReport", {}, [uploadedFile("sgs-report.pdf", "application/pdf", "SGS report: 12 % out of tolerance")]);
    expect(keys(buyer)).toEqual(["claim:flow.inspectionReported"]);
  });

  it("DT-03 / DT-04: staff decide on the inspection report; the decision weighs every file on record", async () => {
    await staff().clicks("staff.decide", { claimId: "CL-2" });
    await staff().submits("staff.decide", { outcome: "supplier-at-fault", reasons: "SGS found 12 % of the batch out of tolerance." });
    expect(keys(staff)).toEqual(["staff:flow.decided.supplier-at-fault"]);
  });

  it("TA-02 / CM-06: staff read the supplier's ledger, naming the supplier by part of its company name", async () => {
    await staff().clicks("staff.ledger");
    const field = staff()
      .lastForm()
      ?.fields.find((f) => f.name === "supplierId");
    expect(field?.options?.map((o) => o.value)).toContain(SUPPLIER_ID); // chosen by name; the id is only the option's value
    await staff().submits("staff.ledger", { supplierId: "紧固件" });
    expect(keys(staff)).toEqual(["staff:ledgerLine"]);
    expect(staff().lastText()).toContain("深圳紧固件有限公司");
    expect(staff().lastText()).not.toContain(SUPPLIER_ID);
    expect(staff().lastText()).toMatch(/^Limit US\$5,000\.00 · committed US\$\d/);
  });

  it("CM-05 / CM-06: staff issue a link code for a party picked by name; the supplier's colleague links with it on another channel", async () => {
    await staff().clicks("staff.issueLinkCode");
    // Issue 16: the party is a choice by name, never an id typed.
    const partyField = staff()
      .lastForm()
      ?.fields.find((f) => f.name === "partyId");
    expect(partyField?.type).toBe("select");
    expect(partyField?.options?.map((o) => staff().render({ text: o.label }))).toEqual(expect.arrayContaining(["深圳紧固件有限公司", "Ohio Tools LLC"]));
    await staff().submits("staff.issueLinkCode", { partyId: "紧固件" });
    expect(staff().lastText()).toMatch(/^Link code for 深圳紧固件有限公司: /);
    expect(staff().lastText()).not.toContain(SUPPLIER_ID);
    const code = String(staff().lastReplies()[0]?.text?.params?.["code"]);
    const colleague = chat.join("colleague", { externalUserId: "T-42", channel: "teams", locale: "zh-CN", timeZone: "Asia/Shanghai" });
    await colleague.says(code);
    expect(colleague.lastText()).toContain("深圳紧固件有限公司");
  });

  it("TA-07 / CM-06: staff suspend the supplier, who is no longer offered for new orders and cannot be picked", async () => {
    await staff().clicks("staff.suspendParty");
    // Issue 16: a name no party has is answered with the closest names, in the staff member's language.
    await staff().submits("staff.suspendParty", { partyId: "Shenzen Fastners", reason: "Repeated late shipments." });
    expect(staff().lastText()).toContain("No party is called “Shenzen Fastners”. The closest:");
    await staff().submits("staff.suspendParty", { partyId: "深圳紧固件" });
    expect(keys(staff)).toEqual(["staff:partySuspended"]);
    expect(staff().lastText()).toBe("深圳紧固件有限公司 has been suspended.");

    await buyer().clicks("order.request");
    expect(
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "supplierId")
        ?.options?.map((o) => o.value),
    ).not.toContain(SUPPLIER_ID);
    await buyer().submits("order.request", { ...REQUESTED_TERMS, ...WITH_REQUIREMENT, shippingDate: "2026-05-04" });
    expect(
      buyer()
        .lastForm()
        ?.fields.find((f) => f.name === "supplierId")?.error?.key,
    ).toBe("conversation:supplier.none"); // the only supplier is suspended: none is left to order from
    await buyer().clicks("common.cancelFlow");
  });

  it("staff cannot be reached by a buyer's staff-only button", async () => {
    await buyer().clicks("staff.queue");
    expect(buyer().lastReplies()[0]).toMatchObject({ text: { key: "errors:STAFF_ONLY" }, tone: "error" });
  });
});
