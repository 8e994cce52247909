/**
 * The names of the application's use cases and queries. A chat button or form carries one of these as
 * its actionId / formId, so a click maps straight to a command; `whatCanIDoNow` answers with them.
 * Defined in the domain (notifications name the same buttons); re-exported here for the adapters.
 */
export { USE_CASE, type UseCaseName } from "../domain/notifications/action-ids.js";
