/**
 * A buyer in Microsoft Teams who reads German and a supplier in the web chat who writes Chinese, through
 * an order and a late-shipment claim — the buyer acting only through the Adaptive Cards the bot sent
 * (Action.Submit and Action.Execute with the cards' own data), against the Bot Framework stand-ins on
 * 127.0.0.1; the supplier's turns go to the engine as the web chat hands them over, and the supplier's
 * notifications go through the outbox's web-chat sender. Free text is translated by the Google v2
 * stand-in.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTranslatorConfig } from "../../src/adapters/translate/translator-from-config.js";
import { startGoogleTranslateStandIn, type GoogleTranslateStandIn } from "../support/standins/google-translate.js";
import { seedLinkCode } from "../support/harness/seeds.js";
import { ANNA, BUYER_ID, CODES, seedBerlinAndShenzhen, STAFF_ID, staffTurn, START, SUPPLIER_WEB, supplierTurn, TERMS } from "../support/teams-fixtures.js";
import { failedDeliveries } from "../../src/adapters/delivery/failed-deliveries.js";
import { cardTexts, TeamsPerson, type CardJson } from "../support/teams-person.js";
import { createTeamsWorld, type TeamsWorld } from "../support/teams-world.js";
import type { TeamsUser } from "../support/standins/botframework/teams-client.js";

/** The day after the agreed shipping date (16 March). */
const DAY_AFTER_SHIPPING_DATE = "2026-03-17T09:00:00.000Z";

/** A 1×1 PNG: the bot must measure its type from the bytes, not from the name. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** The staff member in her Teams 1:1 chat with the bot (English, London). */
const ANA_IN_TEAMS: TeamsUser = {
  id: "29:2AnaStaffTeamsUserId",
  name: "Ana Lima",
  aadObjectId: "0b6c1f8e-2222-4e44-9a5a-6c3d2e1f0a02",
  locale: "en-GB",
  timeZone: "Europe/London",
  conversationId: "a:2AnaPersonalChatWithTheBot",
  tenantId: ANNA.tenantId,
};

let translate: GoogleTranslateStandIn;
let world: TeamsWorld;
let anna: TeamsPerson;
let orderId = "";

const supplier = (payload: Parameters<TeamsWorld["webchatSays"]>[1]) => supplierTurn(world, payload);

beforeAll(async () => {
  translate = await startGoogleTranslateStandIn();
  const translator = parseTranslatorConfig({
    TRANSLATOR: "google-v2",
    GOOGLE_TRANSLATE_API_KEY: translate.apiKey,
    GOOGLE_CLOUD_TRANSLATE_ENDPOINT: translate.baseUrl,
    TRANSLATE_TIMEOUT_MS: "3000",
  });
  world = await createTeamsWorld({ start: START, translator });
  await seedBerlinAndShenzhen(world);
  anna = new TeamsPerson(world, ANNA);
});

afterAll(async () => {
  await world?.close();
  await translate?.close();
});

