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
import { ANNA, BUYER_ID, CODES, seedBerlinAndShenzhen, START, SUPPLIER_WEB, supplierTurn, TERMS } from "../support/teams-fixtures.js";
import { cardTexts, TeamsPerson, type CardJson } from "../support/teams-person.js";
import { createTeamsWorld, type TeamsWorld } from "../support/teams-world.js";

/** The day after the agreed shipping date (16 March). */
const DAY_AFTER_SHIPPING_DATE = "2026-03-17T09:00:00.000Z";

/** A 1×1 PNG: the bot must measure its type from the bytes, not from the name. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let translate: GoogleTranslateStandIn;
let world: TeamsWorld;
let anna: TeamsPerson;
let orderId = "";

const supplier = (payload: Parameters<TeamsWorld["webchatSays"]>[1]) => supplierTurn(world, payload);

beforeAll(async () => {
  translate = await startGoogleTranslateStandIn();
  const translator = parseTranslatorConfig({ TRANSLATOR: "google-v2", GOOGLE_TRANSLATE_API_KEY: translate.apiKey, GOOGLE_CLOUD_TRANSLATE_ENDPOINT: translate.baseUrl, TRANSLATE_TIMEOUT_MS: "3000" });
  world = await createTeamsWorld({ start: START, translator });
  await seedBerlinAndShenzhen(world);
  anna = new TeamsPerson(world, ANNA);
});

afterAll(async () => {
  await world?.close();
  await translate?.close();
});

describe("a German buyer in Teams and a Chinese supplier in the web chat", { timeout: 120_000 }, () => {
  it("installing the app greets the buyer with a link form card in German", async () => {
    const result = await world.client.post(world.client.installed(ANNA));
    expect(result.status).toBe(200);
    const { card } = anna.cards().at(-1) ?? { card: {} as CardJson };
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", lang: "de-DE" });
    const input = card.body?.find((e) => e["id"] === "field.code");
    expect(input).toMatchObject({ type: "Input.Text", isRequired: true });
    expect(cardTexts(card).join("\n")).toMatch(/verknüpf/i);
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

  it("PO-01: the supplier drafts the terms; the buyer confirms from the notification card Teams received proactively", async () => {
    await supplier({ kind: "action", actionId: "order.draftTerms", payload: { orderId } });
    await supplier({ kind: "form", formId: "order.draftTerms", values: {}, files: [] });
    const notification = anna.findAction("order.confirmAsBuyer", { orderId });
    // Proactive: sent to the conversation (not a reply), its activity id the outbox's delivery id.
    expect(notification.received.kind).toBe("send");
    expect(await world.app.db.prisma.delivery.findUnique({ where: { id: String(notification.received.activity["id"]) } })).not.toBeNull();
    await anna.press("order.confirmAsBuyer", { orderId });
    await world.deliverAll();
    await supplier({ kind: "action", actionId: "order.confirmAsSupplier", payload: { orderId, version: 2 } });
    expect(anna.textsSince(0).join("\n")).toContain(`Die Bestellung ${orderId} ist von beiden Seiten bestätigt.`);
  });

  it("the buyer records the deposit with the card's form (money field with its regex)", async () => {
    await anna.press("common.whatNow", {}, "execute");
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
    await anna.press("common.whatNow", {}, "execute");
    await anna.press("claim.file", { orderId });
    await anna.fill("claim.file", { reason: "not-shipped-on-time", description: "Nichts wurde versandt; vereinbart war der 16. März." });
    await world.deliverAll();
    const toSupplier = world.webchat.sent.filter((s) => s.identity.externalUserId === SUPPLIER_WEB.id).at(-1);
    expect(toSupplier?.message.text?.key).toBe("claim:notify.filed");
  });

  it("CL-11: a file sent in the Teams chat is downloaded, measured and attached as evidence", async () => {
    await anna.press("common.whatNow", {}, "execute");
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
    expect(evidence.map((e) => [e.fileName, e.mediaType, Number(e.sizeBytes), e.uploadedBy])).toEqual([["leere-rampe.jpg", "image/png", PNG.byteLength, BUYER_ID]]);
  });

  it("CM-01: the supplier rejects in Chinese; the buyer's card shows the German translation, marked, with Show original", async () => {
    const claimId = world.webchat.sent.map((s) => s.message.subject).find((s) => s?.type === "claim")?.id ?? "";
    await supplier({ kind: "action", actionId: "claim.respond", payload: { claimId, response: "reject" } });
    await supplier({ kind: "form", formId: "claim.respond", values: { response: "reject", reasons: "货物到达时已损坏。" }, files: [] });
    const { card } = anna.cards().at(-1) ?? { card: {} as CardJson };
    const texts = cardTexts(card).join("\n");
    expect(texts).toContain(`Der Lieferant hat die Reklamation ${claimId} zur Bestellung ${orderId} abgelehnt.`);
    expect(texts).toContain("Die Ware kam beschädigt an. (Maschinell übersetzt)");
    await mkdir("test-results/teams", { recursive: true });
    await writeFile("test-results/teams/claim-rejected-card.json", `${JSON.stringify(card, null, 2)}\n`);
    // The original, one tap away in the card itself.
    expect(texts).toContain("Originalnachricht (Chinesisch (vereinfacht)):");
    expect(texts).toContain("货物到达时已损坏。");
    const toggle = card.body?.find((e) => e["type"] === "ActionSet")?.["actions"];
    expect(toggle).toEqual([{ type: "Action.ToggleVisibility", title: "Original anzeigen", targetElements: ["original-fact-0"] }]);
  });
});
