/**
 * The four aggregates as the store sees them: how each folds its events, which deadlines its state
 * derives (CL-10), and the read models it keeps in the same transaction: parties + channel
 * identities (CM-05), the supplier's ledger entries (TA-02), orders + their versions (PO-01/PO-05),
 * claims + proposals (CL-08) + evidence metadata (CL-11) + staff pages (DT-01).
 */
import { deadlinesOfClaim } from "../../domain/claims/claim-deadlines.js";
import { evolveClaim, type ClaimState } from "../../domain/claims/claim-state.js";
import { emptyLedger, evolveLedger, ledgerEntryOf, type LedgerState } from "../../domain/ledger/ledger.js";
import { evolveOrder } from "../../domain/orders/evolve-order.js";
import { deadlinesOfOrder } from "../../domain/orders/order-deadlines.js";
import type { OrderState } from "../../domain/orders/order-state.js";
import { evolveParty } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import { evolveCaseAssignment, type CaseAssignment } from "../../domain/paging/case-assignment.js";
import { evolveEscalationPolicy, type EscalationPolicy } from "../../domain/paging/escalation-policy.js";
import type { DomainEvent } from "../../domain/shared/events.js";
import type { Money } from "../../domain/shared/money.js";
import { AggregateRegistry, type AggregateDefinition, type StreamChange } from "./aggregate-definition.js";
import { asJson, type Tx } from "./transaction.js";

function defined<S>(state: S | undefined, event: DomainEvent): S {
  if (state === undefined) throw new Error(`${event.type} cannot start stream ${event.stream.type}:${event.stream.id}`);
  return state;
}

export const partyAggregate: AggregateDefinition<PartyState> = {
  streamType: "party",
  evolve: (state, event) => defined(evolveParty(state, event), event),
  async project(tx, { after, events }) {
    const row = {
      role: after.role,
      displayName: after.displayName,
      locale: after.locale,
      timeZone: after.calendar.timeZone,
      enrolled: after.enrolled,
      suspended: after.suspended,
      updatedAt: lastEventAt(events),
    };
    await tx.party.upsert({ where: { id: after.id }, create: { id: after.id, ...row }, update: row });
    await tx.channelIdentity.deleteMany({ where: { partyId: after.id } });
    if (after.identities.length > 0) {
      await tx.channelIdentity.createMany({
        data: after.identities.map((i) => ({ channel: i.channel, externalUserId: i.externalUserId, partyId: after.id, linkedAt: i.linkedAt })),
      });
    }
  },
};

function lastEventAt(events: StreamChange<unknown>["events"]): string {
  const last = events.at(-1);
  if (!last) throw new Error("a stream change has at least one event");
  return last.event.at;
}

/** The currency of a ledger's first event (its first limit, or the first amount it records). */
function ledgerCurrency(event: DomainEvent): string {
  const data = event.data as { limit?: Money; amount?: Money } | undefined;
  const currency = data?.limit?.currency ?? data?.amount?.currency;
  if (!currency) throw new Error(`${event.type} cannot start ledger ${event.stream.id}: no currency`);
  return currency;
}

export const ledgerAggregate: AggregateDefinition<LedgerState> = {
  streamType: "ledger",
  evolve: (state, event) => evolveLedger(state ?? emptyLedger(event.stream.id, ledgerCurrency(event)), event),
  async project(tx, { after, events }) {
    const rows = events.flatMap(({ version, event }) => {
      const entry = ledgerEntryOf(event, after.currency);
      if (!entry) return [];
      return [
        {
          supplierId: after.supplierId,
          streamVersion: version,
          type: entry.kind,
          amountMinor: BigInt(entry.amount.amountMinor),
          currency: entry.amount.currency,
          orderId: entry.orderId ?? null,
          claimId: entry.claimId ?? null,
          reason: entry.reason,
          data: asJson(entry),
          occurredAt: entry.at,
        },
      ];
    });
    if (rows.length > 0) await tx.ledgerEntry.createMany({ data: rows });
  },
};

/**
 * PO-01: versions are append-only; PO-05: the content hash is added once both parties confirmed.
 * The rows of `before` were projected by the command that produced it: only a new version or a newly
 * set content hash is written (a message or a payment does not rewrite every version).
 */
function orderVersionsToProject(before: OrderState | undefined, after: OrderState): OrderState["versions"] {
  const projected = new Map((before?.versions ?? []).map((v) => [v.number, v.contentHash ?? null]));
  return after.versions.filter((v) => !(projected.has(v.number) && projected.get(v.number) === (v.contentHash ?? null)));
}

