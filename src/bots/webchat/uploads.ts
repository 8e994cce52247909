/**
 * CL-11: evidence files arrive here before they are attached: the bytes go to the blob store under
 * their SHA-256, and the browser gets back the UploadedFile it names in its form. The limits are the
 * policy's (stated before upload by GET /chat/upload-limits): the largest size any policy accepts,
 * capped by UPLOAD_MAX_BYTES, and the media types the policies accept. The claim use case checks the
 * policy of its own order again when the file is attached.
 *
 * Issue 9: size and type are the server's measure, never the client's word — the type is sniffed from
 * the content (file-type); content it cannot recognise passes only as plain text or CSV (formats with
 * no signature), so a `.exe` named `invoice.pdf` is refused.
 */
import { cleanFileName } from "../conversation/file-names.js";
import { fileTypeFromBuffer } from "file-type";
import type { UploadedFile } from "../conversation/messages.js";
import { POLICY_VERSIONS } from "../../domain/policy/policy.js";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import { HttpError } from "../../adapters/http/http-io.js";

export interface UploadLimits {
  readonly maxBytes: number;
  readonly mediaTypes: readonly string[];
}

export function uploadLimits(configuredMaxBytes: number): UploadLimits {
  const policyMax = Math.max(...POLICY_VERSIONS.map((p) => p.evidence.maxBytes));
  const mediaTypes = [...new Set(POLICY_VERSIONS.flatMap((p) => p.evidence.mediaTypes))].sort();
  return { maxBytes: Math.min(configuredMaxBytes, policyMax), mediaTypes };
}

/** Formats without a signature to sniff: accepted as declared when the content matches no known format. */
const UNSNIFFABLE_TYPES = new Set(["text/plain", "text/csv"]);

/** The media type the content is, by its bytes; the declared type only for formats without a signature. */
export async function measuredMediaType(declared: string, bytes: Uint8Array): Promise<string | undefined> {
  const sniffed = bytes.byteLength > 0 ? await fileTypeFromBuffer(bytes) : undefined;
  if (sniffed) return sniffed.mime;
  return UNSNIFFABLE_TYPES.has(declared) ? declared : undefined;
}

export async function storeUpload(blobs: BlobStore, limits: UploadLimits, name: string, mediaType: string, bytes: Uint8Array): Promise<UploadedFile> {
  const declared = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!limits.mediaTypes.includes(declared))
    throw new HttpError(415, "UPLOAD_TYPE_NOT_ALLOWED", `files of type ${declared || "(none)"} are not accepted`, { allowed: limits.mediaTypes });
  const type = (await measuredMediaType(declared, bytes)) ?? "";
  if (bytes.byteLength > 0 && !limits.mediaTypes.includes(type)) {
    throw new HttpError(415, "UPLOAD_CONTENT_NOT_ALLOWED", `the file's content is not ${declared}${type ? ` but ${type}` : ""}`, {
      allowed: limits.mediaTypes,
      declared,
      ...(type ? { measured: type } : {}),
    });
  }
  if (bytes.byteLength === 0) throw new HttpError(400, "UPLOAD_EMPTY", "the file is empty");
  if (bytes.byteLength > limits.maxBytes)
    throw new HttpError(413, "UPLOAD_TOO_LARGE", `files may be at most ${limits.maxBytes} bytes`, { maxBytes: limits.maxBytes });
  const stored = await blobs.put(bytes);
  return { name: cleanFileName(name), mediaType: type, sizeBytes: stored.sizeBytes, blobKey: stored.key, sha256: stored.sha256 };
}
