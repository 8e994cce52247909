import { describe, expect, it } from "vitest";
import { CLAIM_EVENT, type ClaimEvidenceAttachedData } from "../../src/domain/claims/claim-events.js";
import { evidenceLimits } from "../../src/domain/claims/evidence.js";
import { attachEvidence } from "../../src/domain/claims/use-cases/evidence-use-cases.js";
import { CLASSIC_V1, policyFor } from "../../src/domain/policy/policy.js";
import { applyWorld, asStaff, evidenceFile, lateShipmentClaim, only } from "./claims-fixtures.js";
import { asBuyer, asSupplier, refusal } from "./orders-fixtures.js";

describe("evidence (CL-11)", () => {
  it("CL-11: the size and type limits are stated before upload, from the claim's policy", () => {
    const { claim } = lateShipmentClaim();
    const limits = evidenceLimits(policyFor(claim.order.policy));
    expect(limits.maxBytes).toBe(CLASSIC_V1.evidence.maxBytes);
    expect(limits.mediaTypes).toContain("application/pdf");
    expect(limits.mediaTypes).toContain("image/jpeg");
  });

  it("CL-11: a file is recorded with its SHA-256, size, media type, uploader and time", () => {
    const world = lateShipmentClaim();
    const file = evidenceFile("signed-po", { category: "signed-po", mediaType: "Application/PDF" });
    const events = attachEvidence(world.claim, { file }, asBuyer("2026-03-19T14:00:00.000Z"));
    expect(only<ClaimEvidenceAttachedData>(events, CLAIM_EVENT.evidenceAttached).file).toEqual({
      ...file,
      mediaType: "application/pdf",
      uploadedBy: { kind: "buyer", partyId: "buyer-1" },
      uploadedAt: "2026-03-19T14:00:00.000Z",
    });
  });

  it("CL-11: files over the size limit or of a type not accepted are refused", () => {
    const { claim } = lateShipmentClaim();
    const ctx = asBuyer("2026-03-19T14:00:00.000Z");
    const tooLarge = refusal(() => attachEvidence(claim, { file: evidenceFile("huge", { sizeBytes: CLASSIC_V1.evidence.maxBytes + 1 }) }, ctx));
    expect(tooLarge.code).toBe("EVIDENCE_TOO_LARGE");
    expect(tooLarge.params).toMatchObject({ maxBytes: CLASSIC_V1.evidence.maxBytes });
    const wrongType = refusal(() => attachEvidence(claim, { file: evidenceFile("script", { mediaType: "application/x-msdownload" }) }, ctx));
    expect(wrongType.code).toBe("EVIDENCE_MEDIA_TYPE_NOT_ALLOWED");
    expect(refusal(() => attachEvidence(claim, { file: evidenceFile("bad", { sha256: "not-a-hash" }) }, ctx)).code).toBe("COMMAND_INVALID");
  });

  it("CL-11: evidence is never changed or deleted — the same file cannot be attached again, earlier files stay", () => {
    let world = lateShipmentClaim();
    world = applyWorld(
      world,
      attachEvidence(world.claim, { file: evidenceFile("photo-1", { mediaType: "image/jpeg", category: "photo" }) }, asBuyer("2026-03-19T14:00:00.000Z")),
    );
    const again = refusal(() =>
      attachEvidence(
        world.claim,
        { file: evidenceFile("photo-1", { fileName: "renamed.jpg", mediaType: "image/jpeg" }) },
        asSupplier("2026-03-20T02:00:00.000Z"),
      ),
    );
    expect(again.code).toBe("EVIDENCE_ALREADY_ATTACHED");
    world = applyWorld(world, attachEvidence(world.claim, { file: evidenceFile("invoice") }, asStaff("2026-03-20T03:00:00.000Z")));
    expect(world.claim.evidence.map((f) => f.fileName)).toEqual(["photo-1.pdf", "invoice.pdf"]);
    expect(world.claim.evidence[0]?.uploadedBy).toEqual({ kind: "buyer", partyId: "buyer-1" });
  });

  it("CL-11: only the parties of the claim and staff may attach evidence", () => {
    const { claim } = lateShipmentClaim();
    const stranger = { now: "2026-03-19T14:00:00.000Z", actor: { kind: "supplier" as const, partyId: "supplier-9" } };
    expect(refusal(() => attachEvidence(claim, { file: evidenceFile("x") }, stranger)).code).toBe("CLAIM_NOT_A_PARTY");
  });
});
