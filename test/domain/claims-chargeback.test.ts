import { describe, expect, it } from "vitest";
import { CLAIM_EVENT, type ClaimAppealedData } from "../../src/domain/claims/claim-events.js";
import { appealDecision } from "../../src/domain/claims/use-cases/appeal.js";
import { decideClaim } from "../../src/domain/claims/use-cases/decide-claim.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { escalateClaim } from "../../src/domain/claims/use-cases/escalate-claim.js";
import { chargebackAfterRefundFlag, fileChargeback } from "../../src/domain/claims/use-cases/file-chargeback.js";
import { rejectClaim } from "../../src/domain/claims/use-cases/negotiate.js";
import { recordSupplierRefund } from "../../src/domain/claims/use-cases/refunds.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { deadlinesOfClaim } from "../../src/domain/claims/claim-deadlines.js";
import { LEDGER_EVENT } from "../../src/domain/ledger/ledger.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { applyWorld, asStaff, evidenceFile, fileInto, LATE_FILED_AT, lateShipmentClaim, only, types, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, refusal } from "./orders-fixtures.js";

/** A late-shipment claim decided against the supplier, which then refunded and saw the appeal window close. */
function refundedAndFinal(): World {
  let world = lateShipmentClaim();
  world = applyWorld(world, rejectClaim(world.claim, { reasons: ["Not late"] }, asSupplier("2026-03-19T02:00:00.000Z")));
  world = applyWorld(world, escalateClaim(world.claim, {}, asBuyer("2026-03-19T14:00:00.000Z")));
  const tracking = evidenceFile("tracking");
  world = applyWorld(world, attachEvidence(world.claim, { file: tracking }, asBuyer("2026-03-19T15:00:00.000Z")));
  world = applyWorld(
    world,
    decideClaim(
      world.claim,
      { outcome: "supplier-at-fault", reasons: ["No export record"], evidenceConsidered: [tracking.sha256] },
      asStaff("2026-03-20T10:00:00.000Z"),
    ),
  );
  world = applyWorld(world, recordSupplierRefund(world.claim, world, { reference: "REF-1" }, asSupplier("2026-03-23T02:00:00.000Z")));
  const appealWindow = deadlinesOfClaim(world.claim).find((d) => d.kind === "appeal-window");
  return applyWorld(
    world,
    deadlinePassed(world.claim, world.order, world.ledger, { deadlineId: appealWindow?.id ?? "" }, asSystem("2026-05-01T00:00:00.000Z")),
  );
}

describe("one resolution method (CL-12)", () => {
  it("CL-12: a chargeback filed for the order immediately closes its open claim and ends the claim hold", () => {
    const world = lateShipmentClaim();
    const events = fileChargeback(world.order, world.claim, world.ledger, { reference: "CB-42" }, asSystem("2026-03-20T10:00:00.000Z"));
    expect(types(events)).toEqual([ORDER_EVENT.chargebackFiled, CLAIM_EVENT.closed, LEDGER_EVENT.claimHoldEnded, ORDER_EVENT.claimClosed]);
    const after = applyWorld(world, events);
    expect(after.claim).toMatchObject({ status: "closed", closeReason: "chargeback" });
    expect(after.order.chargebackFiledAt).toBe("2026-03-20T10:00:00.000Z");
    expect(after.ledger.claimHolds.size).toBe(0);
    // …and no new claim while it is in progress.
    expect(refusal(() => fileInto(after, { claimId: "clm-2" }, asBuyer("2026-03-21T14:00:00.000Z"))).code).toBe("CLAIM_NOT_ELIGIBLE_CHARGEBACK_IN_PROGRESS");
    expect(refusal(() => fileChargeback(after.order, undefined, after.ledger, { reference: "CB-43" }, asSystem("2026-03-21T10:00:00.000Z"))).code).toBe(
      "CHARGEBACK_ALREADY_FILED",
    );
  });

  it("CL-12: the order's open claim must be given, so it cannot stay open by mistake", () => {
    const world = lateShipmentClaim();
    expect(refusal(() => fileChargeback(world.order, undefined, world.ledger, { reference: "CB-1" }, asSystem(LATE_FILED_AT))).code).toBe(
      "CHARGEBACK_OPEN_CLAIM_REQUIRED",
    );
    expect(refusal(() => fileChargeback(world.order, world.claim, world.ledger, { reference: "CB-1" }, asSupplier(LATE_FILED_AT))).code).toBe(
      "CHARGEBACK_NOT_ALLOWED",
    );
  });

  it("CL-12: a supplier who reimbursed and then lost a chargeback may appeal, even after the appeal window", () => {
    const world = refundedAndFinal();
    expect(world.claim.status).toBe("closed");
    const ctx = asSupplier("2026-06-01T02:00:00.000Z");
    expect(refusal(() => appealDecision(world.claim, { reasons: ["Changed my mind"] }, ctx)).code).toBe("CLAIM_APPEAL_WINDOW_CLOSED");
    const lost = evidenceFile("chargeback-lost", { category: "other" });
    const events = appealDecision(world.claim, { reasons: ["Buyer was refunded twice"], lostChargebackEvidence: lost }, ctx);
    expect(types(events)).toEqual([CLAIM_EVENT.evidenceAttached, CLAIM_EVENT.appealed]);
    expect(only<ClaimAppealedData>(events, CLAIM_EVENT.appealed)).toEqual({
      by: "supplier",
      reasons: ["Buyer was refunded twice"],
      lostChargebackEvidence: lost.sha256,
    });
    const buyerTry = refusal(() => appealDecision(world.claim, { reasons: ["x"], lostChargebackEvidence: lost }, asBuyer("2026-06-01T14:00:00.000Z")));
    expect(buyerTry.code).toBe("CLAIM_CHARGEBACK_APPEAL_SUPPLIER_ONLY");
  });

  it("FR-01 / CL-12: a chargeback after the buyer was refunded for the order raises the flag on the buyer, with the refund as evidence", () => {
    const world = refundedAndFinal();
    const ctx = asBuyer("2026-06-01T14:00:00.000Z");
    expect(chargebackAfterRefundFlag(world.order, [world.claim], ctx)).toEqual({
      signal: "chargeback-after-refund",
      raisedAt: "2026-06-01T14:00:00.000Z",
      evidence: {
        orderId: world.order.id,
        refundKind: "supplier-refund",
        refundedAt: "2026-03-23T02:00:00.000Z",
        refundCount: 1,
        chargebackFiledAt: "2026-06-01T14:00:00.000Z",
      },
      subjectIds: [world.order.buyer.id],
    });
    // No refund on the order yet: a chargeback is no signal.
    const open = lateShipmentClaim();
    expect(chargebackAfterRefundFlag(open.order, [open.claim], asBuyer("2026-03-20T14:00:00.000Z"))).toBeUndefined();
  });
});
