/**
 * A claim as staff (or a party) review it: both parties with the details a counterparty may see
 * (CM-04), the order version the claim is about with its content hash (PO-05), the deadlines (CL-10),
 * the evidence with SHA-256 hashes (CL-11) and the transcript with originals (CM-02).
 */
import { deadlinesOfClaim } from "../../domain/claims/claim-deadlines.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { shippingEvidence, type ShippingEvidence } from "../../domain/claims/shipping-evidence.js";
import type { EvidenceFile } from "../../domain/claims/evidence.js";
import type { Deadline } from "../../domain/deadlines/deadline.js";
import type { TranscriptEntry } from "../../domain/messages/message.js";
import type { OrderState, OrderVersion } from "../../domain/orders/order-state.js";
import { partyStream } from "../../domain/parties/party-events.js";
import { counterpartyView, type CounterpartyView, type PartyState } from "../../domain/parties/party.js";
import { refuse } from "../../domain/shared/errors.js";
import type { Database } from "../../adapters/db/database.js";
import type { Actor } from "../actor.js";
import { readState } from "../read-state.js";
import { caseTranscript } from "./case-transcript.js";
import { loadClaim, loadOrder } from "./load.js";

/** TA-07 / FR-01 / FR-02: what staff weigh about a party — its suspension and its fraud flags. */
export type PartyStanding = Pick<PartyState, "suspended" | "fraudFlags">;

export interface CaseSummary {
  readonly claim: ClaimState;
  /** The claim's order (its chargeback, CL-12). */
  readonly order: OrderState;
  readonly buyer: CounterpartyView;
  readonly supplier: CounterpartyView;
  readonly orderVersion: OrderVersion;
  readonly deadlines: readonly Deadline[];
  readonly evidence: readonly EvidenceFile[];
  readonly transcript: readonly TranscriptEntry[];
  /** DT-02: the agreed date and the shipment as recorded, customs export data included (ORD-03). */
  readonly shippingEvidence: ShippingEvidence;
  /** Staff only: each party's standing. */
  readonly standing?: { readonly buyer: PartyStanding; readonly supplier: PartyStanding };
}

async function partyOf(db: Database, partyId: string): Promise<PartyState> {
  return (await readState<PartyState>(db, partyStream(partyId))) ?? refuse("PARTY_NOT_FOUND", { partyId });
}

const standingOf = (p: PartyState): PartyStanding => ({ suspended: p.suspended, fraudFlags: p.fraudFlags });

export async function caseSummary(db: Database, viewer: Actor, claimId: string): Promise<CaseSummary> {
  const claim = await loadClaim(db, viewer, claimId);
  const order = await loadOrder(db, viewer, claim.order.orderId);
  const orderVersion =
    order.versions.find((v) => v.number === claim.order.orderVersion) ??
    refuse("ORDER_VERSION_NOT_FOUND", { orderId: order.id, version: claim.order.orderVersion });
  const buyer = await partyOf(db, claim.order.buyer.id);
  const supplier = await partyOf(db, claim.order.supplier.id);
  return {
    claim,
    order,
    buyer: counterpartyView(buyer),
    supplier: counterpartyView(supplier),
    orderVersion,
    deadlines: deadlinesOfClaim(claim),
    shippingEvidence: shippingEvidence(order),
    evidence: claim.evidence,
    transcript: await caseTranscript(db, [
      { type: "order", id: order.id },
      { type: "claim", id: claim.id },
    ]),
    ...(viewer.kind === "staff" ? { standing: { buyer: standingOf(buyer), supplier: standingOf(supplier) } } : {}),
  };
}
