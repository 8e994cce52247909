/**
 * `npm run teams:package [-- --out <file.zip>]`: writes the Teams app package a tenant admin uploads
 * (Teams admin center → Manage apps → Upload, or Teams → Apps → Manage your apps → Upload an app).
 * Reads MICROSOFT_APP_ID, PUBLIC_URL and the optional TEAMS_APP_ID from the environment and `.env`.
 * Default output: data/teams-app-package.zip.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError, environmentWithEnvFile } from "../src/config.js";
import { createTranslator } from "../src/bots/conversation/i18n/index.js";
import { buildAppPackage, zipAppPackage } from "../src/bots/teams/app-package/manifest.js";

const settingsSchema = z.object({
  MICROSOFT_APP_ID: z.string({ error: "required: the bot's Microsoft App ID (a GUID)" }).regex(/^[0-9a-fA-F-]{36}$/, "must be the bot's GUID"),
  PUBLIC_URL: z.url({ protocol: /^https$/, error: "required: the https URL Teams reaches the bot at, e.g. https://bots.example.com" }),
  TEAMS_APP_ID: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}$/, "must be a GUID")
    .optional(),
});

export async function writeTeamsPackage(env: Readonly<Record<string, string | undefined>>, out: string): Promise<Record<string, unknown>> {
  const parsed = settingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== "" && k in settingsSchema.shape)));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "?"), problem: i.message })));
  const root = fileURLToPath(new URL("../", import.meta.url));
  const { version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as { version: string };
  const pkg = buildAppPackage(createTranslator(), {
    botAppId: parsed.data.MICROSOFT_APP_ID,
    publicUrl: parsed.data.PUBLIC_URL,
    version,
    ...(parsed.data.TEAMS_APP_ID ? { teamsAppId: parsed.data.TEAMS_APP_ID } : {}),
  });
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, await zipAppPackage(pkg));
  return pkg.manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const outFlag = process.argv.indexOf("--out");
  const out = path.resolve(outFlag > 0 ? (process.argv[outFlag + 1] ?? "") : "data/teams-app-package.zip");
  writeTeamsPackage(environmentWithEnvFile(process.env, ".env"), out)
    .then((manifest) =>
      console.log(`Teams app package written to ${out} (app id ${String(manifest["id"])}, bot ${String((manifest["bots"] as { botId: string }[])[0]?.botId)})`),
    )
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = error instanceof ConfigError ? 78 : 1;
    });
}
