/**
 * CL-11: what every channel does the same way with an evidence file before it is attached — the name it
 * is kept under, the limits stated before upload, and its media type measured from its bytes (issue 9:
 * never the client's word). The claim use case checks the file against its own order's policy again.
 */
import { fileTypeFromBuffer } from "file-type";
import { POLICY_VERSIONS } from "../../domain/policy/policy.js";

// Control characters (C0 and DEL) never reach a stored name or a screen.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A file name as the person gave it, without any path and control characters ("file" when nothing is left). */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(CONTROL_CHARACTERS, "").trim().slice(0, 255);
  return clean === "" ? "file" : clean;
}

export interface EvidenceFileLimits {
  readonly maxBytes: number;
  readonly mediaTypes: readonly string[];
}

/** The most any policy accepts (capped by the server's own upload limit, when it has one). */
export function channelEvidenceLimits(configuredMaxBytes = Number.POSITIVE_INFINITY): EvidenceFileLimits {
  const policyMax = Math.max(...POLICY_VERSIONS.map((p) => p.evidence.maxBytes));
  const mediaTypes = [...new Set(POLICY_VERSIONS.flatMap((p) => p.evidence.mediaTypes))].sort();
  return { maxBytes: Math.min(configuredMaxBytes, policyMax), mediaTypes };
}

/** Formats without a magic number: recognised by being UTF-8 text, named by the declared type or the file name. */
const TEXT_TYPES = new Set(["text/plain", "text/csv"]);

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.byteLength === 0 || bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    // Invalid UTF-8 is the answer, not a failure: these bytes are not text.
    return false;
  }
}

/**
 * The media type these bytes are: their magic number; else, when they are UTF-8 text, the declared text
 * type — or, when no type was declared (Teams), text/csv for a `.csv` name and text/plain otherwise;
 * undefined for anything else — so a `.exe` named `invoice.pdf`, text declared as a PDF, or binary
 * bytes declared as text are never taken for what they claim.
 */
export async function measuredMediaType(bytes: Uint8Array, hint: { readonly declared?: string; readonly name?: string } = {}): Promise<string | undefined> {
  const sniffed = bytes.byteLength > 0 ? await fileTypeFromBuffer(bytes) : undefined;
  if (sniffed) return sniffed.mime;
  if (!isUtf8Text(bytes)) return undefined;
  const declared = hint.declared?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (TEXT_TYPES.has(declared)) return declared;
  // Text said to be something else (an HTML page named invoice.pdf) is not what it claims.
  if (declared !== "") return undefined;
  return hint.name && /\.csv$/i.test(hint.name) ? "text/csv" : "text/plain";
}
