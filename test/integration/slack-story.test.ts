/**
 * The Slack story: a buyer in Slack (English, Ohio) and a supplier in the harness channel standing in
 * for the web chat (Chinese, Shenzhen) through an order and a claim — every buyer step a real Slack
 * request (message events, button clicks, modal submissions, the slash command, a file drop), every
 * reply and notification read back from the stand-in Slack as Block Kit reduced to text.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTranslatorConfig } from "../../src/adapters/translate/translator-from-config.js";
import { decodeButtonValue, encodeButtonValue } from "../../src/bots/slack/block-kit.js";
import { startGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import type { StandInMessage } from "../support/standins/slack/slack-standin.js";
import {
  buttonsOf,
  BUYER_SLACK,
  clickIn,
  CODES,
  nextTrigger,
  readable,
  REQUESTED_TERMS,
  startSlackWorld,
  submitModalIn,
  TEAM,
  type SlackWorld,
} from "./support/slack-world.js";

/** A PNG as a phone would send it: signature, IHDR, IEND. */
const PHOTO = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02,
  0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);

/** A second, different PNG (one more byte in a chunk-free tail), given through the modal's file input. */
const PHOTO_2 = new Uint8Array([...PHOTO, 0x00]);

let world: SlackWorld;
let translate: GoogleTranslateStandIn;
const supplier = () => world.harness.as("supplier");
const dm = (): string => world.slack.dmChannelOf(BUYER_SLACK);
const inDm = (): readonly StandInMessage[] => world.slack.messagesIn(dm());

const click = (actionId: string, payload: Record<string, unknown> = {}): Promise<void> => clickIn(world, TEAM, BUYER_SLACK, actionId, payload);
const submitModal = (formId: string, values: Record<string, string>) => submitModalIn(world, TEAM, BUYER_SLACK, formId, values);

const lastText = (): string => readable(inDm().at(-1));
const transcript: string[] = [];

