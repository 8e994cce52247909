/**
 * Snapshots are JSON. Aggregate states are plain data except for ReadonlyMap / ReadonlySet fields
 * (e.g. the ledger's frozen amount per order), which plain JSON would turn into `{}`; they are
 * written as tagged arrays and revived on load.
 */
const MAP_TAG = "$map";
const SET_TAG = "$set";

export function encodeState(state: unknown): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (value instanceof Map) return { [MAP_TAG]: [...value.entries()] };
    if (value instanceof Set) return { [SET_TAG]: [...value.values()] };
    return value;
  });
}

export function decodeState(json: string): unknown {
  return JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === MAP_TAG) return new Map((value as Record<string, [unknown, unknown][]>)[MAP_TAG]);
      if (keys.length === 1 && keys[0] === SET_TAG) return new Set((value as Record<string, unknown[]>)[SET_TAG]);
    }
    return value;
  });
}
