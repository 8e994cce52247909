/**
 * CL-11: evidence a Teams user sends in the 1:1 chat. Teams posts a file as an attachment of type
 * `application/vnd.microsoft.teams.file.download.info` whose `content.downloadUrl` is a short-lived,
 * pre-authenticated link. The bytes are downloaded (bounded), stored in the blob store under their
 * SHA-256, and described by what the server measured — size, hash, and a type sniffed from the bytes —
 * never by what the client claims.
 */
import { cleanFileName, measuredMediaType } from "../conversation/evidence-files.js";
import type { UploadedFile } from "../conversation/messages.js";
import type { BlobStore } from "./contract.js";

export const TEAMS_FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

export interface TeamsFileAttachment {
  readonly name: string;
  readonly downloadUrl: string;
}

export type FileProblem = "tooLarge" | "downloadFailed";

export class TeamsFileError extends Error {
  constructor(
    readonly problem: FileProblem,
    readonly fileName: string,
    options?: { cause?: unknown },
  ) {
    super(`Teams file ${fileName}: ${problem}`, options);
    this.name = "TeamsFileError";
  }
}

/** The Teams file attachments of an activity (others — cards, inline images — are not files to store). */
export function teamsFilesOf(attachments: unknown): TeamsFileAttachment[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((raw: unknown) => {
    if (typeof raw !== "object" || raw === null) return [];
    const a = raw as { contentType?: unknown; name?: unknown; content?: { downloadUrl?: unknown } };
    if (a.contentType !== TEAMS_FILE_DOWNLOAD_INFO || typeof a.content?.downloadUrl !== "string") return [];
    return [{ name: cleanFileName(typeof a.name === "string" ? a.name : ""), downloadUrl: a.content.downloadUrl }];
  });
}

async function download(file: TeamsFileAttachment, maxBytes: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(file.downloadUrl, { signal: AbortSignal.timeout(60_000) });
  } catch (cause) {
    throw new TeamsFileError("downloadFailed", file.name, { cause });
  }
  if (!response.ok || !response.body) throw new TeamsFileError("downloadFailed", file.name, { cause: new Error(`HTTP ${response.status}`) });
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new TeamsFileError("tooLarge", file.name);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new TeamsFileError("tooLarge", file.name);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function storeTeamsFile(blobs: BlobStore, file: TeamsFileAttachment, maxBytes: number): Promise<UploadedFile> {
  const bytes = await download(file, maxBytes);
  // Unrecognised binary content is stored as what it is; the claim's policy then refuses it (CL-11).
  const mediaType = (await measuredMediaType(bytes, { name: file.name })) ?? "application/octet-stream";
  const stored = await blobs.put(bytes);
  return { name: file.name, mediaType, sizeBytes: stored.sizeBytes, blobKey: stored.key, sha256: stored.sha256 };
}
