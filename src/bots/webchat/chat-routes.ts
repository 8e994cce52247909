/**
 * The web chat API (architecture step 1 for the "webchat" channel):
 * - `POST /chat/inbound` — a turn: `{ eventId?, locale?, timeZone?, echo?, payload }` (payload as the
 *   neutral Inbound's: text | action | form); answers with the bot's replies rendered for the tab and
 *   the case thread the message box now writes to (`thread`, null outside a case). A guest session
 *   may only register as a buyer here (guest-turns.ts; then the answer carries the buyer's `session`).
 * - `GET /chat/thread` — the case thread the message box writes to (null outside a case).
 * - `GET /chat/events` — Server-Sent Events: every message for this identity, live (`?token=`,
 *   `?lang=` the tab's language, Last-Event-ID / `?after=` to catch up).
 * - `POST /chat/upload` — an evidence file (raw body, `Content-Type`, `X-File-Name`), limits at
 *   `GET /chat/upload-limits`.
 * - `GET /chat/page-words?lang=` — the page's own labels in that language, and its direction.
 * - `GET /evidence/:sha256` — download, for staff and the parties of a claim holding the file (and
 *   the person who uploaded it).
 */
import { LANGUAGE_TAG } from "../../domain/shared/language-tags.js";
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Inbound } from "../conversation/messages.js";
import type { TurnAnswer } from "../conversation/engine.js";
import { inboundPayloadSchema } from "../conversation/messages.js";
import type { BlobStore } from "../../adapters/blob/blob-store.js";
import { BlobNotFoundError } from "../../adapters/blob/blob-store.js";
import type { Clock } from "../../adapters/clock/clock.js";
import type { Database } from "../../adapters/db/database.js";
import { loadConversationState } from "../../app/conversations.js";
import { loadClaim } from "../../app/queries/load.js";
import { HttpError } from "../../adapters/http/http-io.js";
import type { HttpApp } from "../../adapters/http/server.js";
import { WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";
import type { DisplayRenderer } from "./display.js";
import type { LiveSessions } from "./live-sessions.js";
import { pageWords } from "./page-words.js";
import { storeUpload, type UploadLimits } from "./uploads.js";
import { guestOf, identityHooks, identityOf, readerOf } from "./web-identity.js";
import { guestTurn } from "./guest-turns.js";

/** The conversation engine, as the web chat calls it: one inbound in, the replies out. */
export type TurnHandler = (inbound: Inbound) => Promise<TurnAnswer>;

export interface ChatRouteDeps {
  readonly db: Database;
  readonly signer: SessionSigner;
  readonly sessions: LiveSessions;
  readonly handleTurn: TurnHandler;
  readonly blobs: BlobStore;
  readonly uploadLimits: UploadLimits;
  readonly clock: Clock;
  readonly renderer: DisplayRenderer;
  /** Open live streams per identity (LIVE_STREAMS_PER_IDENTITY). */
  readonly liveStreamsPerIdentity: number;
  /** Evidence bytes per identity per hour (UPLOAD_BYTES_PER_IDENTITY_PER_HOUR). */
  readonly uploadBytesPerIdentityPerHour: number;
  readonly newId: () => string;
}

const HOUR_MS = 3_600_000;

const turnRequestSchema = z.object({
  /** The tab's id for this event: a retry of the same turn is a no-op. */
  eventId: z.string().min(8).max(100).optional(),
  locale: z.string().max(35).optional(),
  /** The browser's IANA time zone: a guest's registration form defaults to it (a party's own zone is used otherwise). */
  timeZone: z.string().max(64).optional(),
  /** What the person did, for the transcript (the text typed or the button's label). */
  echo: z.string().max(2_000).optional(),
  payload: inboundPayloadSchema,
});

export function registerChatRoutes(http: HttpApp, deps: ChatRouteDeps): void {
  const { db, signer, sessions } = deps;
  const hooks = identityHooks(db, signer);

  /** The server's record of an upload by this identity, or undefined (issue 9: attaching needs one). */
  const uploadOf = (externalUserId: string, sha256: string) =>
    db.prisma.evidenceUpload.findFirst({ where: { channel: WEBCHAT_CHANNEL, externalUserId, sha256 }, orderBy: { uploadedAt: "desc" } });

  /** A form's files as the server recorded them (size, type, blob), never as the client describes them. */
  const filesAsUploaded = async (externalUserId: string, payload: z.infer<typeof inboundPayloadSchema>): Promise<z.infer<typeof inboundPayloadSchema>> => {
    if (payload.kind !== "form" || payload.files.length === 0) return payload;
    const files = [];
    for (const file of payload.files) {
      const row = await uploadOf(externalUserId, file.sha256);
      if (!row) throw new HttpError(403, "UPLOAD_NOT_YOURS", "attach only files you uploaded yourself", { sha256: file.sha256 });
      files.push({ name: row.fileName, mediaType: row.mediaType, sizeBytes: row.sizeBytes, blobKey: row.blobKey, sha256: row.sha256 });
    }
    return { ...payload, files };
  };

  /** 429 before the body is read when this upload would pass the identity's hourly budget. */
  const withinUploadBudget = async (request: FastifyRequest): Promise<void> => {
    const identity = identityOf(request);
    const since = new Date(Date.parse(deps.clock.now()) - HOUR_MS);
    const where = { channel: WEBCHAT_CHANNEL, externalUserId: identity.externalUserId, uploadedAt: { gte: since } };
    const used = (await db.prisma.evidenceUpload.aggregate({ where, _sum: { sizeBytes: true } }))._sum.sizeBytes ?? 0;
    const declared = Number(request.headers["content-length"] ?? "0");
    if (used + (Number.isFinite(declared) ? declared : 0) <= deps.uploadBytesPerIdentityPerHour) return;
    const oldest = await db.prisma.evidenceUpload.findFirst({ where, orderBy: { uploadedAt: "asc" } });
    const retryAfterS = oldest ? Math.max(1, Math.ceil((oldest.uploadedAt.getTime() + HOUR_MS - Date.parse(deps.clock.now())) / 1000)) : 60;
    throw new HttpError(
      429,
      "UPLOAD_BUDGET_SPENT",
      `you may upload at most ${deps.uploadBytesPerIdentityPerHour} bytes per hour`,
      { limitBytes: deps.uploadBytesPerIdentityPerHour, usedBytes: used },
      { "retry-after": String(retryAfterS) },
    );
  };

  http.post("/chat/inbound", { onRequest: hooks.signedInOrGuest, schema: { body: turnRequestSchema } }, async (request) => {
    const body = request.body;
    const guest = guestOf(request);
    if (guest) {
      const answer = await guestTurn({ db, signer, sessions, handleTurn: deps.handleTurn, now: () => deps.clock.now() }, guest, body);
      request.log.info({ kind: body.payload.kind, ...actionOf(body.payload), registered: answer.session?.party.partyId }, "guest turn");
      return answer;
    }
    const identity = identityOf(request);
    const reader = readerOf(identity.party, body.locale);
    const inbound: Inbound = {
      channel: WEBCHAT_CHANNEL,
      externalUserId: identity.externalUserId,
      eventId: body.eventId ?? randomUUID(),
      conversation: {
        channel: WEBCHAT_CHANNEL,
        conversationId: identity.externalUserId,
      },
      locale: reader.locale,
      timeZone: reader.timeZone,
      payload: await filesAsUploaded(identity.externalUserId, body.payload),
    };
    const echo = body.echo ?? (body.payload.kind === "text" ? body.payload.text : undefined);
    // Keyed by the turn's event id: a retried turn (the page resends after no answer) records its words once.
    const own = echo
      ? (
          await sessions.record(identity.externalUserId, [{ kind: "own", text: echo }], `turn:${identity.externalUserId}:${inbound.eventId ?? randomUUID()}`)
        ).map((entry) => sessions.display(entry, reader))
      : [];
    request.log.info(
      {
        partyId: identity.party.id,
        kind: body.payload.kind,
        ...actionOf(body.payload),
      },
      "turn",
    );
    const answer = await deps.handleTurn(inbound);
    const replies = answer.replies;
    const recorded = await sessions.record(
      identity.externalUserId,
      replies.map((message) => ({ kind: "bot" as const, message })),
    );
    const entries = recorded.map((entry) => sessions.display(entry, reader));
    request.log.info(
      {
        partyId: identity.party.id,
        replies: replies.length,
        refused: replies.some((r) => r.tone === "error"),
      },
      "turn answered",
    );
    // CM-06: the page shows which case thread, if any, the message box writes to.
    // The turn's own answer when it ran (issue 15: no second read of the conversation state).
    const thread = answer.subject !== undefined ? answer.subject : await threadOf(identity.externalUserId);
    return { entries: [...own, ...entries], serverNow: deps.clock.now(), thread };
  });

  http.get(
    "/chat/events",
    {
      onRequest: hooks.signedInOrQueryToken,
      schema: {
        querystring: z.object({
          token: z.string().max(2_000).optional(),
          lang: z.string().max(35).optional(),
          after: z.string().max(40).optional(),
        }),
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const lastEventId = Number(request.headers["last-event-id"] ?? request.query.after ?? "0");
      if (sessions.streamCountOf(identity.externalUserId) >= deps.liveStreamsPerIdentity) {
        throw new HttpError(
          429,
          "TOO_MANY_LIVE_STREAMS",
          `at most ${deps.liveStreamsPerIdentity} tabs may follow the chat at once; close one`,
          { limit: deps.liveStreamsPerIdentity },
          { "retry-after": "30" },
        );
      }
      reply.hijack();
      await sessions.open(identity.externalUserId, reply.raw, readerOf(identity.party, request.query.lang), Number.isFinite(lastEventId) ? lastEventId : 0);
    },
  );

  /** CM-06: the case thread, if any, the message box writes to (the page shows it). */
  async function threadOf(externalUserId: string): Promise<{ type: "order" | "claim"; id: string } | null> {
    const { subject } = await loadConversationState(db, { channel: WEBCHAT_CHANNEL, conversationId: externalUserId, externalUserId });
    return subject ?? null;
  }

  http.get("/chat/thread", { onRequest: hooks.signedIn }, async (request) => ({ thread: await threadOf(identityOf(request).externalUserId) }));

  http.get("/chat/upload-limits", async () => deps.uploadLimits);

  http.get(
    "/chat/page-words",
    {
      schema: {
        querystring: z.object({ lang: z.string().max(35).optional() }),
      },
    },
    async (request) => {
      const lang = request.query.lang ?? "en";
      return pageWords(deps.renderer, LANGUAGE_TAG.test(lang) ? lang : "en");
    },
  );

  // Evidence arrives as the raw body of any type (the browser sends the file as it is); the limit is the policy's.
  void http.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: deps.uploadLimits.maxBytes }, (_request, body, done) => done(null, body));
    uploads.post("/chat/upload", { onRequest: [hooks.signedIn, withinUploadBudget], bodyLimit: deps.uploadLimits.maxBytes }, async (request, reply) => {
      const identity = identityOf(request);
      const rawName = request.headers["x-file-name"];
      const name = typeof rawName === "string" ? safeDecode(rawName) : "file";
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const file = await storeUpload(deps.blobs, deps.uploadLimits, name, request.headers["content-type"] ?? "", bytes);
      await db.prisma.evidenceUpload.create({
        data: {
          id: deps.newId(),
          channel: WEBCHAT_CHANNEL,
          externalUserId: identity.externalUserId,
          partyId: identity.party.id,
          sha256: file.sha256,
          blobKey: file.blobKey,
          sizeBytes: file.sizeBytes,
          mediaType: file.mediaType,
          fileName: file.name,
          uploadedAt: new Date(deps.clock.now()),
        },
      });
      request.log.info(
        {
          partyId: identity.party.id,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
          mediaType: file.mediaType,
        },
        "evidence uploaded",
      );
      return reply.code(201).send({ file, href: `/evidence/${file.sha256}` });
    });
  });

  http.get(
    "/evidence/:sha256",
    {
      onRequest: hooks.signedInOrQueryToken,
      schema: {
        params: z.object({ sha256: z.string().max(200) }),
        querystring: z.object({ token: z.string().max(2_000).optional() }),
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const sha256 = request.params.sha256;
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
      // Issue 9: a capability of the claim, not of the hash — staff, the uploader, the parties of a claim it is attached to.
      const rows = await db.prisma.evidence.findMany({ where: { sha256 }, take: 20 });
      const upload = await uploadOf(identity.externalUserId, sha256);
      let allowed = identity.party.role === "staff" || upload !== null;
      for (const row of rows) {
        if (allowed) break;
        allowed = await loadClaim(db, identity.actor, row.claimId).then(
          () => true,
          () => false,
        );
      }
      if (!allowed) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
      if (rows.length === 0 && !upload && identity.party.role === "staff") {
        const anyUpload = await db.prisma.evidenceUpload.findFirst({ where: { sha256 } });
        if (!anyUpload) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
      }
      const row = rows[0] ?? (upload ? { blobKey: upload.blobKey, fileName: upload.fileName, mediaType: upload.mediaType } : undefined);
      let bytes: Uint8Array;
      try {
        bytes = await deps.blobs.get(row?.blobKey ?? sha256);
      } catch (error) {
        if (error instanceof BlobNotFoundError) throw new HttpError(404, "EVIDENCE_NOT_FOUND", "no such file");
        throw error;
      }
      const fileName = row?.fileName ?? sha256;
      return reply
        .headers({
          "content-type": row?.mediaType ?? "application/octet-stream",
          "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          "cache-control": "private, max-age=3600",
          "x-sha256": sha256,
        })
        .send(Buffer.from(bytes));
    },
  );
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
