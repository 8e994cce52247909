/**
 * The Teams renderer: neutral messages as Adaptive Cards 1.5 in the reader's language and time zone,
 * and what a card posts back as the neutral Inbound payload.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Form, OutboundMessage, PersonText } from "../../../src/bots/conversation/messages.js";
import { SHOW_ORIGINAL_ACTION } from "../../../src/bots/conversation/person-text.js";
import { cardDataToInbound, CardRenderer, type AdaptiveCard, type CardElement } from "../../../src/bots/teams/cards.js";
import { createTranslator } from "../../../src/bots/conversation/i18n/index.js";

const renderer = new CardRenderer(createTranslator(), "https://bots.example.com");
const BERLIN = { locale: "de-DE", timeZone: "Europe/Berlin" };
const SHENZHEN = { locale: "zh-CN", timeZone: "Asia/Shanghai" };

/** The supplier's "claim filed" notification (claim-notifications.ts), as the outbox hands it over. */
const CLAIM_FILED: OutboundMessage = {
  subject: { type: "claim", id: "CL-1" },
  text: { key: "claim:notify.filed", params: { claimId: "CL-1", orderId: "PO-1", dueAt: { instant: "2026-03-20T16:00:00.000Z" } } },
  facts: [
    { label: { key: "claim:notify.fact.type" }, value: { key: "claim:type.late-shipment" } },
    {
      label: { key: "claim:notify.fact.description" },
      value: { personText: "货物没有按时发运。", language: "zh", original: "The goods did not ship on time.", originalLanguage: "en", machineTranslated: true },
    },
  ],
  actions: [
    { actionId: "claim.respond", label: { key: "claim:notify.action.propose" }, payload: { claimId: "CL-1" }, style: "primary" },
    { actionId: "claim.respond", label: { key: "claim:reject" }, payload: { claimId: "CL-1", response: "reject" }, style: "danger" },
  ],
  deadline: { dueAt: "2026-03-20T16:00:00.000Z", label: { key: "claim:notify.deadline.supplierResponse" } },
};

const byType = (card: AdaptiveCard, type: string): CardElement[] => card.body.filter((e) => e["type"] === type);
const texts = (card: AdaptiveCard): string[] => byType(card, "TextBlock").map((e) => String(e["text"]));

describe("Adaptive Card renderer", () => {
  it("CM-03: a claim notification for a Chinese supplier — Chinese words, FactSet, deadline in Shenzhen time, Execute with Submit fallback", () => {
    const card = renderer.render(SHENZHEN, CLAIM_FILED);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", lang: "zh-CN" });
    expect(texts(card)[0]).toContain("CL-1");
    expect(texts(card)[0]).toMatch(/[\u4e00-\u9fff]/);
    const facts = byType(card, "FactSet")[0]?.["facts"] as { title: string; value: string }[];
    expect(facts).toHaveLength(2);
    expect(facts[1]?.value).toContain("货物没有按时发运。");
    expect(facts[1]?.value).toContain("机器翻译");
    // 16:00 UTC is midnight in Shenzhen (UTC+8): the reader's zone, not the server's.
    expect(texts(card).at(-1)).toMatch(/3月21日|2026\/3\/21|2026-03-21/);
    const [propose, reject] = card.actions ?? [];
    expect(propose).toMatchObject({
      type: "Action.Execute",
      verb: "claim.respond",
      style: "positive",
      data: { tab: 1, actionId: "claim.respond", payload: { claimId: "CL-1" } },
    });
    expect(propose?.["fallback"]).toMatchObject({ type: "Action.Submit", data: { tab: 1, actionId: "claim.respond", payload: { claimId: "CL-1" } } });
    expect(reject).toMatchObject({ style: "destructive", data: { payload: { response: "reject" } } });
  });

  it("CM-03: the same message for a German reader in Berlin is German, the deadline in Berlin time", () => {
    const card = renderer.render(BERLIN, CLAIM_FILED);
    expect(texts(card)[0]).toContain("Bestellung PO-1");
    expect(texts(card).at(-1)).toContain("20.03.2026");
    expect(texts(card).at(-1)).toContain("17:00");
  });

  it("a form becomes Input.* elements with labels in the reader's language, isRequired, regex and errorMessage", () => {
    const form: Form = {
      formId: "claim.bookInspection",
      title: { key: "claim:flow.inspectionTitle" },
      fields: [
        {
          name: "company",
          label: { key: "claim:flow.inspectionCompany" },
          type: "select",
          required: true,
          options: [{ value: "SGS", label: { key: "common:form.literal", params: { value: "SGS" } } }],
        },
        {
          name: "fee",
          label: { key: "claim:flow.inspectionFee" },
          type: "money",
          required: true,
          currency: "EUR",
          value: "abc",
          error: { key: "common:form.notWholeNumber" },
        },
        { name: "when", label: { key: "claim:flow.bookingReference" }, type: "date", required: false },
        { name: "evidence", label: { key: "claim:attachEvidence" }, type: "file", required: true },
      ],
      submit: { actionId: "claim.bookInspection", label: { key: "common:submit" }, style: "primary" },
      cancel: { actionId: "flow.cancel", label: { key: "common:cancel" } },
    };
    const card = renderer.render(BERLIN, { form });
    const choice = byType(card, "Input.ChoiceSet")[0];
    expect(choice).toMatchObject({ id: "field.company", label: "Prüfunternehmen", isRequired: true, choices: [{ title: "SGS", value: "SGS" }] });
    const fee = byType(card, "Input.Text")[0];
    expect(fee).toMatchObject({ id: "field.fee", isRequired: true, value: "abc", placeholder: "EUR", regex: "^[0-9]+([.,][0-9]{1,3})?$" });
    expect(String(fee?.["label"])).toContain("Prüfgebühr");
    expect(fee?.["errorMessage"]).toBe("Bitte geben Sie eine ganze Zahl ein.");
    expect(byType(card, "Input.Date")[0]).toMatchObject({ id: "field.when", isRequired: false, errorMessage: "Diese Angabe ist erforderlich." });
    expect(texts(card).some((t) => t.includes("Büroklammer"))).toBe(true);
    const [submit, cancel] = card.actions ?? [];
    expect(submit).toMatchObject({ type: "Action.Execute", data: { formId: "claim.bookInspection", actionId: "claim.bookInspection" } });
    expect(submit?.["associatedInputs"]).toBeUndefined();
    expect(cancel).toMatchObject({ associatedInputs: "none", data: { actionId: "flow.cancel" } });
  });

  it("CM-01: machine-translated words carry a Show original toggle revealing the original in place; the round-trip button is left out", () => {
    const person: PersonText = {
      messageId: "M-7",
      senderPartyId: "sup-1",
      senderName: "Shenzhen Widgets",
      original: "货物已于3月5日发运",
      originalLanguage: "zh",
      shown: "Die Ware wurde am 5. März versandt",
      shownLanguage: "de",
      machineTranslated: true,
    };
    const card = renderer.render(BERLIN, {
      personText: person,
      actions: [{ actionId: SHOW_ORIGINAL_ACTION, label: { key: "common:translation.showOriginal" }, payload: { messageId: "M-7" } }],
    });
    expect(texts(card)).toContain("Die Ware wurde am 5. März versandt");
    expect(texts(card)).toContain("Maschinell übersetzt");
    const original = byType(card, "Container")[0];
    expect(original).toMatchObject({ id: "original-M-7", isVisible: false });
    expect(JSON.stringify(original)).toContain("货物已于3月5日发运");
    expect(byType(card, "ActionSet")[0]?.["actions"]).toEqual([
      { type: "Action.ToggleVisibility", title: "Original anzeigen", targetElements: ["original-M-7"] },
    ]);
    expect(card.actions).toBeUndefined();
  });

  it("CM-01: a party's machine-translated words in a fact get the original behind a Show original toggle", () => {
    const card = renderer.render(SHENZHEN, CLAIM_FILED);
    const original = byType(card, "Container")[0];
    expect(original).toMatchObject({ id: "original-fact-1", isVisible: false });
    expect(JSON.stringify(original)).toContain("The goods did not ship on time.");
    expect(JSON.stringify(original)).toContain("英语");
    expect(byType(card, "ActionSet")[0]?.["actions"]).toEqual([{ type: "Action.ToggleVisibility", title: "查看原文", targetElements: ["original-fact-1"] }]);
  });

  it("a stale card keeps its content and loses its inputs and buttons, saying what happened", () => {
    const card = renderer.render(BERLIN, CLAIM_FILED);
    const stale = renderer.stale(BERLIN, card, { key: "teams:card.done", params: { action: "Ablehnen" } });
    expect(stale.actions).toBeUndefined();
    expect(stale.body.slice(0, card.body.length)).toEqual(card.body);
    expect(texts(stale).at(-1)).toBe("Erledigt: Ablehnen");
  });
});

