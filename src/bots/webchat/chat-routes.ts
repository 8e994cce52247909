/**
 * The web chat API (architecture step 1 for the "webchat" channel):
 * - `POST /chat/inbound` — a turn: `{ eventId?, locale?, echo?, payload }` (payload as the neutral
 *   Inbound's: text | action | form); answers with the bot's replies rendered for the tab.
 * - `GET /chat/events` — Server-Sent Events: every message for this identity, live (`?token=`,
 *   `?lang=` the tab's language, Last-Event-ID / `?after=` to catch up).
 * - `POST /chat/upload` — an evidence file (raw body, `Content-Type`, `X-File-Name`), limits at
 *   `GET /chat/upload-limits`.
 * - `GET /chat/page-words?lang=` — the page's own labels in that language, and its direction.
 * - `GET /evidence/:sha256` — download, for staff and the parties of a claim holding the file (and
 *   the person who uploaded it).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Inbound, OutboundMessage } from "../conversation/messages.js";
import { inboundPayloadSchema } from "../conversation/messages.js";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import { BlobNotFoundError } from "../../adapters/blob/blob-store.js";
import type { Clock } from "../../adapters/clock/clock.js";
import type { Database } from "../../adapters/db/database.js";
import { loadClaim } from "../../app/queries/load.js";
import { HttpError, readBody, readJson, sendBytes, sendJson } from "../../adapters/http/http-io.js";
import type { Router } from "../../adapters/http/router.js";
import { WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";
import type { DisplayRenderer } from "./display.js";
import type { LiveSessions } from "./live-sessions.js";
import { pageWords } from "./page-words.js";
import { storeUpload, type UploadLimits } from "./uploads.js";
import { readerOf, webIdentityOf } from "./web-identity.js";

/** The conversation engine, as the web chat calls it: one inbound in, the replies out. */
export type TurnHandler = (inbound: Inbound) => Promise<readonly OutboundMessage[]>;

export interface ChatRouteDeps {
  readonly db: Database;
  readonly signer: SessionSigner;
  readonly sessions: LiveSessions;
  readonly handleTurn: TurnHandler;
  readonly blobs: BlobStore;
  readonly uploadLimits: UploadLimits;
  readonly clock: Clock;
  readonly renderer: DisplayRenderer;
}

const turnRequestSchema = z.object({
  /** The tab's id for this event: a retry of the same turn is a no-op. */
  eventId: z.string().min(8).max(100).optional(),
  locale: z.string().max(35).optional(),
  /** What the person did, for the transcript (the text typed or the button's label). */
  echo: z.string().max(2_000).optional(),
  payload: inboundPayloadSchema,
});

export function registerChatRoutes(router: Router, deps: ChatRouteDeps): void {
  const { db, signer, sessions } = deps;
  /** sha256 → identities that uploaded it since start (they may download it before it is attached to a claim). */
  const uploadedBy = new Map<string, Set<string>>();

  router.add("POST", "/chat/inbound", async ({ req, res, url, log }) => {
    const identity = await webIdentityOf(db, signer, req, url);
    const body = await readJson(req, turnRequestSchema);
    const reader = readerOf(identity.party, body.locale);
    const inbound: Inbound = {
      channel: WEBCHAT_CHANNEL,
      externalUserId: identity.externalUserId,
      eventId: body.eventId ?? randomUUID(),
      conversation: { channel: WEBCHAT_CHANNEL, conversationId: identity.externalUserId },
      locale: reader.locale,
      timeZone: reader.timeZone,
      payload: body.payload,
    };
    const echo = body.echo ?? (body.payload.kind === "text" ? body.payload.text : undefined);
    const own = echo ? [sessions.recordOwn(identity.externalUserId, echo)] : [];
    log.info({ partyId: identity.party.id, kind: body.payload.kind, ...actionOf(body.payload) }, "turn");
    const replies = await deps.handleTurn(inbound);
    const entries = replies.map((message) => sessions.deliver(identity.externalUserId, message, reader));
    log.info({ partyId: identity.party.id, replies: replies.length, refused: replies.some((r) => r.tone === "error") }, "turn answered");
    sendJson(res, 200, { entries: [...own, ...entries], serverNow: deps.clock.now() });
  });

  router.add("GET", "/chat/events", async ({ req, res, url }) => {
    const identity = await webIdentityOf(db, signer, req, url, true);
    const lastEventId = Number(req.headers["last-event-id"] ?? url.searchParams.get("after") ?? "0");
    sessions.open(identity.externalUserId, res, readerOf(identity.party, url.searchParams.get("lang")), Number.isFinite(lastEventId) ? lastEventId : 0);
  });

  router.add("GET", "/chat/upload-limits", ({ res }) => sendJson(res, 200, deps.uploadLimits));

  router.add("GET", "/chat/page-words", ({ res, url }) => {
    const lang = url.searchParams.get("lang") ?? "en";
    sendJson(res, 200, pageWords(deps.renderer, /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : "en"));
  });

  router.add("POST", "/chat/upload", async ({ req, res, url, log }) => {
    const identity = await webIdentityOf(db, signer, req, url);
    const rawName = req.headers["x-file-name"];
    const name = typeof rawName === "string" ? safeDecode(rawName) : "file";
    const bytes = await readBody(req, deps.uploadLimits.maxBytes);
    const file = await storeUpload(deps.blobs, deps.uploadLimits, name, req.headers["content-type"] ?? "", bytes);
    const owners = uploadedBy.get(file.sha256) ?? new Set<string>();
    owners.add(identity.externalUserId);
    uploadedBy.set(file.sha256, owners);
    log.info({ partyId: identity.party.id, sha256: file.sha256, sizeBytes: file.sizeBytes, mediaType: file.mediaType }, "evidence uploaded");
    sendJson(res, 201, { file, href: `/evidence/${file.sha256}` });
  });

  router.add("GET", "/evidence/:sha256", async ({ req, res, url, params }) => {
    const identity = await webIdentityOf(db, signer, req, url, true);
    const sha256 = params["sha256"] ?? "";
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
    const rows = await db.prisma.evidence.findMany({ where: { sha256 }, take: 20 });
    let allowed = identity.party.role === "staff" || (uploadedBy.get(sha256)?.has(identity.externalUserId) ?? false);
    for (const row of rows) {
      if (allowed) break;
      allowed = await loadClaim(db, identity.actor, row.claimId).then(
        () => true,
        () => false,
      );
    }
    if (!allowed) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
    const row = rows[0];
    let bytes: Uint8Array;
    try {
      bytes = await deps.blobs.get(row?.blobKey ?? sha256);
    } catch (error) {
      if (error instanceof BlobNotFoundError) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
      throw error;
    }
    const fileName = row?.fileName ?? sha256;
    sendBytes(res, 200, bytes, {
      "content-type": row?.mediaType ?? "application/octet-stream",
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "private, max-age=3600",
      "x-sha256": sha256,
    });
  });
}

function actionOf(payload: z.infer<typeof inboundPayloadSchema>): Record<string, string> {
  if (payload.kind === "action") return { actionId: payload.actionId };
  if (payload.kind === "form") return { formId: payload.formId };
  return {};
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
