/**
 * Issue 15: Slack acknowledges every event at once and runs its turn afterwards — through one bounded
 * queue (src/bots/conversation/turn-queue.ts), not all at once. Against the stand-in Slack over HTTP,
 * on each backend: a person's messages are answered in the order they arrived even when the engine
 * finishes them in another order; no more turns run at once than the database's bound; a failing
 * turn is logged and does not block that person's next one; settled() waits for what is queued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { Inbound, OutboundMessage } from "../../src/bots/conversation/messages.js";
import { turnConcurrencyFor } from "../../src/bots/conversation/turn-queue.js";
import { postSigned, signedEvent } from "../support/standins/slack/signed-requests.js";
import { BACKENDS } from "./support/backends.js";
import { BUYER_SLACK, CODES, readable, SIGNING_SECRET, startSlackWorld, TEAM, type SlackWorld } from "./support/slack-world.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (value: string): OutboundMessage => ({ text: { key: "common:form.literal", params: { value } } });

describe.each(BACKENDS)("issue 15: Slack turns after the ack run through a bounded queue ($backend)", (backend) => {
  let world: SlackWorld;
  const logged: { level: number; msg: string; err?: { message?: string } }[] = [];
  /** Engine calls in progress for the "held" turns, and the most seen at once. */
  let held = 0;
  let mostHeld = 0;
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const finished: string[] = [];

  beforeAll(async () => {
    world = await startSlackWorld({
      database: () => backend.open(),
      logger: pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) }),
      wrapEngine: (engine) =>
        Object.assign(Object.create(engine) as typeof engine, {
          handle: async (inbound: Inbound) => {
            const text = inbound.payload.kind === "text" ? inbound.payload.text : "";
            const ordered = /^in order (\d+)$/.exec(text);
            if (ordered) {
              // Later messages finish sooner: without the queue they would be answered out of order.
              await sleep(((30 - Number(ordered[1])) % 7) * 3);
              finished.push(text);
              return [say(`answer ${ordered[1]}`)];
            }
            if (text === "held") {
              held++;
              mostHeld = Math.max(mostHeld, held);
              await gate;
              held--;
              finished.push(`${inbound.externalUserId} held`);
              return [];
            }
            if (text === "explode") {
              await sleep(20);
              throw new Error("the engine failed (test)");
            }
            return engine.handle(inbound);
          },
        }),
    });
    await world.buyerSays(CODES.buyer);
  });
  afterAll(() => world?.close());

  let seq = 0;
  /** Posts a signed DM message and returns on Slack's ack — without waiting for the turn. */
  async function ackOnly(userId: string, text: string): Promise<void> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, "0")}`;
    const request = signedEvent(SIGNING_SECRET, {
      teamId: TEAM,
      event: { type: "message", channel: world.slack.dmChannelOf(userId), channel_type: "im", user: userId, text, ts, event_ts: ts },
    });
    const answer = await postSigned(`${world.url}/slack/events`, request);
    expect(answer.status).toBe(200);
  }

  it("one person's burst is answered in the order it arrived, though later turns would finish first", async () => {
    finished.length = 0;
    const before = world.slack.messagesIn(world.slack.dmChannelOf(BUYER_SLACK)).length;
    for (let i = 0; i < 30; i++) await ackOnly(BUYER_SLACK, `in order ${i}`);
    await world.channel.settled();
    const expected = Array.from({ length: 30 }, (_, i) => i);
    expect(finished).toEqual(expected.map((i) => `in order ${i}`));
    const answers = world.slack
      .messagesIn(world.slack.dmChannelOf(BUYER_SLACK))
      .slice(before)
      .map((m) => readable(m));
    expect(answers).toEqual(expected.map((i) => `answer ${i}`));
  });

  it("never runs more turns at once than the database's bound, and settled() waits for every queued turn", async () => {
    const bound = turnConcurrencyFor(world.harness.app.db);
    const people = Array.from({ length: bound + 15 }, (_, i) => `UQUEUE${i}`);
    for (const id of people) world.slack.addUser({ id, teamId: TEAM, name: id.toLowerCase(), locale: "en-US", tz: "UTC", tzOffset: 0 });
    finished.length = 0;
    mostHeld = 0;
    gate = new Promise((resolve) => (release = resolve));
    let settled = false;
    let settling: Promise<unknown> | undefined;
    try {
      for (const id of people) await ackOnly(id, "held");
      // Every event is acked; the turns fill the bound and the rest wait.
      for (let waited = 0; held < bound && waited < 10_000; waited += 20) await sleep(20);
      await sleep(100);
      expect(held).toBe(bound);
      settling = world.channel.settled().then(() => (settled = true));
      await sleep(50);
      expect(settled).toBe(false);
    } finally {
      release(); // a failed expectation must not leave the turns held for the next test
    }
    await (settling ?? world.channel.settled());
    expect(mostHeld).toBe(bound);
    expect(finished).toHaveLength(people.length);
  });

  it("a failing turn is logged, and the same person's next message is still answered", async () => {
    logged.length = 0;
    const dm = world.slack.dmChannelOf(BUYER_SLACK);
    const before = world.slack.messagesIn(dm).length;
    await ackOnly(BUYER_SLACK, "explode");
    await ackOnly(BUYER_SLACK, "in order 1");
    await world.channel.settled();
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 50, msg: "message failed", err: expect.objectContaining({ message: "the engine failed (test)" }) }),
    );
    expect(
      world.slack
        .messagesIn(dm)
        .slice(before)
        .map((m) => readable(m)),
    ).toEqual(["answer 1"]);
  });
});
