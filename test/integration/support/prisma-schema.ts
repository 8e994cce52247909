/**
 * Reads prisma/schema.prisma into the catalog PostgreSQL should have after the migrations: tables,
 * columns (type, nullability, default), primary keys, unique and plain indexes (with partial-index
 * predicates) and foreign keys, named the way Prisma names them. Covers the subset of the Prisma
 * schema language this project uses; anything else is rejected loudly so the test cannot pass by
 * ignoring it.
 */
import { readFileSync } from "node:fs";

export interface ColumnSpec {
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
}

export interface IndexSpec {
  readonly table: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly primary: boolean;
  readonly predicate: string | null;
}

export interface ForeignKeySpec {
  readonly table: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: string;
}

export interface CatalogSpec {
  readonly columns: Record<string, ColumnSpec>; // "table.column"
  readonly indexes: Record<string, IndexSpec>; // index name
  readonly foreignKeys: Record<string, ForeignKeySpec>; // constraint name
}

interface Field {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly list: boolean;
  readonly attributes: string;
}

interface Model {
  readonly name: string;
  readonly fields: readonly Field[];
  readonly blockAttributes: readonly string[];
}

const SCALARS: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Float: "double precision",
  Bytes: "bytea",
};

const NATIVE: Record<string, (arg: string | undefined) => string> = {
  Timestamptz: (n) => `timestamp(${n ?? 6}) with time zone`,
  Char: (n) => `character(${n ?? 1})`,
  VarChar: (n) => (n ? `character varying(${n})` : "character varying"),
  Text: () => "text",
  Uuid: () => "uuid",
};

const ON_DELETE: Record<string, string> = { Cascade: "CASCADE", Restrict: "RESTRICT", SetNull: "SET NULL", NoAction: "NO ACTION" };

function stripComments(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, ""))
    .join("\n");
}

function parseModels(text: string): Model[] {
  const models: Model[] = [];
  for (const match of stripComments(text).matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, name = "", body = ""] = match;
    const fields: Field[] = [];
    const blockAttributes: string[] = [];
    for (const raw of body.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith("@@")) {
        blockAttributes.push(line);
        continue;
      }
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!m) throw new Error(`schema.prisma: cannot read field line "${line}" in model ${name}`);
      fields.push({ name: m[1] ?? "", type: m[2] ?? "", list: Boolean(m[3]), optional: Boolean(m[4]), attributes: m[5] ?? "" });
    }
    models.push({ name, fields, blockAttributes });
  }
  return models;
}

const mapOf = (attributes: string): string | undefined => /@map\("([^"]+)"\)/.exec(attributes)?.[1];
const listArg = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function readPrismaCatalog(schemaPath: string): CatalogSpec {
  const models = parseModels(readFileSync(schemaPath, "utf8"));
  const tableOf = new Map<string, string>();
  for (const model of models) {
    const mapped = model.blockAttributes.map((a) => /^@@map\("([^"]+)"\)/.exec(a)?.[1]).find(Boolean);
    tableOf.set(model.name, mapped ?? model.name);
  }
  const columns: Record<string, ColumnSpec> = {};
  const indexes: Record<string, IndexSpec> = {};
  const foreignKeys: Record<string, ForeignKeySpec> = {};

  for (const model of models) {
    const table = tableOf.get(model.name) ?? model.name;
    const columnOf = new Map<string, string>();
    for (const field of model.fields) {
      if (tableOf.has(field.type)) {
        const relation = /@relation\(fields:\s*\[([^\]]+)\],\s*references:\s*\[([^\]]+)\](?:,\s*onDelete:\s*(\w+))?/.exec(field.attributes);
        if (!relation) continue; // the back-relation side: no column
        const own = listArg(relation[1] ?? "");
        const refModel = models.find((m) => m.name === field.type);
        const refColumns = listArg(relation[2] ?? "").map((f) => mapOf(refModel?.fields.find((x) => x.name === f)?.attributes ?? "") ?? f);
        const ownColumns = own.map((f) => mapOf(model.fields.find((x) => x.name === f)?.attributes ?? "") ?? f);
        foreignKeys[`${table}_${ownColumns.join("_")}_fkey`] = {
          table,
          columns: ownColumns,
          referencedTable: tableOf.get(field.type) ?? field.type,
          referencedColumns: refColumns,
          onDelete: ON_DELETE[relation[3] ?? "Restrict"] ?? "RESTRICT",
        };
        continue;
      }
      if (field.list) throw new Error(`schema.prisma: scalar lists are not supported by this reader (${model.name}.${field.name})`);
      const column = mapOf(field.attributes) ?? field.name;
      columnOf.set(field.name, column);
      const native = /@db\.(\w+)(?:\((\d+)\))?/.exec(field.attributes);
      const type = native ? NATIVE[native[1] ?? ""]?.(native[2]) : SCALARS[field.type];
      if (!type) throw new Error(`schema.prisma: unsupported type ${field.type} ${native?.[0] ?? ""} (${model.name}.${field.name})`);
      columns[`${table}.${column}`] = { type, nullable: field.optional, default: defaultOf(field.attributes, table, column, type) };
      if (/@id\b/.test(field.attributes)) {
        indexes[`${table}_pkey`] = { table, columns: [column], unique: true, primary: true, predicate: null };
      }
      if (/@unique\b/.test(field.attributes)) {
        indexes[`${table}_${column}_key`] = { table, columns: [column], unique: true, primary: false, predicate: null };
      }
    }
    for (const attribute of model.blockAttributes) {
      const m = /^@@(id|unique|index)\(\[([^\]]+)\](.*)\)$/.exec(attribute);
      if (!m) {
        if (attribute.startsWith("@@map(")) continue;
        throw new Error(`schema.prisma: unsupported block attribute ${attribute} in ${model.name}`);
      }
      const kind = m[1];
      const cols = listArg(m[2] ?? "").map((f) => columnOf.get(f) ?? f);
      const rest = m[3] ?? "";
      const name = /map:\s*"([^"]+)"/.exec(rest)?.[1] ?? (kind === "id" ? `${table}_pkey` : `${table}_${cols.join("_")}_${kind === "unique" ? "key" : "idx"}`);
      const predicate = /where:\s*raw\("((?:[^"\\]|\\.)*)"\)/.exec(rest)?.[1] ?? null;
      indexes[name] = { table, columns: cols, unique: kind !== "index", primary: kind === "id", predicate };
    }
  }
  return { columns, indexes, foreignKeys };
}

function defaultOf(attributes: string, table: string, column: string, type: string): string | null {
  const m = /@default\(((?:[^()]|\([^()]*\))*)\)/.exec(attributes);
  if (!m) return null;
  const value = (m[1] ?? "").trim();
  if (value === "now()") return "CURRENT_TIMESTAMP";
  if (value === "autoincrement()") return `nextval('${table}_${column}_seq'::regclass)`;
  if (/^"(.*)"$/.test(value)) return `'${value.slice(1, -1)}'::${type === "text" ? "text" : type}`;
  if (/^(true|false|-?\d+(\.\d+)?)$/.test(value)) return value;
  throw new Error(`schema.prisma: unsupported default ${value} (${table}.${column})`);
}
