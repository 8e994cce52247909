/**
 * CM-05: linking a chat account to a party with a one-time code. Staff (or the demo seeds) issue a
 * code for a party; the person types it in any channel; redeeming links the identity (domain
 * `linkIdentity`) and spends the code in the same transaction. Only the code's SHA-256 is stored;
 * a code expires, and is spent once.
 */
import { createHash, randomInt } from "node:crypto";
import { linkIdentity } from "../../domain/parties/party-commands.js";
import { partyStream } from "../../domain/parties/party-events.js";
import type { PartyState } from "../../domain/parties/party.js";
import { DomainError, refuse } from "../../domain/shared/errors.js";
import { addMs, isAtOrAfter, type Instant } from "../../domain/shared/time.js";
import type { CommandOutcome } from "../../adapters/db/unit-of-work.js";
import type { App, RunOptions } from "../app.js";
import { runCommand } from "../app.js";
import { contextOf, type Actor } from "../actor.js";
import { partyIdLinkedTo } from "./resolve-party.js";
import { readState } from "../read-state.js";

/** Codes are valid for 72 hours. */
export const LINK_CODE_TTL_MS = 72 * 3_600_000;

/** 8 characters without look-alikes (no 0/O, 1/I/L). */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;

export function normaliseLinkCode(text: string): string {
  return text.replace(/[\s-]/g, "").toUpperCase();
}

/** Whether free text looks like a link code (so an unlinked user may simply type it). */
export function looksLikeLinkCode(text: string): boolean {
  const code = normaliseLinkCode(text);
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c));
}

function hashOf(code: string): string {
  return createHash("sha256").update(normaliseLinkCode(code)).digest("hex");
}

function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

export interface IssuedLinkCode {
  readonly code: string;
  readonly partyId: string;
  readonly expiresAt: Instant;
}

/** Staff (or the system, for seeds) issue a one-time code for a party. `code` may be fixed for demos and tests. */
export async function issueLinkCode(app: App, issuer: Actor | "system", partyId: string, code: string = newCode()): Promise<IssuedLinkCode> {
  if (issuer !== "system" && issuer.kind !== "staff") refuse("STAFF_ONLY", { action: "issue-link-code" });
  if (!looksLikeLinkCode(code)) throw new Error("a link code has 8 characters of the link-code alphabet");
  const party = await readState<PartyState>(app.db, partyStream(partyId));
  if (!party) refuse("PARTY_NOT_FOUND", { partyId });
  const now = app.clock.now();
  const expiresAt = addMs(now, LINK_CODE_TTL_MS);
  await app.db.prisma.linkCode.create({
    data: { codeHash: hashOf(code), partyId, issuedBy: issuer === "system" ? "system" : issuer.partyId, issuedAt: now, expiresAt },
  });
  return { code: normaliseLinkCode(code), partyId, expiresAt };
}

/** The party a link code would sign in as, while it is unspent and unexpired; undefined otherwise. */
export async function partyOfLinkCode(app: App, code: string): Promise<string | undefined> {
  const row = await app.db.prisma.linkCode.findUnique({ where: { codeHash: hashOf(code) } });
  if (!row || row.redeemedAt !== null || isAtOrAfter(app.clock.now(), row.expiresAt.toISOString())) return undefined;
  return row.partyId;
}

/**
 * Links the chat account to the code's party. Refused with LINK_CODE_INVALID when the code is unknown,
 * spent or expired; the code is spent in the transaction that links the identity.
 */
export async function redeemLinkCode(
  app: App,
  account: { readonly channel: string; readonly externalUserId: string },
  code: string,
  options: RunOptions = {},
): Promise<{ party: PartyState; outcome: CommandOutcome }> {
  const codeHash = hashOf(code);
  const row = await app.db.prisma.linkCode.findUnique({ where: { codeHash } });
  const now = app.clock.now();
  if (!row || row.redeemedAt !== null || isAtOrAfter(now, row.expiresAt.toISOString())) refuse("LINK_CODE_INVALID", {});
  const alreadyLinkedTo = await partyIdLinkedTo(app.db, account.channel, account.externalUserId);
  const stream = partyStream(row.partyId);
  const outcome = await runCommand(
    app,
    {
      name: "party.linkIdentity",
      streams: [stream],
      decide: (s, at) => {
        const party = s.get<PartyState>(stream) ?? refuse("PARTY_NOT_FOUND", { partyId: row.partyId });
        const self: Actor = { partyId: party.id, kind: party.role };
        return linkIdentity(
          party,
          { channel: account.channel, externalUserId: account.externalUserId, ...(alreadyLinkedTo ? { alreadyLinkedTo } : {}) },
          contextOf(self, at),
        );
      },
      alsoInTransaction: async (tx) => {
        const spent = await tx.linkCode.updateMany({
          where: { codeHash, redeemedAt: null },
          data: { redeemedAt: now, redeemedChannel: account.channel, redeemedExternalUserId: account.externalUserId },
        });
        if (spent.count !== 1) throw new DomainError("LINK_CODE_INVALID", {});
      },
    },
    options,
  );
  return { party: outcome.states.require<PartyState>(stream), outcome };
}
