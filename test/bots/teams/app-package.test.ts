/**
 * `npm run teams:package` writes a zip a tenant admin can upload: manifest.json valid against the Teams
 * manifest schema it names (v1.30, vendored from Microsoft's @microsoft/app-manifest package), the
 * localization files valid against theirs, and both icons as PNGs of the sizes Teams asks for.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { Ajv, type AnySchema } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { MANIFEST_SCHEMA_URL, teamsAppIdOf } from "../../../src/bots/teams/app-package/manifest.js";

const SCHEMA_DIR = path.resolve(import.meta.dirname, "../../../src/bots/teams/app-package");
const BOT_APP_ID = "6f1c0a52-8e2b-4d7a-9f3e-2b7c1d0e9a11";

/** The files of a zip, read from its central directory (stored or deflated entries). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/**
 * The vendored schemas declare draft-04 but use draft-06's `const`; they use none of draft-04's own
 * forms (`id`, boolean `exclusiveMinimum`/`exclusiveMaximum`), so ajv's default dialect reads them
 * as written once the draft-04 `$schema` marker is taken off.
 */
function validatorOf(file: string) {
  const text = readFileSync(path.join(SCHEMA_DIR, file), "utf8");
  expect(text).not.toMatch(/"exclusive(Minimum|Maximum)"\s*:\s*(true|false)|"id"\s*:\s*"/);
  const { $schema: _draft04, ...schema } = JSON.parse(text) as Record<string, unknown>;
  // Microsoft's patterns are ECMAScript regexes without the "u" flag (one has an unescaped "]").
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema as AnySchema);
}

function pngSize(png: Buffer): { width: number; height: number; colourType: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png.readUInt8(25) };
}

describe("Teams app package", () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "teams-package-")), "app.zip");
  execFileSync("npm", ["run", "--silent", "teams:package", "--", "--out", out], {
    cwd: path.resolve(import.meta.dirname, "../../.."),
    env: { ...process.env, MICROSOFT_APP_ID: BOT_APP_ID, PUBLIC_URL: "https://bots.example.com" },
    stdio: "pipe",
  });
  const files = unzip(readFileSync(out));
  const manifest = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "{}") as Record<string, unknown> & { bots: Record<string, unknown>[] };

  it("holds the manifest, both icons and a localization file per other language, at the zip's root", () => {
    expect([...files.keys()].sort()).toEqual([
      "ar.json",
      "color.png",
      "de.json",
      "es.json",
      "fr.json",
      "manifest.json",
      "outline.png",
      "pt-br.json",
      "zh-cn.json",
      "zh-tw.json",
    ]);
  });

  it("manifest.json validates against the schema it names (Teams v1.30)", () => {
    expect(manifest["$schema"]).toBe(MANIFEST_SCHEMA_URL);
    expect(manifest["manifestVersion"]).toBe("1.30");
    const validate = validatorOf("MicrosoftTeams.schema.v1.30.json");
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("the schema check has teeth: a manifest without its bot id or with an unknown scope is refused", () => {
    const validate = validatorOf("MicrosoftTeams.schema.v1.30.json");
    const [bot] = manifest.bots;
    expect(validate({ ...manifest, bots: [{ ...bot, botId: "not-a-guid" }] })).toBe(false);
    expect(validate({ ...manifest, bots: [{ ...bot, scopes: ["everywhere"] }] })).toBe(false);
    expect(validate({ ...manifest, unknownField: 1 })).toBe(false);
  });

  it("the bot: the app id, personal scope, files, and the command list", () => {
    expect(manifest["id"]).toBe(teamsAppIdOf(BOT_APP_ID));
    expect(manifest.bots).toEqual([
      {
        botId: BOT_APP_ID,
        scopes: ["personal"],
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ["personal"],
            commands: [
              { title: "help", description: "What you can do now" },
              { title: "my orders", description: "Your orders and open claims" },
              { title: "leave case", description: "Stop sending your messages to the other party" },
            ],
          },
        ],
      },
    ]);
    expect(manifest["validDomains"]).toEqual(["bots.example.com"]);
  });

  it("each localization file validates against the localization schema and is in its language", () => {
    const validate = validatorOf("MicrosoftTeams.Localization.schema.v1.30.json");
    for (const name of ["ar.json", "de.json", "es.json", "fr.json", "pt-br.json", "zh-cn.json", "zh-tw.json"]) {
      const localization = JSON.parse(files.get(name)?.toString("utf8") ?? "{}") as Record<string, string>;
      expect(validate(localization), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const german = JSON.parse(files.get("de.json")?.toString("utf8") ?? "{}") as Record<string, string>;
    expect(german["bots[0].commandLists[0].commands[1].title"]).toBe("meine bestellungen");
  });

  it("the icons: a 192×192 colour PNG and a 32×32 outline PNG with transparency", () => {
    expect(pngSize(files.get("color.png") ?? Buffer.alloc(0))).toEqual({ width: 192, height: 192, colourType: 6 });
    expect(pngSize(files.get("outline.png") ?? Buffer.alloc(0))).toEqual({ width: 32, height: 32, colourType: 6 });
  });

  it("refuses to build without a bot id or with an http public URL", () => {
    const run = (env: Record<string, string>) =>
      execFileSync("npm", ["run", "--silent", "teams:package", "--", "--out", `${out}.bad`], {
        cwd: path.resolve(import.meta.dirname, "../../.."),
        env: { ...process.env, MICROSOFT_APP_ID: "", PUBLIC_URL: "", ...env },
        stdio: "pipe",
      });
    expect(() => run({ PUBLIC_URL: "https://bots.example.com" })).toThrow(/MICROSOFT_APP_ID/);
    expect(() => run({ MICROSOFT_APP_ID: BOT_APP_ID, PUBLIC_URL: "http://bots.example.com" })).toThrow(/PUBLIC_URL/);
  });
});
