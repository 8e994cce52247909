/**
 * Signing in to the web chat. With DEMO on, anyone may pick one of the demo identities (the web-chat
 * accounts the demo data linked to its buyer, supplier and staff member). Otherwise a person signs in
 * with a one-time link a staff member issued (`/?code=…`, CM-05): redeeming it links a fresh web-chat
 * identity to the party and starts a session. Sessions are per tab (see sessions.ts). A stranger may
 * also take a guest session (`POST /auth/guest`, issue 11) whose only use is the registration form.
 *
 * One web identity per party (issue 9), and where it comes from (issue 11). A party's web-chat
 * identity is the one web-chat account linked to it (demo accounts aside), whatever its name:
 * - a party that staff or the admin CLI created gets `web:<partyId>` the first time a link is redeemed;
 * - a buyer who registered from the sign-in page keeps the guest identity it registered with
 *   (`guest:<random>`): the registration linked exactly that account to the new buyer, in the same
 *   transaction, and its conversation (the welcome, everything after) is recorded under it.
 * A sign-in link redeemed later lands on that identity (`webIdentityOf`), so the buyer sees the same
 * conversation history and every notification is delivered to one web account, once. Renaming the
 * account at registration instead would need an unlink event and a move of its messages, conversation
 * state and uploads; naming the guest after a party id chosen in advance would put a web-chat concern
 * (which id) into the channel-neutral registration form. Looking the identity up costs one indexed read
 * per sign-in.
 */
