/**
 * Configuration of `npm start`: every invalid or missing variable is named in one error, `.env` is
 * read by Node's own parser (util.parseEnv) and never overrides the real environment, and the defaults are the
 * README's (127.0.0.1:3978, ./data, demo on for the embedded database and off for PostgreSQL).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, environmentWithEnvFile, parseConfig } from "../../src/config.js";

function problemsOf(environment: Record<string, string>): Record<string, string> {
  try {
    parseConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.problems.map((p) => [p.variable, p.problem]));
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("defaults: 127.0.0.1:3978, ./data, the embedded database with demo data, no translator, the dev clock", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 3978,
      demo: true,
      devClock: true,
      nodeEnv: "development",
      publicUrl: "http://127.0.0.1:3978",
    });
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.translator.kind).toBe("none");
  });

  it("PostgreSQL turns the demo off by default; DEMO=1 turns it back on", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u@h/db" }).demo).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgresql://u@h/db", DEMO: "1" }).demo).toBe(true);
    expect(parseConfig({ DEMO: "off" }).demo).toBe(false);
  });

  it("names every invalid or missing variable at once", () => {
    const problems = problemsOf({
      PORT: "eighty",
      DEMO: "maybe",
      DATABASE_URL: "mysql://x",
      LOG_LEVEL: "loud",
      TRANSLATOR: "google-v2",
      PUBLIC_URL: "not a url",
      SCHEDULER_CRON: "every minute",
    });
    expect(Object.keys(problems).sort()).toEqual(["DATABASE_URL", "DEMO", "GOOGLE_TRANSLATE_API_KEY", "LOG_LEVEL", "PORT", "PUBLIC_URL", "SCHEDULER_CRON"]);
    expect(problems["GOOGLE_TRANSLATE_API_KEY"]).toContain("TRANSLATOR=google-v2");
  });

  it("production requires SESSION_SECRET and has no dev clock", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toHaveProperty("SESSION_SECRET");
    const config = parseConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(32),
    });
    expect(config.devClock).toBe(false);
  });

  it("an empty value counts as unset", () => {
    expect(parseConfig({ PORT: "", DEMO: " " }).port).toBe(3978);
  });
});

describe(".env file", () => {
  it("reads KEY=value lines with comments, quotes and export, and refuses a line that is not one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tab-env-"));
    const file = path.join(dir, ".env");
    const text = [
      "# comment",
      "",
      "export PORT=4000",
      'PUBLIC_URL="https://chat.example.com"',
      "LOG_LEVEL='debug'",
      "DEMO=0 # no demo",
      'SESSION_SECRET="a\\nb"',
    ].join("\n");
    writeFileSync(file, text);
    expect(environmentWithEnvFile({}, file)).toEqual({
      PORT: "4000",
      PUBLIC_URL: "https://chat.example.com",
      LOG_LEVEL: "debug",
      DEMO: "0",
      SESSION_SECRET: "a\nb",
    });
    writeFileSync(file, "PORT 4000\n");
    expect(() => environmentWithEnvFile({}, file)).toThrow(ConfigError);
  });

  it("the process environment wins over .env; a missing file changes nothing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tab-env-"));
    const file = path.join(dir, ".env");
    writeFileSync(file, "PORT=4000\nHOST=0.0.0.0\n");
    expect(environmentWithEnvFile({ PORT: "5000" }, file)).toMatchObject({
      PORT: "5000",
      HOST: "0.0.0.0",
    });
    expect(environmentWithEnvFile({ PORT: "5000" }, path.join(dir, "missing.env"))).toEqual({ PORT: "5000" });
  });
});
