/**
 * The Block Kit renderer: neutral messages as sections, fields, context lines and buttons in the
 * reader's language and zone (CM-03); a person's machine-translated words with "Show original"
 * (CM-01); forms as modals; a modal's state back as neutral values; field errors for response_action.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Form, OutboundMessage, PersonText } from "../../../src/bots/conversation/messages.js";
import { SHOW_ORIGINAL_ACTION } from "../../../src/bots/conversation/person-text.js";
import { BlockKitRenderer, decodeButtonValue, encodeButtonValue, escapeMrkdwn, submittedForm } from "../../../src/bots/slack/block-kit.js";
import { money } from "../../../src/domain/shared/money.js";
import { createTranslator } from "../../../src/bots/conversation/i18n/index.js";

const renderer = new BlockKitRenderer(createTranslator());
const OHIO = { locale: "en-US", timeZone: "America/New_York" };
const SHENZHEN = { locale: "zh-CN", timeZone: "Asia/Shanghai" };

type AnyBlock = Record<string, unknown> & { type: string };
const blocksOf = (message: OutboundMessage, reader = OHIO): AnyBlock[] => renderer.message(reader, message).blocks as AnyBlock[];
const buttons = (blocks: AnyBlock[]): Record<string, unknown>[] =>
  blocks.filter((b) => b.type === "actions").flatMap((b) => b["elements"] as Record<string, unknown>[]);
const json = (value: unknown): string => JSON.stringify(value);

const translated: PersonText = {
  messageId: "msg-1",
  senderPartyId: "supplier-shenzhen",
  senderName: "深圳紧固件有限公司",
  original: "货物已于3月5日发运，跟踪号 SF1234567890",
  originalLanguage: "zh",
  shown: "The goods were shipped on March 5, tracking number SF1234567890",
  shownLanguage: "en",
  machineTranslated: true,
};

describe("Block Kit messages", () => {
  it("CM-03: facts become section fields with money in the reader's format; more than 10 facts take two sections", () => {
    const facts = Array.from({ length: 12 }, (_, i) => ({
      label: { key: "common:form.literal", params: { value: `Line ${i}` } },
      value: money(125_000 + i, "USD"),
    }));
    const blocks = blocksOf({ text: { key: "common:youCanNow" }, facts });
    const sections = blocks.filter((b) => b.type === "section" && b["fields"]);
    expect(sections.map((s) => (s["fields"] as unknown[]).length)).toEqual([10, 2]);
    expect(json(sections[0])).toContain("*Line 0*\\n$1,250.00");
    const german = blocksOf({ facts: facts.slice(0, 1) }, { locale: "de-DE", timeZone: "Europe/Berlin" });
    expect(json(german)).toMatch(/1\.250,00\s\$/u);
  });

  it("CM-03: a deadline is a context line in the reader's own time zone", () => {
    const message: OutboundMessage = {
      text: { key: "common:youCanNow" },
      deadline: { dueAt: "2026-03-02T14:00:00.000Z", label: { key: "common:deadlineKind.supplier-response" } },
    };
    const ohio = blocksOf(message).find((b) => b.type === "context");
    const shenzhen = blocksOf(message, SHENZHEN).find((b) => b.type === "context");
    expect(json(ohio)).toMatch(/Supplier's response: \*[^*]*9:00[^*]*\*/);
    expect(json(shenzhen)).toMatch(/22:00/);
  });

  it("buttons carry the neutral action id and payload, with an action_id unique in the message", () => {
    const message: OutboundMessage = {
      text: { key: "common:youCanNow" },
      actions: [
        { actionId: "order.view", label: { key: "common:action.order.view" }, payload: { orderId: "PO-1" } },
        { actionId: "order.view", label: { key: "common:action.order.view" }, payload: { orderId: "PO-2" }, style: "primary" },
      ],
    };
    const [first, second] = buttons(blocksOf(message));
    expect(first?.["action_id"]).not.toBe(second?.["action_id"]);
    expect(decodeButtonValue(second?.["value"] as string)).toEqual({ actionId: "order.view", payload: { orderId: "PO-2" } });
    expect(second?.["style"]).toBe("primary");
    expect(json(first?.["text"])).toContain("View the order");
  });

  it("CM-01: a machine-translated message is marked and offers its original, even if the producer left the button out", () => {
    const blocks = blocksOf({ subject: { type: "order", id: "PO-1" }, personText: translated });
    expect(json(blocks)).toContain("Machine-translated");
    const show = buttons(blocks).find((b) => decodeButtonValue(b["value"] as string)?.actionId === SHOW_ORIGINAL_ACTION);
    expect(decodeButtonValue(show?.["value"] as string)?.payload).toEqual({ messageId: "msg-1", subjectType: "order", subjectId: "PO-1" });
    const same = blocksOf(
      { subject: { type: "order", id: "PO-1" }, personText: { ...translated, machineTranslated: false, shown: translated.original } },
      SHENZHEN,
    );
    expect(buttons(same)).toHaveLength(0);
  });

  it("a person's text cannot inject Slack markup", () => {
    const blocks = blocksOf({ personText: { ...translated, shown: "<!channel> see <http://evil|here> & pay" } });
    expect(json(blocks)).toContain("&lt;!channel&gt; see &lt;http://evil|here&gt; &amp; pay");
  });

  it("escapes every control character of mrkdwn (property)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped.replace(/&(amp|lt|gt);/g, "")).not.toMatch(/[<>&]/);
      }),
    );
  });

  it("any payload round-trips through a button value (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,19}$/), fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.boolean()), { maxKeys: 8 }),
        (actionId, payload) => {
          expect(decodeButtonValue(encodeButtonValue(actionId, payload))).toEqual({ actionId, payload });
        },
      ),
    );
    expect(decodeButtonValue("not json")).toBeUndefined();
    expect(decodeButtonValue(JSON.stringify({ x: 1 }))).toBeUndefined();
  });

  it("a form in a message is a primary button that asks for it again (a modal needs a click's trigger_id)", () => {
    const form: Form = {
      formId: "claim.attachEvidence",
      title: { key: "claim:attachEvidence" },
      fields: [],
      submit: { actionId: "claim.attachEvidence", label: { key: "common:submit" }, payload: { claimId: "CL-1" } },
    };
    const [open] = buttons(blocksOf({ form }, SHENZHEN));
    expect(decodeButtonValue(open?.["value"] as string)).toEqual({ actionId: "claim.attachEvidence", payload: { claimId: "CL-1" } });
    expect(json(open?.["text"])).toContain("填写：");
  });
});

