/** Reads the live catalog of the public schema into the same shape as readPrismaCatalog. */
import type { SqlExecutor } from "../../../src/adapters/db/sql-executor.js";
import type { CatalogSpec, ColumnSpec, ForeignKeySpec, IndexSpec } from "./prisma-schema.js";

const IGNORED_TABLES = new Set(["_prisma_migrations"]);

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

export async function readDatabaseCatalog(sql: SqlExecutor): Promise<CatalogSpec> {
  const columnRows = await sql.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped`);
  const indexRows = await sql.query<{ name: string; table: string; columns: string[]; unique: boolean; primary: boolean; predicate: string | null }>(`
    SELECT i.relname AS name, t.relname AS table,
           ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
           x.indisunique AS unique, x.indisprimary AS primary, pg_get_expr(x.indpred, x.indrelid) AS predicate
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'`);
  const fkRows = await sql.query<{ name: string; table: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string }>(`
    SELECT con.conname AS name, t.relname AS table, r.relname AS ref_table,
           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
           ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
           con.confdeltype AS on_delete
      FROM pg_constraint con
      JOIN pg_class t ON t.oid = con.conrelid
      JOIN pg_class r ON r.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
     WHERE con.contype = 'f'`);

  const columns: Record<string, ColumnSpec> = {};
  for (const r of columnRows) {
    if (IGNORED_TABLES.has(r.table)) continue;
    columns[`${r.table}.${r.column}`] = { type: r.type, nullable: r.nullable, default: r.default };
  }
  const indexes: Record<string, IndexSpec> = {};
  for (const r of indexRows) {
    if (IGNORED_TABLES.has(r.table)) continue;
    indexes[r.name] = { table: r.table, columns: r.columns, unique: r.unique, primary: r.primary, predicate: r.predicate };
  }
  const foreignKeys: Record<string, ForeignKeySpec> = {};
  for (const r of fkRows) {
    foreignKeys[r.name] = {
      table: r.table,
      columns: r.columns,
      referencedTable: r.ref_table,
      referencedColumns: r.ref_columns,
      onDelete: FK_ACTIONS[r.on_delete] ?? r.on_delete,
    };
  }
  return { columns, indexes, foreignKeys };
}
