/**
 * The application layer's public surface: command builders (one per use case, each a CommandSpec for
 * the CommandRunner), `runCommand`, the queries, identity resolution and link codes, and the use-case
 * names buttons and forms carry.
 */
export { runCommand, type App, type RunOptions } from "./app.js";
export { actorOf, contextOf, type Actor } from "./actor.js";
export { randomIds, sequentialIds, type IdGenerator, type IdKind } from "./ids.js";
export { USE_CASE, type UseCaseName } from "./use-cases.js";
export type { ClaimRef, OrderRef } from "./commands/refs.js";
export * from "./commands/order-commands.js";
export * from "./commands/claim-commands.js";
export * from "./commands/party-commands.js";
export * from "./commands/message-commands.js";
export { loadOrder, loadClaim, orderRefOf, claimRefOf } from "./queries/load.js";
export { myOrdersAndCases, type MyItems, type MyOrder, type MyCase } from "./queries/my-items.js";
export { orderView, type OrderView } from "./queries/order-view.js";
export { caseSummary, type CaseSummary } from "./queries/case-summary.js";
export { caseMessages, caseTranscript } from "./queries/case-transcript.js";
export { escalatedCases, supplierLedger, type QueuedCase, type SupplierLedgerView } from "./queries/staff-queries.js";
export { whatCanIDoNow, orderActions, claimActions, type OpenAction, type Subject } from "./queries/what-can-i-do-now.js";
export { resolveParty, partyIdLinkedTo } from "./identity/resolve-party.js";
export { issueLinkCode, redeemLinkCode, looksLikeLinkCode, LINK_CODE_TTL_MS, type IssuedLinkCode } from "./identity/link-codes.js";
export { loadConversationState, saveConversationState, type ConversationKey, type StoredConversation } from "./conversations.js";
