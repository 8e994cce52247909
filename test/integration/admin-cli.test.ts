/**
 * The operators' admin CLI (issue 9 item 7, issue 11 item 5), spawned as operators run it
 * (`tsx src/admin.ts …`, what `npm run admin --` runs after `prisma generate`): on the embedded
 * database while nothing else holds it (and a clear refusal when something does), and on PostgreSQL
 * while another process (a running server) is connected.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/db/database.js";
import { readState } from "../../src/app/read-state.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "../../src/domain/ledger/ledger.js";
import { partyStream } from "../../src/domain/parties/party-events.js";
import type { PartyState } from "../../src/domain/parties/party.js";
import { createScratchPostgresDatabase, DATABASE_URL, temporaryDirectory } from "./support/backends.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const PUBLIC_URL = "http://chat.example.test";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function admin(env: Readonly<Record<string, string>>, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _inherited, ...base } = process.env;
    const child = spawn(TSX, ["src/admin.ts", ...args], { cwd: ROOT, env: { ...base, NODE_ENV: "test", PUBLIC_URL, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The party id line and the link, which stands alone on the last line. */
function printed(run: Run): { partyId: string; link: string } {
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  const link = lines.at(-1) ?? "";
  expect(link).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, "\\.")}/\\?code=[A-Z2-9]{8}$`));
  const partyId = /^party id: (\S+)$/m.exec(run.stdout)?.[1];
  if (!partyId) throw new Error(`no party id in ${run.stdout}`);
  return { partyId, link };
}

async function partyIn(db: Database, partyId: string): Promise<PartyState | undefined> {
  return readState<PartyState>(db, partyStream(partyId));
}

describe("admin CLI on the embedded database", () => {
  let dir: { dir: string; remove(): Promise<void> };
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await temporaryDirectory("tab-admin-");
    env = { DATA_DIR: dir.dir };
  });
  afterAll(async () => {
    await dir.remove();
  });

  it(
    "TA-01: create-staff, enrol-supplier, register-buyer and set-limit each print the party id and a one-time link on the last line",
    { timeout: 400_000 },
    async () => {
      const staff = printed(
        await admin(env, "create-staff", "--name", "Ana Lima", "--email", "ana@example.com", "--locale", "en", "--time-zone", "Europe/London"),
      );
      const supplier = printed(
        await admin(
          env,
          "enrol-supplier",
          "--company",
          "Berliner Schrauben GmbH",
          "--country",
          "DE",
          "--time-zone",
          "Europe/Berlin",
          "--locale",
          "de",
          "--qualification",
          "verified",
          "--volume-6m",
          "250000.00",
          "--currency",
          "USD",
        ),
      );
      const buyer = printed(
        await admin(env, "register-buyer", "--company", "Ohio Tools LLC", "--country", "US", "--time-zone", "America/Chicago", "--locale", "en"),
      );
      const raised = await admin(
        env,
        "set-limit",
        "--supplier",
        supplier.partyId,
        "--limit",
        "40000.00",
        "--currency",
        "USD",
        "--reason",
        "bank guarantee lodged",
        "--staff",
        staff.partyId,
      );
      expect(printed(raised).partyId).toBe(supplier.partyId);
      expect(raised.stdout).toContain("40000.00 USD");

      const db = await openDatabase({ pgliteDataDir: path.join(dir.dir, "pglite") });
      try {
        expect(await partyIn(db, staff.partyId)).toMatchObject({
          role: "staff",
          displayName: "Ana Lima",
          locale: "en",
          calendar: { country: "GB", timeZone: "Europe/London" },
        });
        expect(await partyIn(db, supplier.partyId)).toMatchObject({
          role: "supplier",
          enrolled: true,
          calendar: { country: "DE", timeZone: "Europe/Berlin" },
          enrolment: { qualification: "verified" },
        });
        expect(await partyIn(db, buyer.partyId)).toMatchObject({ role: "buyer", calendar: { country: "US", timeZone: "America/Chicago" } });
        const ledger = await readState<LedgerState>(db, ledgerStream(supplier.partyId));
        if (!ledger) throw new Error("no ledger");
        expect(ledgerBalances(ledger).limit).toEqual({ amountMinor: 4_000_000, currency: "USD" });
        expect(ledger.entries.map((e) => [e.kind, e.amount.amountMinor, e.reason, e.actor])).toEqual([
          ["limit-set", 2_500_000, "enrolment", { kind: "system" }],
          ["limit-set", 4_000_000, "bank guarantee lodged", { kind: "staff", partyId: staff.partyId }],
        ]);
        expect(await db.prisma.linkCode.count({ where: { redeemedAt: null } })).toBe(4);
      } finally {
        await db.close();
      }
    },
  );

  it("an unknown flag or a bad value is a clear message and exit 64; a refusal of the rules is 65", async () => {
    const unknown = await admin(env, "create-staff", "--name", "X", "--emial", "x@example.com");
    expect(unknown).toMatchObject({ code: 64, stdout: "" });
    expect(unknown.stderr).toContain("Unknown option '--emial'");
    const bad = await admin(env, "register-buyer", "--company", "Bad Co", "--country", "ZZ", "--time-zone", "EST", "--locale", "ja");
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("check --country, --time-zone, --locale");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await admin(env, "set-limit", "--supplier", "SUPPLIER-NOPE", "--reason", "x", "--qualification", "audited");
    expect(missing).toMatchObject({ code: 65 });
    expect(missing.stderr.trim()).toBe("There is no account SUPPLIER-NOPE.");
    const help = await admin(env, "help");
    expect(help.code).toBe(0);
    for (const command of ["create-staff", "enrol-supplier", "register-buyer", "set-limit", "help"])
      expect(help.stdout).toContain(`npm run admin -- ${command}`);
  });

  it("while another process holds the embedded database, a clear message and exit 75, not a stack trace", async () => {
    const held = await openDatabase({ pgliteDataDir: path.join(dir.dir, "pglite") });
    try {
      const run = await admin(env, "create-staff", "--name", "Bo Chen", "--email", "bo@example.com");
      expect(run.code).toBe(75);
      expect(run.stderr).toContain(`is in use by process ${process.pid}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await held.close();
    }
  });
});

