/**
 * Who a web-chat request speaks for: the session's identity, resolved to its party (architecture
 * step 2), and the reader the tab renders for — the party's language unless the tab switched it, and
 * the party's time zone (CM-03). Resolved once per request in an onRequest hook, before the body is
 * read: a stranger never gets as far as the body parser or the schema.
 */
import type { Reader } from "../conversation/i18n/index.js";
import { LANGUAGE_TAG } from "../../domain/shared/language-tags.js";
import type { FastifyRequest } from "fastify";
import type { Actor } from "../../app/actor.js";
import { actorOf } from "../../app/actor.js";
import { resolveParty } from "../../app/identity/resolve-party.js";
import type { Database } from "../../adapters/db/database.js";
import type { PartyState } from "../../domain/parties/party.js";
import { HttpError } from "../../adapters/http/http-io.js";
import { requireSession, tokenOf, WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";

export interface WebIdentity {
  readonly externalUserId: string;
  readonly party: PartyState;
  readonly actor: Actor;
}

/** A guest session's identity (issue 11): not linked to any party yet; it may only register as a buyer. */
export interface GuestIdentity {
  readonly externalUserId: string;
}

const identities = new WeakMap<FastifyRequest, WebIdentity>();
const guests = new WeakMap<FastifyRequest, GuestIdentity>();

/** What every route but the registration turn answers a guest session (issue 11: a guest can do nothing else). */
function guestRefused(): HttpError {
  return new HttpError(403, "REGISTER_FIRST", "a guest session may only register as a buyer; register first, or sign in with your link");
}

export type IdentityHook = (request: FastifyRequest) => Promise<void>;

/**
 * onRequest hooks: `signedIn` (a bearer token; `?token=` too when `allowQueryToken`, for EventSource
 * and download links) resolves the identity or answers 401; `staffOnly` also answers 403 to non-staff.
 */
export function identityHooks(db: Database, signer: SessionSigner) {
  const resolve = async (request: FastifyRequest, allowQueryToken: boolean, allowGuest = false): Promise<WebIdentity | GuestIdentity> => {
    const query = request.query as Record<string, unknown> | undefined;
    const session = requireSession(signer, tokenOf(request.headers.authorization, allowQueryToken ? query?.["token"] : undefined));
    if (session.guest) {
      // Checked before any database work: a guest token never resolves to a party here, linked or not.
      if (!allowGuest) throw guestRefused();
      const guest = { externalUserId: session.externalUserId };
      guests.set(request, guest);
      return guest;
    }
    const party = await resolveParty(db, WEBCHAT_CHANNEL, session.externalUserId);
    if (!party) throw new HttpError(401, "SIGN_IN_REQUIRED", "this web-chat identity is no longer linked; sign in again");
    const identity = {
      externalUserId: session.externalUserId,
      party,
      actor: actorOf(party),
    };
    identities.set(request, identity);
    return identity;
  };
  const resolveSignedIn = async (request: FastifyRequest, allowQueryToken: boolean): Promise<WebIdentity> => {
    const identity = await resolve(request, allowQueryToken);
    if (!("party" in identity)) throw guestRefused();
    return identity;
  };
  return {
    signedIn: (async (request) => void (await resolveSignedIn(request, false))) satisfies IdentityHook,
    signedInOrQueryToken: (async (request) => void (await resolveSignedIn(request, true))) satisfies IdentityHook,
    staffOnly: (async (request) => requireStaff(await resolveSignedIn(request, false))) satisfies IdentityHook,
    staffOnlyOrQueryToken: (async (request) => requireStaff(await resolveSignedIn(request, true))) satisfies IdentityHook,
    /** The turn route only (issue 11): a signed-in identity, or a guest session (see `guestOf`). */
    signedInOrGuest: (async (request) => void (await resolve(request, false, true))) satisfies IdentityHook,
  };
}

/** The identity an identity hook resolved for this request. */
export function identityOf(request: FastifyRequest): WebIdentity {
  const identity = identities.get(request);
  if (!identity) throw new Error(`route ${request.url} has no identity hook`);
  return identity;
}

/** The guest session a `signedInOrGuest` hook found for this request, or undefined when it is a signed-in identity. */
export function guestOf(request: FastifyRequest): GuestIdentity | undefined {
  return guests.get(request);
}

export function requireStaff(identity: WebIdentity): void {
  if (identity.party.role !== "staff") throw new HttpError(403, "STAFF_ONLY", "only platform staff may use the staff console");
}

/** The reader: the tab's chosen language (a valid BCP 47 tag) or the party's, in the party's time zone. */
export function readerOf(party: PartyState, chosenLocale?: string | null): Reader {
  const locale = chosenLocale && LANGUAGE_TAG.test(chosenLocale) ? chosenLocale : party.locale;
  return { locale, timeZone: party.calendar.timeZone };
}
