/**
 * Issue 15 (memory): the server on PostgreSQL keeps Prisma's query compiler small — the size-optimised
 * build (prisma/schema.prisma `compilerBuild = "small"`) compiled by V8's baseline WebAssembly tier
 * only — while the embedded database (PGlite, itself WebAssembly) keeps the optimising tier.
 */
import { readFileSync } from "node:fs";
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
