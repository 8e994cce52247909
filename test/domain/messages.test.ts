import { describe, expect, it } from "vitest";
import {
  evolveMessages,
  MESSAGE_EVENT,
  needsTranslation,
  readerView,
  recordTranslation,
  sendMessage,
  transcript,
  type CaseMessage,
} from "../../src/domain/messages/message.js";
import type { CommandContext, DomainEvent } from "../../src/domain/shared/events.js";
import { refusal } from "./orders-fixtures.js";

const subject = { type: "claim" as const, id: "clm-1" };
const PARTIES = { buyerId: "buyer-1", supplierId: "supplier-1" };
const asSupplier = (now: string): CommandContext => ({ now, actor: { kind: "supplier", partyId: "supplier-1" } });
const asBuyer = (now: string): CommandContext => ({ now, actor: { kind: "buyer", partyId: "buyer-1" } });
const system = (now: string): CommandContext => ({ now, actor: { kind: "system" } });

function fold(events: readonly DomainEvent[], messages: readonly CaseMessage[] = []): readonly CaseMessage[] {
  return events.reduce(evolveMessages, messages);
}

function supplierMessage(): readonly CaseMessage[] {
  return fold(sendMessage(PARTIES, { messageId: "m-1", subject, text: "我们已于3月20日发货", language: "zh-CN" }, asSupplier("2026-03-20T02:00:00.000Z")));
}

describe("messages (CM-01, CM-02)", () => {
  it("CM-02: a message is kept with its original text, language, sender and time, on the stream of its claim", () => {
    const events = sendMessage(PARTIES, { messageId: "m-1", subject, text: "我们已于3月20日发货", language: "zh-CN" }, asSupplier("2026-03-20T02:00:00.000Z"));
    expect(events[0]?.stream).toEqual({ type: "claim", id: "clm-1" });
    expect(fold(events)).toEqual([
      {
        messageId: "m-1",
        subject,
        sender: { partyId: "supplier-1", kind: "supplier" },
        sentAt: "2026-03-20T02:00:00.000Z",
        originalText: "我们已于3月20日发货",
        originalLanguage: "zh-CN",
        translations: [],
      },
    ]);
    expect(refusal(() => sendMessage(PARTIES, { messageId: "m-2", subject, text: "x", language: "en" }, system("2026-03-20T02:00:00.000Z"))).code).toBe(
      "MESSAGE_SENDER_REQUIRED",
    );
    expect(refusal(() => sendMessage(PARTIES, { messageId: "m-2", subject, text: "   ", language: "en" }, asBuyer("2026-03-20T02:00:00.000Z"))).code).toBe(
      "COMMAND_INVALID",
    );
    const stranger: CommandContext = { now: "2026-03-20T02:00:00.000Z", actor: { kind: "buyer", partyId: "buyer-9" } };
    expect(refusal(() => sendMessage(PARTIES, { messageId: "m-2", subject, text: "hi", language: "en" }, stranger)).code).toBe("MESSAGE_SENDER_NOT_IN_CASE");
  });

  it("CM-01: the reader sees its own language, marked machine-translated, with the original one tap away", () => {
    const [message] = supplierMessage();
    if (!message) throw new Error("no message");
    expect(needsTranslation(message, "en-US")).toBe(true);
    const translated = fold(
      recordTranslation(
        message,
        { language: "en-US", translator: "google-v2", outcome: { text: "We shipped on March 20" } },
        system("2026-03-20T02:00:01.000Z"),
      ),
      [message],
    );
    const view = readerView(translated[0] ?? message, "en-US");
    expect(view).toMatchObject({
      text: "We shipped on March 20",
      language: "en-US",
      machineTranslated: true,
      untranslated: false,
      original: { text: "我们已于3月20日发货", language: "zh-CN" },
    });
    expect(translated[0]?.translations[0]).toMatchObject({ machineTranslated: true, translator: "google-v2" });
    // The writer reads its own words untouched.
    expect(readerView(translated[0] ?? message, "zh-CN")).toMatchObject({ text: "我们已于3月20日发货", machineTranslated: false, untranslated: false });
  });

  it("CM-01: a failed or unavailable translation never blocks delivery — the original is shown, marked", () => {
    const [message] = supplierMessage();
    if (!message) throw new Error("no message");
    expect(readerView(message, "en-US")).toMatchObject({ text: "我们已于3月20日发货", untranslated: true, machineTranslated: false });
    const events = recordTranslation(message, { language: "en-US", translator: "google-v2", outcome: { failed: true } }, system("2026-03-20T02:00:01.000Z"));
    expect(events[0]?.type).toBe(MESSAGE_EVENT.translationFailed);
    const failed = fold(events, [message])[0] ?? message;
    expect(failed.translations).toEqual([{ language: "en-US", translationFailed: true, translator: "google-v2", at: "2026-03-20T02:00:01.000Z" }]);
    expect(readerView(failed, "en-US")).toMatchObject({ text: "我们已于3月20日发货", untranslated: true });
    expect(needsTranslation(failed, "en-US")).toBe(false);
    // A later successful translation replaces the failure marker.
    const retried = fold(
      recordTranslation(
        failed,
        { language: "en-US", translator: "google-v2", outcome: { text: "We shipped on March 20" } },
        system("2026-03-20T02:05:00.000Z"),
      ),
      [failed],
    )[0];
    expect(readerView(retried ?? failed, "en-US")).toMatchObject({ machineTranslated: true, untranslated: false });
  });

  it("CM-02: the transcript keeps every message of the case in time order, with originals and translations, for evidence", () => {
    let messages = supplierMessage();
    messages = fold(
      sendMessage(PARTIES, { messageId: "m-0", subject, text: "Where is my order?", language: "en-US" }, asBuyer("2026-03-19T14:00:00.000Z")),
      messages,
    );
    messages = fold(
      sendMessage(
        PARTIES,
        { messageId: "m-x", subject: { type: "order", id: "ord-1" }, text: "other case", language: "en-US" },
        asBuyer("2026-03-19T15:00:00.000Z"),
      ),
      messages,
    );
    const [first] = messages.filter((m) => m.messageId === "m-1");
    if (!first) throw new Error("no message");
    messages = fold(
      recordTranslation(first, { language: "en-US", translator: "google-v2", outcome: { text: "We shipped on March 20" } }, system("2026-03-20T02:00:01.000Z")),
      messages,
    );
    const entries = transcript(messages, subject);
    expect(entries.map((e) => e.messageId)).toEqual(["m-0", "m-1"]);
    expect(entries[1]).toMatchObject({ originalText: "我们已于3月20日发货", originalLanguage: "zh-CN", sender: { kind: "supplier" } });
    expect(entries[1]?.translations).toHaveLength(1);
  });
});
