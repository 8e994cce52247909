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
  signOut: ["common:webchat.signOut", "Sign out"],
  signedInAs: ["common:webchat.signedInAs", "Signed in as"],
  you: ["common:webchat.you", "You"],
  bot: ["common:webchat.bot", "Trade Assurance"],
  uploadLimits: ["common:webchat.uploadLimits", "Up to {{size}} per file. Accepted: {{types}}"],
  uploading: ["common:webchat.uploading", "Uploading…"],
  required: ["common:webchat.required", "required"],
  live: ["common:webchat.live", "Live updates on"],
  reconnecting: ["common:webchat.reconnecting", "Reconnecting…"],
  overdue: ["common:webchat.overdue", "overdue"],
  download: ["common:webchat.download", "Download"],
  openThread: ["common:webchat.openThread", "Open this order or claim: what you type next goes to the other party"],
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
};

export function pageWords(renderer: DisplayRenderer, locale: string): { dir: "ltr" | "rtl"; lang: string; words: Record<string, string> } {
  const reader = { locale, timeZone: "UTC" };
  const words: Record<string, string> = {};
  for (const [name, [key, fallback]] of Object.entries(PAGE_WORDS)) {
    words[name] = renderer.word(reader, key, fallback, { size: "{{size}}", types: "{{types}}" });
  }
  return { dir: pageDirection(locale), lang: locale, words };
}
