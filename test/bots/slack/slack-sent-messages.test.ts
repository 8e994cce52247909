/**
 * Which newer message makes an older one's buttons stale, and what the older message becomes: its
 * perishable buttons gone (read-only ones kept) and one "no longer available" line in its reader's
 * language (CM-03). The database and chat.update side is tested against the stand-in
 * (test/integration/slack-stale-buttons.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { USE_CASE } from "../../../src/app/use-cases.js";
import { createTranslator } from "../../../src/bots/conversation/i18n/index.js";
import type { OutboundMessage } from "../../../src/bots/conversation/messages.js";
import { BlockKitRenderer, decodeButtonValue, type SlackBlock } from "../../../src/bots/slack/block-kit.js";
import { hasPerishableButtons, staleNote, supersedes, withoutStaleButtons } from "../../../src/bots/slack/slack-sent-messages.js";

const renderer = new BlockKitRenderer(createTranslator());
const OHIO = { locale: "en-US", timeZone: "America/New_York" };
const subject = { type: "order" as const, id: "PO-9" };

const asking: OutboundMessage = {
  subject,
  text: { key: "order:notify.readyToConfirm", params: { orderId: "PO-9", version: 2 } },
  actions: [
    { actionId: USE_CASE.confirmAsBuyer, label: { key: "common:action.common.whatNow" }, payload: { orderId: "PO-9" } },
    { actionId: USE_CASE.viewOrder, label: { key: "common:action.common.myItems" }, payload: { orderId: "PO-9" } },
  ],
};

const actionIdsOf = (blocks: readonly SlackBlock[]): string[] =>
  blocks
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b as { elements: { value?: string }[] }).elements)
    .map((e) => decodeButtonValue(e.value)?.actionId ?? "?");

describe("stale buttons", () => {
  it("CM-03: an outbox notification of a change supersedes; a reminder and relayed talk do not", () => {
    const cancelled: OutboundMessage = { subject, text: { key: "order:notify.cancelled", params: { orderId: "PO-9", reason: "x" } } };
    expect(supersedes(cancelled, "delivery")).toBe(true);
    expect(supersedes({ subject, text: { key: "claim:notify.reminder.supplierResponse" } }, "delivery")).toBe(false);
    expect(supersedes({ subject, text: { key: "common:notify.messageFrom.supplier" }, personText: {} as never }, "delivery")).toBe(false);
    // No subject: nothing to compare with.
    expect(supersedes({ text: { key: "order:notify.cancelled" } }, "delivery")).toBe(false);
  });

  it("CM-03: a reply to a command supersedes; a reply to a query only when it offers actions of its own; a form never", () => {
    const done: OutboundMessage = { subject, text: { key: "order:flow.confirmed" }, tone: "success" };
    expect(supersedes(done, "command")).toBe(true);
    expect(supersedes(done, "query")).toBe(false);
    expect(supersedes(asking, "query")).toBe(true);
    expect(supersedes({ subject, text: { key: "slack:thread.sent.toSupplier" }, tone: "success" }, "command")).toBe(false);
    expect(supersedes({ ...asking, form: { formId: "f", title: { key: "t" }, fields: [], submit: { actionId: "f", label: { key: "s" } } } }, "command")).toBe(
      false,
    );
  });

  it("CM-03: the older message keeps its text and read-only buttons, loses the perishable ones, and says why in its reader's language", () => {
    const blocks = renderer.message(OHIO, asking).blocks;
    expect(hasPerishableButtons(blocks)).toBe(true);
    const newer: OutboundMessage = { subject, text: { key: "order:notify.cancelled", params: { orderId: "PO-9", reason: "out of stock" } } };
    const note = staleNote(renderer, { locale: "fr-FR", timeZone: "Europe/Paris" }, newer, subject);
    expect(note.startsWith("Plus disponible — ")).toBe(true);
    const stale = withoutStaleButtons(blocks, note);
    expect(actionIdsOf(stale)).toEqual([USE_CASE.viewOrder]);
    expect(hasPerishableButtons(stale)).toBe(false);
    expect(JSON.stringify(stale)).toContain("PO-9");
    expect(JSON.stringify(stale.at(-1))).toContain("Plus disponible");
  });

  it("CM-03: the note quotes at most 160 characters of the newer message, whatever its length", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 600 }), (reason) => {
        const note = staleNote(renderer, OHIO, { subject, text: { key: "order:notify.cancelled", params: { orderId: "PO-9", reason } } }, subject);
        expect(note.length).toBeLessThanOrEqual("No longer available — ".length + 160);
        expect(note.startsWith("No longer available — ")).toBe(true);
      }),
    );
  });
});