describe("a German buyer in Teams and a Chinese supplier in the web chat", { timeout: 120_000 }, () => {
  it("installing the app greets the buyer with a link form card in German, and the offer to register as a buyer", async () => {
    const result = await world.client.post(world.client.installed(ANNA));
    expect(result.status).toBe(200);
    const cards = anna.cards().map((c) => c.card);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", lang: "de-DE" });
    const linkForm = cards.find((card) => card.body?.some((e) => e["id"] === "field.code")) ?? ({} as CardJson);
    const input = linkForm.body?.find((e) => e["id"] === "field.code");
    expect(input).toMatchObject({ type: "Input.Text", isRequired: true });
    expect(cardTexts(linkForm).join("\n")).toMatch(/verknüpf/i);
    // An unlinked account may also register as a buyer (issue 16), in German too.
    expect(anna.findAction("party.registerBuyer").action["title"]).toBe("Als Käufer registrieren");
  });

  it("CM-05: the buyer links with the one-time code in the card; the card is updated in place", async () => {
    await anna.fill("common.linkAccount", { code: CODES.buyer });
    expect(anna.textsSince(-1).join("\n")).toContain("Berliner Werkzeug GmbH");
    const update = world.connector.updates.at(-1);
    expect(update?.conversationId).toBe(ANNA.conversationId);
    const stale = update?.activity.attachments?.[0]?.content as CardJson;
    expect(stale.actions).toBeUndefined();
    expect(stale.body?.some((e) => e["type"] === "Input.Text")).toBe(false);
    expect(cardTexts(stale).at(-1)).toMatch(/^Erledigt: /);
    await supplier({ kind: "text", text: CODES.supplier });
  });

  it("PO-01: the buyer requests an order through cards (Execute, then Submit) and the supplier is told in Chinese", async () => {
    await anna.press("common.whatNow", {}, "execute");
    await anna.press("order.request");
    const form = anna.cards().at(-1)?.card;
    expect(form?.body?.some((e) => String(e["type"]).startsWith("Input."))).toBe(true);
    const before = anna.received().length;
    await anna.fill("order.request", TERMS);
    await world.deliverAll();
    const confirmation = anna.textsSince(before).join("\n");
    orderId = /PO-\d+/.exec(confirmation)?.[0] ?? "";
    expect(orderId).not.toBe("");
    const toSupplier = world.webchat.sent.filter((s) => s.identity.externalUserId === SUPPLIER_WEB.id).at(-1);
    expect(toSupplier?.message.text?.key).toBe("order:notify.requested");
  });

  it("PO-01 / TA-06: the supplier drafts the terms; the buyer reviews from the notification card Teams received proactively, then confirms under the review", async () => {
    await supplier({ kind: "action", actionId: "order.draftTerms", payload: { orderId } });
    await supplier({ kind: "form", formId: "order.draftTerms", values: {}, files: [] });
    const notification = anna.findAction("order.view", { orderId, version: 2 });
    expect(notification.action["title"]).toBe("Prüfen und bestätigen");
    // Proactive: sent to the conversation (not a reply), its activity id the outbox's delivery id.
    expect(notification.received.kind).toBe("send");
    expect(await world.app.db.prisma.delivery.findUnique({ where: { id: String(notification.received.activity["id"]) } })).not.toBeNull();
    // TA-06 / PO-03 / PO-08: the notification opens the review; the confirm that counts sits under it.
    await anna.press("order.view", { orderId, version: 2 });
    expect(anna.findAction("order.confirmAsBuyer", { orderId, version: 2, reviewed: true }).data.payload).toEqual({ orderId, version: 2, reviewed: true });
    await anna.press("order.confirmAsBuyer", { orderId, version: 2, reviewed: true });
    await world.deliverAll();
    await supplier({ kind: "action", actionId: "order.confirmAsSupplier", payload: { orderId, version: 2 } });
    expect(anna.textsSince(0).join("\n")).toContain(`Die Bestellung ${orderId} ist von beiden Seiten bestätigt.`);
  });

  it("the buyer records the deposit with the card's form (money field with its regex)", async () => {
    await anna.says("hilfe"); // the command; older cards were swapped for their done versions
    await anna.press("order.recordDeposit", { orderId });
    const form = anna.cards().at(-1)?.card;
    const fee = form?.body?.find((e) => e["id"] === "field.fee");
    expect(fee).toMatchObject({ type: "Input.Text", regex: "^[0-9]+([.,][0-9]{1,3})?$" });
    const before = anna.received().length;
    await anna.fill("order.recordDeposit", { reference: `TT-${orderId}`, fee: "35.00" });
    expect(anna.textsSince(before).join("\n")).toMatch(/Anzahlung/);
    await world.deliverAll();
  });

  it("CL-04: the agreed date passes; the buyer opens a late-shipment claim in German and the supplier is told", async () => {
    world.clock.set(DAY_AFTER_SHIPPING_DATE);
    await anna.says("hilfe"); // the command; older cards were swapped for their done versions
    await anna.press("claim.file", { orderId });
    await anna.fill("claim.file", { reason: "not-shipped-on-time", description: "Nichts wurde versandt; vereinbart war der 16. März." });
    await world.deliverAll();
    const toSupplier = world.webchat.sent.filter((s) => s.identity.externalUserId === SUPPLIER_WEB.id).at(-1);
    expect(toSupplier?.message.text?.key).toBe("claim:notify.filed");
  });

  it("CL-11: a file sent in the Teams chat is downloaded, measured and attached as evidence", async () => {
    await anna.says("hilfe"); // the command; older cards were swapped for their done versions
    await anna.press("claim.attachEvidence");
    const downloadsBefore = world.connector.fileDownloads;
    const before = anna.received().length;
    await anna.sendsFile("leere-rampe.jpg", PNG, "jpg");
    expect(world.connector.fileDownloads).toBe(downloadsBefore + 1);
    const said = anna.textsSince(before).join("\n");
    expect(said).toContain(`${PNG.byteLength} Bytes`);
    const sha256 = createHash("sha256").update(PNG).digest("hex");
    expect(said).toContain(sha256);
    // Measured by the server: PNG by its bytes although the name says .jpg and Teams says "jpg".
    const evidence = await world.app.db.prisma.evidence.findMany({ where: { sha256 } });
    expect(evidence.map((e) => [e.fileName, e.mediaType, Number(e.sizeBytes), e.uploadedBy])).toEqual([
      ["leere-rampe.jpg", "image/png", PNG.byteLength, BUYER_ID],
    ]);
  });

  it("CM-01: the supplier rejects in Chinese; the buyer's card shows the German translation, marked, with Show original", async () => {
    const claimId = world.webchat.sent.map((s) => s.message.subject).find((s) => s?.type === "claim")?.id ?? "";
    await supplier({ kind: "action", actionId: "claim.respond", payload: { claimId, response: "reject" } });
    await supplier({ kind: "form", formId: "claim.respond", values: { response: "reject", reasons: "货物到达时已损坏。" }, files: [] });
    // The rejection notification now also says what the buyer may do (counter-offer or ask the platform).
    const rejected = `Der Lieferant hat die Reklamation ${claimId} zur Bestellung ${orderId} abgelehnt.`;
    const { card } = anna.cards().findLast(({ card: c }) => cardTexts(c).some((text) => text.startsWith(rejected))) ?? { card: {} as CardJson };
    const texts = cardTexts(card).join("\n");
    expect(texts).toContain(rejected);
    expect(texts).toContain("Die Ware kam beschädigt an. (Maschinell übersetzt)");
    await mkdir("test-results/teams", { recursive: true });
    await writeFile("test-results/teams/claim-rejected-card.json", `${JSON.stringify(card, null, 2)}\n`);
    // The original, one tap away in the card itself.
    expect(texts).toContain("Originalnachricht (Chinesisch (vereinfacht)):");
    expect(texts).toContain("货物到达时已损坏。");
    const toggle = card.body?.find((e) => e["type"] === "ActionSet")?.["actions"];
    expect(toggle).toEqual([{ type: "Action.ToggleVisibility", title: "Original anzeigen", targetElements: ["original-fact-0"] }]);
  });

  it("CL-09: the buyer escalates from the rejection card with Action.Execute; Teams gets the card back, done, in the invoke response", async () => {
    const claimId = "CL-1";
    const before = anna.received().length;
    const result = await anna.press("claim.escalate", { claimId }, "execute");
    const invoke = result.json() as { statusCode: number; type: string; value: CardJson };
    expect(invoke).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(invoke.value.actions).toBeUndefined();
    expect(cardTexts(invoke.value).at(-1)).toBe("Erledigt: Entscheidung durch die Plattform beantragen");
    expect(anna.textsSince(before).join("\n")).toMatch(/Plattform/);
    await world.deliverAll();
  });

  it("DT-04: staff decide in the web chat; the buyer is told in German in Teams, the refund in German money format", async () => {
    const claimId = "CL-1";
    // Link codes expire; the staff member gets a fresh one on the day.
    await seedLinkCode(world.app, STAFF_ID, "STAFF456");
    const linked = await staffTurn(world, { kind: "text", text: "STAFF456" });
    expect(linked[0]?.text?.key, JSON.stringify(linked)).toBe("common:accountLinked");
    await staffTurn(world, { kind: "action", actionId: "staff.acknowledge", payload: { claimId } });
    await staffTurn(world, { kind: "action", actionId: "staff.decide", payload: { claimId } });
    const decided = await staffTurn(world, {
      kind: "form",
      formId: "staff.decide",
      values: { outcome: "supplier-at-fault", reasons: "Not shipped by the agreed date." },
      files: [],
    });
    expect(decided[0]?.text?.key).toBe("staff:flow.decided.supplier-at-fault");
    expect(anna.textsSince(0).join("\n")).toContain(`Die Plattform hat über die Reklamation ${claimId} zur Bestellung ${orderId} entschieden.`);
    await supplier({ kind: "action", actionId: "claim.recordRefund", payload: { claimId } });
    await supplier({ kind: "form", formId: "claim.recordRefund", values: { reference: "REFUND-CL-1" }, files: [] });
    expect(anna.textsSince(0).join("\n")).toContain(`Die Erstattung von 375,00\u00a0$ zur Reklamation ${claimId} wurde gezahlt.`);
  });

  it("CL-11: staff in Teams get a copy of the evidence through a FileConsentCard — accepted: uploaded whole to their OneDrive, then a FileInfoCard; declined: nothing uploaded", async () => {
    const ana = new TeamsPerson(world, ANA_IN_TEAMS);
    await seedLinkCode(world.app, STAFF_ID, "STAFF789");
    await ana.says("STAFF789");
    await ana.says("CL-1");
    const sha256 = createHash("sha256").update(PNG).digest("hex");
    const offer = ana.findAction("teams.fileCopy", { sha256 });
    expect(offer.action["title"]).toBe("Send me a copy: leere-rampe.jpg");

    const consentOf = (from: number) =>
      ana
        .received()
        .slice(from)
        .find((a) => a.activity.attachments?.[0]?.contentType === "application/vnd.microsoft.teams.card.file.consent");
    let before = ana.received().length;
    await ana.press("teams.fileCopy", { sha256 });
    const consent = consentOf(before);
    const content = consent?.activity.attachments?.[0]?.content as { sizeInBytes: number; acceptContext: unknown; description: string };
    expect(content.sizeInBytes).toBe(PNG.byteLength);
    expect(content.description).toContain(sha256);

    before = ana.received().length;
    const uploadInfo = {
      uploadUrl: world.connector.uploadUrl("leere-rampe.jpg"),
      contentUrl: "https://contoso-my.sharepoint.com/personal/ana/Documents/Applications/Trade%20Assurance/leere-rampe.jpg",
      name: "leere-rampe.jpg",
      uniqueId: "1B2C3D4E-0000-4000-8000-00000000ABCD",
      fileType: "jpg",
    };
    const accepted = await world.client.post(world.client.fileConsent(ANA_IN_TEAMS, consent?.id ?? "", "accept", content.acceptContext, uploadInfo));
    expect(accepted.status).toBe(200);
    expect(world.connector.uploads.map((u) => [u.name, createHash("sha256").update(u.bytes).digest("hex"), u.contentRange])).toEqual([
      ["leere-rampe.jpg", sha256, `bytes 0-${PNG.byteLength - 1}/${PNG.byteLength}`],
    ]);
    const info = ana.received().slice(before)[0]?.activity.attachments?.[0];
    expect(info).toEqual({
      contentType: "application/vnd.microsoft.teams.card.file.info",
      contentUrl: uploadInfo.contentUrl,
      name: "leere-rampe.jpg",
      content: { uniqueId: uploadInfo.uniqueId, fileType: "jpg" },
    });

    before = ana.received().length;
    await ana.press("teams.fileCopy", { sha256 });
    const second = consentOf(before);
    const declined = await world.client.post(world.client.fileConsent(ANA_IN_TEAMS, second?.id ?? "", "decline", content.acceptContext));
    expect(declined.status).toBe(200);
    expect(ana.textsSince(before).at(-1)).toBe("leere-rampe.jpg was not sent.");
    expect(world.connector.uploads).toHaveLength(1);

    // An answer naming a file no consent card of this chat offered uploads nothing.
    const forged = { sha256: "0".repeat(64), name: "other.pdf", sizeBytes: 10 };
    const refused = await world.client.post(world.client.fileConsent(ANA_IN_TEAMS, second?.id ?? "", "accept", forged, uploadInfo));
    expect(refused.status).toBe(400);
    expect(world.connector.uploads).toHaveLength(1);
  });

  it("every delivery went out once and none failed", async () => {
    expect(await failedDeliveries(world.app.db)).toEqual([]);
    expect(await world.app.db.prisma.delivery.count({ where: { status: { not: "sent" } } })).toBe(0);
    const ids = anna
      .received()
      .map((a) => a.activity["id"])
      .filter((id) => typeof id === "string");
    expect(new Set(ids).size).toBe(ids.length);
  });
});
