/**
 * The browser UI, served as written (no build step): `/` the web chat, `/staff` (and
 * `/staff/cases/:claimId`) the staff console,
 * `/assets/*` their modules and styles, from src/adapters/http/public. Only files inside that folder
 * with a known type are served.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HttpError, sendBytes } from "../../adapters/http/http-io.js";
import type { Router } from "../../adapters/http/router.js";

export const PUBLIC_DIR = path.resolve(import.meta.dirname, "public");

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
};

const PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

async function serveFile(root: string, relative: string, send: (bytes: Uint8Array, type: string) => void): Promise<void> {
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(root + path.sep)) throw new HttpError(404, "NOT_FOUND", "no such file");
  const type = TYPES[path.extname(resolved).toLowerCase()];
  if (!type) throw new HttpError(404, "NOT_FOUND", "no such file");
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolved);
  } catch {
    throw new HttpError(404, "NOT_FOUND", "no such file");
  }
  send(bytes, type);
}

export function registerStaticRoutes(router: Router, root: string = PUBLIC_DIR): void {
  const page = (file: string) =>
    router.add("GET", file === "index.html" ? "/" : "/staff", ({ res }) =>
      serveFile(root, file, (bytes, type) => sendBytes(res, 200, bytes, { "content-type": type, "cache-control": "no-cache", "content-security-policy": PAGE_POLICY })),
    );
  page("index.html");
  page("staff.html");
  // Links to a case (staff pages, DT-01) open the console on it.
  router.add("GET", "/staff/cases/:claimId", ({ res }) =>
    serveFile(root, "staff.html", (bytes, type) => sendBytes(res, 200, bytes, { "content-type": type, "cache-control": "no-cache", "content-security-policy": PAGE_POLICY })),
  );
  router.add("GET", "/assets/*", ({ res, params }) =>
    serveFile(root, params["*"] ?? "", (bytes, type) => sendBytes(res, 200, bytes, { "content-type": type, "cache-control": "no-cache" })),
  );
}
