/**
 * CM-03 on Slack: a person's language and time zone come from Slack (users.info with include_locale:
 * `locale`, `tz`) until they choose their own with `/trade language <tag>` / `/trade timezone <zone>`
 * ("auto" goes back to Slack's). The choice is persisted per chat identity and used by every turn,
 * the Block Kit renderer (deadlines in the chosen zone), the App Home and the outbox's deliveries.
 * Against the stand-in Slack over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUYER_SLACK, CODES, readable, startSlackWorld, TEAM, type SlackWorld } from "./support/slack-world.js";

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
  await world.buyerSays(CODES.buyer);
});
afterAll(() => world.close());

const dm = (): string => world.slack.dmChannelOf(BUYER_SLACK);
const lastText = (): string => readable(world.slack.messagesIn(dm()).at(-1));
const slash = (text: string) => world.slash({ userId: BUYER_SLACK, text });
const stored = () => world.harness.app.db.prisma.slackUserSetting.findUnique({ where: { externalUserId: `${TEAM}:${BUYER_SLACK}` } });

/** A notification with a deadline: 14:00 UTC on 9 March 2026 is 10:00 in New York (EDT) and 23:00 in Tokyo. */
async function deadlineNotice(orderId: string): Promise<string> {
  await world.notifyBuyer({
    subject: { type: "order", id: orderId },
    text: { key: "order:notify.cancelled", params: { orderId, reason: "test" } },
    deadline: { dueAt: "2026-03-09T14:00:00.000Z", label: { key: "claim:notify.deadline.appeal" } },
  });
  await world.deliverAll();
  return lastText();
}

describe("a Slack user's language and time zone", () => {
  it("CM-03: by default Slack's own (users.info locale and tz), and /trade settings says so", async () => {
    await slash("settings");
    expect(lastText()).toContain("Language: American English (from Slack)");
    expect(lastText()).toContain("Time zone: America/New_York (from Slack)");
    expect(await stored()).toBeNull();
    expect(await deadlineNotice("PO-SET-1")).toMatch(/10:00\s?AM/);
  });

  it("CM-03: /trade language de is persisted; the confirmation, later turns and outbox deliveries are in German", async () => {
    await slash("language de");
    expect(await stored()).toMatchObject({ locale: "de", timeZone: null });
    expect(lastText()).toContain("Gespeichert. Sprache: Deutsch (Ihre Wahl)");
    expect(lastText()).toContain("America/New_York (aus Slack)");
    const delivered = await deadlineNotice("PO-SET-2");
    expect(delivered).toContain(world.harness.translator.t("de", "order:notify.cancelled", { orderId: "PO-SET-2", reason: "test" }));
    // A typed turn: the engine is given the chosen language, so the help comes in German.
    await world.buyerSays("hilfe");
    expect(lastText()).toContain(world.harness.translator.t("de", "conversation:help.buyer").slice(0, 30));
  });

  it("CM-03: /trade timezone Asia/Tokyo moves deadlines into Tokyo time, whatever Slack's profile says", async () => {
    await slash("timezone Asia/Tokyo");
    expect(await stored()).toMatchObject({ locale: "de", timeZone: "Asia/Tokyo" });
    expect(lastText()).toContain("Asia/Tokyo (Ihre Wahl)");
    expect(await deadlineNotice("PO-SET-3")).toContain("23:00");
  });

  it("CM-03: the App Home shows the chosen language and zone with how to change them", async () => {
    await world.event({ type: "app_home_opened", user: BUYER_SLACK, channel: dm(), tab: "home", event_ts: "9.1" });
    const home = world.slack.homeOf(BUYER_SLACK) as { blocks: unknown[] };
    const text = readable({ text: "", blocks: home.blocks });
    expect(text).toContain("Sprache: Deutsch · Zeitzone: Asia/Tokyo");
    expect(text).toContain("/trade timezone");
  });

  it("CM-03: an unknown language or zone is refused with what is possible, and nothing changes", async () => {
    await slash("language klingon");
    expect(lastText()).toContain("„klingon“");
    expect(lastText()).toContain("en, zh, zh-Hant");
    await slash("timezone Mars/Olympus_Mons");
    expect(lastText()).toContain("Europe/Berlin");
    expect(await stored()).toMatchObject({ locale: "de", timeZone: "Asia/Tokyo" });
  });

  it("CM-03: 'auto' goes back to Slack's language and zone", async () => {
    await slash("language auto");
    await slash("tz auto");
    expect(await stored()).toMatchObject({ locale: null, timeZone: null });
    expect(lastText()).toContain("Language: American English (from Slack)");
    expect(await deadlineNotice("PO-SET-4")).toMatch(/10:00\s?AM/);
  });
});
