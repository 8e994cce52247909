/**
 * The layer rules of docs/architecture.md, as code (issue 8). `npm run check:deps` (part of
 * `npm test`) fails on any violation; test/tooling/layer-rules.test.ts proves planted violations fail
 * and that no two folders depend on each other in a cycle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "src/domain imports only itself and the pure libraries zod and date-holidays: no I/O, no framework, no Node built-ins.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { pathNot: "^(src/domain/|node_modules/(zod|date-holidays)/)" },
    },
    {
      name: "adapters-are-infrastructure",
      comment: "An adapter never imports a channel, the engine or the application layer: they depend on adapters, not the reverse.",
      severity: "error",
      from: { path: "^src/adapters/" },
      to: { path: "^src/(bots|app)/" },
    },
    {
      name: "app-knows-no-channel",
      comment: "The application layer serves every channel and knows none of them.",
      severity: "error",
      from: { path: "^src/app/" },
      to: { path: "^src/bots/" },
    },
    {
      name: "channels-are-independent",
      comment: "A channel (src/bots/X) imports only itself and the conversation contract (src/bots/conversation).",
      severity: "error",
      from: { path: "^src/bots/([^/]+)/" },
      to: { path: "^src/bots/", pathNot: ["^src/bots/$1/", "^src/bots/conversation/"] },
    },
    {
      name: "no-test-code-in-src",
      comment: "Test-only code (harness channel, in-memory senders, stand-ins) lives under test/.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
    {
      name: "no-circular",
      comment: "No import cycles between modules (a cycle made only of type imports is harmless and allowed).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
  },
};
