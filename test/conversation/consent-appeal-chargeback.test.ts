/**
 * The end of a case: the buyer consents to a partial refund that staff then decide (DT-04); the buyer,
 * refunded, reports a chargeback, which raises a fraud flag for staff (CL-12, FR-01); the supplier, who
 * lost the chargeback, appeals and a second staff member decides the appeal (DT-08); staff suspend and
 * reinstate the buyer from the case file's buttons (FR-02); a chargeback reported in an open claim's
 * thread closes that claim at once (CL-12). Buyer in English, supplier in Chinese, staff in English.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadedFile, type Harness } from "../support/harness/harness.js";
import { seedLinkCode, seedParty } from "../support/harness/seeds.js";
import { BUYER_ID, chatWithThreeParties, depositPaidOrder, linkEveryone, REQUESTED_TERMS, WITH_REQUIREMENT } from "./chat-fixtures.js";

const SECOND_STAFF_ID = "staff-ben";

describe("consent to a partial refund, a chargeback after the refund, an appeal decided by another staff member", { timeout: 60_000 }, () => {
  let chat: Harness;
  let first: string;
  let second: string;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");
  const otherStaff = () => chat.as("staff-ben");
  type Who = () => ReturnType<Harness["as"]>;
  const keys = (who: Who) =>
    who()
      .lastReplies()
      .map((m) => m.text?.key);
  const actions = (who: Who) =>
    who()
      .lastReplies()
      .flatMap((m) => m.actions ?? []);
  const actionIds = (who: Who) => actions(who).map((a) => a.actionId);
  const factLabels = (who: Who) =>
    who()
      .lastReplies()
      .flatMap((m) => m.facts ?? [])
      .map((f) => f.label.key);

  /** Ships the order, the buyer confirms receipt and opens a quality claim with a photo. */
  async function receivedWithQualityClaim(orderId: string, description: string): Promise<void> {
    await supplier().clicks("order.recordShipment", { orderId });
    await supplier().submits("order.recordShipment", { shippedOn: "2026-03-10", carrier: "COSCO", trackingNumber: `COSU-${orderId}` });
    await buyer().clicks("order.confirmReceipt", { orderId });
    await buyer().clicks("claim.file", { orderId });
    await buyer().submits("claim.file", { reason: "quality-differs-from-requirements", description }, [
      uploadedFile(`${orderId}.jpg`, "image/jpeg", description),
    ]);
    if (keys(buyer)[0] !== "claim:filed") throw new Error(`claim not filed:\n${buyer().log()}`);
  }

  beforeAll(async () => {
    chat = await chatWithThreeParties();
    await linkEveryone(chat);
    await seedParty(chat.app, {
      partyId: SECOND_STAFF_ID,
      role: "staff",
      displayName: "Ben (Trade Assurance)",
      locale: "en-GB",
      calendar: { country: "GB", timeZone: "Europe/London" },
      contact: {},
      staffLevel: 1,
    });
    await seedLinkCode(chat.app, SECOND_STAFF_ID, "BENSTAFF");
    chat.join("staff-ben", { externalUserId: "U-BEN", locale: "en-GB", timeZone: "Europe/London" });
    await otherStaff().says("BENSTAFF");
    first = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    second = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    chat.clock.set("2026-03-10T08:00:00.000Z");
    await receivedWithQualityClaim(first, "About 10 % of the bolts are 38 mm long.");
    await receivedWithQualityClaim(second, "Threads are damaged.");
  }, 180_000);

  afterAll(async () => {
    await chat?.close();
  });

  it("DT-03: the quality claim is rejected, escalated, inspected and reported", async () => {
    chat.clock.set("2026-03-12T08:00:00.000Z");
    await supplier().clicks("claim.respond", { claimId: "CL-1" });
    await supplier().submits("claim.respond", { response: "reject", reasons: "长度在公差范围内" });
    await buyer().clicks("claim.escalate", { claimId: "CL-1" });
    await buyer().clicks("claim.bookInspection", { claimId: "CL-1" });
    await buyer().submits("claim.bookInspection", { company: "SGS", fee: "180.00", bookingReference: "SGS-9911" });
    await buyer().clicks("claim.inspectionReport", { claimId: "CL-1" });
    await buyer().submits("claim.inspectionReport", {}, [uploadedFile("sgs-9911.pdf", "application/pdf", "SGS report: 8 % out of tolerance")]);
    expect(keys(buyer)).toEqual(["claim:flow.inspectionReported"]);
  });

  it("DT-04: a partial refund without the buyer's consent is refused; the form keeps what staff typed", async () => {
    await staff().clicks("staff.decide", { claimId: "CL-1" });
    expect(
      staff()
        .lastForm()
        ?.fields.find((f) => f.name === "partialRefund")?.hint?.key,
    ).toBe("staff:flow.noBuyerConsent");
    await staff().submits("staff.decide", { outcome: "partial-refund", reasons: "8 % of the lot out of tolerance.", partialRefund: "100.00" });
    expect(staff().lastReplies()[0]).toMatchObject({ text: { key: "errors:CLAIM_PARTIAL_REFUND_NEEDS_BUYER_CONSENT" }, tone: "error" });
    expect(
      staff()
        .lastForm()
        ?.fields.find((f) => f.name === "partialRefund")?.value,
    ).toBe("100.00");
  });

  it("DT-04: the buyer of the escalated quality case consents to a partial refund up to an amount; staff then decide within it", async () => {
    await buyer().clicks("claim.view", { claimId: "CL-1" });
    expect(actionIds(buyer)).toContain("claim.consentPartialRefund");
    await buyer().clicks("claim.consentPartialRefund", { claimId: "CL-1" });
    await buyer().submits("claim.consentPartialRefund", { upTo: "500.00" });
    expect(buyer().lastReplies()[0]).toMatchObject({ text: { key: "errors:CLAIM_REFUND_EXCEEDS_PROTECTED" }, tone: "error" });
    await buyer().submits("claim.consentPartialRefund", { upTo: "120.00" });
    expect(keys(buyer)).toEqual(["claim:flow.partialRefundConsented"]);
    expect(buyer().lastText()).toBe("You consented to a partial refund of up to $120.00 on claim CL-1.");

    await staff().submits("staff.decide", {});
    expect(keys(staff)).toEqual(["staff:flow.decided.partial-refund"]);
    await supplier().clicks("claim.recordRefund", { claimId: "CL-1" });
    await supplier().submits("claim.recordRefund", { reference: "REF-CL-1" });
    expect(supplier().lastText()).toContain("US$100.00");
  });

  it("CL-12 / FR-01: the refunded buyer reports a chargeback; the claim closes and staff see the chargeback-after-refund flag", async () => {
    chat.clock.set("2026-03-20T15:00:00.000Z");
    await buyer().clicks("order.view", { orderId: first });
    expect(actionIds(buyer)).toContain("order.reportChargeback");
    await buyer().clicks("order.reportChargeback", { orderId: first });
    expect(buyer().lastForm()?.fields[0]?.hint?.key).toBe("order:flow.chargebackClosesClaim");
    await buyer().submits("order.reportChargeback", { reference: "VISA-CB-5521" });
    expect(keys(buyer)).toEqual(["order:flow.chargebackReportedClaimClosed"]);
    expect(buyer().lastReplies()[0]?.text?.params).toMatchObject({ orderId: first, claimId: "CL-1" });

    await staff().clicks("staff.case", { claimId: "CL-1" });
    expect(factLabels(staff)).toContain("staff:flow.fraudSignal.chargeback-after-refund");
  });

  it("CL-12 / DT-08: the supplier who lost the chargeback appeals; the staff member who decided may not decide the appeal, another one does", async () => {
    chat.clock.set("2026-04-10T02:00:00.000Z");
    await supplier().clicks("claim.view", { claimId: "CL-1" });
    expect(actionIds(supplier)).toContain("claim.appealLostChargeback");
    await supplier().clicks("claim.appealLostChargeback", { claimId: "CL-1" });
    await supplier().submits("claim.appealLostChargeback", { reasons: "买家已获退款后又通过银行拒付" });
    expect(supplier().lastReplies()[0]?.facts?.[0]?.label.key).toBe("claim:flow.chargebackRecord");
    await supplier().submits("claim.appealLostChargeback", {}, [uploadedFile("chargeback-lost.pdf", "application/pdf", "VISA-CB-5521: merchant lost")]);
    expect(keys(supplier)).toEqual(["claim:flow.appealed"]);

    // The undecided appeal waits in the staff queue even though the claim itself is closed.
    await staff().clicks("staff.queue");
    expect(
      staff()
        .lastReplies()[0]
        ?.actions?.map((a) => a.payload?.["claimId"]),
    ).toContain("CL-1");

    await staff().clicks("staff.case", { claimId: "CL-1" });
    expect(actionIds(staff)).toContain("staff.decideAppeal");
    expect(factLabels(staff)).toContain("staff:flow.appealBy.supplier");
    await staff().clicks("staff.decideAppeal", { claimId: "CL-1" });
    await staff().submits("staff.decideAppeal", { outcome: "overturned", reasons: "The buyer was paid twice for the same lot." });
    expect(staff().lastReplies()[0]).toMatchObject({ text: { key: "errors:APPEAL_SAME_STAFF" }, tone: "error" });

    await otherStaff().clicks("staff.case", { claimId: "CL-1" });
    expect(actionIds(otherStaff)).toContain("staff.decideAppeal");
    await otherStaff().clicks("staff.decideAppeal", { claimId: "CL-1" });
    await otherStaff().submits("staff.decideAppeal", { outcome: "overturned", reasons: "The buyer was paid twice for the same lot." });
    expect(keys(otherStaff)).toEqual(["staff:flow.appealDecided.overturned"]);
    await otherStaff().clicks("staff.queue");
    expect(
      otherStaff()
        .lastReplies()[0]
        ?.actions?.map((a) => a.payload?.["claimId"]) ?? [],
    ).not.toContain("CL-1");
  });

  it("FR-02 / TA-07: from the case file staff suspend the buyer, and reinstate it with a reason", async () => {
    await staff().clicks("staff.case", { claimId: "CL-1" });
    const suspend = actions(staff).find((a) => a.actionId === "staff.suspendParty" && a.payload?.["partyId"] === BUYER_ID);
    expect(suspend?.label).toMatchObject({ key: "staff:flow.suspendNamed", params: { name: "Ohio Tools LLC" } });
    expect(actionIds(staff)).toContain("staff.ledger");
    await staff().clicks("staff.suspendParty", { ...suspend?.payload });
    expect(
      staff()
        .lastForm()
        ?.fields.find((f) => f.name === "partyId")?.value,
    ).toBe(BUYER_ID);
    await staff().submits("staff.suspendParty", { reason: "Chargeback after a refund, under review." });
    expect(keys(staff)).toEqual(["staff:partySuspended"]);

    await staff().clicks("staff.case", { claimId: "CL-1" });
    expect(factLabels(staff)).toContain("staff:flow.suspendedFact");
    const reinstate = actions(staff).find((a) => a.actionId === "staff.reinstateParty" && a.payload?.["partyId"] === BUYER_ID);
    expect(reinstate).toBeDefined();
    await staff().clicks("staff.reinstateParty", { ...reinstate?.payload });
    await staff().submits("staff.reinstateParty", { reason: "The bank confirmed an error; no fraud." });
    expect(keys(staff)).toEqual(["staff:partyReinstated"]);
  });

  it("CL-12: a chargeback reported from an open claim's thread closes the claim at once; the supplier cannot report one", async () => {
    await buyer().clicks("claim.view", { claimId: "CL-2" });
    const report = actions(buyer).find((a) => a.actionId === "order.reportChargeback");
    expect(report?.payload).toMatchObject({ claimId: "CL-2", orderId: second });
    await buyer().clicks("order.reportChargeback", { ...report?.payload });
    await buyer().submits("order.reportChargeback", { reference: "AMEX-CB-0042" });
    expect(keys(buyer)).toEqual(["order:flow.chargebackReportedClaimClosed"]);
    await buyer().clicks("claim.view", { claimId: "CL-2" });
    expect(
      buyer()
        .lastReplies()[0]
        ?.facts?.find((f) => f.label.key === "order:flow.statusFact")?.value,
    ).toMatchObject({ key: "claim:status.closed" });

    await supplier().clicks("order.reportChargeback", { orderId: second });
    await supplier().submits("order.reportChargeback", { reference: "X-1" });
    expect(supplier().lastReplies()[0]).toMatchObject({ text: { key: "errors:CHARGEBACK_NOT_ALLOWED" }, tone: "error" });
  });
});
