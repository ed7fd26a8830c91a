import type { DataSource, ObjectLiteral } from "typeorm";

/** A table's and some of its columns' names, escaped for the data source's engine. */
export interface ColumnNames<K extends string> {
  table: string;
  col: Readonly<Record<K, string>>;
}

/**
 * Names for SQL written by hand (the lean reads: lean-find.ts), from TypeORM's entity metadata rather than
 * assumed equal to the property names: a column renamed in its entity (`@Column({ name })`) is followed, a
 * property renamed or removed fails to compile (the names are typed by the entity), and a property that is
 * no column fails the server's start (resolveEntityColumns), not the first request that needs it.
 */
export interface EntityColumns<K extends string> {
  of(ds: DataSource): ColumnNames<K>;
}

// Every set declared by the modules loaded, for resolveEntityColumns: module constants, fixed once loaded.
const declared: EntityColumns<string>[] = [];

export function entityColumns<E extends ObjectLiteral, const K extends keyof E & string>(
  target: new () => E,
  properties: readonly K[],
): EntityColumns<K> {
  const resolved = new WeakMap<DataSource, ColumnNames<K>>();
  const set: EntityColumns<K> = {
    of(ds) {
      let names = resolved.get(ds);
      if (!names) {
        const meta = ds.getMetadata(target);
        const col = {} as Record<K, string>;
        for (const p of properties) {
          const column = meta.findColumnWithPropertyName(p);
          if (!column)
            throw new Error(`${meta.name}.${p} is not a column of ${meta.tableName}: SQL reading it cannot run`);
          col[p] = ds.driver.escape(column.databaseName);
        }
        names = Object.freeze({ table: ds.driver.escape(meta.tableName), col: Object.freeze(col) });
        resolved.set(ds, names);
      }
      return names;
    },
  };
  declared.push(set);
  return set;
}

/** Resolves every declared set against the data source's metadata: run once at start, so a missing column stops it. */
export function resolveEntityColumns(ds: DataSource): void {
  for (const d of declared) d.of(ds);
}
