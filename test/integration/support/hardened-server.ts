/**
 * The real server in this process (embedded PGlite, demo data, port 0) for the hardening, matrix and
 * fuzz tests: every log line is kept, so a test can assert that no turn failed and no request 5xx'd.
 * Two more parties (a second buyer and supplier, unrelated to the demo order) are signed in the way
 * every person is — a staff-issued one-time link.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { runCommand } from "../../../src/app/app.js";
import { parseConfig } from "../../../src/config.js";
import { registerParty, type RegisterPartyCommand } from "../../../src/domain/parties/party-commands.js";
import { partyStream } from "../../../src/domain/parties/party-events.js";
import { SYSTEM } from "../../../src/domain/shared/events.js";
import type { PartyState } from "../../../src/domain/parties/party.js";
import { startServer, type RunningServer } from "../../../src/main.js";

export interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [key: string]: unknown;
}

export type Role = "stranger" | "buyer" | "supplier" | "buyer2" | "supplier2" | "staff";
export const ROLES: readonly Role[] = ["stranger", "buyer", "supplier", "buyer2", "supplier2", "staff"];

export interface HardenedServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly logs: LogLine[];
  readonly tokens: Readonly<Record<Exclude<Role, "stranger">, string>>;
  readonly partyIds: Readonly<Record<Exclude<Role, "stranger">, string>>;
}

const SECOND_BUYER: RegisterPartyCommand = {
  partyId: "buyer-lisbon-parts",
  role: "buyer",
  displayName: "Lisbon Parts Lda",
  locale: "pt-PT",
  calendar: { country: "PT", timeZone: "Europe/Lisbon" },
  contact: { email: "compras@lisbonparts.example", company: "Lisbon Parts Lda" },
};
const SECOND_SUPPLIER: RegisterPartyCommand = {
  partyId: "supplier-monterrey-steel",
  role: "supplier",
  displayName: "Aceros Monterrey",
  locale: "es-MX",
  calendar: { country: "MX", timeZone: "America/Monterrey" },
  contact: { email: "ventas@acerosmty.example", company: "Aceros Monterrey SA" },
};

export async function startHardenedServer(environment: Record<string, string> = {}): Promise<HardenedServer> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim().startsWith("{")) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const config = parseConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "tab-hardened-")),
    DEMO: "1",
    OUTBOX_POLL_MS: "60000",
    SCHEDULER_CRON: "0 0 1 1 *",
    RATE_LIMIT_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_PER_IDENTITY_PER_MINUTE: "1000000",
    SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "1000000",
    ...environment,
  });
  const server = await startServer(config, pino({ level: "info" }, sink));
  const url = server.url;
  for (const party of [SECOND_BUYER, SECOND_SUPPLIER]) {
    const stream = partyStream(party.partyId);
    await runCommand(server.app, {
      name: "test.registerParty",
      streams: [stream],
      decide: (s, now) => registerParty(s.get<PartyState>(stream), party, { now, actor: SYSTEM }),
    });
  }
  const demo = async (partyId: string): Promise<string> => {
    const res = await fetch(`${url}/auth/demo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ partyId }) });
    if (res.status !== 200) throw new Error(`demo sign-in of ${partyId}: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  const staff = await demo("staff-ana-lima");
  const viaLink = async (partyId: string): Promise<string> => {
    const issued = await fetch(`${url}/staff/api/sign-in-links`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${staff}` },
      body: JSON.stringify({ partyId }),
    });
    const { code } = (await issued.json()) as { code: string };
    const res = await fetch(`${url}/auth/link`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
    if (res.status !== 200) throw new Error(`link sign-in of ${partyId}: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  const partyIds = {
    buyer: "buyer-ohio-tools",
    supplier: "supplier-shenzhen-fasteners",
    buyer2: SECOND_BUYER.partyId,
    supplier2: SECOND_SUPPLIER.partyId,
    staff: "staff-ana-lima",
  };
  const tokens = {
    buyer: await demo(partyIds.buyer),
    supplier: await demo(partyIds.supplier),
    buyer2: await viaLink(partyIds.buyer2),
    supplier2: await viaLink(partyIds.supplier2),
    staff,
  };
  return { server, url, logs, tokens, partyIds };
}

/** Log lines that must never appear: an internal error of a request or a turn. */
export function failures(logs: readonly LogLine[]): LogLine[] {
  return logs.filter((l) => l.msg === "turn failed" || l.msg === "request failed" || (typeof l["status"] === "number" && l["status"] >= 500));
}
