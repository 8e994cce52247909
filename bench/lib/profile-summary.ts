/**
 * The top self-time functions of a V8 `.cpuprofile` (node --cpu-prof), and the same time grouped by
 * package / source folder — what bench/RESULTS.md quotes for a goal not met.
 *   tsx bench/lib/profile-summary.ts FILE.cpuprofile [top=25]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileLine {
  readonly name: string;
  readonly selfMs: number;
  readonly share: number;
}

function where(url: string): string {
  if (!url) return "(native / V8)";
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? file);
  }
  if (file.startsWith("node:")) return file;
  const src = file.indexOf("/src/");
  return src >= 0 ? path.dirname(file.slice(src + 1)) : path.basename(file);
}

export function summarize(file: string, top = 25): { total: number; functions: ProfileLine[]; groups: ProfileLine[] } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const group = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    total += us;
    const short = url
      ? `${url
          .replace(/^file:\/\//, "")
          .replace(/^.*node_modules\//, "")
          .replace(/^.*\/(src|bench)\//, "$1/")}:${lineNumber + 1}`
      : "";
    const name = `${functionName || "(anonymous)"} ${short}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + us);
    const g = where(url);
    group.set(g, (group.get(g) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: us / total }));
  return { total: total / 1000, functions: lines(fn), groups: lines(group) };
}

export function formatSummary(file: string, top = 25): string {
  const s = summarize(file, top);
  const table = (title: string, ls: ProfileLine[]) =>
    [`| ${title} | self ms | share |`, "|---|---|---|", ...ls.map((l) => `| \`${l.name}\` | ${l.selfMs.toFixed(0)} | ${(l.share * 100).toFixed(1)} % |`)].join(
      "\n",
    );
  return `busy (non-idle) samples: ${s.total.toFixed(0)} ms\n\n${table("by package / folder", s.groups.slice(0, 15))}\n\n${table("top self-time functions", s.functions)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: tsx bench/lib/profile-summary.ts FILE.cpuprofile [top]\n");
    process.exit(64);
  }
  process.stdout.write(`${formatSummary(file, Number(process.argv[3] ?? 25))}\n`);
}
