// Integration tests (database, scheduler): one file at a time — each opens an embedded PGlite
// (~400 MB, one transaction at a time) and, with DATABASE_URL, the shared PostgreSQL database.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(import.meta.dirname, "../.."),
  test: {
    include: ["test/integration/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
