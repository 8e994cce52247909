/**
 * CM-03: what `/trade settings | language | timezone` accept — a language the bots write in (any BCP 47
 * tag whose language is one of the eight), an IANA zone the runtime knows, "auto" — and that a
 * person's own choice wins over Slack's, which wins over the fallback.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knownTimeZone, readerWith, settingsCommandOf, usableLanguageTag } from "../../../src/bots/slack/slack-settings.js";

describe("language and time zone settings", () => {
  it("CM-03: reads the subcommands, in any case, and leaves other words to the slash command", () => {
    expect(settingsCommandOf(["settings"])).toEqual({ kind: "show" });
    expect(settingsCommandOf(["Language", "de"])).toEqual({ kind: "language", value: "de" });
    expect(settingsCommandOf(["language"])).toEqual({ kind: "show" });
    expect(settingsCommandOf(["tz", "Asia/Tokyo"])).toEqual({ kind: "timeZone", value: "Asia/Tokyo" });
    expect(settingsCommandOf(["time", "zone", "UTC"])).toEqual({ kind: "timeZone", value: "UTC" });
    expect(settingsCommandOf(["new", "order"])).toBeUndefined();
    expect(settingsCommandOf(["claim", "PO-1"])).toBeUndefined();
    expect(settingsCommandOf([])).toBeUndefined();
  });

  it("CM-03: a language is usable when the bots write it; a region or script is kept", () => {
    expect(usableLanguageTag("de")).toBe("de");
    expect(usableLanguageTag("pt_BR")).toBe("pt-BR");
    expect(usableLanguageTag("zh-TW")).toBe("zh-TW");
    expect(usableLanguageTag("zh-Hant")).toBe("zh-Hant");
    expect(usableLanguageTag("tlh")).toBeUndefined();
    expect(usableLanguageTag("not a tag")).toBeUndefined();
  });

  it("CM-03: a time zone is known to the runtime, in its canonical spelling", () => {
    expect(knownTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(knownTimeZone("utc")).toBe("UTC");
    expect(knownTimeZone("Mars/Olympus_Mons")).toBeUndefined();
  });

  it("CM-03: no input makes the checks throw; anything accepted is usable by Intl", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const tag = usableLanguageTag(value);
        if (tag !== undefined) expect(() => new Intl.Locale(tag)).not.toThrow();
        const zone = knownTimeZone(value);
        if (zone !== undefined) expect(() => new Intl.DateTimeFormat("en", { timeZone: zone })).not.toThrow();
      }),
    );
  });

  it("CM-03: the person's choice wins over Slack's, which wins over the fallback, setting by setting", () => {
    const fallback = { locale: "en-US", timeZone: "America/New_York" };
    expect(readerWith(undefined, {}, fallback)).toEqual(fallback);
    expect(readerWith(undefined, { locale: "fr-FR", timeZone: "Europe/Paris" }, fallback)).toEqual({ locale: "fr-FR", timeZone: "Europe/Paris" });
    expect(readerWith({ locale: "de" }, { locale: "fr-FR", timeZone: "Europe/Paris" }, fallback)).toEqual({ locale: "de", timeZone: "Europe/Paris" });
  });
});
