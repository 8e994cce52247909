/**
 * Whole stories, end to end through the pure core: every use case and every deadline firing by
 * itself as the clock moves, with the ledger reconciled at the end.
 */
import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE } from "../../src/domain/claims/claim-deadlines.js";
import { acceptProposal, propose } from "../../src/domain/claims/use-cases/negotiate.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { bookInspection, recordInspectionReport } from "../../src/domain/claims/use-cases/inspection.js";
import { decideClaim } from "../../src/domain/claims/use-cases/decide-claim.js";
import { consentToPartialRefund } from "../../src/domain/claims/use-cases/consent-partial-refund.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { fileChargeback } from "../../src/domain/claims/use-cases/file-chargeback.js";
import { fileClaim } from "../../src/domain/claims/use-cases/file-claim.js";
import { recordSupplierRefund } from "../../src/domain/claims/use-cases/refunds.js";
import { recordDeposit } from "../../src/domain/orders/use-cases/record-deposit.js";
import { recordShipment } from "../../src/domain/orders/use-cases/record-shipment.js";
import { localDateOf } from "../../src/domain/shared/time.js";
import { evidenceFile } from "./claims-fixtures.js";
import { asBuyer, asSupplier, buyer, completeTerms, confirmedOrder, depositPaidOrder, receivedOrder, shippedOrder, supplier, usd } from "./orders-fixtures.js";
import { StoryWorld } from "./support/story-world.js";

const asStaff = (now: string, staffId = "staff-1") => ({ now, actor: { kind: "staff" as const, partyId: staffId } });
const LIMIT = usd(1_000_000); // the funded ledger of the fixtures: USD 10,000.00

function fired(world: StoryWorld, kind: string) {
  return world.log.filter((f) => f.deadline.kind === kind);
}

