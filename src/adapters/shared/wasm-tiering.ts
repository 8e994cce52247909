/**
 * Issue 15 (memory): how V8 compiles the process's WebAssembly. On PostgreSQL the only WebAssembly
 * is Prisma's query compiler, which runs once per query shape (Prisma caches the plans): V8's
 * optimising tier (TurboFan) recompiles that module and keeps ~15-40 MB of native code and compiler
 * memory for it, in exchange for nothing measurable (cold query shapes cost less CPU with the
 * baseline tier alone, cached ones the same). The embedded database (PGlite) is PostgreSQL itself
 * compiled to WebAssembly and needs the optimising tier: it is left alone.
 */
import v8 from "node:v8";

/**
 * Must run before the first query (the query compiler is compiled then); process-wide, so only the
 * composition root calls it. True when the baseline tier was chosen.
 */
export function limitWasmTiering(backend: "postgres" | "pglite"): boolean {
  if (backend !== "postgres") return false;
  v8.setFlagsFromString("--liftoff-only");
  return true;
}
