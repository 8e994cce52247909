/**
 * DT-01: the staff console reads and edits the team's escalation policy (JSON, staff identities only):
 * - `GET /staff/api/escalation-policy` — the policy pages are raised under now (version 0 = the
 *   built-in ladder until staff save one), every saved version (newest first), and the staff members
 *   a level may name;
 * - `PUT /staff/api/escalation-policy` — saves the body as the next version (`EscalationPolicyInput`:
 *   levels with targets, delay and repeats; business hours + calendar; out-of-hours level; high-value
 *   tier; DT-02 re-page lead). An invalid policy is refused with `COMMAND_INVALID` naming its fields.
 * Pages already raised keep the version they were raised under.
 */
import { z } from "zod";
import { runCommand, type App } from "../../app/app.js";
import { escalationPolicyView, reviseEscalationPolicySpec } from "../../app/commands/paging-commands.js";
import { readJson, sendJson } from "../../adapters/http/http-io.js";
import type { Router } from "../../adapters/http/router.js";
import type { SessionSigner } from "./sessions.js";
import { requireStaff, webIdentityOf } from "./web-identity.js";

export const ESCALATION_POLICY_PATH = "/staff/api/escalation-policy";

export interface EscalationPolicyRouteDeps {
  readonly app: App;
  readonly signer: SessionSigner;
}

export function registerEscalationPolicyRoutes(router: Router, deps: EscalationPolicyRouteDeps): void {
  const { app, signer } = deps;

  const view = async (actor: Parameters<typeof escalationPolicyView>[1]) => {
    const { current, versions } = await escalationPolicyView(app.db, actor);
    const staff = await app.db.prisma.party.findMany({ where: { role: "staff" }, orderBy: { displayName: "asc" } });
    return { current, versions, staff: staff.map((p) => ({ partyId: p.id, displayName: p.displayName, suspended: p.suspended })) };
  };

  router.add("GET", ESCALATION_POLICY_PATH, async ({ req, res, url }) => {
    const identity = await webIdentityOf(app.db, signer, req, url);
    requireStaff(identity);
    sendJson(res, 200, await view(identity.actor));
  });

  router.add("PUT", ESCALATION_POLICY_PATH, async ({ req, res, url }) => {
    const identity = await webIdentityOf(app.db, signer, req, url);
    requireStaff(identity);
    // The domain validates the policy itself (COMMAND_INVALID naming the fields); here only "is it JSON".
    const input = await readJson(req, z.unknown());
    await runCommand(app, reviseEscalationPolicySpec(identity.actor, input));
    sendJson(res, 200, await view(identity.actor));
  });
}
