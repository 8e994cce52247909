/**
 * CM-01 / CM-02: any reader of a case message — the counterparty, platform staff — asks for its
 * original text and the language it was written in.
 */
import { caseMessages } from "../../../app/queries/case-transcript.js";
import { loadClaim, loadOrder } from "../../../app/queries/load.js";
import { canonicalLanguage } from "../../../adapters/translate/language-tags.js";
import type { MessageSubject } from "../../../domain/messages/message.js";
import type { Payload } from "../flows.js";
import { fact, say, t } from "../localized.js";
import type { OutboundMessage } from "../messages.js";
import { languageName } from "../person-text.js";
import type { ActionHandler } from "../turn.js";

function threadOf(payload: Payload): MessageSubject | undefined {
  const type = payload["subjectType"];
  const id = payload["subjectId"];
  return (type === "order" || type === "claim") && typeof id === "string" && id.length > 0 ? { type, id } : undefined;
}

/** The button's payload: `{ messageId, subjectType: "order" | "claim", subjectId }` (see showOriginalAction). */
export const showOriginal: ActionHandler = async (turn, payload) => {
  const subject = threadOf(payload);
  if (!subject) return [say("common:translation.originalNotFound", undefined, { tone: "error" })];
  // Only a reader of the thread may see it: the case's parties and staff (anyone else is refused).
  if (subject.type === "order") await loadOrder(turn.app.db, turn.actor, subject.id);
  else await loadClaim(turn.app.db, turn.actor, subject.id);
  const message = (await caseMessages(turn.app.db, subject)).find((m) => m.messageId === payload["messageId"]);
  if (!message) return [say("common:translation.originalNotFound", undefined, { tone: "error", subject })];
  const sender = await turn.app.db.prisma.party.findUnique({ where: { id: message.sender.partyId }, select: { displayName: true } });
  const original: OutboundMessage = {
    subject,
    text: t("common:translation.originalHeading"),
    personText: {
      messageId: message.messageId,
      senderPartyId: message.sender.partyId,
      senderName: sender?.displayName ?? message.sender.partyId,
      original: message.originalText,
      originalLanguage: message.originalLanguage,
      shown: message.originalText,
      shownLanguage: message.originalLanguage,
      machineTranslated: false,
    },
    facts: [fact("common:translation.writtenIn", languageName(canonicalLanguage(message.originalLanguage)))],
  };
  return [original];
};
