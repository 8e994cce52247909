/**
 * Commands are validated by a zod schema per command (see README). A command that does not match its
 * schema is refused like any other rule: `COMMAND_INVALID` naming the offending fields, never a
 * ZodError leaking to the channel.
 */
import { z } from "zod";
import { refuse } from "./errors.js";

export function parseCommand<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.map(String).join(".") || "(command)"))];
    return refuse("COMMAND_INVALID", { fields });
  }
  return result.data;
}

/** An id of a new or existing thing, carried in a command. */
export const idSchema = z.string().min(1).max(200);

/** A staff member's or party's stated reason (recorded with the event; free text, not translated). */
export const reasonSchema = z.string().trim().min(1).max(2000);
