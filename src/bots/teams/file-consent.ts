/**
 * The bot sending a file to a Teams user (issue 13, CL-11 evidence copies). A bot cannot post a file
 * into a 1:1 chat directly: it offers it with a FileConsentCard; when the user accepts, Teams sends a
 * `fileConsent/invoke` naming an upload URL in the user's OneDrive, the bot PUTs the bytes there, and
 * sends a FileInfoCard pointing at the uploaded file. Declining sends nothing.
 *
 * Only what the bot showed this person can be copied: the "send me a copy" button carries the file's
 * SHA-256, and the button must be on a card the bot sent into this very conversation (stored in
 * teams_sent_activities); the consent's context is checked against the consent card sent there too.
 */
import type { CardElement } from "./cards.js";

export const FILE_CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info";
export const FILE_CONSENT_INVOKE = "fileConsent/invoke";
/** The neutral action id of the "send me a copy" button (the channel handles it; the engine never sees it). */
export const FILE_COPY_ACTION = "teams.fileCopy";

export interface OfferedFile {
  readonly sha256: string;
  readonly name: string;
  readonly sizeBytes: number;
}

/** What Teams posts when the user answers a FileConsentCard. */
export interface FileConsentAnswer {
  readonly action: "accept" | "decline";
  readonly context: OfferedFile;
  readonly uploadInfo?: {
    readonly uploadUrl: string;
    readonly contentUrl: string;
    readonly name: string;
    readonly uniqueId: string;
    readonly fileType: string;
  };
}

const SHA256 = /^[0-9a-f]{64}$/;

export function offeredFileOf(value: unknown): OfferedFile | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const size = typeof v["sizeBytes"] === "number" ? v["sizeBytes"] : Number.NaN;
  if (typeof v["sha256"] !== "string" || !SHA256.test(v["sha256"]) || typeof v["name"] !== "string" || !Number.isSafeInteger(size) || size < 0)
    return undefined;
  return { sha256: v["sha256"], name: v["name"].slice(0, 255), sizeBytes: size };
}

export function fileConsentAnswerOf(value: unknown): FileConsentAnswer | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { action?: unknown; context?: unknown; uploadInfo?: Record<string, unknown> };
  const context = offeredFileOf(v.context);
  if (!context || (v.action !== "accept" && v.action !== "decline")) return undefined;
  if (v.action === "decline") return { action: "decline", context };
  const u = v.uploadInfo ?? {};
  const fields = ["uploadUrl", "contentUrl", "name", "uniqueId", "fileType"] as const;
  if (!fields.every((f) => typeof u[f] === "string")) return undefined;
  const uploadInfo = Object.fromEntries(fields.map((f) => [f, u[f] as string])) as unknown as NonNullable<FileConsentAnswer["uploadInfo"]>;
  if (!/^https?:\/\//.test(uploadInfo.uploadUrl)) return undefined;
  return { action: "accept", context, uploadInfo };
}

/** Whether this card (as stored) offers this file with a "send me a copy" button. */
export function cardOffersFile(card: { readonly actions?: readonly CardElement[] } | undefined, sha256: string): boolean {
  return (card?.actions ?? []).some((a) => {
    const data = a["data"] as { actionId?: unknown; payload?: { sha256?: unknown } } | undefined;
    return data?.actionId === FILE_COPY_ACTION && data.payload?.sha256 === sha256;
  });
}

/** PUTs the whole file to the upload URL Teams gave (a OneDrive upload session: one range, the whole file). */
export async function uploadToConsentUrl(uploadUrl: string, bytes: Uint8Array): Promise<void> {
  const size = bytes.byteLength;
  const response = await fetch(uploadUrl, {
    method: "PUT",
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(size),
      ...(size > 0 ? { "content-range": `bytes 0-${size - 1}/${size}` } : {}),
    },
    body: bytes,
    signal: AbortSignal.timeout(120_000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the upload URL answered HTTP ${response.status}`);
}
