/**
 * Issue 8: the layer rules of docs/architecture.md hold (dependency-cruiser, `.dependency-cruiser.cjs`),
 * no two layer folders depend on each other in a cycle, and a planted violation of each rule fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(import.meta.dirname, "../..");
const config = require(path.join(projectRoot, ".dependency-cruiser.cjs")) as { forbidden: unknown[]; options: Record<string, unknown> };

async function cruiseIn(baseDir: string): Promise<ICruiseResult> {
  const result = await cruise(["src"], { ...config.options, baseDir, ruleSet: { forbidden: config.forbidden }, validate: true } as never, undefined, {
    tsConfig: { fileName: path.join(projectRoot, "tsconfig.json") },
  } as never);
  return result.output as ICruiseResult;
}

/** The layer a module belongs to: src/domain and src/app whole, each src/adapters/X and src/bots/X, the composition root. */
function layerOf(source: string): string | undefined {
  const match = /^src\/(domain|app)\/|^src\/(adapters|bots)\/([^/]+)\//.exec(source);
  if (!match) return source.startsWith("src/") ? "src (composition root)" : undefined;
  return match[1] ? `src/${match[1]}` : `src/${match[2]}/${match[3]}`;
}

function layerCycles(result: ICruiseResult): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = layerOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = layerOf(dependency.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)?.add(to);
    }
  }
  const cycles: string[][] = [];
  const visit = (node: string, trail: string[]): void => {
    for (const next of edges.get(node) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) cycles.push([...trail.slice(at), next]);
      else visit(next, [...trail, next]);
    }
  };
  for (const node of edges.keys()) visit(node, [node]);
  return cycles;
}

const planted = mkdtempSync(path.join(os.tmpdir(), "layer-rules-"));
// A package the domain may import, resolvable in the planted tree.
mkdirSync(path.join(planted, "node_modules/zod"), { recursive: true });
writeFileSync(path.join(planted, "node_modules/zod/package.json"), JSON.stringify({ name: "zod", version: "4.0.0", main: "index.js" }));
writeFileSync(path.join(planted, "node_modules/zod/index.js"), "module.exports = { z: {} };\n");
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(planted, file)), { recursive: true });
  writeFileSync(path.join(planted, file), text);
}

describe("layer rules (dependency-cruiser)", () => {
  it("the real tree has no violation and no cycle between layer folders", async () => {
    const result = await cruiseIn(projectRoot);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(layerCycles(result)).toEqual([]);
  });

  it("a planted violation of each rule fails, naming the rule and the import", async () => {
    plant("src/domain/orders/impure.ts", 'import { readFileSync } from "node:fs";\nimport { z } from "zod";\nexport const x = [readFileSync, z];\n');
    plant("src/adapters/db/leak.ts", 'import { engine } from "../../bots/conversation/engine.js";\nexport const y = engine;\n');
    plant("src/bots/conversation/engine.ts", "export const engine = 1;\n");
    plant("src/app/knows-channel.ts", 'import { slack } from "../bots/slack/app.js";\nexport const z2 = slack;\n');
    plant(
      "src/bots/slack/app.ts",
      'import { teams } from "../teams/app.js";\nimport { engine } from "../conversation/engine.js";\nexport const slack = [teams, engine];\n',
    );
    plant("src/bots/teams/app.ts", "export const teams = 2;\n");
    plant("src/adapters/a/one.ts", 'import { two } from "./two.js";\nexport const one = () => two;\n');
    plant("src/adapters/a/two.ts", 'import { one } from "./one.js";\nexport const two = () => one;\n');
    const result = await cruiseIn(planted);
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "domain-is-pure: src/domain/orders/impure.ts → fs",
        "adapters-are-infrastructure: src/adapters/db/leak.ts → src/bots/conversation/engine.ts",
        "app-knows-no-channel: src/app/knows-channel.ts → src/bots/slack/app.ts",
        "channels-are-independent: src/bots/slack/app.ts → src/bots/teams/app.ts",
      ]),
    );
    expect(found.some((v) => v.startsWith("no-circular: src/adapters/a/"))).toBe(true);
    // What a channel may import stays allowed: itself and the conversation contract; zod in the domain.
    expect(found.filter((v) => v.includes("→ src/bots/conversation/engine.ts") && v.startsWith("channels-are-independent"))).toEqual([]);
    expect(found.filter((v) => v.endsWith("→ zod") || v.includes("node_modules/zod"))).toEqual([]);
  });
});
