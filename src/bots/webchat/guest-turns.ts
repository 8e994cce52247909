/**
 * A guest's turn (issue 11, FR-02): a stranger who took a guest session on the sign-in page
 * (`POST /auth/guest`) registers their company as a buyer through the engine's registration form
 * (UNLINKED_FORMS), and nothing else:
 * - only the registration form is passed to the engine — opening it, or submitting it; anything else
 *   (a text, another button, a link code typed) opens the form again. Sign-in links have their own
 *   route (`/auth/link`), so a guest identity is never linked to an existing party (one web identity
 *   per party, see auth-routes.ts);
 * - the form's defaults are the browser's: its language (`locale`) and time zone (`timeZone`), which
 *   the page sends with every turn; the form's validation errors come back in that language;
 * - nothing is recorded while the identity is unlinked: the turn's words and replies are answered,
 *   not kept (negative `seq`s: the page never resumes a live stream after them), and opening the form
 *   runs without an event id, so no inbound row is kept either. An abandoned guest session costs
 *   nothing persistent and expires with its token (GUEST_SESSION_TTL_MS);
 * - once the form's submission linked the identity to the new buyer, the turn's words and replies are
 *   recorded as the start of the buyer's conversation and the answer carries `session` — a full
 *   session for the same identity and the buyer's profile — which the page swaps in for the guest
 *   token to continue as the buyer, without signing in. A guest token whose identity is already linked
 *   (a retried submission, a reload) runs no turn: it gets `session` again.
 */
import { randomUUID } from "node:crypto";
import { resolveParty } from "../../app/identity/resolve-party.js";
import type { Database } from "../../adapters/db/database.js";
import { isIanaTimeZone } from "../../domain/calendar/business-calendar.js";
import { USE_CASE } from "../../domain/notifications/action-ids.js";
import { LANGUAGE_TAG } from "../../domain/shared/language-tags.js";
import type { Inbound, InboundPayload } from "../conversation/messages.js";
import type { TurnHandler } from "./chat-routes.js";
import { partyProfile } from "./auth-routes.js";
import type { Reader } from "../conversation/i18n/index.js";
import type { DisplayEntry, LiveSessions } from "./live-sessions.js";
import { WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";
import type { GuestIdentity } from "./web-identity.js";

export interface GuestTurnDeps {
  readonly db: Database;
  readonly signer: SessionSigner;
  readonly sessions: LiveSessions;
  readonly handleTurn: TurnHandler;
  readonly now: () => string;
}

export interface GuestTurnRequest {
  readonly eventId?: string | undefined;
  readonly locale?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly echo?: string | undefined;
  readonly payload: InboundPayload;
}

export interface GuestTurnAnswer {
  readonly entries: DisplayEntry[];
  readonly serverNow: string;
  readonly thread: null;
  /** Present once the guest is a buyer: the page keeps this token instead of the guest one. */
  readonly session?: { readonly token: string; readonly party: ReturnType<typeof partyProfile> };
}

/** The browser's language and time zone, when they are well-formed; else English in UTC. */
export function guestReader(locale: string | undefined, timeZone: string | undefined): Reader {
  return {
    locale: locale && LANGUAGE_TAG.test(locale) ? locale : "en",
    timeZone: timeZone && isIanaTimeZone(timeZone) ? timeZone : "UTC",
  };
}

const REGISTER = USE_CASE.registerBuyer;

/** Only the registration form reaches the engine; anything else opens it. Guests upload nothing, so a form names no files. */
function registrationOnly(payload: InboundPayload): InboundPayload {
  if (payload.kind === "form" && payload.formId === REGISTER) return { ...payload, files: [] };
  if (payload.kind === "action" && payload.actionId === REGISTER) return payload;
  return { kind: "action", actionId: REGISTER, payload: {} };
}

export async function guestTurn(deps: GuestTurnDeps, guest: GuestIdentity, body: GuestTurnRequest): Promise<GuestTurnAnswer> {
  const { externalUserId } = guest;
  const promoted = (party: NonNullable<Awaited<ReturnType<typeof resolveParty>>>) => ({
    token: deps.signer.issue(externalUserId),
    party: partyProfile(party),
  });
  const already = await resolveParty(deps.db, WEBCHAT_CHANNEL, externalUserId);
  if (already) return { entries: [], serverNow: deps.now(), thread: null, session: promoted(already) };

  const reader = guestReader(body.locale, body.timeZone);
  const payload = registrationOnly(body.payload);
  const submitting = payload.kind === "form";
  const inbound: Inbound = {
    channel: WEBCHAT_CHANNEL,
    externalUserId,
    // A submission is deduplicated like any turn (a retry registers once); opening the form keeps no row.
    ...(submitting ? { eventId: body.eventId ?? randomUUID() } : {}),
    conversation: { channel: WEBCHAT_CHANNEL, conversationId: externalUserId },
    // Only what the browser said: the form leaves a default empty rather than offer a guess (the reader's fallbacks).
    ...(body.locale && reader.locale === body.locale ? { locale: body.locale } : {}),
    ...(body.timeZone && reader.timeZone === body.timeZone ? { timeZone: body.timeZone } : {}),
    payload,
  };
  const { replies } = await deps.handleTurn(inbound);
  const echo = body.echo ?? (body.payload.kind === "text" ? body.payload.text : undefined);
  const party = submitting ? await resolveParty(deps.db, WEBCHAT_CHANNEL, externalUserId) : undefined;
  if (!party) {
    // Shown once and kept nowhere: negative, decreasing numbers, never confused with recorded entries.
    const base = -Date.now() * 1_000;
    const at = deps.now();
    const entries: DisplayEntry[] = [
      ...(echo ? [{ seq: base, at, kind: "own" as const, text: echo }] : []),
      ...replies.map((message, i) => deps.sessions.display({ seq: base - 1 - i, at, kind: "bot", message }, reader)),
    ];
    return { entries, serverNow: deps.now(), thread: null };
  }
  // Registered: from here on this is the buyer's conversation, kept like any other (a later sign-in shows it).
  const recorded = await deps.sessions.record(externalUserId, [
    ...(echo ? [{ kind: "own" as const, text: echo }] : []),
    ...replies.map((message) => ({ kind: "bot" as const, message })),
  ]);
  const buyerReader = { locale: party.locale, timeZone: party.calendar.timeZone };
  return {
    entries: recorded.map((entry) => deps.sessions.display(entry, buyerReader)),
    serverNow: deps.now(),
    thread: null,
    session: promoted(party),
  };
}
