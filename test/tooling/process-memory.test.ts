/**
 * Issue 15 (memory): the server on PostgreSQL keeps Prisma's query compiler small — the size-optimised
 * build (prisma/schema.prisma `compilerBuild = "small"`) compiled by V8's baseline WebAssembly tier
 * only — while the embedded database (PGlite, itself WebAssembly) keeps the optimising tier; and a
 * channel's SDK is loaded only when the channel is configured.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import v8 from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { limitWasmTiering } from "../../src/adapters/shared/wasm-tiering.js";

const projectRoot = path.resolve(import.meta.dirname, "../..");

describe("issue 15: WebAssembly memory of the server", () => {
  afterEach(() => vi.restoreAllMocks());

  it("on PostgreSQL, WebAssembly is compiled by the baseline tier only", () => {
    const setFlags = vi.spyOn(v8, "setFlagsFromString").mockImplementation(() => undefined);
    expect(limitWasmTiering("postgres")).toBe(true);
    expect(setFlags).toHaveBeenCalledWith("--liftoff-only");
  });

  it("on the embedded database, the optimising tier stays (PGlite is PostgreSQL compiled to WebAssembly)", () => {
    const setFlags = vi.spyOn(v8, "setFlagsFromString").mockImplementation(() => undefined);
    expect(limitWasmTiering("pglite")).toBe(false);
    expect(setFlags).not.toHaveBeenCalled();
  });

  it("the generated Prisma client loads the size-optimised query compiler", () => {
    const client = readFileSync(path.join(projectRoot, "src/generated/prisma/internal/class.ts"), "utf8");
    expect(client).toContain("query_compiler_small_bg.postgresql.wasm-base64");
    expect(client).not.toContain("query_compiler_fast_bg");
  });
});

describe("issue 15: a channel's SDK is loaded only when the channel is configured", () => {
  it("the server's modules (src/main.ts and all it imports) load neither botbuilder nor @slack/bolt", async () => {
    await import("../../src/main.js");
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((file) => file.includes("/node_modules/pg/"))).toBe(true); // the probe sees CommonJS packages
    expect(loaded.filter((file) => /\/node_modules\/(botbuilder|@slack\/bolt)\//.test(file))).toEqual([]);
  });
});
