/**
 * CM-06: outside a case, what a person types is for the bot. The intent matcher, with the phrases of
 * the real locale files, in all eight languages (the reader's language and English are both tried).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchIntent, normalize, vocabularyFrom, type Intent, type IntentVocabulary } from "../../src/bots/conversation/intents.js";
import { createTranslatorFromResources } from "../../src/bots/conversation/i18n/i18n.js";
import { SUPPORTED_LANGUAGES, type Language } from "../../src/bots/conversation/i18n/languages.js";
import { loadLocaleResources } from "../../src/bots/conversation/i18n/locale-files.js";

const translator = createTranslatorFromResources(loadLocaleResources());
const vocabulary = (lng: Language): IntentVocabulary => vocabularyFrom((key) => translator.t(lng, key));
const readerOf = (lng: Language): IntentVocabulary[] => (lng === "en" ? [vocabulary("en")] : [vocabulary(lng), vocabulary("en")]);
const kind = (lng: Language, text: string): Intent["kind"] => matchIntent(text, readerOf(lng)).kind;

/** What people type, per language: [text, expected intent]. */
const TYPED: Readonly<Record<Language, readonly (readonly [string, Intent["kind"]])[]>> = {
  en: [
    ["help", "help"],
    ["Help!", "help"],
    ["show my orders", "myItems"],
    ["My cases", "myItems"],
    ["I want to place a new order", "newOrder"],
    ["What can I do now?", "whatNow"],
    ["leave thread", "leaveThread"],
    ["the bolts are too long", "unknown"],
  ],
  zh: [
    ["帮助", "help"],
    ["我的订单", "myItems"],
    ["我想下单", "newOrder"],
    ["我要新订单", "newOrder"],
    ["现在能做什么？", "whatNow"],
    ["退出", "leaveThread"],
    ["螺栓太长了", "unknown"],
  ],
  "zh-Hant": [
    ["幫助", "help"],
    ["我的訂單", "myItems"],
    ["我想下單", "newOrder"],
    ["下一步", "whatNow"],
    ["離開", "leaveThread"],
    ["螺栓太長了", "unknown"],
  ],
  es: [
    ["Ayuda", "help"],
    ["menu", "help"], // without the accent
    ["mis pedidos", "myItems"],
    ["Quiero hacer un pedido nuevo: nuevo pedido", "newOrder"],
    ["¿Qué puedo hacer ahora?", "whatNow"],
    ["salir", "leaveThread"],
    ["los tornillos son demasiado largos", "unknown"],
  ],
  fr: [
    ["aide", "help"],
    ["Mes commandes", "myItems"],
    ["Je voudrais passer une commande", "newOrder"],
    ["Que puis-je faire maintenant ?", "whatNow"],
    ["quitter", "leaveThread"],
    ["les boulons sont trop longs", "unknown"],
  ],
  de: [
    ["Hilfe", "help"],
    ["meine Bestellungen", "myItems"],
    ["Ich möchte eine neue Bestellung", "newOrder"],
    ["Was kann ich jetzt tun?", "whatNow"],
    ["verlassen", "leaveThread"],
    ["die Schrauben sind zu lang", "unknown"],
  ],
  pt: [
    ["ajuda", "help"],
    ["meus pedidos", "myItems"],
    ["quero fazer um pedido", "newOrder"],
    ["o que posso fazer agora?", "whatNow"],
    ["sair", "leaveThread"],
    ["os parafusos são compridos demais", "unknown"],
  ],
  ar: [
    ["مساعدة", "help"],
    ["مُساعَدة", "help"], // with diacritics
    ["طلباتي", "myItems"],
    ["أريد طلب جديد", "newOrder"],
    ["ماذا الآن؟", "whatNow"],
    ["خروج", "leaveThread"],
    ["البراغي طويلة جدا", "unknown"],
  ],
};

describe("intent matcher (CM-06)", () => {
  it.each(SUPPORTED_LANGUAGES)("CM-06: %s — help, my orders, a new order, what now, leave and unknown text are told apart", (lng) => {
    for (const [text, expected] of TYPED[lng]) expect([text, kind(lng, text)]).toEqual([text, expected]);
  });

  it.each(SUPPORTED_LANGUAGES)("CM-06: %s — English commands are understood too, and every intent has phrases", (lng) => {
    expect(kind(lng, "help")).toBe("help");
    expect(kind(lng, "new order")).toBe("newOrder");
    for (const phrases of Object.values(vocabulary(lng))) expect(phrases.length).toBeGreaterThan(0);
  });

  it("CM-06: an order or claim reference anywhere in the line names that case, upper-cased", () => {
    expect(matchIntent("PO-DEMO-1", readerOf("en"))).toEqual({ kind: "reference", type: "order", id: "PO-DEMO-1" });
    expect(matchIntent("what about cl-7f3a9b2c?", readerOf("en"))).toEqual({ kind: "reference", type: "claim", id: "CL-7F3A9B2C" });
    expect(matchIntent("订单 PO-12 的状态", readerOf("zh"))).toEqual({ kind: "reference", type: "order", id: "PO-12" });
    expect(matchIntent("ＰＯ－３", readerOf("zh"))).toEqual({ kind: "reference", type: "order", id: "PO-3" }); // full-width
    expect(matchIntent("PORT-1 and CLOSE", readerOf("en")).kind).not.toBe("reference");
  });

  it("CM-06: a bare question mark asks for help; an empty line is not understood", () => {
    expect(kind("en", "?")).toBe("help");
    expect(kind("ar", "؟")).toBe("help");
    expect(kind("zh", "？")).toBe("help");
    expect(kind("en", "   ")).toBe("unknown");
  });

  it("CM-06: leaving is a whole-line command — a message that mentions leaving is a message", () => {
    expect(kind("en", "I will leave the goods at the port")).toBe("unknown");
    expect(kind("en", "  Leave.  ")).toBe("leaveThread");
  });

  it("CM-06: normalizing ignores case, accents, Arabic letter variants and punctuation", () => {
    expect(normalize("  Menú  PRINCIPAL! ")).toBe("menu principal");
    expect(normalize("أريد")).toBe(normalize("اريد"));
    expect(normalize("Zurück zum Menü")).toBe("zuruck zum menu");
  });
});

describe("intent matcher on any input (CM-06)", () => {
  it("CM-06: any text gets an intent without throwing; a reference set apart by spaces is always found", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), fc.stringMatching(/^[A-Z0-9]{1,8}$/), (before, after, tail) => {
        expect(["help", "myItems", "whatNow", "newOrder", "leaveThread", "reference", "unknown"]).toContain(matchIntent(before, readerOf("ar")).kind);
        const found = matchIntent(`${before.replace(/[\p{L}\p{N}-]+$/u, "")} PO-${tail} ${after}`, readerOf("en"));
        expect(found.kind).toBe("reference");
      }),
    );
  });
});
