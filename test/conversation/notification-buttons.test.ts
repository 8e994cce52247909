/**
 * The buttons a notification carries are the engine's own use cases: a German-speaking buyer and a
 * supplier writing Traditional Chinese carry an order and a claim forward by pressing the buttons in
 * the notifications delivered to them (never a button the test makes up), and read each other's own
 * words quoted in those notifications — a claim's description, a rejection's reasons — in their own
 * language, marked machine-translated, or in the original, marked, while the translator is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedDeliveries } from "../../src/adapters/delivery/failed-deliveries.js";
import { parseTranslatorConfig } from "../../src/adapters/translate/translator-from-config.js";
import type { Action, OutboundMessage } from "../../src/bots/conversation/messages.js";
import { ACTIONS, FORMS, isRegisteredAction, UNLINKED_FORMS } from "../../src/bots/conversation/registry.js";
import type { ChatUser, Harness } from "../support/harness/harness.js";
import { USE_CASE } from "../../src/domain/notifications/index.js";
import { startGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { BERLIN_AND_TAIPEI, chatWithThreeParties, linkEveryone, REQUESTED_TERMS, WITH_REQUIREMENT } from "./chat-fixtures.js";

/** The day after the agreed shipping date (16 March), mid-morning in Berlin. */
const DAY_AFTER_SHIPPING_DATE = "2026-03-17T09:00:00.000Z";
/** In the stand-in's phrase book: the buyer's description (German) and the supplier's reason (Traditional Chinese). */
const BUYER_DESCRIBES = "Die Ware wurde nicht rechtzeitig versandt.";
const SUPPLIER_REASON = "貨物已按約定出貨。";
const BUYER_READS_REASON = "Die Ware wurde wie vereinbart versandt.";
const SUPPLIER_READS_DESCRIPTION = "貨物沒有按時出貨。";

describe("every button a notification can carry runs something in the engine", () => {
  it("each use case id but account linking and registering (offered to unlinked accounts only) is an engine action, a registered action or a form", () => {
    const unregistered = Object.values(USE_CASE).filter((id) => id !== USE_CASE.linkAccount && !UNLINKED_FORMS.has(id) && !isRegisteredAction(id));
    expect(unregistered).toEqual([]);
    expect(ACTIONS.has(USE_CASE.confirmAmendment) && ACTIONS.has(USE_CASE.declineAmendment)).toBe(true);
    expect(FORMS.has(USE_CASE.respondToClaim)).toBe(true);
  });
});

