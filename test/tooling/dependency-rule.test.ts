import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDomain, checkDomainFile } from "../../scripts/check-domain-deps.js";

const domainRoot = path.resolve("src/domain");
const file = path.join(domainRoot, "orders", "example.ts");

describe("dependency rule: src/domain imports only itself and pure libraries", () => {
  it("passes on the real domain core", () => {
    expect(checkDomain(domainRoot)).toEqual([]);
  });

  it("fails on @prisma/client, node:fs, frameworks, relative escapes and dynamic imports", () => {
    const text = [
      'import { PrismaClient } from "@prisma/client";',
      'import { readFileSync } from "node:fs";',
      'import { App } from "@slack/bolt";',
      'import { CloudAdapter } from "botbuilder";',
      'export * from "../../adapters/db/store.js";',
      'const http = await import("node:http");',
      'type T = import("pg").Client;',
      'import { z } from "zod";',
      'import Holidays from "date-holidays";',
      'import { money } from "../shared/money.js";',
    ].join("\n");
    const violations = checkDomainFile(file, text, domainRoot);
    expect(violations.map((v) => v.specifier)).toEqual([
      "@prisma/client",
      "node:fs",
      "@slack/bolt",
      "botbuilder",
      "../../adapters/db/store.js",
      "node:http",
      "pg",
    ]);
    expect(violations[0]).toMatchObject({ line: 1, reason: expect.stringContaining("@prisma/client") });
  });
});
