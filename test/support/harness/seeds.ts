/**
 * Parties and supplier limits for the harness and demos, registered through the real use cases, and
 * one-time link codes so each chat user links the way a real one does (CM-05).
 */
import type { App } from "../../../src/app/app.js";
import { issueLinkCode } from "../../../src/app/identity/link-codes.js";
import { emptyLedger, ledgerStream, setLimit, type LedgerState } from "../../../src/domain/ledger/ledger.js";
import { enrollSupplier, registerParty, type RegisterPartyCommand } from "../../../src/domain/parties/party-commands.js";
import { evolveParty, partyStream } from "../../../src/domain/parties/party-events.js";
import type { PartyState } from "../../../src/domain/parties/party.js";
import type { CommandContext } from "../../../src/domain/shared/events.js";
import type { Money } from "../../../src/domain/shared/money.js";

const SEEDING_STAFF = "staff-seed";
const asSeedingStaff = (now: string): CommandContext => ({ now, actor: { kind: "staff", partyId: SEEDING_STAFF } });

export interface SeedParty extends RegisterPartyCommand {
  /** TA-01: suppliers are enrolled by default. */
  readonly enrolled?: boolean;
  /** TA-01: the supplier's Trade Assurance limit. */
  readonly limit?: Money;
}

export async function seedParty(app: App, party: SeedParty): Promise<void> {
  const { enrolled, limit, ...registration } = party;
  const stream = partyStream(party.partyId);
  await app.runner.execute({
    name: "seed.registerParty",
    streams: [stream],
    decide: (_s, now) => {
      const registered = registerParty(undefined, registration, asSeedingStaff(now));
      if (party.role !== "supplier" || enrolled === false) return registered;
      const state = registered.reduce<PartyState | undefined>(evolveParty, undefined) as PartyState;
      return [...registered, ...enrollSupplier(state, asSeedingStaff(now))];
    },
  });
  if (limit) {
    const ledger = ledgerStream(party.partyId);
    await app.runner.execute({
      name: "seed.setLimit",
      streams: [ledger],
      decide: (s, now) =>
        setLimit(
          s.get<LedgerState>(ledger) ?? emptyLedger(party.partyId, limit.currency),
          { limit, qualification: "seeded", sixMonthVolume: limit, reason: "seed" },
          asSeedingStaff(now),
        ),
    });
  }
}

/** A one-time link code for the party (fixed codes keep demo transcripts stable). */
export async function seedLinkCode(app: App, partyId: string, code?: string): Promise<string> {
  return (await issueLinkCode(app, "system", partyId, code)).code;
}
