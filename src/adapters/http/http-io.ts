/** Reading requests and writing answers with node:http: bounded bodies, JSON, and HTTP errors as JSON. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";

/** An answer other than 2xx, with a stable code the browser can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string = code,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const JSON_BODY_LIMIT_BYTES = 256 * 1024;

/** The request body, refused with 413 once it passes `limitBytes` (the rest is not read). */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limitBytes) throw new HttpError(413, "BODY_TOO_LARGE", `the body may be at most ${limitBytes} bytes`, { limitBytes });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > limitBytes) throw new HttpError(413, "BODY_TOO_LARGE", `the body may be at most ${limitBytes} bytes`, { limitBytes });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON body validated with the schema; 400 with the schema's issues otherwise. */
export async function readJson<T extends z.ZodType>(req: IncomingMessage, schema: T, limitBytes = JSON_BODY_LIMIT_BYTES): Promise<z.infer<T>> {
  const type = req.headers["content-type"] ?? "";
  if (!type.toLowerCase().startsWith("application/json")) throw new HttpError(415, "JSON_EXPECTED", "send Content-Type: application/json");
  const body = await readBody(req, limitBytes);
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "INVALID_JSON", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new HttpError(400, "INVALID_REQUEST", "the request does not have the expected shape", { issues });
  }
  return parsed.data;
}

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Uint8Array, headers: Readonly<Record<string, string>>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-length": bytes.byteLength, ...headers });
  res.end(bytes);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } });
}
