/**
 * The Teams app package a tenant admin uploads: `manifest.json` (Teams app manifest schema v1.30 —
 * vendored next to this file as `MicrosoftTeams.schema.v1.30.json`, from Microsoft's MIT-licensed npm
 * package `@microsoft/app-manifest` 1.1.2) with the bot, its personal scope, file support and command
 * list, the domain of the public URL, and the two icons, zipped with yazl. The manifest's words are the
 * English ones of `locales/en/teams.json`; each other language gets its localization file.
 */
import { createHash } from "node:crypto";
import yazl from "yazl";
import { SUPPORTED_LANGUAGES, type Translator } from "../../conversation/i18n/index.js";
import { ACCENT_COLOUR, colorIcon, outlineIcon } from "./png.js";

export const MANIFEST_VERSION = "1.30";
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface PackageSettings {
  /** The bot's Microsoft App ID (MICROSOFT_APP_ID). */
  readonly botAppId: string;
  /** The Teams app's own id; default: a stable GUID derived from the bot id. */
  readonly teamsAppId?: string;
  /** The product's public https URL (PUBLIC_URL): its host is the valid domain, its pages the developer links. */
  readonly publicUrl: string;
  /** The app version (package.json's). */
  readonly version: string;
}

/** A stable GUID for the Teams app from the bot id (the same bot always gets the same app). */
export function teamsAppIdOf(botAppId: string): string {
  const hex = createHash("sha256").update(`teams-app:${botAppId}`).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The Teams language tag of each product language (manifest localization files). */
const TEAMS_LANGUAGE_TAG: Readonly<Record<string, string>> = {
  en: "en-us",
  zh: "zh-cn",
  "zh-Hant": "zh-tw",
  es: "es",
  fr: "fr",
  de: "de",
  pt: "pt-br",
  ar: "ar",
};

const COMMANDS = ["help", "myItems", "leave"] as const;

function words(translator: Translator, language: string) {
  const t = (key: string): string => translator.t(language, `teams:${key}`);
  return {
    name: { short: t("manifest.shortName"), full: t("manifest.fullName") },
    description: { short: t("manifest.shortDescription"), full: t("manifest.fullDescription") },
    commands: COMMANDS.map((c) => ({ title: t(`command.${c}.title`), description: t(`command.${c}.description`) })),
  };
}

export function buildManifest(translator: Translator, settings: PackageSettings): Record<string, unknown> {
  if (!GUID.test(settings.botAppId)) throw new Error(`MICROSOFT_APP_ID must be the bot's GUID, not "${settings.botAppId}"`);
  const url = new URL(settings.publicUrl);
  if (url.protocol !== "https:") throw new Error(`PUBLIC_URL must be https for Teams, not ${settings.publicUrl}`);
  const base = url.origin;
  const en = words(translator, "en");
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: settings.version,
    id: settings.teamsAppId ?? teamsAppIdOf(settings.botAppId),
    localizationInfo: {
      defaultLanguageTag: TEAMS_LANGUAGE_TAG["en"],
      additionalLanguages: SUPPORTED_LANGUAGES.filter((l) => l !== "en").map((l) => ({
        languageTag: TEAMS_LANGUAGE_TAG[l],
        file: `${TEAMS_LANGUAGE_TAG[l]}.json`,
      })),
    },
    developer: { name: en.name.short, websiteUrl: base, privacyUrl: `${base}/privacy`, termsOfUseUrl: `${base}/terms` },
    name: en.name,
    description: en.description,
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: ACCENT_COLOUR,
    bots: [
      {
        botId: settings.botAppId,
        // The 1:1 chat is where a person deals with their own orders and claims ("outside a case").
        scopes: ["personal"],
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [{ scopes: ["personal"], commands: en.commands }],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: [url.host],
  };
}

/** A manifest localization file: the same words in one more language. */
export function buildLocalization(translator: Translator, language: string): Record<string, unknown> {
  const w = words(translator, language);
  return {
    $schema: LOCALIZATION_SCHEMA_URL,
    "name.short": w.name.short,
    "name.full": w.name.full,
    "description.short": w.description.short,
    "description.full": w.description.full,
    ...Object.fromEntries(
      w.commands.flatMap((c, i) => [
        [`bots[0].commandLists[0].commands[${i}].title`, c.title],
        [`bots[0].commandLists[0].commands[${i}].description`, c.description],
      ]),
    ),
  };
}

export interface AppPackage {
  readonly manifest: Record<string, unknown>;
  readonly files: ReadonlyMap<string, Buffer>;
}

export function buildAppPackage(translator: Translator, settings: PackageSettings): AppPackage {
  const manifest = buildManifest(translator, settings);
  const files = new Map<string, Buffer>([
    ["manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
    ["color.png", colorIcon()],
    ["outline.png", outlineIcon()],
    ...SUPPORTED_LANGUAGES.filter((l) => l !== "en").map((l): [string, Buffer] => [
      `${TEAMS_LANGUAGE_TAG[l]}.json`,
      Buffer.from(`${JSON.stringify(buildLocalization(translator, l), null, 2)}\n`),
    ]),
  ]);
  return { manifest, files };
}

/** The package as zip bytes (files at the root, as Teams requires). */
export function zipAppPackage(pkg: AppPackage): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  // A fixed time keeps the zip of the same package byte-identical.
  const mtime = new Date("2026-01-01T00:00:00Z");
  for (const [name, bytes] of pkg.files) zip.addBuffer(bytes, name, { mtime });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