describe("whole stories", () => {
  it("CL-09/DT-05: late shipment → supplier silent past its window → escalation → at fault → no refund → platform pays out → supplier owes", () => {
    // The buyer agreed a deposit of 500.00 of which only 375.00 is protected (TA-06).
    const terms = completeTerms({ deposit: usd(50_000), balance: usd(75_000) });
    const world = new StoryWorld(confirmedOrder(terms), "2026-02-05T15:00:00.000Z");
    world.act((now) =>
      recordDeposit(
        world.order,
        { orderId: world.order.id, amount: usd(50_000), method: "tt", fee: usd(3_500), throughPlatform: true, reference: "TT-88" },
        asBuyer(now),
      ),
    );
    expect(world.balances().frozen).toEqual(usd(37_500));

    // Not shipped by 16 March; the buyer files on the 18th (New York).
    world.at("2026-03-18T14:00:00.000Z");
    world.act((now) =>
      fileClaim(
        world.order,
        buyer,
        supplier,
        world.ledger,
        { claimId: "clm-late", reason: "not-shipped-on-time", description: "Not shipped by 16 March" },
        asBuyer(now),
      ),
    );
    world.act((now) => attachEvidence(world.claim!, { file: evidenceFile("signed-po", { category: "signed-po" }) }, asBuyer(now)));
    const responseDeadline = world.deadlines().find((d) => d.kind === CLAIM_DEADLINE.supplierResponse)!;
    expect(responseDeadline.actor).toBe("supplier");
    expect(localDateOf(responseDeadline.dueAt, "Asia/Shanghai")).toBe("2026-04-09"); // 15 CN business days, Qingming skipped

    // The supplier stays silent: it is reminded 3 and 1 business days before, then the window passes.
    world.at("2026-04-12T00:00:00.000Z");
    const responseFirings = fired(world, CLAIM_DEADLINE.supplierResponse);
    expect(responseFirings.map((f) => f.what)).toEqual(["reminder", "reminder", "outcome"]);
    expect(responseFirings[2]?.events).toContain("ClaimSupplierResponseOverdue");

    // The buyer asks the platform to decide; staff are paged (DT-01).
    const escalation = world.act((now) => escalateClaim(world.claim!, {}, asBuyer(now)));
    expect(escalation.map((e) => e.type)).toEqual(expect.arrayContaining(["ClaimEscalated", "PageRaised"]));
    expect(world.claim?.status).toBe("escalated");

    // Staff decide: supplier at fault, on the shipping evidence (DT-02).
    world.at("2026-04-14T02:00:00.000Z");
    world.act((now) =>
      decideClaim(
        world.claim!,
        {
          outcome: "supplier-at-fault",
          reasons: ["No shipment or export record by the agreed date"],
          evidenceConsidered: [evidenceFile("signed-po").sha256],
          returnRequired: false,
        },
        asStaff(now),
      ),
    );
    expect(world.claim?.status).toBe("refund-due");
    expect(world.claim?.refundDue?.amount).toEqual(usd(37_500)); // 100 % of the protected payment

    // The supplier never refunds: when its deadline passes the platform pays out by itself.
    world.at("2026-06-01T00:00:00.000Z");
    const payout = fired(world, CLAIM_DEADLINE.supplierRefund).find((f) => f.what === "outcome");
    expect(payout?.events).toEqual(expect.arrayContaining(["LedgerPayoutRecorded", "ClaimRefunded"]));
    expect(world.claim?.refundPaid).toMatchObject({ by: "platform", amount: usd(37_500), supplierStillOwesBuyer: usd(12_500) });

    // The ledger reconciles: nothing frozen for the order, the payout owed, available reduced by it.
    const balances = world.balances();
    expect(balances).toEqual({ limit: LIMIT, frozen: usd(0), owed: usd(37_500), available: usd(1_000_000 - 37_500) });
  });

  it("DT-03/DT-04: a quality claim with an inspection and a partial refund by the buyer's consent", () => {
    const world = new StoryWorld(receivedOrder(), "2026-04-21T14:00:00.000Z");
    world.act((now) =>
      fileClaim(
        world.order,
        buyer,
        supplier,
        world.ledger,
        { claimId: "clm-q", reason: "quality-differs-from-requirements", description: "Bolts measure 38 mm, not 40 ± 0.5" },
        asBuyer(now),
      ),
    );
    world.act((now) => propose(world.claim!, { proposal: { kind: "rework-replacement", description: "Replace the next batch" } }, asSupplier(now)));
    world.at("2026-05-10T14:00:00.000Z"); // past the 15-day negotiation period
    world.act((now) => escalateClaim(world.claim!, {}, asBuyer(now)));

    // The buyer books SGS and pays the fee upfront; the case waits on the inspector (CL-14).
    world.act((now) => bookInspection(world.claim!, { company: "SGS", fee: usd(29_900), bookingReference: "SGS-7781" }, asBuyer(now)));
    expect(world.claim?.pauses.some((p) => !p.to)).toBe(true);
    world.at("2026-05-14T14:00:00.000Z");
    const report = evidenceFile("sgs-report", { category: "inspection-report" });
    world.act((now) => recordInspectionReport(world.claim!, { file: report }, asBuyer(now)));
    expect(world.claim?.pauses.every((p) => p.to)).toBe(true);

    // The report finds 20 % of the lot out of tolerance; with the buyer's consent, a partial refund.
    world.act((now) => consentToPartialRefund(world.claim!, { upTo: usd(7_500) }, asBuyer(now)));
    world.act((now) =>
      decideClaim(
        world.claim!,
        {
          outcome: "partial-refund",
          reasons: ["AQL 2.5 failed on length; 20 % of the lot affected"],
          evidenceConsidered: [report.sha256],
          partialRefund: usd(7_500),
          returnRequired: false,
        },
        asStaff(now),
      ),
    );
    expect(world.claim?.decision).toMatchObject({ outcome: "partial-refund", refund: usd(7_500), buyerConsented: true });
    world.act((now) => recordSupplierRefund(world.claim!, { order: world.order, ledger: world.ledger }, { reference: "REFUND-1" }, asSupplier(now)));
    expect(world.claim?.refundPaid).toMatchObject({ by: "supplier", amount: usd(7_500) });
    expect(world.balances().owed).toEqual(usd(0));

    // Once the appeal window and the claim window have passed, the order completes and the freeze is released.
    world.at("2026-08-01T00:00:00.000Z");
    expect(world.claim?.status).toBe("closed");
    expect(world.order.status).toBe("completed");
    expect(world.balances()).toEqual({ limit: LIMIT, frozen: usd(0), owed: usd(0), available: LIMIT });
  });

  it("CL-12: a chargeback closes the open claim at once and the buyer keeps one resolution method", () => {
    const world = new StoryWorld(depositPaidOrder(), "2026-03-18T14:00:00.000Z");
    world.act((now) =>
      fileClaim(world.order, buyer, supplier, world.ledger, { claimId: "clm-cb", reason: "not-shipped-on-time", description: "Not shipped" }, asBuyer(now)),
    );
    world.at("2026-03-20T14:00:00.000Z");
    const events = world.act((now) => fileChargeback(world.order, world.claim, world.ledger, { reference: "VISA-CB-1" }, asBuyer(now)));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["OrderChargebackFiled", "ClaimClosed", "LedgerClaimHoldEnded"]));
    expect(world.claim?.status).toBe("closed");
    expect(world.deadlines().filter((d) => d.subject.type === "claim")).toEqual([]);
    // No second claim while the chargeback is in progress (CL-02).
    expect(() =>
      fileClaim(world.order, buyer, supplier, world.ledger, { claimId: "clm-cb-2", reason: "not-shipped-on-time", description: "Again" }, asBuyer(world.now)),
    ).toThrow(expect.objectContaining({ code: "CLAIM_NOT_ELIGIBLE_CHARGEBACK_IN_PROGRESS" }));
  });

  it("CL-05/ORD-04: the claim entrance closes by itself after the window, and a received order completes", () => {
    const terms = completeTerms({ coverageType: "pre-shipment" });
    const world = new StoryWorld(depositPaidOrder(terms), "2026-03-16T10:00:00.000Z");
    world.act((now) =>
      recordShipment(world.order, { orderId: world.order.id, shippedOn: "2026-03-16", carrier: "COSCO", trackingNumber: "COSU1" }, asSupplier(now)),
    );
    const window = world.deadlines().find((d) => d.kind === "claim-window")!;
    expect(localDateOf(window.dueAt, "America/New_York")).toBe("2026-03-31"); // shipment + 15 days
    world.at("2026-04-02T00:00:00.000Z");
    expect(world.order.claimWindowClosed).toBe(true);
    // ORD-04 (classic): receipt never confirmed is deemed when the entrance closes; the order completes.
    expect(world.order.status).toBe("completed");
    expect(world.balances().frozen).toEqual(usd(0));
    expect(() =>
      fileClaim(
        world.order,
        buyer,
        supplier,
        world.ledger,
        { claimId: "late", reason: "quality-differs-from-requirements", description: "x" },
        asBuyer(world.now),
      ),
    ).toThrow(expect.objectContaining({ code: "CLAIM_NOT_ELIGIBLE_WINDOW_CLOSED" }));
  });

  it("CL-09: under the express profile an unanswered claim escalates by itself on its day 7 and staff are paged", () => {
    const world = new StoryWorld(depositPaidOrder(completeTerms(), "express"), "2026-03-18T14:00:00.000Z");
    world.act((now) =>
      fileClaim(world.order, buyer, supplier, world.ledger, { claimId: "clm-x", reason: "not-shipped-on-time", description: "Late" }, asBuyer(now)),
    );
    world.at("2026-03-24T23:00:00.000Z"); // late on day 6: not yet
    expect(world.claim?.status).not.toBe("escalated");
    world.at("2026-03-26T00:00:00.000Z");
    const auto = fired(world, CLAIM_DEADLINE.autoEscalation).find((f) => f.what === "outcome");
    expect(auto?.events).toEqual(expect.arrayContaining(["ClaimEscalated", "PageRaised"]));
    // Days count from the filing day (day 0, as "answer within 3 days, escalate from day 4" reads):
    // day 7 of a claim filed on 18 March begins at midnight on 25 March in the buyer's time zone.
    expect(auto!.at).toBe("2026-03-25T04:00:00.000Z");
    expect(world.claim?.status).toBe("escalated");
  });

  it("POL-03/CL-07: a supplier in China whose response window spans the 1–7 October holidays", () => {
    const terms = completeTerms({ shippingDate: "2026-09-25" });
    const world = new StoryWorld(confirmedOrder(terms), "2026-09-01T15:00:00.000Z");
    world.act((now) =>
      recordDeposit(
        world.order,
        { orderId: world.order.id, amount: usd(37_500), method: "tt", fee: usd(3_000), throughPlatform: true, reference: "TT-9" },
        asBuyer(now),
      ),
    );
    world.at("2026-09-28T02:00:00.000Z"); // Monday 28 Sep, 10:00 in Shenzhen; Sunday evening in Ohio
    world.act((now) =>
      fileClaim(
        world.order,
        buyer,
        supplier,
        world.ledger,
        { claimId: "clm-oct", reason: "not-shipped-on-time", description: "Not shipped by 25 Sep" },
        asBuyer(now),
      ),
    );
    const due = world.deadlines().find((d) => d.kind === CLAIM_DEADLINE.supplierResponse)!;
    expect(localDateOf(due.dueAt, "Asia/Shanghai")).toBe("2026-10-23");
    expect(due.dueAt).toBe("2026-10-23T15:59:59.000Z");
    world.at("2026-10-22T12:00:00.000Z");
    expect(world.claim?.status).toBe("awaiting-response"); // still within the window on 22 Oct
    expect(fired(world, CLAIM_DEADLINE.supplierResponse).map((f) => f.what)).toEqual(["reminder", "reminder"]);
    world.act((now) => propose(world.claim!, { proposal: { kind: "reship", newDate: "2026-11-02" } }, asSupplier(now)));
    world.act((now) => acceptProposal(world.claim!, { order: world.order, ledger: world.ledger }, { round: 1 }, asBuyer(now)));
    expect(world.claim?.status).toBe("closed");
  });

  it("TA-02: shipped, received and completed without a claim, the frozen amount returns to available", () => {
    const world = new StoryWorld(shippedOrder(), "2026-03-16T10:00:00.000Z");
    expect(world.balances().available).toEqual(usd(1_000_000 - 37_500));
    world.at("2026-08-01T00:00:00.000Z");
    expect(world.order.claimWindowClosed).toBe(true);
    // ORD-04 (classic): receipt never confirmed is deemed when the entrance closes; the freeze is released.
    expect(world.order.status).toBe("completed");
    expect(world.balances().available).toEqual(usd(1_000_000));
  });
});