describe("an order and a claim carried forward by the buttons in delivered notifications", { timeout: 60_000 }, () => {
  let standIn: GoogleTranslateStandIn;
  let chat: Harness;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");

  /** The last notification with this key delivered to the user. */
  function delivered(user: ChatUser, key: string): OutboundMessage {
    const message = [...user.inbox()].reverse().find((m) => m.text?.key === key);
    if (!message) throw new Error(`${user.name} received no ${key}:\n${user.log()}`);
    return message;
  }

  /** The user presses the button (by its label key) in the last notification with this key. */
  async function press(user: ChatUser, key: string, labelKey: string): Promise<Action> {
    const button = delivered(user, key).actions?.find((a) => a.label.key === labelKey);
    if (!button) throw new Error(`no [${labelKey}] in ${key}: ${JSON.stringify(delivered(user, key).actions)}`);
    await user.clicks(button.actionId, button.payload);
    return button;
  }

  /** Submits the form the last press opened. */
  async function fillIn(user: ChatUser, values: Readonly<Record<string, string>>): Promise<void> {
    const form = user.lastForm();
    if (!form) throw new Error(`no form open:\n${user.log()}`);
    await user.submits(form.formId, values);
  }

  const replyKey = (user: ChatUser) => user.lastReplies()[0]?.text?.key;

  beforeAll(async () => {
    standIn = await startGoogleTranslateStandIn();
    const translator = parseTranslatorConfig({
      TRANSLATOR: "google-v2",
      GOOGLE_TRANSLATE_API_KEY: standIn.apiKey,
      GOOGLE_CLOUD_TRANSLATE_ENDPOINT: standIn.baseUrl,
      TRANSLATE_TIMEOUT_MS: "2000",
    });
    chat = await chatWithThreeParties(BERLIN_AND_TAIPEI, { translator });
    await linkEveryone(chat);
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
    await standIn?.close();
  });

  it("PO-01: the supplier drafts from the request notice; each party confirms from the notice asking it to", async () => {
    await buyer().clicks(USE_CASE.requestOrder);
    await buyer().submits(USE_CASE.requestOrder, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    await press(supplier(), "order:notify.requested", "order:notify.action.draftTerms");
    await fillIn(supplier(), {});
    expect(replyKey(supplier())).toBe("order:flow.draftSent");

    // TA-06 / PO-03 / PO-08: the buyer's notice opens the review; the review's button confirms.
    const review = await press(buyer(), "order:notify.readyToConfirm", "conversation:action.reviewAndConfirm");
    expect(review).toMatchObject({ actionId: USE_CASE.viewOrder, payload: { orderId: "PO-1", version: 2 } });
    const confirm = buyer()
      .lastReplies()
      .flatMap((m) => m.actions ?? [])
      .find((a) => a.actionId === USE_CASE.confirmAsBuyer);
    await buyer().clicks(USE_CASE.confirmAsBuyer, confirm?.payload);
    expect(replyKey(buyer())).toBe("order:flow.confirmedWaitingForSupplier");

    await press(supplier(), "order:notify.buyerConfirmed", "common:confirm");
    expect(replyKey(supplier())).toBe("order:confirmedByBoth");
  });

  it("PO-05: the supplier proposes a later shipping date; the buyer declines it from the notice, and the supplier is told", async () => {
    await supplier().clicks(USE_CASE.proposeChange, { orderId: "PO-1" });
    await supplier().submits(USE_CASE.proposeChange, { shippingDate: "2026-03-30" });
    await press(buyer(), "order:notify.amendmentProposed", "order:notify.action.decline");
    expect(replyKey(buyer())).toBe("order:notify.amendmentDeclined");
    expect(supplier().lastReceived()?.text?.key).toBe("order:notify.amendmentDeclined");
  });

  it("CM-01: the translator is down when the buyer claims; the supplier reads the buyer's description in the original, marked", async () => {
    await buyer().clicks(USE_CASE.recordDeposit, { orderId: "PO-1" });
    await buyer().submits(USE_CASE.recordDeposit, { reference: "TT-PO-1", fee: "35.00" });
    chat.clock.set(DAY_AFTER_SHIPPING_DATE);
    standIn.behave({ kind: "fail", status: 503 });
    await buyer().clicks(USE_CASE.fileClaim, { orderId: "PO-1" });
    await buyer().submits(USE_CASE.fileClaim, { reason: "not-shipped-on-time", description: BUYER_DESCRIBES });
    standIn.reset();

    const filed = delivered(supplier(), "claim:notify.filed");
    expect(filed.facts?.[1]?.value).toMatchObject({ personText: BUYER_DESCRIBES, translationFailed: true });
    const notTranslated = supplier().render({ text: { key: "common:translation.notTranslated" } });
    expect(supplier().render(filed)).toContain(`${BUYER_DESCRIBES} (${notTranslated})`);
    expect(supplier().render(filed)).not.toContain(SUPPLIER_READS_DESCRIPTION);
  });

  it("CL-07 / CM-01: the supplier presses [Reject] in the claim notice; the buyer reads the supplier's reasons in German, marked machine-translated", async () => {
    await press(supplier(), "claim:notify.filed", "claim:reject");
    expect(
      supplier()
        .lastForm()
        ?.fields.find((f) => f.name === "response")?.value,
    ).toBe("reject");
    await fillIn(supplier(), { reasons: SUPPLIER_REASON });
    expect(replyKey(supplier())).toBe("claim:flow.rejected");

    const rejected = delivered(buyer(), "claim:notify.rejected");
    expect(rejected.facts?.[0]?.value).toEqual({
      personText: BUYER_READS_REASON,
      language: "de",
      original: SUPPLIER_REASON,
      originalLanguage: "zh-TW",
      machineTranslated: true,
    });
    expect(buyer().render(rejected)).toContain(`• Gründe: ${BUYER_READS_REASON} (Maschinell übersetzt)`);
    expect(buyer().render(rejected)).not.toContain(SUPPLIER_REASON);
  });

  it("CL-08: the buyer counters from the rejection notice; the supplier accepts from the proposal notice; each is told in order", async () => {
    await press(buyer(), "claim:notify.rejected", "claim:counter");
    await fillIn(buyer(), { response: "full-refund" });
    expect(replyKey(buyer())).toBe("claim:flow.proposed");

    const accept = await press(supplier(), "claim:notify.proposalReceived", "claim:accept");
    expect(accept).toMatchObject({ actionId: USE_CASE.acceptProposal, payload: { claimId: "CL-1", round: 2 } });
    expect(replyKey(supplier())).toBe("claim:flow.accepted");
    // One command's notices reach the buyer in event order: the agreement, then the refund it makes due.
    expect(
      buyer()
        .inbox()
        .slice(-2)
        .map((m) => m.text?.key),
    ).toEqual(["claim:notify.agreed", "claim:notify.refundExpected"]);
  });

  it("CL-08: the supplier reports the refund from the refund-due notice; the buyer is told, and the claim closes", async () => {
    await press(supplier(), "claim:refundDue", "claim:notify.action.reportRefund");
    await fillIn(supplier(), { reference: "REFUND-CL-1" });
    expect(replyKey(supplier())).toBe("claim:refundPaid");
    expect(
      buyer()
        .inbox()
        .slice(-2)
        .map((m) => m.text?.key),
    ).toEqual(["claim:refundPaid", "claim:notify.closed.settled"]);
  });

  it("every button delivered to anyone is one the engine runs, and every delivery went out once", async () => {
    const pressable = ["buyer", "supplier", "staff"].flatMap((name) =>
      chat
        .as(name)
        .inbox()
        .flatMap((m) => m.actions ?? []),
    );
    expect(pressable.length).toBeGreaterThan(10);
    expect(pressable.filter((a) => !isRegisteredAction(a.actionId)).map((a) => a.actionId)).toEqual([]);
    expect(await failedDeliveries(chat.app.db)).toEqual([]);
    expect(await chat.app.db.prisma.delivery.count({ where: { status: { not: "sent" } } })).toBe(0);
  });
});
