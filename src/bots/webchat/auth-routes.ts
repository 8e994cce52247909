/**
 * Signing in to the web chat. With DEMO on, anyone may pick one of the demo identities (the web-chat
 * accounts the demo data linked to its buyer, supplier and staff member). Otherwise a person signs in
 * with a one-time link a staff member issued (`/?code=…`, CM-05): redeeming it links a fresh web-chat
 * identity to the party and starts a session. Sessions are per tab (see sessions.ts).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { issueLinkCode, redeemLinkCode } from "../../app/identity/link-codes.js";
import type { App } from "../../app/app.js";
import { resolveParty } from "../../app/identity/resolve-party.js";
import { isDomainError } from "../../domain/shared/errors.js";
import type { PartyState } from "../../domain/parties/party.js";
import { HttpError, readJson, sendJson } from "../../adapters/http/http-io.js";
import type { Router } from "../../adapters/http/router.js";
import { WEBCHAT_CHANNEL, type SessionSigner } from "./sessions.js";
import { pageDirection, type DisplayRenderer } from "./display.js";
import { requireStaff, webIdentityOf } from "./web-identity.js";

/** The web-chat account the demo data links to a demo party. */
export const demoExternalUserId = (partyId: string): string => `demo:${partyId}`;

export interface AuthRouteDeps {
  readonly app: App;
  readonly signer: SessionSigner;
  readonly demo: boolean;
  /** Base of the sign-in links staff hand out. */
  readonly publicUrl: string;
  readonly renderer: DisplayRenderer;
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
    where: { channel: WEBCHAT_CHANNEL, externalUserId: { startsWith: "demo:" } },
    orderBy: { linkedAt: "asc" },
  });
  const parties: PartyState[] = [];
  for (const row of rows) {
    const party = await resolveParty(deps.app.db, WEBCHAT_CHANNEL, row.externalUserId);
    if (party) parties.push(party);
  }
  return parties;
}

export function registerAuthRoutes(router: Router, deps: AuthRouteDeps): void {
  const { app, signer } = deps;

  router.add("GET", "/auth/options", async ({ res, url }) => {
    const reader = { locale: url.searchParams.get("lang") ?? "en", timeZone: "UTC" };
    const identities = deps.demo
      ? (await demoParties(deps)).map((party) => ({ ...partyProfile(party), roleLabel: deps.renderer.word(reader, `common:party.${party.role}`, party.role) }))
      : [];
    sendJson(res, 200, { demo: deps.demo, identities });
  });

  router.add("POST", "/auth/demo", async ({ req, res, log }) => {
    if (!deps.demo) throw new HttpError(404, "DEMO_OFF", "demo sign-in is off; ask staff for a sign-in link");
    const { partyId } = await readJson(req, z.object({ partyId: z.string().min(1).max(100) }));
    const externalUserId = demoExternalUserId(partyId);
    const party = await resolveParty(app.db, WEBCHAT_CHANNEL, externalUserId);
    if (!party) throw new HttpError(404, "NO_SUCH_DEMO_IDENTITY", "no demo identity for that party");
    log.info({ partyId }, "demo sign-in");
    sendJson(res, 200, { token: signer.issue(externalUserId), party: partyProfile(party) });
  });

  router.add("POST", "/auth/link", async ({ req, res, log }) => {
    const { code } = await readJson(req, z.object({ code: z.string().min(1).max(40) }));
    const externalUserId = `web:${randomUUID()}`;
    try {
      const { party } = await redeemLinkCode(app, { channel: WEBCHAT_CHANNEL, externalUserId }, code);
      log.info({ partyId: party.id }, "signed in with a link code");
      sendJson(res, 200, { token: signer.issue(externalUserId), party: partyProfile(party) });
    } catch (error) {
      if (isDomainError(error) && error.code === "LINK_CODE_INVALID") throw new HttpError(400, "LINK_CODE_INVALID", "this sign-in link is unknown, used or expired");
      throw error;
    }
  });

  router.add("GET", "/auth/me", async ({ req, res, url }) => {
    const identity = await webIdentityOf(app.db, signer, req, url);
    sendJson(res, 200, { party: partyProfile(identity.party), serverNow: app.clock.now() });
  });

  /** Staff issue a one-time sign-in link for a party (CM-05). */
  router.add("POST", "/staff/api/sign-in-links", async ({ req, res, url, log }) => {
    const identity = await webIdentityOf(app.db, signer, req, url);
    requireStaff(identity);
    const { partyId } = await readJson(req, z.object({ partyId: z.string().min(1).max(100) }));
    const issued = await issueLinkCode(app, identity.actor, partyId);
    log.info({ partyId, issuedBy: identity.party.id }, "sign-in link issued");
    sendJson(res, 201, { partyId, code: issued.code, expiresAt: issued.expiresAt, link: `${deps.publicUrl}/?code=${issued.code}` });
  });
}
