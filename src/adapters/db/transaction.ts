/** The transaction handle every store function takes: Prisma's interactive-transaction client. */
import type { Prisma } from "../../generated/prisma/client.js";

export type Tx = Prisma.TransactionClient;

/** Converts a domain value (plain JSON data) to Prisma's JSON input type. */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
