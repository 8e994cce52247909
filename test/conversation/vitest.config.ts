// Conversation tests: whole chats through the engine and the real database (embedded PGlite, one
// per file, ~400 MB) — one file at a time, like the integration tests.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(import.meta.dirname, "../.."),
  test: {
    include: ["test/conversation/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
