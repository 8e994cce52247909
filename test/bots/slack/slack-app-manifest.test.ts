/**
 * The app manifest a workspace admin pastes into "Create an app → From a manifest" asks for exactly
 * what the channel uses: its scopes, the events it handles, the slash command, App Home, and the
 * product's Slack paths.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_REDIRECT_PATH, SLASH_COMMAND } from "../../../src/bots/slack/slack-channel.js";

interface Manifest {
  features: { app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean }; slash_commands: { command: string; url: string }[] };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

const manifest = JSON.parse(readFileSync(new URL("../../../src/bots/slack/slack-app-manifest.json", import.meta.url), "utf8")) as Manifest;

describe("Slack app manifest", () => {
  it("asks for the bot scopes the channel requests at install, no more", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it("subscribes to the events the channel handles, interactivity and the slash command on /slack/events", () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(["app_home_opened", "app_uninstalled", "message.im", "tokens_revoked"]);
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.features.slash_commands.map((c) => [c.command, new URL(c.url).pathname])).toEqual([[SLASH_COMMAND, SLACK_EVENTS_PATH]]);
    expect(new URL(manifest.oauth_config.redirect_urls[0] ?? "").pathname).toBe(SLACK_REDIRECT_PATH);
  });

  it("has the App Home tab and the messages tab (the DM is where the bot talks)", () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });
});
