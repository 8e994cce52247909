// The browser test: the real server (child process, embedded PGlite, stand-in translator) driven by
// Debian's Chromium through playwright-core. Slow and one at a time.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(import.meta.dirname, "../.."),
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
    // A turn with an upload can take seconds on a loaded 2-core machine; poll's default (1 s) made the
    // story fail on load, not on behaviour.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
