/**
 * Slack waits 3 s for a modal submission's answer (view_submission). With an engine slowed past that,
 * the modal is answered at once with `response_action: "update"` to a "working…" view, and the turn
 * finishes afterwards: the modal becomes "done" (views.update) and the result is posted; field errors
 * come back as the form again; a failing turn shows a calm "try again" view — never Slack's error.
 * Against the stand-in Slack over HTTP, with the channel's default budget.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inbound } from "../../src/bots/conversation/messages.js";
import { MODAL_ACK_BUDGET_MS } from "../../src/bots/slack/slack-channel.js";
import {
  BUYER_SLACK,
  CODES,
  openedViewId,
  readable,
  REQUESTED_TERMS,
  startSlackWorld,
  submitModalIn,
  submitModalTimed,
  TEAM,
  type SlackWorld,
} from "./support/slack-world.js";

/** How long the slowed engine takes over a form: longer than Slack's 3 s. */
const ENGINE_DELAY_MS = 3500;
let slowForms = false;
let failForms = false;

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld({
    wrapEngine: (engine) =>
      Object.assign(Object.create(engine) as typeof engine, {
        handle: async (inbound: Inbound) => {
          if (inbound.payload.kind === "form" && slowForms) {
            await new Promise((resolve) => setTimeout(resolve, ENGINE_DELAY_MS));
            if (failForms) throw new Error("the database went away (test)");
          }
          return engine.handle(inbound);
        },
      }),
  });
  await world.buyerSays(CODES.buyer);
});
afterAll(() => world.close());

const dm = (): string => world.slack.dmChannelOf(BUYER_SLACK);
const viewText = (view: unknown): string => readable({ text: "", blocks: (view as { blocks?: unknown[] }).blocks ?? [] });
const updatesOf = (viewId: string) => world.slack.callsTo("views.update").filter((c) => c.args["view_id"] === viewId);

describe("a modal submission slower than Slack's 3 s", { timeout: 60_000 }, () => {
  it("PO-02: answered within 3 s with a 'working…' view; then the modal says done and the order request is posted", async () => {
    slowForms = true;
    failForms = false;
    await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: "trig-slow-1" });
    const viewId = openedViewId(world, "order.request");
    const before = world.slack.messagesIn(dm()).length;
    const { answer, answeredInMs } = await submitModalTimed(world, TEAM, BUYER_SLACK, "order.request", { ...REQUESTED_TERMS }, viewId);
    console.info(
      `[slack-modal-slow] engine ${ENGINE_DELAY_MS} ms, budget ${MODAL_ACK_BUDGET_MS} ms: view_submission answered in ${Math.round(answeredInMs)} ms`,
    );
    expect(answeredInMs).toBeLessThan(3000);
    expect(answer.response_action).toBe("update");
    expect(viewText(answer.view)).toContain("Working on it");
    // After the ack (the submission waits for the channel to settle): the same modal updated to "done", the result posted.
    const updates = updatesOf(viewId);
    expect(updates).toHaveLength(1);
    expect(viewText(updates[0]?.args["view"])).toContain("Done. The answer is in your messages with the bot.");
    const posted = world.slack
      .messagesIn(dm())
      .slice(before)
      .map((m) => readable(m));
    expect(posted.join("\n")).toMatch(/PO-\d+/);
  });

  it("PO-02: wrong fields found after the ack come back as the form again, each error named above the fields, what was typed kept", async () => {
    slowForms = true;
    failForms = false;
    await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: "trig-slow-2" });
    const viewId = openedViewId(world, "order.request");
    const { answer, answeredInMs } = await submitModalTimed(world, TEAM, BUYER_SLACK, "order.request", { supplierId: REQUESTED_TERMS.supplierId }, viewId);
    expect(answeredInMs).toBeLessThan(3000);
    expect(answer.response_action).toBe("update");
    const updated = updatesOf(viewId).at(-1)?.args["view"] as { type: string; callback_id: string; blocks: { type: string; block_id?: string }[] };
    expect(updated).toMatchObject({ type: "modal", callback_id: "order.request" });
    expect(viewText(updated)).toContain("This could not be done:");
    expect(viewText(updated)).toMatch(/required|enter/i);
    const supplierInput = updated.blocks.find((b) => b.type === "input" && b.block_id === "supplierId");
    expect(JSON.stringify(supplierInput)).toContain(REQUESTED_TERMS.supplierId);
  });

  it("PO-02: a turn that fails after the ack turns the modal into a calm 'try again' view, no error page", async () => {
    slowForms = true;
    failForms = true;
    await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: "trig-slow-3" });
    const viewId = openedViewId(world, "order.request");
    const { answer, answeredInMs } = await submitModalTimed(world, TEAM, BUYER_SLACK, "order.request", { ...REQUESTED_TERMS }, viewId);
    expect(answeredInMs).toBeLessThan(3000);
    expect(answer.response_action).toBe("update");
    expect(viewText(updatesOf(viewId).at(-1)?.args["view"])).toContain("could not be finished right now");
  });

  it("PO-02: a fast turn still answers synchronously (field errors as response_action errors)", async () => {
    slowForms = false;
    failForms = false;
    await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: "trig-fast-1" });
    const answer = await submitModalIn(
      world,
      TEAM,
      BUYER_SLACK,
      "order.request",
      { supplierId: REQUESTED_TERMS.supplierId },
      openedViewId(world, "order.request"),
    );
    expect(answer.response_action).toBe("errors");
    expect(Object.keys(answer.errors ?? {}).length).toBeGreaterThan(0);
  });
});
