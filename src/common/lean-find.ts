import { DataSource, EntityTarget, ObjectLiteral, QueryFailedError } from "typeorm";
import { MysqlDriver } from "typeorm/driver/mysql/MysqlDriver";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/**
 * Entities of one table from a statement written by the caller, hydrated by TypeORM's own per-driver
 * conversions (`prepareHydratedValue`: booleans, dates, simple-json per engine) but not its general entity
 * transformer: these entities have columns only (no relations, no embeddeds), and the general transformer
 * recomputes every column's alias for every row, which dominated reading thousands of results.
 *
 * `tail` follows `SELECT <columns> FROM <table> e` (JOIN, WHERE, ORDER BY) with `?` parameters, as both
 * drivers take them. For the reads every request makes: building a statement through TypeORM's query builder
 * cost more than running it.
 */
export async function leanSelect<E extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<E>,
  tail: string,
  params: unknown[],
  only?: ReadonlySet<string>,
): Promise<E[]> {
  const s = shape(ds, target, only);
  return s.hydrate(await select(ds, `${s.select} ${tail}`, params));
}

/**
 * Plain rows of a statement written by the caller (`?` parameters), read as `select` reads them: for large
 * reads whose rows are used as they come (aggregates over thousands of results), with no entity made per row.
 */
export function leanRows<R>(ds: DataSource, sql: string, params: unknown[]): Promise<R[]> {
  return select(ds, sql, params) as Promise<R[]>;
}

/**
 * On MySQL/MariaDB, as a prepared statement (mysql2's `execute`, statements cached per connection, see
 * data-source.ts): the binary protocol hands over numbers without the text protocol's digit-by-digit
 * parsing, and the server skips parsing the statement; on one KPI across 1,830 Members that took the
 * client's time for the statement from 4.1 to 1.7 ms and the round trip from 14 to 10 ms. Logged and
 * counted like every statement TypeORM runs; failures are TypeORM's QueryFailedError as elsewhere.
 */
async function select(ds: DataSource, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const pool = ds.driver instanceof MysqlDriver ? (ds.driver.pool as MysqlPool | undefined) : undefined;
  if (!pool) return ds.query(sql, params);
  ds.logger.logQuery(sql, params);
  const started = Date.now();
  try {
    return await new Promise((resolve, reject) =>
      pool.execute(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as Record<string, unknown>[]))),
    );
  } catch (err) {
    ds.logger.logQueryError(err as Error, sql, params);
    throw new QueryFailedError(sql, params, err as Error);
  } finally {
    const ms = Date.now() - started;
    const slow = ds.options.maxQueryExecutionTime;
    if (slow && ms > slow) ds.logger.logQuerySlow(ms, sql, params);
  }
}

/** The part of mysql2's callback pool (TypeORM's MysqlDriver.pool) used here. */
interface MysqlPool {
  execute(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
}

/** Entities by primary key (any order). */
export function leanById<E extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<E>,
  ids: readonly number[],
): Promise<E[]> {
  const pk = ds.driver.escape(ds.getMetadata(target).primaryColumns[0].databaseName);
  return leanSelect(ds, target, `WHERE e.${pk} IN (${placeholders(ids.length)})`, [...ids]);
}

/** `?, ?, ?` for an IN list (never empty: callers return early on no ids). */
export const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

interface Shape<E> {
  columns: { column: ColumnMetadata; key: string }[];
  Target: new () => E;
  select: string;
  hydrate: (raws: Record<string, unknown>[]) => E[];
}

// Column types the driver already returns as the entity holds them (TypeORM's prepareHydratedValue leaves
// them as they are on both engines, when the column has no transformer).
const AS_READ = new Set<unknown>(["int", "integer", "double", "float", "varchar", "char", "text"]);

// Per data source, entity and column set (the sets are module constants, so their identity is the key).
const shapes = new WeakMap<DataSource, Map<unknown, Map<ReadonlySet<string> | undefined, Shape<ObjectLiteral>>>>();

function shape<E extends ObjectLiteral>(ds: DataSource, target: EntityTarget<E>, only?: ReadonlySet<string>): Shape<E> {
  let byTarget = shapes.get(ds);
  if (!byTarget) shapes.set(ds, (byTarget = new Map()));
  let byColumns = byTarget.get(target);
  if (!byColumns) byTarget.set(target, (byColumns = new Map()));
  let s = byColumns.get(only);
  if (!s) {
    const meta = ds.getMetadata(target);
    const q = (name: string) => ds.driver.escape(name);
    const columns = meta.columns
      .map((column, i) => ({ column, key: `c${i}` }))
      .filter(({ column }) => !only || only.has(column.propertyName));
    const select = `SELECT ${columns.map(({ column, key }) => `e.${q(column.databaseName)} AS ${q(key)}`).join(", ")} FROM ${q(meta.tableName)} e`;
    const Target = meta.target as new () => ObjectLiteral;
    s = { columns, Target, select, hydrate: hydrator(ds, Target, columns) };
    byColumns.set(only, s);
  }
  return s as Shape<E>;
}

/**
 * Rows to entities, by a function generated once per shape (as mysql2 generates its row parsers): named
 * property reads and writes instead of a loop over column keys, which on thousands of rows per request was
 * a sixth of the time (keyed access to objects of many shapes). Names come from entity metadata only.
 */
function hydrator<E extends ObjectLiteral>(
  ds: DataSource,
  Target: new () => E,
  columns: Shape<E>["columns"],
): Shape<E>["hydrate"] {
  const driver = ds.driver;
  const convert = columns.map(({ column }) =>
    AS_READ.has(column.type) && !column.transformer ? null : (v: unknown) => driver.prepareHydratedValue(v, column),
  );
  const body = columns
    .map(({ column, key }, i) => {
      const to = `e[${JSON.stringify(column.propertyName)}]`;
      const read = `v = r[${JSON.stringify(key)}];`;
      // Booleans (tinyint on MySQL, integer on SQLite) as prepareHydratedValue turns them on both engines.
      if (column.type === "boolean" && !column.transformer)
        return `${read} if (v !== undefined) ${to} = v === null ? null : !!v;`;
      return convert[i]
        ? `${read} if (v !== undefined) ${to} = convert[${i}](v);`
        : `${read} if (v !== undefined) ${to} = v;`;
    })
    .join("\n      ");
  const make = new Function(
    "Target",
    "convert",
    `return function hydrate(raws) {
    const out = new Array(raws.length);
    for (let i = 0; i < raws.length; i++) {
      const r = raws[i];
      const e = new Target();
      let v;
      ${body}
      out[i] = e;
    }
    return out;
  };`,
  ) as (T: new () => E, c: typeof convert) => Shape<E>["hydrate"];
  return make(Target, convert);
}