import { z } from "zod";
import { issueLinkCode, partyOfLinkCode, redeemLinkCode } from "../../app/identity/link-codes.js";
import type { App } from "../../app/app.js";
import { resolveParty } from "../../app/identity/resolve-party.js";
import { randomUUID } from "node:crypto";
import { isDomainError } from "../../domain/shared/errors.js";
import type { PartyState } from "../../domain/parties/party.js";
import { HttpError } from "../../adapters/http/http-io.js";
import type { HttpApp } from "../../adapters/http/server.js";
import { GUEST_IDENTITY_PREFIX, WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";
import { pageDirection, type DisplayRenderer } from "./display.js";
import { identityHooks, identityOf } from "./web-identity.js";

/** The web-chat account the demo data links to a demo party. */
export const demoExternalUserId = (partyId: string): string => `demo:${partyId}`;

/** The name of a party's web-chat account when a link creates it (see the header: it may already have one). */
export const webExternalUserId = (partyId: string): string => `web:${partyId}`;

/** The party's one web-chat identity: the account already linked to it (the oldest, demo accounts aside), else `web:<partyId>`. */
export async function webIdentityOf(app: App, partyId: string): Promise<string> {
  const linked = await app.db.prisma.channelIdentity.findFirst({
    where: { channel: WEBCHAT_CHANNEL, partyId, NOT: { externalUserId: { startsWith: "demo:" } } },
    orderBy: { linkedAt: "asc" },
  });
  return linked?.externalUserId ?? webExternalUserId(partyId);
}

export interface AuthRouteDeps {
  readonly app: App;
  readonly signer: SessionSigner;
  readonly demo: boolean;
  /** Base of the sign-in links staff hand out. */
  readonly publicUrl: string;
  readonly renderer: DisplayRenderer;
  /** Sign-in attempts per client IP per minute (SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE): codes cannot be guessed at speed. */
  readonly signInAttemptsPerIpPerMinute: number;
}

export function partyProfile(party: PartyState) {
  return {
    partyId: party.id,
    displayName: party.displayName,
    role: party.role,
    locale: party.locale,
    timeZone: party.calendar.timeZone,
    dir: pageDirection(party.locale),
  };
}

async function demoParties(deps: AuthRouteDeps): Promise<PartyState[]> {
  const rows = await deps.app.db.prisma.channelIdentity.findMany({
    where: {
      channel: WEBCHAT_CHANNEL,
      externalUserId: { startsWith: "demo:" },
    },
    orderBy: { linkedAt: "asc" },
  });
  const parties: PartyState[] = [];
  for (const row of rows) {
    const party = await resolveParty(deps.app.db, WEBCHAT_CHANNEL, row.externalUserId);
    if (party) parties.push(party);
  }
  return parties;
}

export function registerAuthRoutes(http: HttpApp, deps: AuthRouteDeps): void {
  const { app, signer } = deps;
  const hooks = identityHooks(app.db, signer);

  http.get(
    "/auth/options",
    {
      schema: {
        querystring: z.object({ lang: z.string().max(35).optional() }),
      },
    },
    async (request) => {
      const reader = { locale: request.query.lang ?? "en", timeZone: "UTC" };
      const identities = deps.demo
        ? (await demoParties(deps)).map((party) => ({
            ...partyProfile(party),
            roleLabel: deps.renderer.word(reader, `common:party.${party.role}`, party.role),
          }))
        : [];
      return { demo: deps.demo, identities };
    },
  );

  const signInLimit = { rateLimit: { max: deps.signInAttemptsPerIpPerMinute, timeWindow: 60_000 } };

  http.post("/auth/demo", { config: signInLimit, schema: { body: z.object({ partyId: z.string().min(1).max(100) }) } }, async (request) => {
    if (!deps.demo) throw new HttpError(404, "DEMO_OFF", "demo sign-in is off; ask staff for a sign-in link");
    const { partyId } = request.body;
    const externalUserId = demoExternalUserId(partyId);
    const party = await resolveParty(app.db, WEBCHAT_CHANNEL, externalUserId);
    if (!party) throw new HttpError(404, "NO_SUCH_DEMO_IDENTITY", "no demo identity for that party");
    request.log.info({ partyId }, "demo sign-in");
    return {
      token: signer.issue(externalUserId),
      party: partyProfile(party),
    };
  });

  http.post(
    "/auth/link",
    // `lang`: the sign-in page's language, so a refused code is explained in it (the page shows the message as is).
    { config: signInLimit, schema: { body: z.object({ code: z.string().min(1).max(40), lang: z.string().max(35).optional() }) } },
    async (request) => {
      const { code, lang } = request.body;
      const invalidCode = () =>
        new HttpError(
          400,
          "LINK_CODE_INVALID",
          deps.renderer.word({ locale: lang ?? "en", timeZone: "UTC" }, "errors:LINK_CODE_INVALID", "this sign-in link is unknown, used or expired"),
        );
      // Issue 9: one web-chat identity per party, however often it signs in — sessions are the tokens,
      // not new identities, so notifications are delivered once (linking it again records nothing).
      const partyId = await partyOfLinkCode(app, code);
      if (!partyId) throw invalidCode();
      const externalUserId = await webIdentityOf(app, partyId);
      try {
        const { party } = await redeemLinkCode(app, { channel: WEBCHAT_CHANNEL, externalUserId }, code);
        request.log.info({ partyId: party.id }, "signed in with a link code");
        return {
          token: signer.issue(externalUserId),
          party: partyProfile(party),
        };
      } catch (error) {
        if (isDomainError(error) && error.code === "LINK_CODE_INVALID") throw invalidCode();
        throw error;
      }
    },
  );

  /**
   * Issue 11: a stranger registers as a buyer with nothing but a browser. This answers a guest session
   * for a fresh, unlinked web identity (a random id, nothing stored); the page then opens the
   * registration form through /chat/inbound, the only route a guest session may use. Limited per IP
   * like the other sign-ins (SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE), with or without DEMO.
   */
  http.post("/auth/guest", { config: signInLimit }, async (request) => {
    const externalUserId = `${GUEST_IDENTITY_PREFIX}${randomUUID()}`;
    request.log.info("guest session for registering as a buyer");
    return { token: signer.issueGuest(externalUserId), guest: true };
  });

  http.get("/auth/me", { onRequest: hooks.signedIn }, async (request) => ({
    party: partyProfile(identityOf(request).party),
    serverNow: app.clock.now(),
  }));

  /** Staff issue a one-time sign-in link for a party (CM-05). */
  http.post(
    "/staff/api/sign-in-links",
    {
      onRequest: hooks.staffOnly,
      schema: { body: z.object({ partyId: z.string().min(1).max(100) }) },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const { partyId } = request.body;
      const issued = await issueLinkCode(app, identity.actor, partyId);
      request.log.info({ partyId, issuedBy: identity.party.id }, "sign-in link issued");
      return reply.code(201).send({
        partyId,
        code: issued.code,
        expiresAt: issued.expiresAt,
        link: `${deps.publicUrl}/?code=${issued.code}`,
      });
    },
  );
}
