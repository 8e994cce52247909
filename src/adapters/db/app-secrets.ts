/**
 * Secrets generated once and shared by every replica and every restart (issue 10), in `app_secrets`:
 * the first process to ask stores its freshly generated value; every other one — now or after a
 * restart — reads that same value. (Used for the web-chat session key when SESSION_SECRET is not
 * configured, so a restart does not sign everyone out.)
 */
import type { SqlExecutor } from "./sql-executor.js";

export async function sharedSecret(sql: SqlExecutor, name: string, generate: () => string, now: string): Promise<string> {
  await sql.query(`INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3::timestamptz) ON CONFLICT (name) DO NOTHING`, [name, generate(), now]);
  const [row] = await sql.query<{ value: string }>(`SELECT value FROM app_secrets WHERE name = $1`, [name]);
  if (!row) throw new Error(`secret ${name} could not be stored`);
  return row.value;
}
