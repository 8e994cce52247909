/**
 * Migrations vs schema.prisma: every migration applied to an empty database must yield exactly the
 * tables, columns (type, nullability, default), primary keys, unique and other indexes (partial
 * predicates included) and foreign keys that schema.prisma declares — so a schema edit without its
 * migration (or the reverse) fails CI.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/db/database.js";
import { migrate, readMigrations } from "../../src/adapters/db/migrator.js";
import { readDatabaseCatalog } from "./support/catalog.js";
import { createScratchPostgresDatabase, DATABASE_URL } from "./support/backends.js";
import { readPrismaCatalog, type CatalogSpec } from "./support/prisma-schema.js";

const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

async function expectCatalogMatchesSchema(db: Database): Promise<void> {
  const report = await migrate(db.sql, await readMigrations());
  expect(report.applied.length).toBeGreaterThan(0);
  const expected: CatalogSpec = readPrismaCatalog(SCHEMA);
  const actual = await readDatabaseCatalog(db.sql);
  expect(Object.keys(actual.columns).sort()).toEqual(Object.keys(expected.columns).sort());
  expect(actual.columns).toEqual(expected.columns);
  expect(Object.keys(actual.indexes).sort()).toEqual(Object.keys(expected.indexes).sort());
  expect(actual.indexes).toEqual(expected.indexes);
  expect(actual.foreignKeys).toEqual(expected.foreignKeys);
}

describe("schema catalog", () => {
  it("the schema reader sees the deadline table's partial index and the event store's unique key", () => {
    const expected = readPrismaCatalog(SCHEMA);
    expect(expected.indexes["deadlines_due_idx"]).toEqual({
      table: "deadlines",
      columns: ["fire_at"],
      unique: false,
      primary: false,
      predicate: "(status = 'pending'::text)",
    });
    expect(expected.indexes["domain_events_stream_version_key"]?.unique).toBe(true);
    expect(expected.columns["domain_events.position"]?.default).toBe("nextval('domain_events_position_seq'::regclass)");
  });

  it("PGlite: migrations applied to an empty database match schema.prisma", async () => {
    const db = await openDatabase({ pgliteDataDir: "memory://" });
    try {
      await expectCatalogMatchesSchema(db);
    } finally {
      await db.close();
    }
  });

  describe.skipIf(!DATABASE_URL)("PostgreSQL", () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups) await cleanup();
    });

    it("PostgreSQL: migrations applied to an empty database match schema.prisma", async () => {
      const scratch = await createScratchPostgresDatabase();
      cleanups.push(scratch.drop);
      const db = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
      try {
        await expectCatalogMatchesSchema(db);
      } finally {
        await db.close();
      }
    });
  });
});
