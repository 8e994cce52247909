import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLAIM_DEADLINE, deadlinesOfClaim, supplierResponseDueAt } from "../../src/domain/claims/claim-deadlines.js";
import { CLAIM_EVENT, type ClaimWindowExtendedData } from "../../src/domain/claims/claim-events.js";
import { deadlinePassed } from "../../src/domain/claims/use-cases/deadline-passed.js";
import { attachEvidence, requestEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { extendedDueAt, extendWindow } from "../../src/domain/claims/use-cases/extend-window.js";
import { bookInspection, recordInspectionReport } from "../../src/domain/claims/use-cases/inspection.js";
import { resumeClaim } from "../../src/domain/claims/use-cases/resume-claim.js";
import { LEDGER_EVENT } from "../../src/domain/ledger/ledger.js";
import { ORDER_EVENT } from "../../src/domain/orders/order-events.js";
import { addMs, instantMs } from "../../src/domain/shared/time.js";
import { applyWorld, asStaff, evidenceFile, lateShipmentClaim, only, qualityClaim, types, type World } from "./claims-fixtures.js";
import { asBuyer, asSupplier, asSystem, refusal, usd } from "./orders-fixtures.js";

const RESPONSE_DEADLINE_ID = "claim:clm-1:supplier-response:0";

function fire(world: World, deadlineId: string, now: string): ReturnType<typeof deadlinePassed> {
  return deadlinePassed(world.claim, world.order, world.ledger, { deadlineId }, asSystem(now));
}

describe("deadlines and default outcomes (CL-10)", () => {
  it("CL-10: the supplier is reminded 3 and 1 business days before its response deadline, at 09:00 in Shanghai", () => {
    const [deadline] = deadlinesOfClaim(lateShipmentClaim().claim);
    expect(deadline).toMatchObject({ id: RESPONSE_DEADLINE_ID, dueAt: "2026-04-09T15:59:59.000Z", defaultOutcome: "allow-escalation" });
    expect(deadline?.reminders).toEqual(["2026-04-03T01:00:00.000Z", "2026-04-08T01:00:00.000Z"]);
  });

  it("CL-10: a passed response deadline fires by itself, once; a stale or early id does nothing", () => {
    const world = lateShipmentClaim();
    expect(fire(world, RESPONSE_DEADLINE_ID, "2026-04-09T15:00:00.000Z")).toEqual([]);
    expect(fire(world, "claim:clm-1:nonsense:0", "2026-04-10T00:00:00.000Z")).toEqual([]);
    const events = fire(world, RESPONSE_DEADLINE_ID, "2026-04-09T16:00:00.000Z");
    expect(types(events)).toEqual([CLAIM_EVENT.supplierResponseOverdue]);
    const after = applyWorld(world, events);
    expect(deadlinesOfClaim(after.claim).some((d) => d.id === RESPONSE_DEADLINE_ID)).toBe(false);
    expect(fire(after, RESPONSE_DEADLINE_ID, "2026-04-10T16:00:00.000Z")).toEqual([]);
  });

  it("CL-10: a refund request whose evidence never came is cancelled when its deadline passes", () => {
    const world = lateShipmentClaim();
    const requested = applyWorld(
      world,
      requestEvidence(world.claim, { requestId: "ev-1", from: "buyer", description: "Proof of the agreed date" }, asStaff("2026-03-19T14:00:00.000Z")),
    );
    const deadline = deadlinesOfClaim(requested.claim).find((d) => d.kind === CLAIM_DEADLINE.evidenceRequest);
    expect(deadline).toMatchObject({ actor: "buyer", defaultOutcome: "cancel-refund-request" });
    const events = fire(requested, deadline?.id ?? "", addMs(deadline?.dueAt ?? "", 1000));
    expect(types(events)).toEqual([CLAIM_EVENT.evidenceRequestLapsed, CLAIM_EVENT.closed, LEDGER_EVENT.claimHoldEnded, ORDER_EVENT.claimClosed]);
    expect(applyWorld(requested, events).claim).toMatchObject({ status: "closed", closeReason: "evidence-not-provided" });
  });

  it("CL-10: evidence requested from the supplier that never came lets the case resume without it", () => {
    const world = lateShipmentClaim();
    const requested = applyWorld(
      world,
      requestEvidence(world.claim, { requestId: "ev-2", from: "supplier", description: "Export declaration" }, asStaff("2026-03-19T14:00:00.000Z")),
    );
    const deadline = deadlinesOfClaim(requested.claim).find((d) => d.kind === CLAIM_DEADLINE.evidenceRequest);
    expect(deadline).toMatchObject({ actor: "supplier", defaultOutcome: "resume-without-evidence" });
    const events = fire(requested, deadline?.id ?? "", addMs(deadline?.dueAt ?? "", 1000));
    expect(types(events)).toEqual([CLAIM_EVENT.evidenceRequestLapsed, CLAIM_EVENT.resumed]);
    expect(applyWorld(requested, events).claim.status).toBe("awaiting-response");
  });
});

describe("extensions (CL-13)", () => {
  it("CL-13: staff extend a window; both parties are named to be told at once, with the new date", () => {
    const world = lateShipmentClaim();
    const command = { deadlineKind: "supplier-response" as const, newDate: "2026-04-20", reason: "Factory closed by flooding" };
    expect(refusal(() => extendWindow(world.claim, command, asBuyer("2026-03-25T10:00:00.000Z"))).code).toBe("STAFF_ONLY");
    const events = extendWindow(world.claim, command, asStaff("2026-03-25T10:00:00.000Z"));
    expect(only<ClaimWindowExtendedData>(events, CLAIM_EVENT.windowExtended)).toEqual({
      deadlineKind: "supplier-response",
      previousDueAt: "2026-04-09T15:59:59.000Z",
      newDueAt: "2026-04-20T15:59:59.000Z",
      reason: "Factory closed by flooding",
      staffId: "staff-1",
      notify: ["buyer-1", "supplier-1"],
    });
    const after = applyWorld(world, events);
    expect(supplierResponseDueAt(after.claim)).toBe("2026-04-20T15:59:59.000Z");
    expect(deadlinesOfClaim(after.claim)[0]?.dueAt).toBe("2026-04-20T15:59:59.000Z");
  });

  it("CL-13: an extension must be later than the current date and of a running window", () => {
    const world = lateShipmentClaim();
    const staff = asStaff("2026-03-25T10:00:00.000Z");
    expect(refusal(() => extendWindow(world.claim, { deadlineKind: "supplier-response", newDate: "2026-04-01", reason: "x" }, staff)).code).toBe(
      "CLAIM_EXTENSION_NOT_LATER",
    );
    expect(refusal(() => extendWindow(world.claim, { deadlineKind: "supplier-refund", newDate: "2026-05-01", reason: "x" }, staff)).code).toBe(
      "CLAIM_DEADLINE_NOT_RUNNING",
    );
  });

  it("CL-13: the new date ends at 23:59:59 in the calendar of the party who must act, not in the staff member's", () => {
    const world = lateShipmentClaim();
    const staff = asStaff("2026-03-25T10:00:00.000Z");
    // The supplier (Asia/Shanghai, UTC+8) must respond: the 20th ends at 15:59:59 UTC, never 06:59 the next morning.
    const supplierWindow = only<ClaimWindowExtendedData>(
      extendWindow(world.claim, { deadlineKind: "supplier-response", newDate: "2026-04-20", reason: "strike" }, staff),
      CLAIM_EVENT.windowExtended,
    );
    expect(supplierWindow.newDueAt).toBe("2026-04-20T15:59:59.000Z");
    expect(extendedDueAt(world.claim, "buyer", "2026-04-20")).toBe("2026-04-21T03:59:59.000Z"); // America/New_York, UTC-4
    expect(extendedDueAt(world.claim, "staff", "2026-04-20")).toBe("2026-04-21T03:59:59.000Z"); // DT-02 counts in the buyer's calendar
  });

  it("CL-13: a date that is not an exact day is refused", () => {
    const world = lateShipmentClaim();
    expect(
      refusal(() => extendWindow(world.claim, { deadlineKind: "supplier-response", newDate: "2026-04", reason: "x" }, asStaff("2026-03-25T10:00:00.000Z")))
        .code,
    ).toBe("COMMAND_INVALID");
  });
});

describe("pauses (CL-14)", () => {
  it("CL-14: an inspection booked pauses the supplier's window; the paused time is recorded and added back", () => {
    const world = qualityClaim();
    const dueBefore = supplierResponseDueAt(world.claim);
    const booked = applyWorld(
      world,
      bookInspection(world.claim, { company: "SGS", fee: usd(29_900), bookingReference: "SGS-77" }, asBuyer("2026-04-22T14:00:00.000Z")),
    );
    expect(booked.claim.pauses).toEqual([{ from: "2026-04-22T14:00:00.000Z", reason: "inspection-booked" }]);
    expect(deadlinesOfClaim(booked.claim).some((d) => d.kind === CLAIM_DEADLINE.supplierResponse)).toBe(false);
    const report = evidenceFile("sgs-report", { category: "inspection-report" });
    const events = recordInspectionReport(booked.claim, { file: report }, asBuyer("2026-04-25T14:00:00.000Z"));
    expect(types(events)).toEqual([CLAIM_EVENT.evidenceAttached, CLAIM_EVENT.inspectionReported, CLAIM_EVENT.resumed]);
    const resumed = applyWorld(booked, events);
    expect(resumed.claim.pauses[0]?.to).toBe("2026-04-25T14:00:00.000Z");
    expect(instantMs(supplierResponseDueAt(resumed.claim)) - instantMs(dueBefore)).toBe(3 * 86_400_000);
  });

  it("CL-14: requested evidence pauses the case until the party uploads it", () => {
    const world = lateShipmentClaim();
    const requested = applyWorld(
      world,
      requestEvidence(world.claim, { requestId: "ev-1", from: "supplier", description: "Bill of lading" }, asStaff("2026-03-19T14:00:00.000Z")),
    );
    expect(requested.claim.pauses).toHaveLength(1);
    const events = attachEvidence(requested.claim, { file: evidenceFile("bill-of-lading") }, asSupplier("2026-03-20T02:00:00.000Z"));
    expect(types(events)).toEqual([CLAIM_EVENT.evidenceAttached, CLAIM_EVENT.evidenceRequestFulfilled, CLAIM_EVENT.resumed]);
  });

  it("CL-14: staff may end a pause by hand (inspection cancelled); only staff, only while paused", () => {
    const world = qualityClaim();
    const booked = applyWorld(
      world,
      bookInspection(world.claim, { company: "Bureau Veritas", fee: usd(20_000), bookingReference: "BV-9" }, asBuyer("2026-04-22T14:00:00.000Z")),
    );
    const cmd = { reason: "Inspection cancelled by the buyer" };
    expect(refusal(() => resumeClaim(booked.claim, cmd, asBuyer("2026-04-23T14:00:00.000Z"))).code).toBe("STAFF_ONLY");
    const resumed = applyWorld(booked, resumeClaim(booked.claim, cmd, asStaff("2026-04-23T14:00:00.000Z")));
    expect(resumed.claim.pauses).toEqual([{ from: "2026-04-22T14:00:00.000Z", to: "2026-04-23T14:00:00.000Z", reason: "inspection-booked" }]);
    expect(deadlinesOfClaim(resumed.claim).some((d) => d.kind === CLAIM_DEADLINE.supplierResponse)).toBe(true);
    expect(refusal(() => resumeClaim(resumed.claim, cmd, asStaff("2026-04-23T15:00:00.000Z"))).code).toBe("CLAIM_NOT_PAUSED");
  });

  it("CL-14: for any pause, the response deadline moves by exactly the paused time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 * 86_400 }), (pausedSeconds) => {
        const world = lateShipmentClaim();
        const from = "2026-03-19T14:00:00.000Z";
        const to = addMs(from, pausedSeconds * 1000);
        const paused = applyWorld(world, requestEvidence(world.claim, { requestId: "ev", from: "supplier", description: "B/L" }, asStaff(from)));
        const resumed = applyWorld(paused, attachEvidence(paused.claim, { file: evidenceFile(`bl-${pausedSeconds}`) }, asSupplier(to)));
        expect(instantMs(supplierResponseDueAt(resumed.claim)) - instantMs(supplierResponseDueAt(world.claim))).toBe(pausedSeconds * 1000);
      }),
      { numRuns: 25 },
    );
  });
});
