/**
 * The operators' admin CLI (issues 9 and 11): bootstrap and set-up without a seed script.
 *
 *   npm run admin -- create-staff --name "Ana Lima" --email ana@example.com [--locale en --time-zone Europe/London]
 *   npm run admin -- enrol-supplier --company "…" --country DE --time-zone Europe/Berlin --locale de \
 *                      --qualification verified --volume-6m 250000.00 --currency USD
 *   npm run admin -- register-buyer --company "…" --country US --time-zone America/Chicago --locale en
 *   npm run admin -- set-limit --supplier SUPPLIER-… --reason "…" [--limit 30000.00 --currency USD]
 *   npm run admin -- help
 *
 * Each prints the party's id and a one-time sign-in link, the URL alone on the last line. Works on
 * PostgreSQL whether the server runs or not; on the embedded database only while the server is stopped
 * (one process per data directory: a clear message otherwise). Exit status (sysexits): 64 bad usage or
 * value, 65 refused by the rules, 75 embedded database in use, 78 configuration error.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { systemClock } from "./adapters/clock/clock.js";
import { openPersistence } from "./adapters/db/persistence.js";
import { DataDirInUseError } from "./adapters/db/pglite-lock.js";
import { actorOf, type Actor } from "./app/actor.js";
import { runCommand, type App } from "./app/app.js";
import { createStaffSpec, enrolSupplierSpec, registerBuyerSpec, setSupplierLimitSpec } from "./app/commands/party-commands.js";
import { issueLinkCode } from "./app/identity/link-codes.js";
import { randomIds } from "./app/ids.js";
import { readState } from "./app/read-state.js";
import { createTranslator } from "./bots/conversation/i18n/i18n.js";
import { renderDomainError } from "./bots/conversation/i18n/render-error.js";
import { countryOfTimeZone } from "./domain/calendar/business-calendar.js";
import { ledgerBalances, ledgerStream, type LedgerState } from "./domain/ledger/ledger.js";
import { partyStream } from "./domain/parties/party-events.js";
import type { PartyState } from "./domain/parties/party.js";
import { QUALIFICATION_STATUSES } from "./domain/policy/policy.js";
import type { DomainError } from "./domain/shared/errors.js";
import { isDomainError } from "./domain/shared/errors.js";
import { parseMoney, toDecimalString, type Money } from "./domain/shared/money.js";
import { readConfigOrExit } from "./main.js";

export const EXIT_USAGE = 64;
export const EXIT_REFUSED = 65;
export const EXIT_IN_USE = 75;

const HELP = `trade-assurance-bots admin

  npm run admin -- create-staff --name NAME --email EMAIL [--locale en] [--time-zone Europe/London] [--country GB] [--level 1] [--id ID]
      A staff member (the first one bootstraps an empty database).
  npm run admin -- enrol-supplier --company NAME --country CC --time-zone ZONE --locale LANG
                     --qualification ${QUALIFICATION_STATUSES.join("|")} --volume-6m AMOUNT --currency CUR
                     [--contact NAME] [--email EMAIL] [--phone PHONE] [--limit AMOUNT --reason TEXT] [--staff STAFF_ID] [--id ID]
      TA-01: enrols a supplier; its limit is the policy formula's figure for the inputs unless --limit is given.
  npm run admin -- register-buyer --company NAME --country CC --time-zone ZONE --locale LANG
                     [--contact NAME] [--email EMAIL] [--phone PHONE] [--id ID]
      A buyer (buyers may also register themselves in the web chat).
  npm run admin -- set-limit --supplier SUPPLIER_ID --reason TEXT [--limit AMOUNT --currency CUR]
                     [--qualification ${QUALIFICATION_STATUSES.join("|")}] [--volume-6m AMOUNT --currency CUR] [--staff STAFF_ID]
      TA-01: a new limit — staff's own figure, or the formula's for new (or the recorded) inputs — as a ledger entry.
  npm run admin -- help

Each command prints the party's id and a one-time sign-in link (valid 72 hours), the URL alone on the last line.
COUNTRY is an ISO 3166-1 alpha-2 code (DE, US, CN…), ZONE an IANA time zone (Europe/Berlin), LANG one of
en, zh, zh-Hant, es, fr, de, pt, ar (a regional tag such as pt-BR or zh-TW is kept for formatting).
With the embedded database (no DATABASE_URL), stop the server first. Exit status: 0 done, 64 bad usage or
value, 65 refused, 75 embedded database in use, 78 configuration error.
`;

class UsageError extends Error {}

type Flags = Readonly<Record<string, string | undefined>>;

const COMMANDS = {
  "create-staff": ["name", "email", "locale", "time-zone", "country", "level", "id"],
  "enrol-supplier": [
    "company",
    "country",
    "time-zone",
    "locale",
    "qualification",
    "volume-6m",
    "currency",
    "contact",
    "email",
    "phone",
    "limit",
    "reason",
    "staff",
    "id",
  ],
  "register-buyer": ["company", "country", "time-zone", "locale", "contact", "email", "phone", "id"],
  "set-limit": ["supplier", "reason", "limit", "qualification", "volume-6m", "currency", "staff"],
} as const;
type CommandName = keyof typeof COMMANDS;

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** Flags of a command: strings only, each once; an unknown flag or a stray argument is a usage error. */
export function parseFlags(command: CommandName, args: readonly string[]): Flags {
  const options = Object.fromEntries(COMMANDS[command].map((name) => [name, { type: "string" as const }]));
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return values as Flags;
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, "")}`);
  }
}

function required(flags: Flags, name: string): string {
  const value = flags[name]?.trim();
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function optional(flags: Flags, name: string): string | undefined {
  const value = flags[name]?.trim();
  return value ? value : undefined;
}

function amount(flags: Flags, name: string): Money | undefined {
  const text = optional(flags, name);
  if (text === undefined) return undefined;
  return parseMoney(text, required(flags, "currency").toUpperCase());
}

/** The output every command ends with: the id, then the link alone on the last line. */
async function signInLink(app: App, publicUrl: string, partyId: string): Promise<string[]> {
  const issued = await issueLinkCode(app, "system", partyId);
  return [`party id: ${partyId}`, `one-time sign-in link (valid until ${issued.expiresAt}):`, `${publicUrl}/?code=${issued.code}`];
}

async function actingStaff(app: App, flags: Flags): Promise<Actor | "system"> {
  const staffId = optional(flags, "staff");
  if (staffId === undefined) return "system";
  const staff = await readState<PartyState>(app.db, partyStream(staffId));
  if (staff?.role !== "staff") throw new UsageError(`--staff ${staffId} is not a staff member`);
  return actorOf(staff);
}

function contactFlags(flags: Flags, company: string) {
  const email = optional(flags, "email");
  const phone = optional(flags, "phone");
  return { contactName: optional(flags, "contact") ?? company, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/** Runs one admin command against an open app; returns the lines to print. */
export async function runAdminCommand(app: App, publicUrl: string, command: CommandName, flags: Flags): Promise<string[]> {
  switch (command) {
    case "create-staff": {
      const timeZone = optional(flags, "time-zone") ?? "Europe/London";
      const country = optional(flags, "country")?.toUpperCase() ?? countryOfTimeZone(timeZone);
      if (country === undefined) throw new UsageError(`--country is required: the time zone ${timeZone} does not name one country`);
      const level = optional(flags, "level");
      if (level !== undefined && !/^[1-5]$/.test(level)) throw new UsageError("--level is a paging level from 1 to 5");
      const partyId = optional(flags, "id") ?? app.ids.next("staff");
      const name = required(flags, "name");
      await runCommand(
        app,
        createStaffSpec("system", {
          partyId,
          name,
          email: required(flags, "email"),
          locale: optional(flags, "locale") ?? "en",
          timeZone,
          country,
          ...(level ? { staffLevel: Number(level) } : {}),
        }),
      );
      return [`Staff member ${name} created.`, ...(await signInLink(app, publicUrl, partyId))];
    }
    case "register-buyer": {
      const company = required(flags, "company");
      const partyId = optional(flags, "id") ?? app.ids.next("buyer");
      await runCommand(
        app,
        registerBuyerSpec("self", {
          partyId,
          company,
          ...contactFlags(flags, company),
          country: required(flags, "country").toUpperCase(),
          timeZone: required(flags, "time-zone"),
          locale: required(flags, "locale"),
        }),
      );
      return [`Buyer ${company} registered.`, ...(await signInLink(app, publicUrl, partyId))];
    }
    case "enrol-supplier": {
      const company = required(flags, "company");
      const actor = await actingStaff(app, flags);
      const partyId = optional(flags, "id") ?? app.ids.next("supplier");
      const sixMonthVolume = parseMoney(required(flags, "volume-6m"), required(flags, "currency").toUpperCase());
      const limit = amount(flags, "limit");
      const reason = optional(flags, "reason");
      if (limit !== undefined && reason === undefined)
        throw new UsageError("--limit needs --reason (TA-01: staff record why a limit differs from the formula)");
      const command = {
        partyId,
        company,
        ...contactFlags(flags, company),
        country: required(flags, "country").toUpperCase(),
        timeZone: required(flags, "time-zone"),
        locale: required(flags, "locale"),
        qualification: required(flags, "qualification") as (typeof QUALIFICATION_STATUSES)[number],
        sixMonthVolume,
        ...(limit ? { limit } : {}),
        ...(reason ? { reason } : {}),
      };
      await runCommand(app, enrolSupplierSpec(actor, command));
      return [`Supplier ${company} enrolled, limit ${await limitOf(app, partyId)}.`, ...(await signInLink(app, publicUrl, partyId))];
    }
    case "set-limit": {
      const supplierId = required(flags, "supplier");
      const actor = await actingStaff(app, flags);
      const limit = amount(flags, "limit");
      const sixMonthVolume = amount(flags, "volume-6m");
      const qualification = optional(flags, "qualification") as (typeof QUALIFICATION_STATUSES)[number] | undefined;
      await runCommand(
        app,
        setSupplierLimitSpec(actor, supplierId, {
          reason: required(flags, "reason"),
          ...(limit ? { limit } : {}),
          ...(sixMonthVolume ? { sixMonthVolume } : {}),
          ...(qualification ? { qualification } : {}),
        }),
      );
      return [`Limit of ${supplierId} set to ${await limitOf(app, supplierId)}.`, ...(await signInLink(app, publicUrl, supplierId))];
    }
  }
}

async function limitOf(app: App, supplierId: string): Promise<string> {
  const ledger = await readState<LedgerState>(app.db, ledgerStream(supplierId));
  if (!ledger) return "—";
  const { limit } = ledgerBalances(ledger);
  return `${toDecimalString(limit)} ${limit.currency}`;
}

/** Which flag a field the rules refused comes from, to say what to correct. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  country: "--country",
  timeZone: "--time-zone",
  locale: "--locale",
  qualification: "--qualification",
  sixMonthVolume: "--volume-6m / --currency",
  limit: "--limit / --currency",
  "limit.currency": "--currency",
  email: "--email",
  "contact.email": "--email",
  phone: "--phone",
  "contact.phone": "--phone",
  company: "--company",
  displayName: "--name / --company",
  contactName: "--contact",
  reason: "--reason",
};

function refusalMessage(error: DomainError): string {
  const sentence = renderDomainError(createTranslator(), "en", "UTC", error);
  const fields = error.params["fields"];
  if (!Array.isArray(fields)) return sentence;
  const flags = [...new Set(fields.map((f) => FLAG_OF_FIELD[String(f)] ?? String(f)))];
  return `${sentence} (check ${flags.join(", ")})`;
}

/** A refusal of bad input is a usage error (64); any other refusal of the rules is 65. */
function exitCodeOf(error: DomainError): number {
  return error.code === "COMMAND_INVALID" || error.code.startsWith("MONEY_") || error.code.startsWith("CALENDAR_") ? EXIT_USAGE : EXIT_REFUSED;
}

export async function adminMain(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(HELP);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (!isCommand(name)) {
    process.stderr.write(`unknown command "${name}"; run: npm run admin -- help\n`);
    return EXIT_USAGE;
  }
  let flags: Flags;
  try {
    flags = parseFlags(name, args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nrun: npm run admin -- help\n`);
    return EXIT_USAGE;
  }
  const config = readConfigOrExit();
  let persistence;
  try {
    await mkdir(config.dataDir, { recursive: true });
    persistence = await openPersistence({ databaseUrl: config.databaseUrl, pgliteDataDir: path.join(config.dataDir, "pglite"), clock: systemClock });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_IN_USE;
    }
    process.stderr.write(`cannot open the database: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const app: App = { db: persistence.db, runner: persistence.runner, clock: systemClock, ids: randomIds };
    const lines = await runAdminCommand(app, config.publicUrl, name, flags);
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nrun: npm run admin -- help\n`);
      return EXIT_USAGE;
    }
    if (isDomainError(error)) {
      process.stderr.write(`${refusalMessage(error)}\n`);
      return exitCodeOf(error);
    }
    throw error;
  } finally {
    await persistence.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  adminMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`admin failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
