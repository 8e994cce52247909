/**
 * Found by driving the product as an outside user (QA pass): what a confused person or a prober
 * meets at the edges of the web chat's HTTP API, on the real server (embedded PGlite, demo data).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnvironment, freshDataDir, runMainToExit } from "../e2e/support/server-process.js";
import { listenProblemOf } from "../../src/main.js";
import { failures, startHardenedServer, type HardenedServer } from "./support/hardened-server.js";

let world: HardenedServer;

beforeAll(async () => {
  world = await startHardenedServer();
}, 120_000);

afterAll(async () => {
  await world?.server.stop("test done");
});

const post = (path: string, body: unknown) =>
  fetch(`${world.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the sign-in page's refusals are in the page's language", () => {
  it("CM-05: a mistyped, used or expired sign-in code is explained in the language the page sends", async () => {
    const de = await post("/auth/link", { code: "NOSUCH99", lang: "de" });
    expect(de.status).toBe(400);
    const deBody = (await de.json()) as { error: { code: string; message: string } };
    expect(deBody.error.code).toBe("LINK_CODE_INVALID");
    expect(deBody.error.message).toMatch(/Verknüpfungscode/);

    const zh = (await (await post("/auth/link", { code: "NOSUCH99", lang: "zh-CN" })).json()) as { error: { message: string } };
    expect(zh.error.message).toMatch(/[\u4e00-\u9fff]/);

    // Without a language (an older page, a script) the answer stays English.
    const en = (await (await post("/auth/link", { code: "NOSUCH99" })).json()) as { error: { message: string } };
    expect(en.error.message).toMatch(/link code is not valid/i);
    expect(failures(world.logs)).toEqual([]);
  });
});

describe("npm start says where to go and what is configured", () => {
  it("the listening line names the URL, the sign-in links' base, the database and what is on", () => {
    const listening = world.logs.find((l) => l.msg === "listening");
    expect(listening).toMatchObject({ url: world.url, demo: true, devClock: true, translator: "none", channels: ["webchat"], pagerDuty: [] });
    expect(listening?.["publicUrl"]).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(listening?.["database"]).toMatch(/^embedded, .*pglite$/);
  });
});

describe("PORT=0 (any free port)", () => {
  it("CM-05: with no PUBLIC_URL, the sign-in links staff hand out name the port the server really listens on", async () => {
    const answer = await fetch(`${world.url}/staff/api/sign-in-links`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${world.tokens.staff}` },
      body: JSON.stringify({ partyId: world.partyIds.buyer }),
    });
    expect(answer.status).toBe(201);
    const { link } = (await answer.json()) as { link: string };
    expect(new URL(link).port).toBe(new URL(world.url).port);
    expect(new URL(link).port).not.toBe("0");
  });
});

describe("a HOST or PORT the machine cannot listen on", () => {
  it("names HOST for an unknown or foreign address and PORT for a privileged one; a busy port is not blamed on a variable", () => {
    const config = { host: "chat.invalid", port: 80 };
    const errno = (code: string) => Object.assign(new Error(code), { code });
    expect(listenProblemOf(errno("ENOTFOUND"), config)?.variable).toBe("HOST");
    expect(listenProblemOf(errno("EADDRNOTAVAIL"), config)?.problem).toContain("chat.invalid");
    expect(listenProblemOf(errno("EACCES"), config)?.variable).toBe("PORT");
    expect(listenProblemOf(errno("EADDRINUSE"), config)).toBeUndefined();
    expect(listenProblemOf(new Error("other"), config)).toBeUndefined();
  });

  it("stops start-up with exit status 78 naming HOST, no stack trace, when HOST is no address of this machine", async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine, no DNS needed.
    const result = await runMainToExit(cleanEnvironment({ HOST: "192.0.2.1", PORT: "0", DATA_DIR: freshDataDir("tab-qa-host-"), DEMO: "0" }), 120_000);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("HOST: 192.0.2.1 is not an address of this machine");
    expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /);
  }, 150_000);
});

describe("the escalation policy editor's refusal (QA pass)", () => {
  const put = (body: unknown, query = "") =>
    fetch(`${world.url}/staff/api/escalation-policy${query}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${world.tokens.staff}` },
      body: JSON.stringify(body),
    });

  it("DT-01: an invalid policy is 400 like any invalid body, with a sentence naming the fields, in the language asked for", async () => {
    const en = await put({ levels: [] });
    expect(en.status).toBe(400);
    const { error } = (await en.json()) as { error: { code: string; message: string; details: { fields: string[] } } };
    expect(error.code).toBe("COMMAND_INVALID");
    expect(error.details.fields.length).toBeGreaterThan(0);
    expect(error.message).not.toBe("COMMAND_INVALID");
    expect(error.message).toMatch(/^Some information is missing or not valid: /);
    for (const field of error.details.fields) expect(error.message).toContain(field);

    const de = (await (await put({ levels: [] }, "?lang=de")).json()) as { error: { code: string; message: string } };
    expect(de.error.code).toBe("COMMAND_INVALID");
    expect(de.error.message).toMatch(/^Einige Angaben fehlen oder sind ungültig/);
    expect(failures(world.logs)).toEqual([]);
  });
});

describe("routes are matched before bodies are read (QA pass)", () => {
  it("a malformed JSON body sent to no route is 404 NOT_FOUND, not INVALID_JSON", async () => {
    const res = await fetch(`${world.url}/no/such/route`, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});

describe("a channel's wrong variable stops the start before the database opens (QA pass)", () => {
  it("Slack's and Teams' variables are checked with the host's: exit 78 naming each, in plain words, no database opened", async () => {
    const dataDir = path.join(freshDataDir("tab-qa-channels-"), "never-created");
    const started = Date.now();
    const result = await runMainToExit(
      cleanEnvironment({ PORT: "0", DATA_DIR: dataDir, DEMO: "0", SLACK_BOT_TOKEN: "xoxb-1", MICROSOFT_APP_TYPE: "Bogus" }),
      120_000,
    );
    const ms = Date.now() - started;
    console.info(`[qa-outsider] a bad Slack + Teams variable: exit ${result.code} after ${ms} ms (process start and module loading included)`);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("SLACK_SIGNING_SECRET: is required");
    expect(result.stderr).toContain("MICROSOFT_APP_TYPE: must be MultiTenant or SingleTenant");
    expect(result.stderr).not.toContain("Invalid option");
    // startServer creates the data directory before it opens the embedded database: it never ran.
    expect(existsSync(dataDir)).toBe(false);
    expect(result.stdout).not.toContain("database ready");
  });
});
