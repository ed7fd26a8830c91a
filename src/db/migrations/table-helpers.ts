import { Table, TableColumnOptions, TableForeignKeyOptions, TableIndexOptions } from "typeorm";

/**
 * Small builders over TypeORM's query-runner table API, so one migration runs on SQLite and
 * MySQL/MariaDB alike (generated migrations would be raw SQL of one dialect).
 */
export const id = (): TableColumnOptions => ({
  name: "id",
  // "integer": SQLite allows AUTOINCREMENT only on INTEGER PRIMARY KEY; MySQL reads it as INT.
  type: "integer",
  isPrimary: true,
  isGenerated: true,
  generationStrategy: "increment",
});
export const int = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: "int",
  isNullable: nullable,
});
export const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: "varchar",
  length: String(length),
  isNullable: nullable,
});
export const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: "text",
  isNullable: nullable,
});
export const bool = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: "boolean",
  isNullable: nullable,
});
export const double = (name: string, nullable = true): TableColumnOptions => ({
  name,
  type: "double",
  isNullable: nullable,
});
export const datetime = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: "datetime",
  isNullable: nullable,
});

export const fk = (
  column: string,
  table: string,
  onDelete: "CASCADE" | "RESTRICT" = "RESTRICT",
): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ["id"],
  onDelete,
});

export function table(
  name: string,
  columns: TableColumnOptions[],
  opts: { foreignKeys?: TableForeignKeyOptions[]; indices?: TableIndexOptions[]; uniques?: string[][] } = {},
): Table {
  return new Table({
    name,
    columns,
    foreignKeys: opts.foreignKeys,
    indices: [
      ...(opts.indices ?? []),
      ...(opts.uniques ?? []).map((cols) => ({
        name: `UQ_${name}_${cols.join("_")}`,
        columnNames: cols,
        isUnique: true,
      })),
    ],
  });
}

/** A join table with a composite primary key and an index on its second column for reverse lookups. */
export function joinTable(name: string, left: [string, string], right: [string, string]): Table {
  return new Table({
    name,
    columns: [
      { name: left[0], type: "int", isPrimary: true },
      { name: right[0], type: "int", isPrimary: true },
    ],
    foreignKeys: [fk(left[0], left[1], "CASCADE"), fk(right[0], right[1], "CASCADE")],
    indices: [{ name: `IDX_${name}_${right[0]}`, columnNames: [right[0]] }],
  });
}

/**
 * A column for a JSON document that may exceed 64 KB (a report release's cells): TEXT on SQLite (no limit),
 * LONGTEXT on MySQL/MariaDB, where TEXT stops at 64 KB.
 */
export const longText = (q: { connection: { options: { type: string } } }, name: string, nullable = false) => ({
  name,
  type: q.connection.options.type === "better-sqlite3" ? "text" : "longtext",
  isNullable: nullable,
});