describe.runIf(DATABASE_URL)("admin CLI on PostgreSQL, with a server connected", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let dir: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
    dir = await temporaryDirectory("tab-admin-pg-");
  });
  afterAll(async () => {
    await scratch.drop();
    await dir.remove();
  });

  it("TA-01: the first staff member, a supplier and a buyer on an empty database while another process is connected", { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: scratch.url, DATA_DIR: dir.dir };
    const first = printed(await admin(env, "create-staff", "--name", "Ana Lima", "--email", "ana@example.com"));
    const connected = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
    try {
      const supplier = printed(
        await admin(
          env,
          "enrol-supplier",
          "--company",
          "Shenzhen Bright Lamps",
          "--country",
          "CN",
          "--time-zone",
          "Asia/Shanghai",
          "--locale",
          "zh-CN",
          "--qualification",
          "audited",
          "--volume-6m",
          "5000000.00",
          "--currency",
          "USD",
          "--staff",
          first.partyId,
        ),
      );
      const buyer = printed(await admin(env, "register-buyer", "--company", "Lyon Outils", "--country", "FR", "--time-zone", "Europe/Paris", "--locale", "fr"));
      expect(await partyIn(connected, first.partyId)).toMatchObject({ role: "staff" });
      expect(await partyIn(connected, buyer.partyId)).toMatchObject({ role: "buyer", locale: "fr" });
      const ledger = await readState<LedgerState>(connected, ledgerStream(supplier.partyId));
      // audited: 20 % of USD 5,000,000.00 = 1,000,000.00, capped at 500,000.00.
      expect(ledger && ledgerBalances(ledger).limit).toEqual({ amountMinor: 50_000_000, currency: "USD" });
      expect(ledger?.entries[0]?.limitInputs).toMatchObject({ basis: "formula", formula: { capApplied: true } });
    } finally {
      await connected.close();
    }
  });
});
