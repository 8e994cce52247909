/**
 * Old buttons and forms stay on screen and may be pressed long after the case moved on. Their answer
 * says what changed and what can be done now — never a garbled refusal ("Order  was not found." for
 * a form whose case reference was lost, "There is no claim ." with the id missing).
 */
import type { DomainError } from "../../domain/shared/errors.js";

/** A refusal because the command named no case at all: the form or button is stale, not the case unknown. */
export function isMissingCaseReference(error: DomainError): boolean {
  return (error.code === "ORDER_NOT_FOUND" && !error.params["orderId"]) || (error.code === "CLAIM_NOT_FOUND" && !error.params["claimId"]);
}

/** Refusals meaning the case has moved on since the button was shown (another state, version or turn). */
const MOVED_ON = /WRONG_STATUS|ILLEGAL_TRANSITION|STALE|NOT_CURRENT|ALREADY|NOT_YOUR_TURN|CLOSED|NOT_RUNNING|NO_REFUND_DUE|NO_PENDING|NOT_PENDING/;

export function meansCaseMovedOn(error: DomainError): boolean {
  return MOVED_ON.test(error.code);
}
