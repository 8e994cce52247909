/**
 * The Slack channel against the stand-in Slack: signed requests in (events, buttons, modals, the
 * slash command), the engine's turn, and what gets posted back through the Web API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeButtonValue } from "../../src/bots/slack/block-kit.js";
import { postSigned, slackSignature } from "../support/standins/slack/signed-requests.js";
import { BUYER_SLACK, CODES, readable, SIGNING_SECRET, startSlackWorld, TEAM, type SlackWorld } from "./support/slack-world.js";

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(() => world.close());

const dm = (): string => world.slack.dmChannelOf(BUYER_SLACK);
const posted = () => world.slack.messagesIn(dm());
const lastPosted = () => posted().at(-1);

interface ButtonElement {
  action_id: string;
  value: string;
  text: { text: string };
}
function buttonsOf(message: { blocks?: unknown[] } | undefined): ButtonElement[] {
  return ((message?.blocks ?? []) as { type: string; elements?: ButtonElement[] }[]).filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
}

describe("Slack requests", () => {
  it("answers Slack's URL verification challenge when signed", async () => {
    const body = JSON.stringify({ token: "x", challenge: "ch4ll3nge", type: "url_verification" });
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await postSigned(`${world.url}/slack/events`, {
      body,
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(SIGNING_SECRET, timestamp, body),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("ch4ll3nge");
  });

  it("refuses forged, stale and future-dated signatures with 401, running nothing", async () => {
    const before = world.slack.calls.length;
    const event = { type: "message", channel: dm(), channel_type: "im", user: BUYER_SLACK, text: "help", ts: "1.1" };
    const now = Math.floor(Date.now() / 1000);
    const forged = await world.event(event, { forgeWith: "0000000000000000ffffffffffffffff" });
    const stale = await world.event(event, { timestamp: now - 5 * 60 - 30 });
    const future = await world.event(event, { timestamp: now + 5 * 60 + 30 });
    expect([forged.status, stale.status, future.status]).toEqual([401, 401, 401]);
    // Inside the window either way is fine (clock skew).
    const slightlyAhead = await world.event(event, { timestamp: now + 60 });
    expect(slightlyAhead.status).toBe(200);
    // Only the in-window event ran: one turn's answer to an unlinked person — the link offer and the registration invitation.
    const posts = world.slack.calls.slice(before).filter((c) => c.method === "chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts.map((c) => String(c.args["text"]))).toEqual([expect.stringContaining("not linked yet"), expect.stringContaining("Register")]);
  });

  it("CM-05: an unlinked Slack user is offered linking and registration; typing the one-time code links them", async () => {
    const before = posted().length;
    await world.buyerSays("hello");
    const [offer, registration] = posted().slice(before);
    expect(posted().length - before).toBe(2);
    expect(readable(offer)).toContain("not linked yet");
    expect(buttonsOf(offer).map((b) => decodeButtonValue(b.value)?.actionId)).toContain("common.linkAccount");
    expect(readable(registration)).toContain("Register as a buyer");
    await world.buyerSays(CODES.buyer);
    expect(readable(lastPosted())).toContain("now linked to Ohio Tools LLC");
    // The person's language and zone came from Slack.
    expect(world.slack.callsTo("users.info")[0]?.args).toMatchObject({ user: BUYER_SLACK, include_locale: "true" });
  });

  it("the same event delivered three times (Slack retries) has one effect", async () => {
    const before = posted().length;
    const event = { type: "message", channel: dm(), channel_type: "im", user: BUYER_SLACK, text: "help", ts: "1700000000.000100" };
    const first = await world.event(event, { eventId: "Ev0DUPLICATE1" });
    const second = await world.event(event, { eventId: "Ev0DUPLICATE1", retryNum: 1 });
    const third = await world.event(event, { eventId: "Ev0DUPLICATE1", retryNum: 2 });
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    const replies = posted().slice(before);
    expect(replies.length).toBeGreaterThan(0);
    const once = await world.event(event, { eventId: "Ev0DUPLICATE2", retryNum: 1 }); // a retry of an event never seen still runs
    expect(once.status).toBe(200);
    expect(posted().length - before).toBe(replies.length * 2);
  });

  it("publishes the App Home with the person's orders and what they can do", async () => {
    await world.event({ type: "app_home_opened", user: BUYER_SLACK, channel: dm(), tab: "home", event_ts: "1.2" });
    const home = world.slack.homeOf(BUYER_SLACK) as { type: string; blocks: unknown[] };
    expect(home.type).toBe("home");
    const text = readable({ text: "", blocks: home.blocks });
    expect(text).toContain("Trade Assurance");
    expect(text).toMatch(/Request an order|no orders/i);
  });

  it("/trade new order opens the order form as a modal, labels in the person's language", async () => {
    const answer = await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: "trig-new-order" });
    expect(answer.status).toBe(200);
    const open = world.slack.callsTo("views.open").at(-1);
    expect(open?.args["trigger_id"]).toBe("trig-new-order");
    const view = open?.args["view"] as { type: string; callback_id: string; blocks: { type: string; block_id: string }[] };
    expect(view).toMatchObject({ type: "modal", callback_id: "order.request" });
    expect(view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toContain("supplierId");
  });

  it("a modal submission with wrong fields is answered with response_action errors naming each field", async () => {
    const open = world.slack.callsTo("views.open").at(-1);
    const view = open?.args["view"] as { private_metadata: string; callback_id: string };
    const answer = await world.interaction({
      type: "view_submission",
      team: { id: TEAM, domain: "t" },
      user: { id: BUYER_SLACK, team_id: TEAM },
      api_app_id: "A0STANDIN",
      trigger_id: "trig-submit-1",
      view: {
        id: "V1",
        hash: "h1",
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { supplierId: { value: { type: "plain_text_input", value: "supplier-shenzhen" } } } },
      },
    });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(Object.keys(body.errors).length).toBeGreaterThan(0);
    expect(Object.values(body.errors).join(" ")).toMatch(/required|enter/i);
  });

  it("a button whose action needs a form opens it as a modal with the click's trigger_id", async () => {
    await world.buyerSays("help");
    const withButtons = [...posted()]
      .reverse()
      .find((m) =>
        buttonsOf(m).some((b) => decodeButtonValue(b.value)?.actionId === "common.leaveThread" || decodeButtonValue(b.value)?.actionId === "order.request"),
      );
    expect(withButtons).toBeDefined();
    const button = buttonsOf(withButtons).find((b) => decodeButtonValue(b.value)?.actionId === "order.request") as ButtonElement;
    const answer = await world.interaction({
      type: "block_actions",
      team: { id: TEAM, domain: "t" },
      user: { id: BUYER_SLACK, team_id: TEAM },
      api_app_id: "A0STANDIN",
      trigger_id: "trig-click-1",
      channel: { id: dm() },
      container: { type: "message", message_ts: withButtons?.ts, channel_id: dm(), is_ephemeral: false },
      message: { ts: withButtons?.ts, type: "message", text: withButtons?.text, blocks: withButtons?.blocks },
      actions: [{ type: "button", action_id: button.action_id, block_id: "b", value: button.value, text: button.text, action_ts: "1.3" }],
    });
    expect(answer.status).toBe(200);
    // The order form opens as a modal from the click's trigger; the message keeps its buttons (the modal may be cancelled).
    expect(world.slack.callsTo("views.open").at(-1)?.args["trigger_id"]).toBe("trig-click-1");
  });
});

describe("sending through the outbox", () => {
  it("delivers a notification to the buyer's DM with the delivery id in metadata", async () => {
    await world.notifyBuyer({ subject: { type: "order", id: "PO-NOTE-1" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    const delivered = world.slack.messages.filter((m) => m.metadata?.event_type === "tab_delivery");
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.channel).toBe(dm());
    expect(readable(delivered[0])).toContain("There is nothing you need to do right now");
  });

  it("a second message about the same order goes into that order's thread", async () => {
    await world.notifyBuyer({ subject: { type: "order", id: "PO-NOTE-1" }, text: { key: "common:nothingToDoNow" } });
    await world.deliverAll();
    const delivered = world.slack.messages.filter((m) => m.metadata?.event_type === "tab_delivery");
    expect(delivered).toHaveLength(2);
    expect(delivered[1]?.threadTs).toBe(delivered[0]?.ts);
  });
});
