/**
 * DT-01: the staff console reads and edits the team's escalation policy (JSON, staff identities only;
 * mounted in the web chat's Fastify scope with the other staff routes):
 * - `GET /staff/api/escalation-policy` — the policy pages are raised under now (version 0 = the
 *   built-in ladder until staff save one), every saved version (newest first), and the staff members
 *   a level may name;
 * - `PUT /staff/api/escalation-policy` — saves the body as the next version (`EscalationPolicyInput`:
 *   levels with targets, delay and repeats; business hours + calendar; out-of-hours level; high-value
 *   tier; DT-02 re-page lead). An invalid policy is invalid input like any other route's: 400
 *   `COMMAND_INVALID`, its fields in `details.fields`, and a sentence naming them in the staff member's
 *   language (or `?lang=`, as the other staff routes take it) as the message.
 * Pages already raised keep the version they were raised under.
 */
import { z } from "zod";
import { runCommand, type App } from "../../app/app.js";
import { escalationPolicyView, reviseEscalationPolicySpec } from "../../app/commands/paging-commands.js";
import type { Actor } from "../../app/actor.js";
import type { HttpApp } from "../../adapters/http/server.js";
import { HttpError } from "../../adapters/http/http-io.js";
import { isDomainError } from "../../domain/shared/errors.js";
import type { DisplayRenderer } from "./display.js";
import type { SessionSigner } from "./sessions.js";
import { identityHooks, identityOf, readerOf } from "./web-identity.js";

export const ESCALATION_POLICY_PATH = "/staff/api/escalation-policy";

export interface EscalationPolicyRouteDeps {
  readonly app: App;
  readonly signer: SessionSigner;
  readonly renderer: DisplayRenderer;
}

export function registerEscalationPolicyRoutes(http: HttpApp, deps: EscalationPolicyRouteDeps): void {
  const { app, signer, renderer } = deps;
  const { staffOnly } = identityHooks(app.db, signer);

  const view = async (actor: Actor) => {
    const { current, versions } = await escalationPolicyView(app.db, actor);
    const staff = await app.db.prisma.party.findMany({ where: { role: "staff" }, orderBy: { displayName: "asc" } });
    return { current, versions, staff: staff.map((p) => ({ partyId: p.id, displayName: p.displayName, suspended: p.suspended })) };
  };

  http.get(ESCALATION_POLICY_PATH, { onRequest: staffOnly }, async (request) => view(identityOf(request).actor));

  // The domain validates the policy itself (COMMAND_INVALID naming the fields); here only "a JSON object".
  http.put(
    ESCALATION_POLICY_PATH,
    { onRequest: staffOnly, schema: { body: z.record(z.string(), z.unknown()), querystring: z.object({ lang: z.string().max(35).optional() }) } },
    async (request) => {
      const { actor, party } = identityOf(request);
      try {
        await runCommand(app, reviseEscalationPolicySpec(actor, request.body));
      } catch (error) {
        // QA pass: a policy that does not validate is the client's input, answered 400 like every other
        // route's invalid body (not 409, a refusal of a valid request), with a sentence naming the fields.
        if (isDomainError(error) && error.code === "COMMAND_INVALID") {
          const reader = readerOf(party, request.query.lang);
          throw new HttpError(400, error.code, renderer.text(reader, { key: `errors:${error.code}`, params: error.params }), error.params);
        }
        throw error;
      }
      return view(actor);
    },
  );
}