describe("a Slack buyer and a web-chat supplier through an order and a claim", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    translate = await startGoogleTranslateStandIn();
    world = await startSlackWorld({
      translator: parseTranslatorConfig({
        TRANSLATOR: "google-v2",
        GOOGLE_TRANSLATE_API_KEY: translate.apiKey,
        GOOGLE_CLOUD_TRANSLATE_ENDPOINT: translate.baseUrl,
        TRANSLATE_TIMEOUT_MS: "5000",
      }),
    });
  }, 180_000);
  afterAll(async () => {
    for (const m of inDm()) transcript.push(`${m.threadTs ? "    ↳ " : ""}${readable(m).replace(/\n/g, " | ")}`);
    console.info(`[slack-story] the buyer's DM, Block Kit reduced to text:\n${transcript.join("\n")}`);
    await world?.close();
    await translate?.close();
  });

  it("CM-05: both link — the buyer in Slack with its code, the supplier in the web chat", async () => {
    await world.buyerSays(CODES.buyer);
    expect(lastText()).toContain("now linked to Ohio Tools LLC");
    await supplier().says(CODES.supplier);
    expect(supplier().lastText()).toContain("深圳紧固件有限公司");
  });

  it("PO-02: /trade new order opens the order modal; submitted, the order is requested and its thread begins", async () => {
    await world.slash({ userId: BUYER_SLACK, text: "new order", triggerId: nextTrigger() });
    const answer = await submitModal("order.request", REQUESTED_TERMS);
    expect(answer).toEqual({});
    expect(lastText()).toContain("PO-1");
    const root = await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectType: "order", subjectId: "PO-1" } });
    expect(root?.threadTs).toBe(inDm().at(-1)?.ts);
    await world.deliverAll();
    expect(world.supplierInbox.some((m) => m.subject?.id === "PO-1")).toBe(true);
  });

  it("PO-01: the supplier drafts; the buyer is notified in the order's thread and confirms with its button, which then goes away", async () => {
    await supplier().clicks("order.draftTerms", { orderId: "PO-1" });
    await supplier().submits("order.draftTerms", {});
    await world.deliverAll();
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "PO-1" } }))?.threadTs;
    const notice = inDm().at(-1);
    expect(notice?.threadTs).toBe(thread);
    await click("order.view", { orderId: "PO-1" });
    await click("order.confirmAsBuyer", { orderId: "PO-1" });
    const clicked = [...inDm()].reverse().find((m) => m.edited);
    expect(clicked).toBeDefined();
    expect(buttonsOf(clicked)).toHaveLength(0);
    expect(readable(clicked)).toContain("✓");
    // The notification offering the same confirmation went stale with it: no dead button stays.
    const stillOffering = inDm().filter((m) => buttonsOf(m).some((b) => decodeButtonValue(b.value)?.actionId === "order.confirmAsBuyer"));
    expect(stillOffering).toEqual([]);
    await supplier().clicks("order.confirmAsSupplier", { orderId: "PO-1", version: 2 });
    await world.deliverAll();
    expect(readable(inDm().at(-1))).toMatch(/confirmed/i);
  });

  it("PO-07: the deposit is recorded through its modal; a fee out of range is refused first, by field or above the fields", async () => {
    await world.slash({ userId: BUYER_SLACK, text: "help", triggerId: nextTrigger() });
    await click("order.recordDeposit", { orderId: "PO-1" });
    const refused = await submitModal("order.recordDeposit", { reference: "TT-20260303-1", fee: "75.00" });
    expect(refused.response_action).toMatch(/^(errors|update)$/);
    const accepted = await submitModal("order.recordDeposit", { reference: "TT-20260303-1", fee: "35.00", amount: "500.00" });
    expect(accepted).toEqual({});
    expect(lastText()).toContain("Deposit of $500.00 recorded for order PO-1");
  });

  it("CL-04: nothing shipped by the agreed date; /trade claim PO-1 opens the claim modal and files the claim in its own thread", async () => {
    world.harness.clock.set("2026-03-18T15:00:00.000Z");
    await world.slash({ userId: BUYER_SLACK, text: "claim PO-1", triggerId: nextTrigger() });
    const answer = await submitModal("claim.file", { reason: "not-shipped-on-time", description: "Nothing has shipped; the agreed date was 16 March." });
    expect(answer, JSON.stringify(answer)).toEqual({});
    expect(lastText()).toMatch(/Claim CL-1 has been opened for order PO-1/);
    const thread = await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectType: "claim", subjectId: "CL-1" } });
    expect(thread).not.toBeNull();
  });

  it("CL-11: a photo dropped in the claim thread becomes evidence — fetched with the bot token, hashed and typed server-side", async () => {
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs as string;
    const file = world.slack.addFile({ teamId: TEAM, name: "empty-dock.jpg", mimetype: "image/jpeg", bytes: PHOTO });
    const ts = `${Math.floor(Date.now() / 1000)}.777001`;
    await world.event({
      type: "message",
      subtype: "file_share",
      channel: dm(),
      channel_type: "im",
      user: BUYER_SLACK,
      text: "",
      ts,
      thread_ts: thread,
      files: [{ id: file.id, name: file.name }],
    });
    const reply = inDm().at(-1);
    expect(reply?.threadTs).toBe(thread);
    expect(readable(reply)).toMatch(/evidence|attached/i);
    const evidence = await world.harness.app.db.prisma.evidence.findMany({ where: { claimId: "CL-1" } });
    expect(evidence.map((e) => e.sha256)).toContain(createHash("sha256").update(PHOTO).digest("hex"));
    // Measured from the bytes: a PNG, whatever Slack said.
    expect(evidence.map((e) => e.mediaType)).toContain("image/png");
    const uploads = await world.harness.app.db.prisma.evidenceUpload.findMany({ where: { channel: "slack" } });
    expect(uploads).toMatchObject([{ externalUserId: `${TEAM}:${BUYER_SLACK}`, partyId: "buyer-ohio", sizeBytes: PHOTO.byteLength, mediaType: "image/png" }]);
    expect(world.slack.callsTo("files.info").at(-1)?.token).toBe(world.workspace.botToken);
  });

  it("CL-11: files given in the evidence modal's file input become evidence — downloaded, SHA-256 and type measured here; a refused file is that field's error", async () => {
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs as string;
    const inThread = inDm().filter((m) => m.threadTs === thread || m.ts === thread);
    const anchorMessage = inThread.at(-1) as StandInMessage;
    // "Add evidence" as Slack sends its click: the button's value names the use case and the claim.
    await world.interaction({
      type: "block_actions",
      team: { id: TEAM, domain: "t" },
      user: { id: BUYER_SLACK, team_id: TEAM },
      api_app_id: "A0STANDIN",
      trigger_id: nextTrigger(),
      channel: { id: dm() },
      container: { type: "message", message_ts: anchorMessage.ts, channel_id: dm(), is_ephemeral: false },
      message: { ts: anchorMessage.ts, type: "message", text: anchorMessage.text, blocks: anchorMessage.blocks, thread_ts: thread },
      actions: [
        {
          type: "button",
          action_id: "tab:0:claim.attachEvidence",
          block_id: "b",
          value: encodeButtonValue("claim.attachEvidence", { claimId: "CL-1" }),
          text: { type: "plain_text", text: "Add evidence" },
          action_ts: "1.9",
        },
      ],
    });
    const opened = world.slack.callsTo("views.open").at(-1)?.args["view"] as {
      callback_id: string;
      blocks: { type: string; block_id: string; element: { type: string } }[];
    };
    expect(opened.callback_id).toBe("claim.attachEvidence");
    expect(opened.blocks.find((b) => b.block_id === "evidence")?.element.type).toBe("file_input");
    // A file Slack serves as its sign-in page (HTML) is refused by what its bytes are, not by its name.
    const page = world.slack.addFile({
      teamId: TEAM,
      name: "invoice.pdf",
      mimetype: "application/pdf",
      bytes: new TextEncoder().encode("<!DOCTYPE html><html>x</html>"),
    });
    const refused = await submitModal("claim.attachEvidence", { evidence: page.id });
    expect(refused.response_action).toBe("errors");
    expect(Object.keys(refused.errors ?? {})).toEqual(["evidence"]);
    expect(refused.errors?.["evidence"]).toContain("invoice.pdf");
    const photo = world.slack.addFile({ teamId: TEAM, name: "torn-carton.png", mimetype: "image/png", bytes: PHOTO_2 });
    const accepted = await submitModal("claim.attachEvidence", { evidence: photo.id });
    expect(accepted.response_action).toBeUndefined();
    const sha256 = createHash("sha256").update(PHOTO_2).digest("hex");
    const evidence = await world.harness.app.db.prisma.evidence.findMany({ where: { claimId: "CL-1", sha256 } });
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ mediaType: "image/png" });
    const upload = await world.harness.app.db.prisma.evidenceUpload.findFirst({ where: { sha256 } });
    expect(upload).toMatchObject({
      externalUserId: `${TEAM}:${BUYER_SLACK}`,
      sizeBytes: PHOTO_2.byteLength,
      mediaType: "image/png",
      fileName: "torn-carton.png",
    });
    expect(readable(inDm().at(-1))).toMatch(/evidence|attached/i);
  });

  it("CM-01 / CM-05: the supplier's Chinese message reaches the buyer in the claim thread in English, with Show original", async () => {
    // CM-06: viewing a claim does not enter its thread; "Message the buyer about CL-1" does.
    await supplier().clicks("common.enterThread", { claimId: "CL-1" });
    await supplier().says("货物已于3月5日发运，跟踪号 SF1234567890");
    await world.deliverAll();
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs;
    const message = inDm().at(-1);
    expect(message?.threadTs).toBe(thread);
    expect(readable(message)).toContain("tracking number SF1234567890");
    expect(readable(message)).toContain("Machine-translated");
    await click("message.showOriginal");
    expect(lastText()).toContain("货物已于3月5日发运");
  });

  it("the DM outside any thread is outside a case: free text there reaches no one, even after filing a claim from it", async () => {
    const before = world.supplierInbox.length;
    await world.buyerSays("is anyone there?");
    expect(inDm().at(-1)?.threadTs).toBeUndefined();
    expect(readable(inDm().at(-1))).toMatch(/help|what you can do/i);
    await world.deliverAll();
    expect(world.supplierInbox.length).toBe(before);
  });

  it("CM-02: the buyer's free text in the claim thread goes to the supplier in the web chat", async () => {
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs as string;
    const before = world.supplierInbox.length;
    await world.buyerSays("Thank you, please send the tracking link.", thread);
    // The Slack thread is the case thread: the reply stays in it and names the case and who got the message.
    expect(inDm().at(-1)?.threadTs).toBe(thread);
    expect(lastText()).toContain("Sent to the supplier in the thread of CL-1");
    // The way out on Slack is the DM outside the thread, not the engine's "Leave the thread" button.
    expect(lastText()).toContain("write outside this thread");
    expect(buttonsOf(inDm().at(-1)).map((b) => decodeButtonValue(b.value)?.actionId)).not.toContain("common.leaveThread");
    await world.deliverAll();
    const received = world.supplierInbox.slice(before);
    expect(received.some((m) => m.personText?.original === "Thank you, please send the tracking link.")).toBe(true);
  });

  it('CM-06: "Message the supplier about CL-1" pressed in the DM enters the case in its Slack thread; the DM outside stays with the bot', async () => {
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs as string;
    await world.buyerSays("CL-1");
    await click("common.enterThread", { claimId: "CL-1" });
    const entered = inDm().at(-1);
    expect(entered?.threadTs).toBe(thread);
    expect(readable(entered)).toContain("You are now in the thread of CL-1");
    expect(readable(entered)).toContain("write outside this thread");
    expect(buttonsOf(entered).map((b) => decodeButtonValue(b.value)?.actionId)).not.toContain("common.leaveThread");
    const before = world.supplierInbox.length;
    await world.buyerSays("my orders");
    expect(inDm().at(-1)?.threadTs).toBeUndefined();
    await world.deliverAll();
    expect(world.supplierInbox.length).toBe(before);
    await world.buyerSays("Is the tracking link coming today?", thread);
    expect(lastText()).toContain("Sent to the supplier in the thread of CL-1");
    await world.deliverAll();
    expect(world.supplierInbox.slice(before).some((m) => m.personText?.original === "Is the tracking link coming today?")).toBe(true);
  });

  it('CM-06: "leave" typed in the Slack case thread leaves it; writing there afterwards is for the bot and does not re-enter; only the "Message the supplier" button does', async () => {
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs as string;
    await world.buyerSays("leave", thread);
    const left = inDm().at(-1);
    expect(left?.threadTs).toBe(thread);
    expect(readable(left)).toContain("You left the thread of CL-1");
    expect(readable(left)).toContain("now for the bot");
    expect(buttonsOf(left).map((b) => decodeButtonValue(b.value)?.actionId)).toContain("common.enterThread");
    const before = world.supplierInbox.length;
    // Writing again in the same Slack thread: for the bot (answered there), sent to no one — the thread is not re-entered.
    await world.buyerSays("my orders", thread);
    expect(inDm().at(-1)?.threadTs).toBe(thread);
    expect(lastText()).not.toContain("Sent to the supplier");
    await world.buyerSays("Hello? Is this going to the supplier?", thread);
    expect(lastText()).not.toContain("Sent to the supplier");
    await world.deliverAll();
    expect(world.supplierInbox.length).toBe(before);
    // The deliberate way back: the button in the "you left" message.
    await click("common.enterThread", { claimId: "CL-1" });
    expect(readable(inDm().at(-1))).toContain("You are now in the thread of CL-1");
    await world.buyerSays("Back again: please send the tracking link.", thread);
    expect(lastText()).toContain("Sent to the supplier in the thread of CL-1");
    await world.deliverAll();
    expect(world.supplierInbox.slice(before).map((m) => m.personText?.original)).toEqual(["Back again: please send the tracking link."]);
  });

  it('CM-06: after re-entering, the exit intent typed differently ("Leave") leaves again and is remembered for the thread', async () => {
    const thread = (await world.harness.app.db.prisma.slackCaseThread.findFirst({ where: { subjectId: "CL-1" } }))?.threadTs as string;
    const state = () => world.harness.app.db.prisma.slackLeftThread.findMany({ where: { externalUserId: `${TEAM}:${BUYER_SLACK}` } });
    expect(await state()).toHaveLength(0);
    await world.buyerSays("Leave", thread);
    expect(await state()).toHaveLength(1);
    expect(lastText()).toContain("You left the thread of CL-1");
  });
});
