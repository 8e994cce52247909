/**
 * The page's own words (labels of the web chat and staff console themselves, not the bot's messages),
 * rendered on the server like everything else: from the locale files when they have the key, else the
 * English fallback given here. `GET /chat/page-words?lang=…` answers them with the page direction.
 */
import type { DisplayRenderer } from "./display.js";
import { pageDirection } from "./display.js";

/** name → [locale key, English fallback]. */
export const PAGE_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  send: ["common:submit", "Send"],
  cancel: ["common:cancel", "Cancel"],
  whatNow: ["common:whatCanIDoNow", "What can I do now?"],
  showOriginal: ["common:translation.showOriginal", "Show original"],
  showTranslation: ["common:translation.showTranslation", "Show translation"],
  title: ["common:webchat.title", "Trade Assurance chat"],
  message: ["common:webchat.message", "Message"],
  language: ["common:webchat.language", "Language"],
  signInTitle: ["common:webchat.signInTitle", "Who are you?"],
  signInDemo: ["common:webchat.signInDemo", "Demo identities"],
  signInWithCode: ["common:webchat.signInWithCode", "Sign in with the code from your sign-in link"],
  signInCode: ["common:webchat.signInCode", "Sign-in code"],
  signIn: ["common:webchat.signIn", "Sign in"],
  newHere: ["join:webchat.newHere", "New here?"],
  registerIntro: ["join:webchat.registerIntro", "Buyers register their company right here, with nothing but this page."],
  registerAsBuyer: ["parties:register.button", "Register as a buyer"],
  registering: ["join:webchat.registering", "Registering as a buyer"],
  tooManyRegistrations: ["join:webchat.tooManyRegistrations", "Too many registrations from your network just now. Please try again in a minute."],
  signOut: ["common:webchat.signOut", "Sign out"],
  signedInAs: ["common:webchat.signedInAs", "Signed in as"],
  you: ["common:webchat.you", "You"],
  bot: ["common:webchat.bot", "Trade Assurance"],
  uploadLimits: ["common:webchat.uploadLimits", "Up to {{size}} per file. Accepted: {{types}}"],
  uploading: ["common:webchat.uploading", "Uploading…"],
  required: ["common:webchat.required", "required"],
  live: ["common:webchat.live", "Live updates on"],
  reconnecting: ["common:webchat.reconnecting", "Reconnecting…"],
  offline: ["live:webchat.offline", "Connection lost. Reload the page if this stays."],
  retrying: ["live:webchat.retrying", "Not sent yet — trying again…"],
  sendFailed: ["live:webchat.sendFailed", "Could not send. Your text is kept: press Send to try again."],
  overdue: ["common:webchat.overdue", "overdue"],
  download: ["common:webchat.download", "Download"],
  openThread: ["conversation:webchat.viewCase", "Show this order or claim"],
  writingToBot: ["conversation:webchat.writingToBot", "You are writing to the bot. Type “help” to see what you can do."],
  writingToThread: ["conversation:webchat.writingToThread", "You are writing to the other party in the thread of {{subjectId}}."],
  leaveThread: ["common:action.common.leaveThread", "Leave this case thread"],
  staffConsole: ["staff:console.title", "Staff console"],
  queue: ["staff:queue", "Escalated cases"],
  queueEmpty: ["staff:queueEmpty", "No escalated cases are waiting."],
  caseFile: ["staff:console.caseFile", "Case file"],
  deadlines: ["staff:console.deadlines", "Deadlines"],
  timeline: ["staff:console.timeline", "Timeline"],
  transcript: ["staff:transcript", "Conversation history"],
  evidence: ["staff:console.evidence", "Evidence"],
  ledger: ["staff:supplierLedger", "Supplier ledger"],
  actions: ["staff:console.actions", "Actions"],
  suspendParty: ["staff:suspendParty", "Suspend a party"],
  devClock: ["staff:console.devClock", "Dev clock"],
  advanceDay: ["staff:console.advanceDay", "+1 day"],
  advanceBusinessDays: ["staff:console.advanceBusinessDays", "Skip 15 business days"],
  toNextDeadline: ["staff:console.toNextDeadline", "Jump past the next deadline"],
  signInLinks: ["staff:console.signInLinks", "Sign-in links"],
  issueLink: ["staff:console.issueLink", "Issue a one-time sign-in link"],
  party: ["staff:console.party", "Party"],
  backToChat: ["staff:console.backToChat", "Chat"],
  notifications: ["staff:console.notifications", "Messages"],
  order: ["staff:console.order", "Order"],
  buyer: ["staff:console.buyer", "Buyer"],
  supplier: ["staff:console.supplier", "Supplier"],
  filed: ["staff:console.filed", "Filed"],
  staffOnly: ["staff:console.staffOnly", "Only platform staff may use the staff console."],
  uploadTooLarge: ["conversation:upload.tooLarge", "The file is too large: at most {{size}} per file."],
  uploadTypeNotAllowed: ["conversation:upload.typeNotAllowed", "Files of this type are not accepted. Accepted: {{types}}"],
  uploadEmpty: ["conversation:upload.empty", "The file is empty."],
  uploadFailed: ["conversation:upload.failed", "The file could not be uploaded. Please try again."],
  negotiation: ["conversation:caseFile.negotiation", "Negotiation"],
  noRounds: ["conversation:caseFile.noRounds", "No proposal or rejection yet."],
  qualityRequirements: ["conversation:caseFile.qualityRequirements", "Quality requirements"],
  noQualityRequirements: ["conversation:caseFile.noQualityRequirements", "None written in the order."],
};

export function pageWords(renderer: DisplayRenderer, locale: string): { dir: "ltr" | "rtl"; lang: string; words: Record<string, string> } {
  const reader = { locale, timeZone: "UTC" };
  const words: Record<string, string> = {};
  for (const [name, [key, fallback]] of Object.entries(PAGE_WORDS)) {
    words[name] = renderer.word(reader, key, fallback, { size: "{{size}}", types: "{{types}}", subjectId: "{{subjectId}}" });
  }
  return { dir: pageDirection(locale), lang: locale, words };
}
