/**
 * Filesystem BlobStore under a root directory (default ./data/blobs): files at
 * `<root>/<first two hex digits>/<sha256>`, written to a temporary name and renamed into place so a
 * crash never leaves a partial blob under its final name.
 */
import { createHash, randomUUID } from "node:crypto";
import { access, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { BlobCorruptedError, BlobNotFoundError, type BlobStore, type StoredBlob } from "./blob-store.js";

export const DEFAULT_BLOB_DIR = "./data/blobs";

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export class FileSystemBlobStore implements BlobStore {
  constructor(private readonly root: string = DEFAULT_BLOB_DIR) {}

  #pathOf(key: string): string {
    if (!SHA256_HEX.test(key)) throw new BlobNotFoundError(key);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes);
    const target = this.#pathOf(sha256);
    if (!(await this.has(sha256))) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes, { flag: "wx" });
      await rename(temporary, target);
    }
    return { key: sha256, sha256, sizeBytes: bytes.byteLength };
  }

  async get(key: string): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(this.#pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(key);
      throw error;
    }
    if (sha256Hex(bytes) !== key) throw new BlobCorruptedError(key);
    return bytes;
  }

  async has(key: string): Promise<boolean> {
    try {
      await access(this.#pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}
