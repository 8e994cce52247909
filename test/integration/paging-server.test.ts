/**
 * DT-01 through `npm start` (a child process, the composition root as deployed): PagerDuty's variables
 * are validated, `POST /pagerduty/webhooks` is mounted on the host with the raw body for the HMAC, and
 * the staff console reads and edits the escalation policy (staff only; an invalid policy refused with
 * its fields named, 400).
 */
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { cleanEnvironment, runMainToExit, startServerProcess, type ServerProcess } from "../e2e/support/server-process.js";
import { signedWebhook, startPagerDutyStandIn } from "../support/standins/pagerduty.js";

const SECRET = "webhook-secret-0123456789";
const POLICY = {
  levels: [{ targets: { staffIds: ["staff-ana-lima"], pagerDutyRoutingKeyRef: "default" }, escalateAfterMinutes: 30, repeats: 2 }],
  hours: { calendar: { country: "GB", timeZone: "Europe/London" }, opensAt: "08:00", closesAt: "18:00" },
  outOfHours: { targets: { staffIds: [], pagerDutyRoutingKeyRef: "night" }, escalateAfterMinutes: 60, repeats: 3 },
  repageBeforeTargetMinutes: 1440,
};

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop("SIGKILL");
  server = undefined;
});

async function signIn(url: string, partyId: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/auth/demo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ partyId }) });
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

describe("paging in the running server (DT-01)", () => {
  it("DT-01: the webhook verifies the raw body; the console saves a new policy version; buyers may not", async () => {
    const pd = await startPagerDutyStandIn();
    try {
      server = await startServerProcess({
        DEMO: "1",
        PAGERDUTY_ROUTING_KEY: "R0UT1NGKEY0000000000000000000001",
        PAGERDUTY_ROUTING_KEY_NIGHT: "N1GHTKEY000000000000000000000001",
        PAGERDUTY_EVENTS_URL: pd.baseUrl,
        PAGERDUTY_WEBHOOK_SECRET: SECRET,
      });
      const url = server.url;
      const webhook = (body: string, signature: string) =>
        fetch(`${url}/pagerduty/webhooks`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-pagerduty-signature": signature, "x-webhook-id": "wh-srv-1" },
          body,
        });
      const forged = signedWebhook("incident.acknowledged", "CL-1/page/1#1", ["some-other-secret-000"]);
      const refused = await webhook(forged.body, forged.headers["x-pagerduty-signature"] ?? "");
      expect(refused.status).toBe(401);
      // The product's one error shape, as every other route answers (QA pass).
      expect(await refused.json()).toEqual({ error: { code: "INVALID_SIGNATURE", message: expect.stringMatching(/signature/i) } });
      // Re-serialised JSON is not the signed bytes: refused too.
      const valid = signedWebhook("incident.acknowledged", "CL-404/page/1#1", [SECRET]);
      const reformatted = JSON.stringify(JSON.parse(valid.body), null, 2);
      expect((await webhook(reformatted, valid.headers["x-pagerduty-signature"] ?? "")).status).toBe(401);
      const answer = await webhook(
        valid.body,
        `v1=${createHmac("sha256", "rotated-out-0000000").update(valid.body).digest("hex")},${valid.headers["x-pagerduty-signature"] ?? ""}`,
      );
      expect(answer.status).toBe(200);

      const staff = await signIn(url, "staff-ana-lima");
      const before = (await (await fetch(`${url}/staff/api/escalation-policy`, { headers: staff })).json()) as { current: { version: number } };
      expect(before.current.version).toBe(0);
      const saved = await fetch(`${url}/staff/api/escalation-policy`, {
        method: "PUT",
        headers: { ...staff, "content-type": "application/json" },
        body: JSON.stringify(POLICY),
      });
      expect(saved.status).toBe(200);
      expect(((await saved.json()) as { current: { version: number; revisedBy: string } }).current).toMatchObject({ version: 1, revisedBy: "staff-ana-lima" });
      const invalid = await fetch(`${url}/staff/api/escalation-policy`, {
        method: "PUT",
        headers: { ...staff, "content-type": "application/json" },
        body: JSON.stringify({ ...POLICY, outOfHours: undefined }),
      });
      // Invalid input is 400 like every other route's; the message is a sentence naming the field (QA pass).
      expect(invalid.status).toBe(400);
      const refusal = (await invalid.json()) as { error: { code: string; message: string; details: unknown } };
      expect(refusal.error).toMatchObject({ code: "COMMAND_INVALID", details: { fields: ["outOfHours"] } });
      expect(refusal.error.message).toMatch(/^Some information is missing or not valid: .*outOfHours/);
      const buyer = await signIn(url, "buyer-ohio-tools");
      expect((await fetch(`${url}/staff/api/escalation-policy`, { headers: buyer })).status).toBe(403);
      const after = (await (await fetch(`${url}/staff/api/escalation-policy`, { headers: staff })).json()) as { versions: { version: number }[] };
      expect(after.versions.map((v) => v.version)).toEqual([1]);
    } finally {
      await pd.close();
    }
  });

  it("DT-01: a bad PagerDuty variable stops the start, naming it", async () => {
    const result = await runMainToExit(cleanEnvironment({ PAGERDUTY_ROUTING_KEY: "not a key", PAGERDUTY_WEBHOOK_SECRET: "short" }), 60_000);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("PAGERDUTY_ROUTING_KEY");
    expect(result.stderr).toContain("PAGERDUTY_WEBHOOK_SECRET");
  });
});
