/**
 * DT-01: the staff console reads and edits the team's escalation policy (JSON, staff identities only;
 * mounted in the web chat's Fastify scope with the other staff routes):
 * - `GET /staff/api/escalation-policy` — the policy pages are raised under now (version 0 = the
 *   built-in ladder until staff save one), every saved version (newest first), and the staff members
 *   a level may name;
 * - `PUT /staff/api/escalation-policy` — saves the body as the next version (`EscalationPolicyInput`:
 *   levels with targets, delay and repeats; business hours + calendar; out-of-hours level; high-value
 *   tier; DT-02 re-page lead). An invalid policy is refused (409 `COMMAND_INVALID` naming its fields).
 * Pages already raised keep the version they were raised under.
 */
import { z } from "zod";
import { runCommand, type App } from "../../app/app.js";
import { escalationPolicyView, reviseEscalationPolicySpec } from "../../app/commands/paging-commands.js";
import type { Actor } from "../../app/actor.js";
import type { HttpApp } from "../../adapters/http/server.js";
import type { SessionSigner } from "./sessions.js";
import { identityHooks, identityOf } from "./web-identity.js";

export const ESCALATION_POLICY_PATH = "/staff/api/escalation-policy";

export interface EscalationPolicyRouteDeps {
  readonly app: App;
  readonly signer: SessionSigner;
}

export function registerEscalationPolicyRoutes(http: HttpApp, deps: EscalationPolicyRouteDeps): void {
  const { app, signer } = deps;
  const { staffOnly } = identityHooks(app.db, signer);

  const view = async (actor: Actor) => {
    const { current, versions } = await escalationPolicyView(app.db, actor);
    const staff = await app.db.prisma.party.findMany({ where: { role: "staff" }, orderBy: { displayName: "asc" } });
    return { current, versions, staff: staff.map((p) => ({ partyId: p.id, displayName: p.displayName, suspended: p.suspended })) };
  };

  http.get(ESCALATION_POLICY_PATH, { onRequest: staffOnly }, async (request) => view(identityOf(request).actor));

  // The domain validates the policy itself (COMMAND_INVALID naming the fields); here only "a JSON object".
  http.put(ESCALATION_POLICY_PATH, { onRequest: staffOnly, schema: { body: z.record(z.string(), z.unknown()) } }, async (request) => {
    const { actor } = identityOf(request);
    await runCommand(app, reviseEscalationPolicySpec(actor, request.body));
    return view(actor);
  });
}
