/** The Clock port (system + controllable) and the filesystem blob store for evidence bytes. */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobCorruptedError, BlobNotFoundError } from "../../src/adapters/blob/blob-store.js";
import { FileSystemBlobStore, sha256Hex } from "../../src/adapters/blob/fs-blob-store.js";
import { ManualClock, systemClock } from "../../src/adapters/clock/clock.js";
import { temporaryDirectory } from "./support/backends.js";

describe("clock", () => {
  it("the system clock reads the current UTC instant as ISO-8601", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(now)).toBeGreaterThanOrEqual(before);
  });

  it("the manual clock stands still until set or advanced, and only moves forward when advanced", () => {
    const clock = new ManualClock("2026-03-02T08:00:00+01:00");
    expect(clock.now()).toBe("2026-03-02T07:00:00.000Z");
    expect(clock.now()).toBe("2026-03-02T07:00:00.000Z");
    expect(clock.advance(90_000)).toBe("2026-03-02T07:01:30.000Z");
    clock.set("2026-04-01T00:00:00.000Z");
    expect(clock.now()).toBe("2026-04-01T00:00:00.000Z");
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe("filesystem blob store", () => {
  let directory: { dir: string; remove(): Promise<void> };
  let store: FileSystemBlobStore;
  beforeAll(async () => {
    directory = await temporaryDirectory("tab-blobs-");
    store = new FileSystemBlobStore(directory.dir);
  });
  afterAll(async () => {
    await directory.remove();
  });

  it("stores bytes under their SHA-256, once, and reads them back verified", async () => {
    const photo = new TextEncoder().encode("broken carton, photo 1");
    const stored = await store.put(photo);
    expect(stored).toEqual({ key: sha256Hex(photo), sha256: sha256Hex(photo), sizeBytes: photo.byteLength });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.put(photo)).toEqual(stored);
    expect(Buffer.from(await store.get(stored.key)).toString()).toBe("broken carton, photo 1");
    expect(await readFile(path.join(directory.dir, stored.key.slice(0, 2), stored.key), "utf8")).toBe("broken carton, photo 1");
  });

  it("refuses unknown keys and bytes that no longer match their hash", async () => {
    await expect(store.get("0".repeat(64))).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get("../../etc/passwd")).rejects.toBeInstanceOf(BlobNotFoundError);
    const stored = await store.put(new TextEncoder().encode("invoice.pdf"));
    await writeFile(path.join(directory.dir, stored.key.slice(0, 2), stored.key), "tampered");
    await expect(store.get(stored.key)).rejects.toBeInstanceOf(BlobCorruptedError);
  });
});
