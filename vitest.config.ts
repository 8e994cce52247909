import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Fast, in-process tests. Database-backed suites have their own configs (one file at a time):
    // test/integration, test/conversation, test/e2e.
    include: ["test/domain/**/*.test.ts", "test/tooling/**/*.test.ts", "test/i18n/**/*.test.ts", "test/bots/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    coverage: {
      provider: "v8",
      include: ["src/domain/**/*.ts"],
      reporter: ["text-summary", "text"],
      thresholds: { lines: 90 },
    },
  },
});
