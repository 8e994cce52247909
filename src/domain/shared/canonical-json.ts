/**
 * Canonical JSON (the RFC 8785 "JCS" shape for the values the domain uses): object keys sorted by
 * UTF-16 code units, no whitespace, `undefined` members omitted. Equal data always gives the same
 * text, so its SHA-256 identifies content (PO-05: a confirmed order version is content-hashed).
 */
import { refuse } from "./errors.js";

/** The canonical text of a JSON-like value; refuses CANONICAL_JSON_UNSUPPORTED { path } otherwise. */
export function canonicalJson(value: unknown): string {
  return serialize(value, "$");
}

function serialize(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) return refuse("CANONICAL_JSON_UNSUPPORTED", { path });
      return JSON.stringify(value);
    case "object":
      if (Array.isArray(value)) return `[${value.map((item, i) => serialize(item, `${path}[${i}]`)).join(",")}]`;
      return serializeObject(value as Record<string, unknown>, path);
    default:
      return refuse("CANONICAL_JSON_UNSUPPORTED", { path });
  }
}

function serializeObject(value: Record<string, unknown>, path: string): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return refuse("CANONICAL_JSON_UNSUPPORTED", { path });
  const members = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${JSON.stringify(key)}:${serialize(value[key], `${path}.${key}`)}`);
  return `{${members.join(",")}}`;
}
