/**
 * The staff console's read side (DT-01/DT-02, CL-11, CM-02, TA-02), staff identities only:
 * - `GET /staff/api/queue` — escalated cases, most urgent first, with the deadline each faces;
 * - `GET /staff/api/cases/:claimId` — parties, the order version, deadlines, timeline, transcript
 *   with originals, evidence with SHA-256 and download links, the supplier's ledger, and the actions
 *   open to staff as buttons;
 * - `GET /staff/api/parties` — everyone, to issue a sign-in link.
 * Every staff action is a button or form of the conversation engine, posted to `/chat/inbound`, so
 * the console runs exactly the commands chat runs. Values are formatted for the staff reader.
 */
import type { Reader } from "../conversation/i18n/index.js";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { caseSummary } from "../../app/queries/case-summary.js";
import { escalatedCases, supplierLedger } from "../../app/queries/staff-queries.js";
import { claimActions } from "../../app/queries/what-can-i-do-now.js";
import { readEvents } from "../../app/read-state.js";
import type { App } from "../../app/app.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import { caseAssignmentOf } from "../../app/commands/paging-commands.js";
import { USE_CASE } from "../../app/use-cases.js";
import { caseAssignmentStream } from "../../domain/paging/case-assignment.js";
import { proposalText } from "../../domain/notifications/claim-notifications.js";
import type { Deadline } from "../../domain/deadlines/deadline.js";
import type { ActorRef } from "../../domain/shared/events.js";
import { actionButton } from "../conversation/views.js";
import type { HttpApp } from "../../adapters/http/server.js";
import type { SessionSigner } from "./sessions.js";
import { languageName, type DisplayRenderer } from "./display.js";
import { identityHooks, identityOf, readerOf, type WebIdentity } from "./web-identity.js";

export interface StaffRouteDeps {
  readonly app: App;
  readonly signer: SessionSigner;
  readonly renderer: DisplayRenderer;
}

const langQuery = z.object({ lang: z.string().max(35).optional() });

