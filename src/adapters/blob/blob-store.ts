/**
 * The blob store port: evidence bytes, content-addressed by SHA-256 (the hash the evidence row
 * records), so the same file stored twice takes one blob and a stored blob cannot change.
 */
export interface StoredBlob {
  /** Key to read it back (the hex SHA-256). */
  readonly key: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface BlobStore {
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /** The bytes, verified against their hash; throws BlobNotFoundError / BlobCorruptedError. */
  get(key: string): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob ${key} not found`);
    this.name = "BlobNotFoundError";
  }
}

export class BlobCorruptedError extends Error {
  constructor(readonly key: string) {
    super(`blob ${key} does not match its SHA-256`);
    this.name = "BlobCorruptedError";
  }
}
