/**
 * Who a web-chat request speaks for: the session's identity, resolved to its party (architecture
 * step 2), and the reader the tab renders for — the party's language unless the tab switched it, and
 * the party's time zone (CM-03).
 */
import type { IncomingMessage } from "node:http";
import type { Actor } from "../../app/actor.js";
import { actorOf } from "../../app/actor.js";
import { resolveParty } from "../../app/identity/resolve-party.js";
import type { Database } from "../../adapters/db/database.js";
import type { PartyState } from "../../domain/parties/party.js";
import { HttpError } from "../../adapters/http/http-io.js";
import { requireSession, WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";
import type { Reader } from "./display.js";

export interface WebIdentity {
  readonly externalUserId: string;
  readonly party: PartyState;
  readonly actor: Actor;
}

export async function webIdentityOf(db: Database, signer: SessionSigner, req: IncomingMessage, url: URL, allowQueryToken = false): Promise<WebIdentity> {
  const session = requireSession(signer, req, url, allowQueryToken);
  const party = await resolveParty(db, WEBCHAT_CHANNEL, session.externalUserId);
  if (!party) throw new HttpError(401, "SIGN_IN_REQUIRED", "this web-chat identity is no longer linked; sign in again");
  return { externalUserId: session.externalUserId, party, actor: actorOf(party) };
}

export function requireStaff(identity: WebIdentity): void {
  if (identity.party.role !== "staff") throw new HttpError(403, "STAFF_ONLY", "only platform staff may use the staff console");
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The reader: the tab's chosen language (a valid BCP 47 tag) or the party's, in the party's time zone. */
export function readerOf(party: PartyState, chosenLocale?: string | null): Reader {
  const locale = chosenLocale && LANGUAGE_TAG.test(chosenLocale) ? chosenLocale : party.locale;
  return { locale, timeZone: party.calendar.timeZone };
}
