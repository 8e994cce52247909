/**
 * The Slack channel's variables: absent → the channel is off; each mode's set validated, every bad
 * variable named at once; SLACK_API_URL points everything at a stand-in.
 */
import { describe, expect, it } from "vitest";
import { authorizationUrlOf, parseSlackConfig, SlackConfigError } from "../../../src/bots/slack/slack-config.js";

const SECRET = "0123456789abcdef0123456789abcdef";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSlackConfig(env);
  } catch (error) {
    if (error instanceof SlackConfigError) return error.problems.map((p) => p.variable).sort();
    throw error;
  }
  return [];
}

describe("Slack configuration", () => {
  it("is off without any SLACK_* variable (empty ones count as unset)", () => {
    expect(parseSlackConfig({})).toBeUndefined();
    expect(parseSlackConfig({ SLACK_BOT_TOKEN: " ", SLACK_API_URL: "http://127.0.0.1:1/api/" })).toBeUndefined();
  });

  it("single workspace: signing secret and bot token; the API URL gets its trailing slash", () => {
    expect(parseSlackConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-1", SLACK_API_URL: "http://127.0.0.1:9/api" })).toEqual({
      mode: "single",
      signingSecret: SECRET,
      botToken: "xoxb-1",
      apiUrl: "http://127.0.0.1:9/api/",
    });
    expect(parseSlackConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })).toMatchObject({
      mode: "single",
      appToken: "xapp-1",
      apiUrl: "https://slack.com/api/",
    });
  });

  it("distribution: client id, secret and state secret", () => {
    expect(
      parseSlackConfig({ SLACK_SIGNING_SECRET: SECRET, SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: SECRET, SLACK_STATE_SECRET: "sixteen-chars-ok" }),
    ).toMatchObject({ mode: "oauth", clientId: "1.2" });
  });

  it("names every bad variable at once", () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxp-user-token", SLACK_API_URL: "ftp://x" })).toEqual(["SLACK_API_URL", "SLACK_BOT_TOKEN"]);
    expect(problemsOf({ SLACK_BOT_TOKEN: "xoxb-1" })).toEqual(["SLACK_SIGNING_SECRET"]);
    expect(problemsOf({ SLACK_SIGNING_SECRET: SECRET, SLACK_CLIENT_ID: "1.2" })).toEqual(["SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"]);
    expect(
      problemsOf({
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_CLIENT_ID: "1.2",
        SLACK_CLIENT_SECRET: SECRET,
        SLACK_STATE_SECRET: "sixteen-chars-ok",
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_APP_TOKEN: "xapp-1",
      }),
    ).toEqual(["SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"]);
  });

  it("Slack's authorize page follows the API base", () => {
    expect(authorizationUrlOf("https://slack.com/api/")).toBe("https://slack.com/oauth/v2/authorize");
    expect(authorizationUrlOf("http://127.0.0.1:4000/api/")).toBe("http://127.0.0.1:4000/oauth/v2/authorize");
  });
});