export const orderAggregate: AggregateDefinition<OrderState> = {
  streamType: "order",
  evolve: (state, event) => evolveOrder(state, event),
  deadlines: (state) => deadlinesOfOrder(state),
  // Every command on an order rewrites its row: written in the append's own statement, so it costs
  // no round trip of its own while the order's row lock is held (issue 15).
  projectInAppend: ({ after, events }) => [
    {
      cte: (param, gate) => `
    INSERT INTO orders (id, buyer_id, supplier_id, status, confirmed_version, updated_at)
    SELECT ${param(after.id)}::text, ${param(after.buyer.id)}::text, ${param(after.supplier.id)}::text, ${param(after.status)}::text, ${param(after.confirmedVersion ?? null)}::int, ${param(lastEventAt(events))}::timestamptz
     WHERE ${gate}
    ON CONFLICT (id) DO UPDATE SET buyer_id = EXCLUDED.buyer_id, supplier_id = EXCLUDED.supplier_id, status = EXCLUDED.status,
      confirmed_version = EXCLUDED.confirmed_version, updated_at = EXCLUDED.updated_at
    RETURNING 1`,
    },
  ],
  // A message or a payment writes no version row: such a command needs no Prisma transaction (issue 15).
  projectsNothing: ({ before, after }) => orderVersionsToProject(before, after).length === 0,
  async project(tx, { before, after }) {
    for (const v of orderVersionsToProject(before, after)) {
      await tx.orderVersion.upsert({
        where: { orderId_number: { orderId: after.id, number: v.number } },
        create: {
          orderId: after.id,
          number: v.number,
          terms: asJson(v.terms),
          proposedBy: v.proposedBy,
          proposedAt: v.proposedAt,
          note: v.note ?? null,
          contentHash: v.contentHash ?? null,
        },
        update: { contentHash: v.contentHash ?? null },
      });
    }
  },
};

/** CL-11: evidence is append-only; the blob key is the content hash. */
async function projectEvidence(tx: Tx, claim: ClaimState): Promise<void> {
  if (claim.evidence.length === 0) return;
  await tx.evidence.createMany({
    data: claim.evidence.map((f) => ({
      id: `${claim.id}:${f.sha256}`,
      claimId: claim.id,
      uploadedBy: f.uploadedBy.partyId ?? f.uploadedBy.kind,
      fileName: f.fileName,
      mediaType: f.mediaType,
      category: f.category,
      sizeBytes: BigInt(f.sizeBytes),
      sha256: f.sha256,
      blobKey: f.sha256,
      uploadedAt: f.uploadedAt,
    })),
    skipDuplicates: true,
  });
}

/** CL-08: one row per proposal round; its status follows the negotiation. */
async function projectProposals(tx: Tx, claim: ClaimState): Promise<void> {
  const last = claim.rounds.at(-1)?.round;
  for (const round of claim.rounds) {
    if (round.response.kind !== "proposal") continue;
    const status = claim.agreement?.round === round.round ? "agreed" : round.round === last ? "open" : "answered";
    const id = `${claim.id}:${round.round}`;
    await tx.proposal.upsert({
      where: { id },
      create: { id, claimId: claim.id, proposedBy: round.by, terms: asJson(round.response.proposal), status, proposedAt: round.at },
      update: { status },
    });
  }
}

/** DT-01: staff pages with their level and acknowledgement. */
async function projectStaffPages(tx: Tx, claim: ClaimState): Promise<void> {
  for (const page of claim.pages) {
    const row = {
      level: page.level,
      reason: page.reason,
      acknowledgedAt: page.acknowledgedAt ?? null,
      acknowledgedBy: page.acknowledgedBy ?? null,
    };
    await tx.staffPage.upsert({
      where: { id: page.pageId },
      create: { id: page.pageId, subjectType: "claim", subjectId: claim.id, pagedAt: page.raisedAt, ...row },
      update: row,
    });
  }
}

/** The staff queue's filter: escalated for a decision (DT-01), or an appeal not yet decided (DT-08). */
function awaitsStaff(claim: ClaimState): boolean {
  return claim.status === "escalated" || (claim.appeal !== undefined && claim.appeal.decision === undefined);
}

export const claimAggregate: AggregateDefinition<ClaimState> = {
  streamType: "claim",
  evolve: (state, event) => defined(evolveClaim(state, event), event),
  deadlines: (state) => deadlinesOfClaim(state),
  async project(tx, { after, events }) {
    const row = {
      orderId: after.order.orderId,
      status: after.status,
      openedAt: after.filedAt,
      updatedAt: lastEventAt(events),
      awaitingStaff: awaitsStaff(after),
    };
    await tx.claim.upsert({ where: { id: after.id }, create: { id: after.id, ...row }, update: row });
    await projectEvidence(tx, after);
    await projectProposals(tx, after);
    await projectStaffPages(tx, after);
  },
};

/** DT-01: the staff team's escalation policy; every version is kept for the console and the record. */
export const escalationPolicyAggregate: AggregateDefinition<EscalationPolicy> = {
  streamType: "escalation-policy",
  evolve: (state, event) => defined(evolveEscalationPolicy(state, event), event),
  async project(tx, { stream, after }) {
    await tx.escalationPolicyVersion.upsert({
      where: { team_version: { team: stream.id, version: after.version } },
      create: { team: stream.id, version: after.version, policy: asJson(after), effectiveFrom: after.effectiveFrom, revisedBy: after.revisedBy },
      update: {},
    });
  },
};

/** DT-01 "Take case": who owns an escalated case (no read model: the console reads the stream). */
export const caseAssignmentAggregate: AggregateDefinition<CaseAssignment> = {
  streamType: "case-assignment",
  evolve: (state, event) => defined(evolveCaseAssignment(state, event), event),
};

/** Every aggregate of the domain, for the composition root. */
export function domainAggregates(): AggregateRegistry {
  return new AggregateRegistry([partyAggregate, ledgerAggregate, orderAggregate, claimAggregate, escalationPolicyAggregate, caseAssignmentAggregate]);
}
