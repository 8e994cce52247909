/**
 * A Slack user's language and time zone (CM-03). By default they are Slack's own (`users.info` with
 * `include_locale`: `locale`, `tz`); a person may override either with `/trade language <tag>` and
 * `/trade timezone <zone>` ("auto" goes back to Slack's), and `/trade settings` shows both and where
 * they come from. The choice is kept per chat identity (`slack_user_settings`) and used for every
 * message to that person: the engine's turn, the Block Kit renderer (dates and deadlines in the zone),
 * the App Home, and the outbox's deliveries (which otherwise use the party's language and zone).
 */
import type { Database } from "../../adapters/db/database.js";
import { canonicalLanguage } from "../../domain/shared/language-tags.js";
import { isSupportedLanguage, SUPPORTED_LANGUAGES } from "../conversation/i18n/index.js";
import type { Reader } from "../conversation/i18n/index.js";

export interface ChosenSettings {
  readonly locale?: string;
  readonly timeZone?: string;
}

/** What a `/trade` subcommand asks about the settings; undefined when the words are not about settings. */
export type SettingsCommand =
  { readonly kind: "show" } | { readonly kind: "language"; readonly value: string } | { readonly kind: "timeZone"; readonly value: string };

const LANGUAGE_WORDS: ReadonlySet<string> = new Set(["language", "lang", "locale"]);
const ZONE_WORDS: ReadonlySet<string> = new Set(["timezone", "time-zone", "tz", "zone"]);
export const AUTO = "auto";

export function settingsCommandOf(words: readonly string[]): SettingsCommand | undefined {
  const [verb, value, ...rest] = words.map((w) => w.trim()).filter(Boolean);
  const lower = verb?.toLowerCase();
  if (lower === undefined) return undefined;
  if (lower === "settings" && value === undefined) return { kind: "show" };
  if (LANGUAGE_WORDS.has(lower)) return value === undefined || rest.length > 0 ? { kind: "show" } : { kind: "language", value };
  if (lower === "time" && value?.toLowerCase() === "zone") return settingsCommandOf(["timezone", ...rest]);
  if (ZONE_WORDS.has(lower)) return value === undefined || rest.length > 0 ? { kind: "show" } : { kind: "timeZone", value };
  return undefined;
}

/** A BCP 47 tag the bots can write in ("de", "de-AT", "pt-BR", "zh-Hant"), normalized; undefined otherwise. */
export function usableLanguageTag(value: string): string | undefined {
  try {
    const tag = new Intl.Locale(value.trim().replace(/_/g, "-")).toString();
    return isSupportedLanguage(canonicalLanguage(tag)) ? tag : undefined;
  } catch {
    // RangeError: not a BCP 47 tag at all.
    return undefined;
  }
}

/** An IANA time zone this runtime knows ("Europe/Berlin", "UTC"), in its canonical spelling; undefined otherwise. */
export function knownTimeZone(value: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    // RangeError: an unknown zone.
    return undefined;
  }
}

export const LANGUAGES_OFFERED = SUPPORTED_LANGUAGES.join(", ");

/** The reader for a person: their own choice first, then Slack's, then the fallback given. */
export function readerWith(chosen: ChosenSettings | undefined, slack: Partial<Reader>, fallback: Reader): Reader {
  return {
    locale: chosen?.locale ?? slack.locale ?? fallback.locale,
    timeZone: chosen?.timeZone ?? slack.timeZone ?? fallback.timeZone,
  };
}

export class SlackUserSettings {
  constructor(
    private readonly db: Database,
    private readonly now: () => string,
  ) {}

  async of(externalUserId: string): Promise<ChosenSettings | undefined> {
    const row = await this.db.prisma.slackUserSetting.findUnique({ where: { externalUserId } });
    if (!row) return undefined;
    return { ...(row.locale ? { locale: row.locale } : {}), ...(row.timeZone ? { timeZone: row.timeZone } : {}) };
  }

  /** Sets (a value) or clears (null: back to Slack's) one setting, keeping the other. */
  async choose(externalUserId: string, change: { locale?: string | null; timeZone?: string | null }): Promise<void> {
    const updatedAt = new Date(this.now());
    await this.db.prisma.slackUserSetting.upsert({
      where: { externalUserId },
      create: { externalUserId, locale: change.locale ?? null, timeZone: change.timeZone ?? null, updatedAt },
      update: {
        ...(change.locale !== undefined ? { locale: change.locale } : {}),
        ...(change.timeZone !== undefined ? { timeZone: change.timeZone } : {}),
        updatedAt,
      },
    });
  }
}
