/**
 * A buyer and a supplier who share no language, with delivery on: after every turn the outbox
 * dispatcher delivers what the platform sends each person through the harness channel, translating a
 * party's free text for its reader with the production translator stack (the Google v2 client → the
 * stand-in server on 127.0.0.1, masking, the database cache). Each story runs for two language pairs:
 * English ↔ Simplified Chinese and German ↔ Traditional Chinese.
 */
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseMessages } from "../../src/app/queries/case-transcript.js";
import { failedDeliveries } from "../../src/adapters/delivery/failed-deliveries.js";
import { parseTranslatorConfig } from "../../src/adapters/translate/translator-from-config.js";
import { pino } from "pino";
import { createHttpHost } from "../../src/adapters/http/server.js";
import { DisplayRenderer } from "../../src/bots/webchat/display.js";
import { SessionSigner, WEBCHAT_CHANNEL } from "../../src/bots/webchat/sessions.js";
import { registerStaffRoutes } from "../../src/bots/webchat/staff-routes.js";
import { uploadedFile, type ChatUser, type Harness } from "../support/harness/harness.js";
import { seedLinkCode, seedParty } from "../support/harness/seeds.js";
import { startGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import {
  BERLIN_AND_TAIPEI,
  chatWithThreeParties,
  depositPaidOrder,
  linkEveryone,
  negotiateToConfirmation,
  OHIO_AND_SHENZHEN,
  REQUESTED_TERMS,
  WITH_REQUIREMENT,
  type LanguagePair,
} from "./chat-fixtures.js";

/** The translator's bound on one message for one reader: past it, the original goes out (generous: 2 shared cores). */
const TRANSLATE_TIMEOUT_MS = 2_000;
/** The day after the agreed shipping date (16 March), mid-morning in Ohio. */
const DAY_AFTER_SHIPPING_DATE = "2026-03-17T15:00:00.000Z";
const CLAIM = { claimId: "CL-1" } as const;
const THREAD = { subjectType: "claim", subjectId: "CL-1" } as const;
/** CL-11: the buyer's evidence that nothing left the dock. */
const EMPTY_DOCK = uploadedFile("empty-dock.jpg", "image/jpeg", "photo of an empty loading dock");

let standIn: GoogleTranslateStandIn;

beforeAll(async () => {
  standIn = await startGoogleTranslateStandIn();
});

afterAll(async () => {
  await standIn?.close();
});

/** Three linked people whose notifications are delivered, translated by Google v2 (the stand-in). */
async function translatedChat(pair: LanguagePair): Promise<Harness> {
  const translator = parseTranslatorConfig({
    TRANSLATOR: "google-v2",
    GOOGLE_TRANSLATE_API_KEY: standIn.apiKey,
    GOOGLE_CLOUD_TRANSLATE_ENDPOINT: standIn.baseUrl,
    TRANSLATE_TIMEOUT_MS: String(TRANSLATE_TIMEOUT_MS),
  });
  const chat = await chatWithThreeParties(pair, { translator });
  await linkEveryone(chat);
  return chat;
}

/** The agreed date passes with nothing shipped; the buyer opens a late-shipment claim (CL-04) and the supplier opens its thread. */
async function lateShipmentClaim(chat: Harness, buyerDescribes: string): Promise<void> {
  const orderId = await depositPaidOrder(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
  chat.clock.set(DAY_AFTER_SHIPPING_DATE);
  await chat.as("buyer").clicks("claim.file", { orderId });
  await chat.as("buyer").submits("claim.file", { reason: "not-shipped-on-time", description: buyerDescribes }, [EMPTY_DOCK]);
  await chat.as("supplier").clicks("common.enterThread", CLAIM);
}

const received = (user: ChatUser): string[] => user.inbox().map((m) => m.text?.key ?? "");

/** What each person writes and reads, and the bot's own words they see, per language pair. */
const PAIRS = [
  {
    languages: "an English-speaking buyer and a supplier writing Simplified Chinese",
    pair: OHIO_AND_SHENZHEN,
    buyerDescribes: "Nothing has shipped; the agreed date was 16 March.",
    buyerWrites: "The goods have not arrived. Please send the tracking number.",
    supplierReads: "货物还没有到。请提供跟踪号。",
    supplierWrites: "货物已于2026-03-17发运，跟踪号 SF1234567890",
    buyerReads: "The goods were shipped on 2026-03-17, tracking number SF1234567890",
    supplierOffers: "我们同意为订单 PO-1 退款 USD 375.00。",
    buyerReadsOffer: "We agree to refund USD 375.00 for order PO-1.",
    buyerSees: {
      confirmed: "Order PO-1 is confirmed by both parties.",
      fromSupplier: "Message from the supplier",
      machineTranslated: "(Machine-translated)",
      notTranslated: "(Not translated — the translator is unavailable; this is the original)",
      showOriginal: "[Show original]",
      original: "Original message, as written:",
      writtenIn: "• Written in: Chinese (Simplified)",
      rejected: "The supplier rejected claim CL-1 on order PO-1.",
      decided: "The platform has decided claim CL-1 on order PO-1.",
      refunded: "The refund of $375.00 on claim CL-1 has been paid.",
    },
    supplierSees: {
      requested: "有买家请求订单 PO-1，请起草条款。",
      confirmed: "订单 PO-1 已由双方确认。",
      claimFiled: "订单 PO-1 有一项索赔（CL-1）。",
      fromBuyer: "来自买家的消息",
      machineTranslated: "(机器翻译)",
    },
    staffSees: { writtenIn: "• Written in: Chinese (Simplified)" },
    caseFile: {
      en: { buyerWrote: "American English", supplierWrote: "Chinese (China)", toSupplier: "Chinese", toBuyer: "English" },
      fr: { buyerWrote: "anglais américain", supplierWrote: "chinois (Chine)", toSupplier: "chinois", toBuyer: "anglais" },
    },
  },
  {
    languages: "a German-speaking buyer and a supplier writing Traditional Chinese",
    pair: BERLIN_AND_TAIPEI,
    buyerDescribes: "Nichts wurde versandt; vereinbart war der 16. März.",
    buyerWrites: "Die Ware ist nicht angekommen. Bitte senden Sie die Sendungsnummer.",
    supplierReads: "貨物還沒有到。請提供追蹤號碼。",
    supplierWrites: "貨物已於2026-03-17出貨，追蹤號碼 SF1234567890",
    buyerReads: "Die Ware wurde am 2026-03-17 versandt, Sendungsnummer SF1234567890",
    supplierOffers: "我們同意為訂單 PO-1 退款 USD 375.00。",
    buyerReadsOffer: "Wir erstatten USD 375.00 für die Bestellung PO-1.",
    buyerSees: {
      confirmed: "Die Bestellung PO-1 ist von beiden Seiten bestätigt.",
      fromSupplier: "Nachricht vom Lieferanten",
      machineTranslated: "(Maschinell übersetzt)",
      notTranslated: "(Nicht übersetzt – der Übersetzer ist nicht verfügbar; dies ist das Original)",
      showOriginal: "[Original anzeigen]",
      original: "Die Originalnachricht im Wortlaut:",
      writtenIn: "• Verfasst auf: Chinesisch (traditionell)",
      rejected: "Der Lieferant hat die Reklamation CL-1 zur Bestellung PO-1 abgelehnt.",
      decided: "Die Plattform hat über die Reklamation CL-1 zur Bestellung PO-1 entschieden.",
      refunded: "Die Erstattung von 375,00\u00a0$ zur Reklamation CL-1 wurde gezahlt.", // Intl puts a no-break space before the sign
    },
    supplierSees: {
      requested: "有買家提出訂單 PO-1，請擬定條款。",
      confirmed: "訂單 PO-1 已經雙方確認。",
      claimFiled: "訂單 PO-1 有一筆索賠（CL-1）。",
      fromBuyer: "來自買家的訊息",
      machineTranslated: "(機器翻譯)",
    },
    staffSees: { writtenIn: "• Written in: Chinese (Traditional)" },
    caseFile: {
      en: { buyerWrote: "German (Germany)", supplierWrote: "Chinese (Taiwan)", toSupplier: "Traditional Chinese", toBuyer: "German" },
      fr: { buyerWrote: "allemand (Allemagne)", supplierWrote: "chinois (Taïwan)", toSupplier: "chinois traditionnel", toBuyer: "allemand" },
    },
  },
];

describe.each(PAIRS)("a late-shipment claim, escalated, decided and refunded, between $languages", { timeout: 60_000 }, (story) => {
  const { pair, buyerSees, supplierSees } = story;
  let chat: Harness;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");
  const staff = () => chat.as("staff");
  /** The id of the supplier's message, as the buyer received it. */
  const supplierMessageId = () =>
    buyer()
      .inbox()
      .find((m) => m.personText?.original === story.supplierWrites)?.personText?.messageId ?? "";

  beforeAll(async () => {
    standIn.reset();
    chat = await translatedChat(pair);
  }, 120_000);

  afterAll(async () => {
    await chat?.close();
  });

  it("PO-01: the order is negotiated to confirmation, each party told of each step in its own language", async () => {
    const orderId = await negotiateToConfirmation(chat, { ...REQUESTED_TERMS, ...WITH_REQUIREMENT });
    expect(orderId).toBe("PO-1");
    expect(
      supplier()
        .inbox()
        .map((m) => supplier().render(m)),
    ).toEqual(expect.arrayContaining([expect.stringContaining(supplierSees.requested)]));
    expect(received(supplier())).toEqual(["order:notify.requested", "order:notify.buyerConfirmed", "order:confirmedByBoth"]);
    expect(received(buyer())).toEqual(["order:notify.readyToConfirm", "order:confirmedByBoth"]);
    expect(buyer().lastReceivedText()).toContain(buyerSees.confirmed);
    expect(supplier().lastReceivedText()).toContain(supplierSees.confirmed);
  });

  it("CL-04: the agreed date passes with nothing shipped; the buyer claims and the supplier is told in Chinese", async () => {
    await buyer().clicks("order.recordDeposit", { orderId: "PO-1" });
    await buyer().submits("order.recordDeposit", { reference: "TT-PO-1", fee: "35.00" });
    chat.clock.set(DAY_AFTER_SHIPPING_DATE);
    await buyer().clicks("claim.file", { orderId: "PO-1" });
    await buyer().submits("claim.file", { reason: "not-shipped-on-time", description: story.buyerDescribes }, [EMPTY_DOCK]);
    expect(buyer().lastReplies()[0]?.text?.key).toBe("claim:filed");
    expect(supplier().lastReceivedText()).toContain(supplierSees.claimFiled);
    expect(
      supplier()
        .lastReceived()
        ?.actions?.map((a) => a.actionId),
    ).toEqual(["claim.respond", "claim.respond"]);
  });

  it("CM-01: in the claim thread the buyer writes in its language; the supplier reads it in Chinese, marked machine-translated", async () => {
    await buyer().clicks("common.enterThread", CLAIM);
    await buyer().says(story.buyerWrites);
    expect(buyer().lastReplies()[0]?.text?.key).toBe("conversation:thread.sent.toSupplier");
    expect(supplier().lastReceivedText()).toBe(
      [
        supplierSees.fromBuyer,
        `${pair.buyer.displayName}: ${story.supplierReads} ${supplierSees.machineTranslated}`,
        "[" + supplier().render({ text: { key: "common:translation.showOriginal" } }) + "]",
      ].join("\n"),
    );
  });

  it("CM-01: the supplier answers in Chinese; the buyer reads it in its own language, marked machine-translated, the original one tap away", async () => {
    await supplier().clicks("common.enterThread", CLAIM);
    await supplier().says(story.supplierWrites);
    expect(buyer().lastReceivedText()).toBe(
      [buyerSees.fromSupplier, `${pair.supplier.displayName}: ${story.buyerReads} ${buyerSees.machineTranslated}`, buyerSees.showOriginal].join("\n"),
    );
    expect(buyer().lastReceived()?.personText).toMatchObject({
      original: story.supplierWrites,
      originalLanguage: pair.supplier.locale,
      machineTranslated: true,
    });
  });

  it("CM-01: one tap on [show original] gives the buyer the supplier's own words and the language they were written in", async () => {
    const showOriginal = buyer().lastReceived()?.actions?.[0];
    expect(showOriginal?.actionId).toBe("message.showOriginal");
    await buyer().clicks(showOriginal?.actionId ?? "", showOriginal?.payload);
    expect(buyer().lastText()).toBe([buyerSees.original, `${pair.supplier.displayName}: ${story.supplierWrites}`, buyerSees.writtenIn].join("\n"));

    await buyer().clicks("message.showOriginal", { messageId: "no-such-message", ...THREAD });
    expect(buyer().lastReplies()).toMatchObject([{ text: { key: "common:translation.originalNotFound" }, tone: "error" }]);
  });

  it("CM-02: each message is kept with its original text and language, and the translation made for its reader", async () => {
    const messages = await caseMessages(chat.app.db, { type: "claim", id: "CL-1" });
    expect(messages.map((m) => [m.originalText, m.originalLanguage])).toEqual([
      [story.buyerWrites, pair.buyer.locale],
      [story.supplierWrites, pair.supplier.locale],
    ]);
    const translations = await chat.app.db.prisma.messageTranslation.findMany({ orderBy: { translatedAt: "asc" } });
    expect(translations.map((t) => [t.text, t.failed])).toEqual([
      [story.supplierReads, false],
      [story.buyerReads, false],
    ]);
  });

  it("CL-07: the supplier rejects the claim with its reasons; the buyer is told in its own language", async () => {
    await supplier().clicks("claim.respond", CLAIM);
    await supplier().submits("claim.respond", { response: "reject", reasons: "已按约定发货\n延误一天不影响交付" });
    expect(supplier().lastReplies()[0]?.text?.key).toBe("claim:flow.rejected");
    expect(buyer().lastReceivedText()).toContain(buyerSees.rejected);
  });

  it("CL-09 / DT-01: the buyer asks the platform to decide; staff on call are paged", async () => {
    await buyer().clicks("claim.escalate", CLAIM);
    expect(buyer().lastReplies()[0]?.text?.key).toBe("claim:flow.escalated");
    expect(received(staff())).toEqual(["staff:notify.page.escalated"]);
    expect(staff().lastReceivedText()).toContain("Claim CL-1 (order PO-1) was escalated and waits for a decision");
  });

  it("CM-01 / CM-02: staff read the case transcript in the originals, and can open any original with its language", async () => {
    await staff().clicks("staff.case", CLAIM);
    expect(staff().lastText()).toContain(`${pair.supplier.displayName}: ${story.supplierWrites}`);
    expect(staff().lastText()).toContain(`${pair.buyer.displayName}: ${story.buyerWrites}`);
    // Issue 16: each party's language is named in the staff member's language ("Chinese (Taiwan)"), never by its code.
    expect(staff().lastText()).toMatch(/· Chinese \((China|Taiwan)\) ·/);
    expect(staff().lastText()).not.toMatch(/· (en|de|zh)(-[A-Za-z]+)? ·/);
    await staff().clicks("message.showOriginal", { messageId: supplierMessageId(), ...THREAD });
    expect(staff().lastText()).toBe(
      ["Original message, as written:", `${pair.supplier.displayName}: ${story.supplierWrites}`, story.staffSees.writtenIn].join("\n"),
    );
    await staff().clicks("staff.acknowledge", CLAIM);
  });

  it("CM-02: the staff case file lists each message's original, the language it was written in and the translation made for its reader, languages named in the staff reader's language", async () => {
    // Translations are made at delivery and kept beside the message (message_translations); the case
    // file once read only the claim's events and showed the originals alone (issue 16).
    await staff().clicks("staff.case", CLAIM);
    const en = story.caseFile.en;
    expect(staff().lastText()).toContain(
      [
        "Conversation history",
        `${pair.buyer.displayName}: ${story.buyerWrites}`,
        `• Written in: ${en.buyerWrote}`,
        `• Translation (${en.toSupplier}): ${story.supplierReads}`,
        `${pair.supplier.displayName}: ${story.supplierWrites}`,
        `• Written in: ${en.supplierWrote}`,
        `• Translation (${en.toBuyer}): ${story.buyerReads}`,
      ].join("\n"),
    );
    const history = staff().lastText().slice(staff().lastText().indexOf("Conversation history"));
    expect(history).not.toMatch(/\((en|de|zh)(-[A-Za-z]+)?\)|: (en|de|zh)(-[A-Za-z]+)?$/mu); // never a language code

    // A French-speaking staff member reads the same case file with every language named in French.
    await seedParty(chat.app, {
      partyId: "staff-lea",
      role: "staff",
      displayName: "Léa (Trade Assurance)",
      locale: "fr-FR",
      calendar: { country: "FR", timeZone: "Europe/Paris" },
      contact: {},
      staffLevel: 1,
    });
    await seedLinkCode(chat.app, "staff-lea", "STAFFPAR");
    const lea = chat.join("lea", { externalUserId: "U-STAFF-LEA", locale: "fr-FR", timeZone: "Europe/Paris" });
    await lea.says("STAFFPAR");
    await lea.clicks("staff.case", CLAIM);
    const fr = story.caseFile.fr;
    expect(lea.lastText()).toContain(
      [
        `${pair.buyer.displayName}: ${story.buyerWrites}`,
        `• Rédigé en: ${fr.buyerWrote}`,
        `• Traduction (${fr.toSupplier}): ${story.supplierReads}`,
        `${pair.supplier.displayName}: ${story.supplierWrites}`,
        `• Rédigé en: ${fr.supplierWrote}`,
        `• Traduction (${fr.toBuyer}): ${story.buyerReads}`,
      ].join("\n"),
    );
  });

  it("CM-01: a buyer outside the case cannot read the original", async () => {
    await seedParty(chat.app, {
      partyId: "buyer-elsewhere",
      role: "buyer",
      displayName: "Elsewhere Ltd",
      locale: "en-GB",
      calendar: { country: "GB", timeZone: "Europe/London" },
      contact: {},
    });
    await seedLinkCode(chat.app, "buyer-elsewhere", "ANYWHERE");
    const outsider = chat.join("outsider", { externalUserId: "U-ELSEWHERE", locale: "en-GB", timeZone: "Europe/London" });
    await outsider.says("ANYWHERE");
    await outsider.clicks("message.showOriginal", { messageId: supplierMessageId(), ...THREAD });
    expect(outsider.lastReplies()).toMatchObject([{ text: { key: "errors:CLAIM_NOT_A_PARTY" }, tone: "error" }]);
    expect(outsider.lastText()).not.toContain(story.supplierWrites);
  });

  it("DT-04: staff decide the supplier is at fault; both parties are told in their languages", async () => {
    await staff().clicks("staff.decide", CLAIM);
    await staff().submits("staff.decide", { outcome: "supplier-at-fault", reasons: "Not shipped by the agreed date." });
    expect(staff().lastReplies()[0]?.text?.key).toBe("staff:flow.decided.supplier-at-fault");
    expect(
      buyer()
        .inbox()
        .map((m) => buyer().render(m)),
    ).toEqual(expect.arrayContaining([expect.stringContaining(buyerSees.decided)]));
    expect(received(supplier())).toContain("claim:notify.decided");
  });

  it("DT-04: the supplier reports the refund made; the buyer is told, in its own language and currency format", async () => {
    await supplier().clicks("claim.recordRefund", CLAIM);
    await supplier().submits("claim.recordRefund", { reference: "REFUND-CL-1" });
    expect(supplier().lastReplies()[0]?.text?.key).toBe("claim:refundPaid");
    expect(
      buyer()
        .inbox()
        .map((m) => buyer().render(m)),
    ).toEqual(expect.arrayContaining([expect.stringContaining(buyerSees.refunded)]));
  });

  it("every delivery went out once and none failed", async () => {
    expect(await failedDeliveries(chat.app.db)).toEqual([]);
    const pending = await chat.app.db.prisma.delivery.count({ where: { status: { not: "sent" } } });
    expect(pending).toBe(0);
  });

  it("reads like the chat it is: what each person typed, the bot's replies, and what the platform sent them", () => {
    expect(supplier().log()).toContain(`supplier > ${story.supplierWrites}`);
    expect(buyer().log()).toContain(`bot ✉ ${buyerSees.fromSupplier}\n      ${pair.supplier.displayName}: ${story.buyerReads} ${buyerSees.machineTranslated}`);
    expect(buyer().log()).toContain(`buyer > [message.showOriginal]\nbot > ${buyerSees.original}`);
  });

  it("CM-02: the web staff console's case view (GET /staff/api/cases/:claimId) lists each message's original, its language and its translations, named in the reader's language", async () => {
    // The French staff member, signed in on the web chat too (CM-05), opens the case in the console.
    await seedLinkCode(chat.app, "staff-lea", "WEBFRANC");
    const web = chat.join("lea-web", { channel: WEBCHAT_CHANNEL, externalUserId: "web-lea", locale: "fr-FR", timeZone: "Europe/Paris" });
    await web.says("WEBFRANC");
    const signer = new SessionSigner("translated-claim-console-secret-0123456789");
    const host = await createHttpHost({
      logger: pino({ level: "silent" }),
      readiness: () => Promise.resolve({ ready: true, database: "ok", pendingMigrations: [] }),
    });
    host.routes.plugin((http) => registerStaffRoutes(http, { app: chat.app, signer, renderer: new DisplayRenderer(chat.translator) }));
    try {
      const res = await host.fastify.inject({ method: "GET", url: "/staff/api/cases/CL-1", headers: { authorization: `Bearer ${signer.issue("web-lea")}` } });
      expect(res.statusCode).toBe(200);
      const fr = story.caseFile.fr;
      expect(res.json<{ transcript: unknown[] }>().transcript).toEqual([
        expect.objectContaining({
          originalText: story.buyerWrites,
          originalLanguage: pair.buyer.locale,
          originalLanguageName: fr.buyerWrote,
          translations: [expect.objectContaining({ label: `Traduction (${fr.toSupplier})`, text: story.supplierReads })],
        }),
        expect.objectContaining({
          originalText: story.supplierWrites,
          originalLanguage: pair.supplier.locale,
          originalLanguageName: fr.supplierWrote,
          translations: [expect.objectContaining({ label: `Traduction (${fr.toBuyer})`, text: story.buyerReads })],
        }),
      ]);
    } finally {
      await host.fastify.close();
    }
  });
});

describe.each(PAIRS)("a translator outage during a claim between $languages", { timeout: 60_000 }, (story) => {
  const { pair, buyerSees } = story;
  let chat: Harness;
  const buyer = () => chat.as("buyer");
  const supplier = () => chat.as("supplier");

  beforeAll(async () => {
    standIn.reset();
    chat = await translatedChat(pair);
    await lateShipmentClaim(chat, story.buyerDescribes);
  }, 120_000);

  afterAll(async () => {
    standIn.reset();
    await chat?.close();
  });

  it("CM-01: the translator answers 503; the supplier's message reaches the buyer at once, marked untranslated, in its original", async () => {
    standIn.behave({ kind: "fail", status: 503 });
    await supplier().says(story.supplierWrites);
    expect(buyer().lastReceivedText()).toBe(
      [buyerSees.fromSupplier, `${pair.supplier.displayName}: ${story.supplierWrites} ${buyerSees.notTranslated}`].join("\n"),
    );
    expect(buyer().lastReceived()?.personText).toMatchObject({ original: story.supplierWrites, machineTranslated: false, translationFailed: true });
    expect(chat.warnings.map((w) => w.message)).toContain("translation failed; delivering the original, marked");
  });

  it("CM-01: the translator hangs; the message still goes out, untranslated, once the translator's timeout has passed", async () => {
    standIn.behave({ kind: "hang" });
    const started = performance.now();
    await supplier().says(story.supplierOffers);
    const tookMs = performance.now() - started;
    expect(buyer().lastReceivedText()).toContain(`${pair.supplier.displayName}: ${story.supplierOffers} ${buyerSees.notTranslated}`);
    expect(tookMs).toBeLessThan(TRANSLATE_TIMEOUT_MS + 5_000);
  });

  it("CM-01 / CL-08: the translator is back; the claim goes on — a proposal, the next message read translated, accepted and refunded", async () => {
    standIn.reset();
    await supplier().clicks("claim.respond", CLAIM);
    await supplier().submits("claim.respond", { response: "full-refund" });
    expect(supplier().lastReplies()[0]?.text?.key).toBe("claim:flow.proposed");
    const proposal = buyer()
      .inbox()
      .find((m) => m.text?.key === "claim:notify.proposalReceived");
    const accept = proposal?.actions?.find((a) => a.actionId === "claim.accept");
    expect(accept).toBeDefined();

    await supplier().says(story.supplierOffers);
    expect(buyer().lastReceivedText()).toContain(`${pair.supplier.displayName}: ${story.buyerReadsOffer} ${buyerSees.machineTranslated}`);

    await buyer().clicks("claim.accept", accept?.payload);
    expect(buyer().lastReplies()[0]?.text?.key).toBe("claim:flow.accepted");
    await supplier().clicks("claim.recordRefund", CLAIM);
    await supplier().submits("claim.recordRefund", { reference: "REFUND-CL-1" });
    expect(
      buyer()
        .inbox()
        .map((m) => buyer().render(m)),
    ).toEqual(expect.arrayContaining([expect.stringContaining(buyerSees.refunded)]));
  });

  it("CM-01 / CM-02: nothing was lost — every message is kept in its original, the failures recorded, every delivery sent once", async () => {
    const messages = await caseMessages(chat.app.db, { type: "claim", id: "CL-1" });
    expect(messages.map((m) => m.originalText)).toEqual([story.supplierWrites, story.supplierOffers, story.supplierOffers]);
    const translations = await chat.app.db.prisma.messageTranslation.findMany({ orderBy: { translatedAt: "asc" } });
    expect(translations.map((t) => t.failed)).toEqual([true, true, false]);
    expect(
      buyer()
        .inbox()
        .filter((m) => m.personText)
        .map((m) => m.personText?.original),
    ).toEqual(messages.map((m) => m.originalText));
    expect(await failedDeliveries(chat.app.db)).toEqual([]);
    expect(await chat.app.db.prisma.delivery.count({ where: { status: { not: "sent" } } })).toBe(0);
  });
});
