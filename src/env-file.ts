/**
 * The optional `.env` file: `KEY=value` lines, `#` comments, blank lines, an optional `export `
 * prefix, values optionally in single or double quotes (double quotes understand \n, \" and \\).
 * Parsed here rather than with a dependency; variables already in the environment win.
 */
import { readFileSync } from "node:fs";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

export class EnvFileError extends Error {
  constructor(
    readonly file: string,
    readonly lineNumber: number,
  ) {
    super(`${file}:${lineNumber}: expected KEY=value`);
    this.name = "EnvFileError";
  }
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1);
  const comment = raw.search(/\s#/);
  return comment === -1 ? raw : raw.slice(0, comment).trimEnd();
}

/** The variables of a `.env` text; throws EnvFileError naming the first line that is not KEY=value. */
export function parseEnvFile(text: string, file = ".env"): Record<string, string> {
  const variables: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const match = LINE.exec(line);
    if (!match?.[1]) throw new EnvFileError(file, index + 1);
    variables[match[1]] = unquote(match[2] ?? "");
  });
  return variables;
}

/** `.env` merged under the process environment (the environment wins); no file, no change. */
export function environmentWithEnvFile(environment: NodeJS.ProcessEnv, file: string): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ...environment };
    throw error;
  }
  return { ...parseEnvFile(text, file), ...environment };
}
