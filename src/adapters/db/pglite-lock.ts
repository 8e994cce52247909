/**
 * PGlite is one process's database: it keeps its data directory in memory and writes it back, with no
 * lock of its own, so a second process opening the same directory would corrupt it. Whoever opens a
 * directory (the server, the admin CLI, `issue-sign-in-link`) first takes this lock file, holding its
 * process id; a lock whose process is gone is stale and taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const PGLITE_LOCK_FILE = "pglite.lock";

/** The embedded database's data directory is open in another process (or earlier in this one). */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid} (the server?). ` +
        "Stop that process first, or use PostgreSQL (DATABASE_URL), which several processes may share.",
    );
    this.name = "DataDirInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holderOf(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of a PGlite data directory; returns its release. Throws DataDirInUseError when held. */
export function lockPgliteDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, PGLITE_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: "wx" });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = holderOf(lockPath);
      if (holder !== undefined && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirInUseError(dataDir, holderOf(lockPath) ?? 0);
}
