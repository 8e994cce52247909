/** Staff views: the escalated cases waiting for a decision (DT-01/DT-02), and a supplier's ledger (TA-02). */
import { deadlinesOfClaim } from "../../domain/claims/claim-deadlines.js";
import type { ClaimState } from "../../domain/claims/claim-state.js";
import { claimStream } from "../../domain/claims/claim-events.js";
import type { Deadline } from "../../domain/deadlines/deadline.js";
import { ledgerBalances, ledgerStream, type LedgerBalances, type LedgerEntry, type LedgerState } from "../../domain/ledger/ledger.js";
import { refuse } from "../../domain/shared/errors.js";
import { instantMs } from "../../domain/shared/time.js";
import type { Database } from "../../adapters/db/database.js";
import type { Actor } from "../actor.js";
import { readState } from "../read-state.js";

function assertStaffReader(actor: Actor, action: string): void {
  if (actor.kind !== "staff") refuse("STAFF_ONLY", { action });
}

export interface QueuedCase {
  readonly claim: ClaimState;
  /** The staff deadline the case faces (the decision target, DT-02), if any. */
  readonly deadline?: Deadline;
}

/** The staff queue: escalated cases and undecided appeals, the most urgent first. */
export async function escalatedCases(db: Database, viewer: Actor): Promise<QueuedCase[]> {
  assertStaffReader(viewer, "escalated-cases");
  const rows = await db.prisma.claim.findMany({ where: { awaitingStaff: true }, orderBy: [{ updatedAt: "asc" }, { id: "asc" }] });
  const cases: QueuedCase[] = [];
  for (const row of rows) {
    const claim = await readState<ClaimState>(db, claimStream(row.id));
    if (!claim) continue;
    const deadline = deadlinesOfClaim(claim)
      .filter((d) => d.actor === "staff")
      .sort((a, b) => instantMs(a.dueAt) - instantMs(b.dueAt))[0];
    cases.push({ claim, ...(deadline ? { deadline } : {}) });
  }
  const due = (c: QueuedCase): number => (c.deadline ? instantMs(c.deadline.dueAt) : Number.MAX_SAFE_INTEGER);
  return cases.sort((a, b) => due(a) - due(b));
}

export interface SupplierLedgerView {
  readonly supplierId: string;
  readonly balances: LedgerBalances;
  readonly entries: readonly LedgerEntry[];
}

export async function supplierLedger(db: Database, viewer: Actor, supplierId: string): Promise<SupplierLedgerView> {
  if (viewer.kind !== "staff" && viewer.partyId !== supplierId) refuse("STAFF_ONLY", { action: "supplier-ledger" });
  const ledger = (await readState<LedgerState>(db, ledgerStream(supplierId))) ?? refuse("LEDGER_NOT_FOUND", { supplierId });
  return { supplierId, balances: ledgerBalances(ledger), entries: ledger.entries };
}
