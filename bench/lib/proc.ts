/**
 * What a server process tree costs, read from /proc (Linux): CPU time (utime + stime of every live
 * process in the tree, plus the cutime + cstime of processes that already ended) and resident memory.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)
const PAGE_BYTES = 4096;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in ticks. */
  readonly ownTicks: number;
  /** cutime + cstime (ended, waited-for children), in ticks. */
  readonly childTicks: number;
  readonly rssPages: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const field = (n: number) => Number(fields[n - 3]);
  return { pid, ppid: field(4), ownTicks: field(14) + field(15), childTicks: field(16) + field(17), rssPages: field(24) };
}

function processTree(rootPid: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => inTree.has(p.pid));
}

export interface TreeUsage {
  /** CPU time of the tree so far, ms. */
  readonly cpuMs: number;
  /** Resident memory of the live tree, bytes. */
  readonly rssBytes: number;
}

export function treeUsage(rootPid: number): TreeUsage {
  const tree = processTree(rootPid);
  const ticks = tree.reduce((sum, p) => sum + p.ownTicks + p.childTicks, 0);
  return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssBytes: tree.reduce((sum, p) => sum + p.rssPages * PAGE_BYTES, 0) };
}

/** CPU time of a set of unrelated processes (e.g. the PostgreSQL backends serving one database), ms. */
export function processesCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.ownTicks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}
