/**
 * Which locale keys the code refers to (issue 16: no unused keys). A key counts as used when the source
 * names it in full ("order:status.draft"), names an object of keys whose leaf is chosen at run time
 * (`label(reader, "conversation:ledger.kind", kind)`, `"order:status"`), or builds it from a literal
 * prefix (`common:action.${useCase}`, `errors:${code}` — for errors, the code itself appears in the
 * source). Plural forms (`_one`, `_other`) count as their family.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pluralFamily } from "./locale-keys.js";

const SOURCE_EXTENSIONS = /\.(ts|js|html|cjs|mjs)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return SOURCE_EXTENSIONS.test(name) ? [full] : [];
  });
}

/** Every source text the product ships (src/), concatenated: keys are looked for in it. */
export function productSource(root: string): string {
  return sourceFiles(path.join(root, "src"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
}

/** The strings the source writes: quoted literals, and template literals cut at their first `${`. */
function literals(source: string): { whole: Set<string>; prefixes: Set<string> } {
  const whole = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of source.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g)) whole.add(m[1] ?? m[2] ?? "");
  for (const m of source.matchAll(/`([^`$]*)(\$\{)?/g)) (m[2] ? prefixes : whole).add(m[1] ?? "");
  return { whole, prefixes };
}

/** The keys (plural families, `namespace:key.path`) of `keys` that nothing in `source` refers to. */
export function unusedKeys(keys: Iterable<string>, source: string): string[] {
  const { whole, prefixes } = literals(source);
  const families = [...new Set([...keys].map(pluralFamily))];
  const wholeList = [...whole].filter((w) => w.includes(":"));
  const prefixList = [...prefixes].filter((p) => p.includes(":"));
  return families.filter((family) => {
    if (whole.has(family)) return false;
    // An object of keys named by the code ("order:status") or a template prefix ("common:action.").
    if (wholeList.some((w) => family.startsWith(`${w}.`))) return false;
    if (prefixList.some((p) => p !== "" && family.startsWith(p))) return false;
    // errors:<CODE> is built from the refusal's code; the code is written where the refusal is made.
    // A `_dated` variant is chosen by render-error.ts when the refusal carries its date.
    if (family.startsWith("errors:")) return !whole.has(family.slice("errors:".length).replace(/_dated$/, ""));
    return true;
  });
}