describe("modals", () => {
  const linkForm: Form = {
    formId: "common.linkAccount",
    title: { key: "common:flow.linkTitle" },
    fields: [
      {
        name: "code",
        label: { key: "common:flow.linkCode" },
        type: "text",
        required: true,
        hint: { key: "common:flow.linkCodeHint" },
        value: "ABC",
        error: { key: "common:form.required" },
      },
      { name: "shippingDate", label: { key: "common:form.literal", params: { value: "Date" } }, type: "date", required: false, value: "2026-03-16" },
      { name: "qualityAssured", label: { key: "common:form.literal", params: { value: "QA" } }, type: "boolean", required: true, value: "yes" },
      {
        name: "currency",
        label: { key: "common:form.literal", params: { value: "Currency" } },
        type: "select",
        required: true,
        value: "EUR",
        options: [
          { value: "USD", label: { key: "common:form.literal", params: { value: "USD" } } },
          { value: "EUR", label: { key: "common:form.literal", params: { value: "EUR" } } },
        ],
      },
      { name: "deposit", label: { key: "common:form.literal", params: { value: "Deposit" } }, type: "money", required: true, currency: "USD", value: "500.00" },
      { name: "evidence", label: { key: "claim:attachEvidence" }, type: "file", required: false },
    ],
    submit: { actionId: "common.linkAccount", label: { key: "common:submit" } },
  };

  it("renders input blocks in the reader's language, keeping what was typed", () => {
    const view = renderer.modalView(SHENZHEN, linkForm, { f: "common.linkAccount", c: "DU1" }) as unknown as {
      blocks: AnyBlock[];
      title: { text: string };
      private_metadata: string;
      callback_id: string;
    };
    expect(view.callback_id).toBe("common.linkAccount");
    expect(JSON.parse(view.private_metadata)).toEqual({ f: "common.linkAccount", c: "DU1" });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const [code, date, qa, currency, deposit, file] = view.blocks;
    expect(code).toMatchObject({
      type: "input",
      block_id: "code",
      optional: false,
      label: { text: "关联码" },
      hint: { text: "您从平台收到的 8 位代码。" },
      element: { type: "plain_text_input", action_id: "value", initial_value: "ABC" },
    });
    expect(date).toMatchObject({ optional: true, element: { type: "datepicker", initial_date: "2026-03-16" } });
    expect(qa).toMatchObject({ element: { type: "radio_buttons", initial_option: { value: "yes" } } });
    expect(currency).toMatchObject({ element: { type: "static_select", initial_option: { value: "EUR" } } });
    expect(deposit).toMatchObject({
      label: { text: expect.stringContaining("(USD)") },
      element: { type: "number_input", is_decimal_allowed: true, initial_value: "500.00" },
    });
    expect(file).toMatchObject({ element: { type: "file_input" } });
  });

  it("names each wrong field for response_action errors, in the reader's language", () => {
    expect(renderer.modalErrors(SHENZHEN, linkForm)).toEqual({ code: createTranslator().t("zh", "common:form.required") });
    expect(renderer.modalErrors(OHIO, linkForm)).toEqual({ code: "This is required." });
  });

  it("reads a submission's state back as neutral values, leaving empty fields out", () => {
    const state = {
      code: { value: { type: "plain_text_input", value: " BUYER234 " } },
      shippingDate: { value: { type: "datepicker", selected_date: "2026-03-16" } },
      qualityAssured: { value: { type: "radio_buttons", selected_option: { value: "no", text: { type: "plain_text", text: "No" } } } },
      note: { value: { type: "plain_text_input", value: null } },
      evidence: { value: { type: "file_input", files: [{ id: "F1", name: "photo.png" }] } },
    };
    expect(submittedForm(state)).toEqual({
      values: { code: "BUYER234", shippingDate: "2026-03-16", qualityAssured: "no" },
      files: { evidence: [{ id: "F1", name: "photo.png" }] },
    });
  });
});
