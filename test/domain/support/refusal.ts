/** The DomainError a use case refuses with; any other error, or none, fails the test. */
import { DomainError } from "../../../src/domain/shared/errors.js";

export function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError, nothing was thrown");
}

/** The stable code of the refusal. */
export const codeOf = (run: () => unknown): string => refusal(run).code;
