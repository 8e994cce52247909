/**
 * CL-11: evidence is attached as files identified by their SHA-256, with size, media type, uploader and
 * time. It is never changed or deleted; the limits are stated before upload (`evidenceLimits`).
 */
import { z } from "zod";
import type { PolicyProfile } from "../policy/policy.js";
import { refuse } from "../shared/errors.js";
import type { ActorRef } from "../shared/events.js";
import type { Instant } from "../shared/time.js";

export const EVIDENCE_CATEGORIES = [
  "signed-po",
  "specification",
  "design-file",
  "inspection-report",
  "messages",
  "payment-receipt",
  "photo",
  "shipping-document",
  "chargeback-outcome",
  "other",
] as const;
export type EvidenceCategory = (typeof EVIDENCE_CATEGORIES)[number];

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

/** A file as the uploader describes it (the adapter hashes and measures the bytes it stored). */
export const evidenceFileSchema = z.object({
  sha256: sha256Schema,
  sizeBytes: z.number().int().positive(),
  mediaType: z.string().trim().min(3).max(200),
  fileName: z.string().trim().min(1).max(255),
  category: z.enum(EVIDENCE_CATEGORIES),
});
export type EvidenceFileInput = z.infer<typeof evidenceFileSchema>;

export interface EvidenceFile extends EvidenceFileInput {
  readonly uploadedBy: ActorRef;
  readonly uploadedAt: Instant;
}

export interface EvidenceLimits {
  readonly maxBytes: number;
  readonly mediaTypes: readonly string[];
}

/** CL-11: the limits to state before an upload. */
export function evidenceLimits(policy: PolicyProfile): EvidenceLimits {
  return { maxBytes: policy.evidence.maxBytes, mediaTypes: policy.evidence.mediaTypes };
}

/** CL-11: refuses a file over the size limit, of a type not accepted, or already attached. */
export function assertEvidenceAcceptable(file: EvidenceFileInput, limits: EvidenceLimits, attached: readonly EvidenceFile[]): void {
  if (file.sizeBytes > limits.maxBytes) refuse("EVIDENCE_TOO_LARGE", { sizeBytes: file.sizeBytes, maxBytes: limits.maxBytes });
  const mediaType = file.mediaType.toLowerCase();
  if (!limits.mediaTypes.includes(mediaType)) {
    refuse("EVIDENCE_MEDIA_TYPE_NOT_ALLOWED", { mediaType, allowed: limits.mediaTypes });
  }
  if (attached.some((f) => f.sha256 === file.sha256)) refuse("EVIDENCE_ALREADY_ATTACHED", { sha256: file.sha256 });
}

export function evidenceRecord(file: EvidenceFileInput, uploadedBy: ActorRef, uploadedAt: Instant): EvidenceFile {
  return { ...file, mediaType: file.mediaType.toLowerCase(), uploadedBy, uploadedAt };
}
