/**
 * The BlobStore in the database (issue 10), used whenever DATABASE_URL is set: every replica reads
 * what any replica stored, and the bytes are as durable as the rest of the case file. Content-
 * addressed by SHA-256 like the filesystem store: a blob is split into chunks of at most 1 MiB
 * (`blob_chunks`, bytea), written one statement each — never one 20 MB parameter — and its head row
 * (`blobs`) is written last, so a blob with a head is complete; storing the same bytes twice, even
 * from two replicas at once, writes nothing new. Reading hashes the chunks as they arrive and
 * refuses bytes that do not match their key (BlobCorruptedError).
 */
import { createHash } from "node:crypto";
import type { SqlExecutor } from "../db/sql-executor.js";
import { BlobCorruptedError, BlobNotFoundError, type BlobStore, type StoredBlob } from "./blob-store.js";

export const BLOB_CHUNK_BYTES = 1024 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;

interface HeadRow {
  size_bytes: string | number | bigint;
  chunk_count: number;
}

export class PostgresBlobStore implements BlobStore {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly now: () => string,
    private readonly chunkBytes: number = BLOB_CHUNK_BYTES,
  ) {}

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const stored = { key: sha256, sha256, sizeBytes: bytes.byteLength };
    if (await this.has(sha256)) return stored;
    const chunkCount = Math.max(1, Math.ceil(bytes.byteLength / this.chunkBytes));
    for (let index = 0; index < chunkCount; index++) {
      const chunk = bytes.subarray(index * this.chunkBytes, Math.min(bytes.byteLength, (index + 1) * this.chunkBytes));
      await this.sql.query(`INSERT INTO blob_chunks (sha256, chunk_index, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256, chunk_index) DO NOTHING`, [
        sha256,
        index,
        Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
      ]);
    }
    await this.sql.query(
      `INSERT INTO blobs (sha256, size_bytes, chunk_count, created_at) VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, bytes.byteLength, chunkCount, this.now()],
    );
    return stored;
  }

  async get(key: string): Promise<Uint8Array> {
    const blob = await this.open(key);
    const bytes = new Uint8Array(blob.sizeBytes);
    let offset = 0;
    for await (const chunk of blob.chunks) {
      if (offset + chunk.byteLength > bytes.byteLength) throw new BlobCorruptedError(key);
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  /**
   * The blob's size and its bytes chunk by chunk (one chunk in memory at a time, for streaming a
   * download). The chunks are hashed as they go; after the last one a SHA-256 or size mismatch
   * throws BlobCorruptedError — a response already under way must then be cut off.
   */
  async open(key: string): Promise<{ readonly sizeBytes: number; readonly chunks: AsyncIterable<Uint8Array> }> {
    if (!SHA256_HEX.test(key)) throw new BlobNotFoundError(key);
    const [head] = await this.sql.query<HeadRow>(`SELECT size_bytes, chunk_count FROM blobs WHERE sha256 = $1`, [key]);
    if (!head) throw new BlobNotFoundError(key);
    const sizeBytes = Number(head.size_bytes);
    const sql = this.sql;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const hash = createHash("sha256");
      let total = 0;
      for (let index = 0; index < (head?.chunk_count ?? 0); index++) {
        const [row] = await sql.query<{ bytes: Uint8Array }>(`SELECT bytes FROM blob_chunks WHERE sha256 = $1 AND chunk_index = $2`, [key, index]);
        if (!row) throw new BlobCorruptedError(key);
        const chunk = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
        hash.update(chunk);
        total += chunk.byteLength;
        yield chunk;
      }
      if (total !== sizeBytes || hash.digest("hex") !== key) throw new BlobCorruptedError(key);
    }
    return { sizeBytes, chunks: chunks() };
  }

  async has(key: string): Promise<boolean> {
    if (!SHA256_HEX.test(key)) return false;
    const rows = await this.sql.query(`SELECT 1 FROM blobs WHERE sha256 = $1`, [key]);
    return rows.length > 0;
  }
}
