/** Ids of new things (orders, claims, messages…) come in the command; the app layer makes them here. */
import { randomUUID } from "node:crypto";

export type IdKind = "order" | "claim" | "message" | "evidence-request";

export interface IdGenerator {
  next(kind: IdKind): string;
}

const PREFIX: Readonly<Record<IdKind, string>> = { order: "PO", claim: "CL", message: "MSG", "evidence-request": "ER" };

/** Production: short readable prefix + random UUID tail. */
export const randomIds: IdGenerator = {
  next: (kind) => `${PREFIX[kind]}-${randomUUID().slice(0, 8).toUpperCase()}`,
};

/** Tests and demos: PO-1, PO-2, CL-1… — transcripts stay stable. */
export function sequentialIds(): IdGenerator {
  const counters = new Map<IdKind, number>();
  return {
    next(kind) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${PREFIX[kind]}-${n}`;
    },
  };
}