export function registerStaffRoutes(http: HttpApp, deps: StaffRouteDeps): void {
  const { app, signer, renderer } = deps;
  const { staffOnly } = identityHooks(app.db, signer);

  const staffOf = (request: FastifyRequest): { identity: WebIdentity; reader: Reader } => {
    const identity = identityOf(request);
    const lang = (request.query as { lang?: string } | undefined)?.lang;
    return { identity, reader: readerOf(identity.party, lang) };
  };
  const when = (reader: Reader, at: string | undefined): string => (at ? renderer.value(reader, { instant: at }) : "");
  const word = (reader: Reader, key: string, fallback: string, params: Readonly<Record<string, string>> = {}): string =>
    renderer.word(reader, key, fallback, params);
  /** A coded value (an event type, a ledger kind or reason) by its human label; free text (a staff reason) as written. */
  const label = (reader: Reader, prefix: string, code: string): string => word(reader, `${prefix}.${code}`, code);
  const names = async (): Promise<Map<string, string>> => new Map((await app.db.prisma.party.findMany()).map((p) => [p.id, p.displayName]));
  const actorName = (reader: Reader, actor: ActorRef, byId: Map<string, string>): string =>
    "partyId" in actor && typeof actor.partyId === "string" ? (byId.get(actor.partyId) ?? actor.partyId) : word(reader, "common:party.system", "platform");
  const deadlineView = (reader: Reader, d: Deadline) => ({
    kind: d.kind,
    label: word(reader, `common:deadlineKind.${d.kind}`, d.kind),
    actor: word(reader, `common:party.${d.actor}`, d.actor),
    dueAt: d.dueAt,
    dueAtText: when(reader, d.dueAt),
    defaultOutcome: d.defaultOutcome,
  });

  http.get("/staff/api/queue", { onRequest: staffOnly, schema: { querystring: langQuery } }, async (request) => {
    const { identity, reader } = staffOf(request);
    const byId = await names();
    const cases = await escalatedCases(app.db, identity.actor);
    return {
      serverNow: app.clock.now(),
      cases: cases.map(({ claim, deadline }) => ({
        claimId: claim.id,
        orderId: claim.order.orderId,
        type: word(reader, `claim:type.${claim.type}`, claim.type),
        status: word(reader, `claim:status.${claim.status}`, claim.status),
        buyer: byId.get(claim.order.buyer.id) ?? claim.order.buyer.id,
        supplier: byId.get(claim.order.supplier.id) ?? claim.order.supplier.id,
        acknowledged: claim.pages.every((p) => p.acknowledgedAt !== undefined),
        ...(deadline ? { deadline: deadlineView(reader, deadline) } : {}),
      })),
    };
  });

  http.get(
    "/staff/api/cases/:claimId",
    {
      onRequest: staffOnly,
      schema: {
        querystring: langQuery,
        params: z.object({ claimId: z.string().min(1).max(100) }),
      },
    },
    async (request) => {
      const { identity, reader } = staffOf(request);
      const summary = await caseSummary(app.db, identity.actor, request.params.claimId);
      const { claim } = summary;
      const byId = await names();
      // DT-01 "Take case": who has the case is its own stream; its events join the case timeline.
      const assignment = await caseAssignmentOf(app.db, identity.actor, claim.id);
      const events = [...(await readEvents(app.db, claimStream(claim.id))), ...(await readEvents(app.db, caseAssignmentStream(claim.id)))].sort((a, b) =>
        a.at.localeCompare(b.at),
      );
      const takeButton =
        claim.status === "escalated" && assignment?.takenBy !== identity.actor.partyId
          ? [renderer.action(reader, { actionId: USE_CASE.takeCase, label: { key: "paging:take.button" }, payload: { claimId: claim.id }, style: "primary" })]
          : [];
      const ledger = await supplierLedger(app.db, identity.actor, claim.order.supplier.id).catch(() => undefined);
      const money = (m: Parameters<DisplayRenderer["value"]>[1]): string => renderer.value(reader, m);
      return {
        serverNow: app.clock.now(),
        claim: {
          claimId: claim.id,
          orderId: claim.order.orderId,
          type: word(reader, `claim:type.${claim.type}`, claim.type),
          status: word(reader, `claim:status.${claim.status}`, claim.status),
          reason: claim.reason,
          description: claim.description,
          filedAt: when(reader, claim.filedAt),
          ...(claim.decision ? { decision: claim.decision } : {}),
        },
        assignment: assignment
          ? {
              takenBy: assignment.takenBy,
              text: word(reader, "paging:take.takenByLine", assignment.takenBy, {
                name: byId.get(assignment.takenBy) ?? assignment.takenBy,
                at: when(reader, assignment.takenAt),
              }),
            }
          : { text: word(reader, "paging:take.notTaken", "") },
        buyer: summary.buyer,
        supplier: summary.supplier,
        orderVersion: {
          number: summary.orderVersion.number,
          contentHash: summary.orderVersion.contentHash ?? null,
          terms: summary.orderVersion.terms,
        },
        deadlines: summary.deadlines.map((d) => deadlineView(reader, d)),
        timeline: events.map((e) => ({
          at: e.at,
          atText: when(reader, e.at),
          type: e.stream.type === "case-assignment" ? label(reader, "paging:timeline", e.type) : label(reader, "conversation:event", e.type),
          actor: actorName(reader, e.actor, byId),
        })),
        // CL-08: every round of the negotiation, with its amounts; PO-03/PO-04: the order's quality requirements.
        negotiation: claim.rounds.map((r) => ({
          title: word(reader, "conversation:caseFile.round", `Round ${r.round}`, {
            round: String(r.round),
            party: word(reader, `common:party.${r.by}`, r.by),
            at: when(reader, r.at),
          }),
          text:
            r.response.kind === "proposal"
              ? renderer.text(reader, proposalText(r.response.proposal))
              : word(reader, "conversation:caseFile.rejection", r.response.reasons.join(" · "), { reasons: r.response.reasons.join(" · ") }),
        })),
        qualityRequirements: (summary.orderVersion.terms.qualityRequirements ?? []).map((q) =>
          renderer.text(reader, {
            key: "order:flow.requirementValue",
            params: { attribute: q.attribute, target: q.target, tolerance: q.tolerance ?? "—", method: q.method },
          }),
        ),
        transcript: summary.transcript.map((m) => ({
          messageId: m.messageId,
          sentAt: when(reader, m.sentAt),
          sender: byId.get(m.sender.partyId) ?? m.sender.partyId,
          senderRole: word(reader, `common:party.${m.sender.kind}`, m.sender.kind),
          originalLanguage: m.originalLanguage,
          // CM-02: the original's language by its name in the reader's language, never the code.
          originalLanguageName: languageName(reader.locale, m.originalLanguage),
          originalText: m.originalText,
          // CM-02: the transcript keeps each message's translations (or their failure), labelled in the reader's language.
          translations: m.translations.map((t) => {
            const language = languageName(reader.locale, t.language);
            return "text" in t
              ? { language: t.language, label: word(reader, "conversation:caseFile.translation", language, { language }), text: t.text }
              : { language: t.language, label: word(reader, "conversation:caseFile.translationFailed", language, { language }), failed: true };
          }),
        })),
        evidence: summary.evidence.map((f) => ({
          fileName: f.fileName,
          mediaType: f.mediaType,
          sizeBytes: f.sizeBytes,
          sha256: f.sha256,
          category: label(reader, "claim:evidenceCategory", f.category),
          uploadedBy: actorName(reader, f.uploadedBy, byId),
          uploadedAt: when(reader, f.uploadedAt),
          href: `/evidence/${f.sha256}`,
        })),
        ledger: ledger
          ? {
              supplierId: ledger.supplierId,
              balances: Object.fromEntries(Object.entries(ledger.balances).map(([k, v]) => [label(reader, "conversation:ledger.balance", k), money(v)])),
              entries: ledger.entries.map((e) => ({
                id: e.id,
                kind: label(reader, "conversation:ledger.kind", e.kind),
                amount: money(e.amount),
                reason: label(reader, "conversation:ledger.reason", e.reason),
                orderId: e.orderId ?? null,
                claimId: e.claimId ?? null,
              })),
            }
          : null,
        actions: [...takeButton, ...claimActions(claim, identity.actor, app.clock.now()).map((open) => renderer.action(reader, actionButton(open)))],
      };
    },
  );

  http.get("/staff/api/parties", { onRequest: staffOnly }, async () => {
    const parties = await app.db.prisma.party.findMany({
      orderBy: [{ role: "asc" }, { displayName: "asc" }],
    });
    return {
      parties: parties.map((p) => ({
        partyId: p.id,
        displayName: p.displayName,
        role: p.role,
        locale: p.locale,
        suspended: p.suspended,
      })),
    };
  });
}
