/** The transaction handle every store function takes: Prisma's interactive-transaction client. */
import { toInstant, type Instant } from "../../domain/shared/time.js";
import type { Prisma } from "../../generated/prisma/client.js";

export type Tx = Prisma.TransactionClient;

/** Converts a domain value (plain JSON data) to Prisma's JSON input type. */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

/** A timestamp column as an Instant: Prisma gives a Date, a raw query may give a string. */
export function instantOfColumn(value: Date | string): Instant {
  return toInstant(new Date(value));
}