describe("card data → neutral Inbound", () => {
  it("a button's data is the action with its payload; a form's data the values of its inputs", () => {
    expect(cardDataToInbound({ tab: 1, actionId: "claim.respond", payload: { claimId: "CL-1", response: "reject" } })).toEqual({
      kind: "action",
      actionId: "claim.respond",
      payload: { claimId: "CL-1", response: "reject" },
    });
    expect(
      cardDataToInbound({
        tab: 1,
        actionId: "claim.file",
        formId: "claim.file",
        payload: { orderId: "PO-1" },
        "field.reason": "not-shipped-on-time",
        "field.description": "Zu spät",
      }),
    ).toEqual({
      kind: "form",
      formId: "claim.file",
      values: { reason: "not-shipped-on-time", description: "Zu spät" },
      files: [],
    });
  });

  it("data that is not from one of our cards is not taken as a command", () => {
    for (const data of [undefined, null, "claim.respond", { actionId: "claim.respond" }, { tab: 2, actionId: "x" }, { tab: 1, actionId: 7 }])
      expect(cardDataToInbound(data)).toBeUndefined();
  });

  it("any button's action id and payload survive rendering and the round trip through its data (property)", () => {
    const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,10}\.[a-zA-Z]{1,20}$/),
        fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,12}$/), scalar, { maxKeys: 5 }),
        (actionId, payload) => {
          const card = renderer.render(SHENZHEN, { actions: [{ actionId, label: { key: "common:confirm" }, payload }] });
          const action = card.actions?.[0];
          const fallback = action?.["fallback"] as CardElement;
          const viaExecute = cardDataToInbound(JSON.parse(JSON.stringify(action?.["data"])));
          const viaSubmit = cardDataToInbound(JSON.parse(JSON.stringify(fallback["data"])));
          expect(viaExecute).toEqual({ kind: "action", actionId, payload });
          expect(viaSubmit).toEqual(viaExecute);
        },
      ),
    );
  });

  it("typed form values come back exactly, whatever the user typed (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.string({ maxLength: 200 }), { minKeys: 1, maxKeys: 6 }), (values) => {
        const data = { tab: 1, actionId: "f", formId: "f", payload: {}, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`field.${k}`, v])) };
        expect(cardDataToInbound(data)).toEqual({ kind: "form", formId: "f", values, files: [] });
      }),
    );
  });
});
