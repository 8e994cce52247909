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
import { channelEvidenceLimits, cleanFileName, measuredMediaType, type EvidenceFileLimits } from "../conversation/evidence-files.js";
import type { UploadedFile } from "../conversation/messages.js";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import { HttpError } from "../../adapters/http/http-io.js";

export type UploadLimits = EvidenceFileLimits;

export function uploadLimits(configuredMaxBytes: number): UploadLimits {
  return channelEvidenceLimits(configuredMaxBytes);
}

export async function storeUpload(blobs: BlobStore, limits: UploadLimits, name: string, mediaType: string, bytes: Uint8Array): Promise<UploadedFile> {
  const declared = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!limits.mediaTypes.includes(declared))
    throw new HttpError(415, "UPLOAD_TYPE_NOT_ALLOWED", `files of type ${declared || "(none)"} are not accepted`, { allowed: limits.mediaTypes });
  if (bytes.byteLength === 0) throw new HttpError(400, "UPLOAD_EMPTY", "the file is empty");
  if (bytes.byteLength > limits.maxBytes)
    throw new HttpError(413, "UPLOAD_TOO_LARGE", `files may be at most ${limits.maxBytes} bytes`, { maxBytes: limits.maxBytes });
  const type = (await measuredMediaType(bytes, { declared, name })) ?? "";
  if (!limits.mediaTypes.includes(type)) {
    throw new HttpError(415, "UPLOAD_CONTENT_NOT_ALLOWED", `the file's content is not ${declared}${type ? ` but ${type}` : ""}`, {
      allowed: limits.mediaTypes,
      declared,
      ...(type ? { measured: type } : {}),
    });
  }
  const stored = await blobs.put(bytes);
  return { name: cleanFileName(name), mediaType: type, sizeBytes: stored.sizeBytes, blobKey: stored.key, sha256: stored.sha256 };
}
