/**
 * CL-11: a file a person drops in a claim thread (or gives in a modal's file input) becomes evidence:
 * its size is checked against the stated limits before download, it is downloaded from `url_private`
 * with the workspace's bot token (without it Slack answers its HTML sign-in page with status 200 — so
 * an HTML answer is never taken for the file), its type is measured from its bytes (magic numbers;
 * plain text and CSV by being text), and the blob store records its SHA-256 and size.
 */
import { cleanFileName, measuredMediaType, type EvidenceFileLimits } from "../conversation/evidence-files.js";
import type { WebClient } from "@slack/web-api";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import type { UploadedFile } from "../conversation/messages.js";

export type FileRejection =
  | { readonly reason: "tooLarge"; readonly name: string }
  | { readonly reason: "typeNotAccepted"; readonly name: string; readonly type: string }
  | { readonly reason: "notFetched"; readonly name: string };

export type FetchedFile = { readonly ok: true; readonly file: UploadedFile } | { readonly ok: false; readonly rejection: FileRejection };

export interface FileFetcher {
  readonly client: WebClient;
  readonly botToken: string;
  readonly blobs: BlobStore;
  readonly limits: EvidenceFileLimits;
  readonly fetch?: typeof fetch;
}

export async function fetchSlackFile(fetcher: FileFetcher, fileId: string): Promise<FetchedFile> {
  const info = await fetcher.client.files.info({ file: fileId });
  const file = info.file;
  const name = cleanFileName(file?.name ?? fileId);
  const url = file?.url_private_download ?? file?.url_private;
  if (!file || !url) return { ok: false, rejection: { reason: "notFetched", name } };
  if ((file.size ?? 0) > fetcher.limits.maxBytes) return { ok: false, rejection: { reason: "tooLarge", name } };
  const claimed = (file.mimetype ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const response = await (fetcher.fetch ?? fetch)(url, { headers: { authorization: `Bearer ${fetcher.botToken}` }, redirect: "manual" });
  const answeredType = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || (answeredType.startsWith("text/html") && claimed !== "text/html")) {
    await response.body?.cancel();
    return { ok: false, rejection: { reason: "notFetched", name } };
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > fetcher.limits.maxBytes) return { ok: false, rejection: { reason: "tooLarge", name } };
  if (bytes.byteLength === 0) return { ok: false, rejection: { reason: "notFetched", name } };
  const type = await measuredMediaType(bytes, { declared: claimed, name });
  if (!type || !fetcher.limits.mediaTypes.includes(type)) return { ok: false, rejection: { reason: "typeNotAccepted", name, type: type ?? (claimed || "?") } };
  const stored = await fetcher.blobs.put(bytes);
  return { ok: true, file: { name, mediaType: type, sizeBytes: stored.sizeBytes, blobKey: stored.key, sha256: stored.sha256 } };
}
