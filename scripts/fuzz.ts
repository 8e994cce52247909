/**
 * `npm run fuzz -- --runs 20000`: the HTTP fuzz of test/integration/http-authorization-fuzz.test.ts for
 * as many generated requests as asked (default 20,000), against the real server in-process (PGlite, or
 * PostgreSQL when DATABASE_URL is set). It prints the statuses seen and RSS before and after.
 */
import { spawnSync } from "node:child_process";

const at = process.argv.indexOf("--runs");
const runs = at === -1 ? "20000" : (process.argv[at + 1] ?? "");
if (!/^\d+$/.test(runs)) {
  process.stderr.write("usage: npm run fuzz -- --runs <number>\n");
  process.exit(64);
}
const result = spawnSync(
  "npx",
  [
    "vitest",
    "run",
    "--config",
    "test/integration/vitest.config.ts",
    "test/integration/http-authorization-fuzz.test.ts",
    "-t",
    "HTTP fuzz",
    "--testTimeout",
    "7200000",
  ],
  { stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs } },
);
process.exit(result.status ?? 1);
