/**
 * The pure parts of where a Teams message about a case goes and how it is dressed (issue 13): reply
 * chain conversation ids, the case header and the "send me a copy" buttons of the poster's rendering,
 * the possible-repeat notice, a card's refresh, and the parsing of a FileConsentCard answer.
 */
import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../../src/bots/conversation/i18n/index.js";
import type { OutboundMessage } from "../../../src/bots/conversation/messages.js";
import { CardRenderer, type AdaptiveCard } from "../../../src/bots/teams/cards.js";
import { cardOffersFile, FILE_COPY_ACTION, fileConsentAnswerOf, offeredFileOf } from "../../../src/bots/teams/file-consent.js";
import { REFRESH_VERB, TeamsPoster } from "../../../src/bots/teams/poster.js";
import type { SentActivities } from "../../../src/bots/teams/sent-activities.js";
import { baseConversationId, chainConversationId, chainRootOf, conversationKindOf, type TeamsPlaces } from "../../../src/bots/teams/teams-places.js";

const renderer = new CardRenderer(createTranslator(), "https://bots.example.com");
// render() touches neither the database nor the places.
const poster = new TeamsPoster(renderer, {} as SentActivities, {} as TeamsPlaces, pino({ level: "silent" }));
const BERLIN = { locale: "de-DE", timeZone: "Europe/Berlin" };
const LONDON = { locale: "en-GB", timeZone: "Europe/London" };
const SHA = "a".repeat(64);

const CASE_FILE: OutboundMessage = {
  subject: { type: "claim", id: "CL-7" },
  text: { key: "claim:evidenceFiles", params: { count: 1 } },
  attachments: [{ name: "rampe.png", mediaType: "image/png", sizeBytes: 70, sha256: SHA }],
};

const textsOf = (card: AdaptiveCard | undefined): string[] =>
  JSON.stringify(card?.body ?? [])
    .match(/"text":"[^"]*"/g)
    ?.map((t) => t.slice(8, -1)) ?? [];

describe("Teams reply chains (CM-06)", () => {
  it("CM-06: a chain's conversation id is the channel's with ;messageid=<root>, and parses back", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^19:[a-z0-9]{1,40}@thread\.tacv2$/), fc.stringMatching(/^[0-9]{1,16}$/), (channel, root) => {
        const chain = chainConversationId(channel, root);
        expect(baseConversationId(chain)).toBe(channel);
        expect(chainRootOf(chain)).toBe(root);
        expect(baseConversationId(channel)).toBe(channel);
        expect(chainRootOf(channel)).toBeUndefined();
      }),
    );
  });

  it("CM-06: only a channel has chains; a missing or unknown conversation type is the personal chat", () => {
    expect(["channel", "groupChat", "personal", undefined, "x"].map(conversationKindOf)).toEqual(["channel", "groupChat", "personal", "personal", "personal"]);
  });
});

describe("the poster's rendering", () => {
  it("CM-06 / CM-03: in a flat chat a message about a case starts with its header in the reader's language, even a plain sentence", () => {
    const plain: OutboundMessage = { subject: { type: "order", id: "PO-3" }, text: { key: "common:nothingToDoNow" } };
    expect(poster.render(BERLIN, plain).card).toBeUndefined();
    const withHeader = poster.render(BERLIN, plain, { header: true }).card;
    expect(textsOf(withHeader)[0]).toBe("Bestellung PO-3");
    expect(textsOf(poster.render(LONDON, CASE_FILE, { header: true }).card)[0]).toBe("Claim CL-7");
  });

  it("CM-03: a possibly repeated delivery says so first, in the reader's language", () => {
    const card = poster.render(BERLIN, { text: { key: "common:nothingToDoNow" } }, { notice: { key: "teams:delivery.possiblyRepeated" } }).card;
    expect(textsOf(card)[0]).toMatch(/^Nach einer Unterbrechung erneut gesendet/);
  });

  it("a card with buttons names its reader for Universal Actions refresh; one without buttons has none", () => {
    const card = poster.render(LONDON, CASE_FILE, { fileCopies: true, refreshFor: "29:reader" }).card;
    expect(card?.refresh).toEqual({ action: { type: "Action.Execute", verb: REFRESH_VERB, data: { refresh: 1 } }, userIds: ["29:reader"] });
    expect(poster.render(LONDON, CASE_FILE, { refreshFor: "29:reader" }).card?.refresh).toBeUndefined();
  });

  it("CL-11: in a 1:1 chat each listed file gets a 'send me a copy' button carrying its hash; the button is what a copy request is checked against", () => {
    const card = poster.render(LONDON, CASE_FILE, { fileCopies: true }).card;
    const copy = card?.actions?.find((a) => (a["data"] as { actionId?: string }).actionId === FILE_COPY_ACTION);
    expect(copy?.["title"]).toBe("Send me a copy: rampe.png");
    expect(cardOffersFile(card, SHA)).toBe(true);
    expect(cardOffersFile(card, "b".repeat(64))).toBe(false);
    expect(poster.render(LONDON, CASE_FILE).card?.actions).toBeUndefined();
  });
});

describe("FileConsentCard answers", () => {
  const context = { sha256: SHA, name: "rampe.png", sizeBytes: 70 };
  const uploadInfo = { uploadUrl: "https://contoso-my.sharepoint.com/upload", contentUrl: "https://x/y", name: "rampe.png", uniqueId: "u1", fileType: "png" };

  it("an accept with its upload info and a decline are read; anything malformed is refused", () => {
    expect(fileConsentAnswerOf({ type: "fileUpload", action: "accept", context, uploadInfo })).toEqual({ action: "accept", context, uploadInfo });
    expect(fileConsentAnswerOf({ action: "decline", context })).toEqual({ action: "decline", context });
    expect(fileConsentAnswerOf({ action: "accept", context })).toBeUndefined();
    expect(fileConsentAnswerOf({ action: "accept", context, uploadInfo: { ...uploadInfo, uploadUrl: "file:///etc/passwd" } })).toBeUndefined();
    expect(fileConsentAnswerOf({ action: "maybe", context })).toBeUndefined();
    expect(offeredFileOf({ ...context, sha256: "../../etc" })).toBeUndefined();
    expect(offeredFileOf({ ...context, sizeBytes: -1 })).toBeUndefined();
  });

  it("whatever Teams or a forger posts, parsing never throws", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (value) => {
        expect(() => fileConsentAnswerOf(value)).not.toThrow();
        expect(() => offeredFileOf(value)).not.toThrow();
      }),
    );
  });
});
