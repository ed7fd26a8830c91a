import DataLoader from "dataloader";
import { DataSource, EntityTarget, In, ObjectLiteral } from "typeorm";

/**
 * Loader factories shared by every concept: each relation field is batched into one statement per
 * request and level, whatever the number of parents.
 */
type WithPk = ObjectLiteral & { pk: number };

export function loaderById<E extends WithPk>(ds: DataSource, entity: EntityTarget<E>): DataLoader<number, E | null> {
  return new DataLoader(async (ids) => {
    const rows = await ds.getRepository(entity).findBy({ pk: In([...ids]) } as never);
    const byId = new Map(rows.map((r) => [r.pk, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Children grouped by a foreign key column, ordered by `orderBy` (then pk). */
export function loaderByParent<E extends WithPk>(
  ds: DataSource,
  entity: EntityTarget<E>,
  parentColumn: keyof E & string,
  orderBy: keyof E & string = "pk",
): DataLoader<number, E[]> {
  return new DataLoader(async (parentIds) => {
    const rows = await ds.getRepository(entity).find({
      where: { [parentColumn]: In([...parentIds]) } as never,
      order: { [orderBy]: "ASC", pk: "ASC" } as never,
    });
    const groups = new Map<number, E[]>(parentIds.map((id) => [id, []]));
    for (const r of rows) groups.get(r[parentColumn] as number)?.push(r);
    return parentIds.map((id) => groups.get(id)!);
  });
}

/**
 * Many-to-many through a join table: one statement for the join rows, then the targets through
 * their own by-id loader (batched with every other use of it in the request). Targets come in pk order.
 */
export function loaderThrough<J extends ObjectLiteral, T extends WithPk>(
  ds: DataSource,
  join: EntityTarget<J>,
  ownerKey: keyof J & string,
  targetKey: keyof J & string,
  targets: DataLoader<number, T | null>,
): DataLoader<number, T[]> {
  return new DataLoader(async (ownerIds) => {
    const links = await ds.getRepository(join).findBy({ [ownerKey]: In([...ownerIds]) } as never);
    const found = await targets.loadMany([...new Set(links.map((l) => l[targetKey] as number))]);
    const byId = new Map<number, T>();
    for (const t of found) if (t && !(t instanceof Error)) byId.set(t.pk, t);
    const groups = new Map<number, T[]>(ownerIds.map((id) => [id, []]));
    for (const l of links) {
      const t = byId.get(l[targetKey] as number);
      if (t) groups.get(l[ownerKey] as number)?.push(t);
    }
    return ownerIds.map((id) => groups.get(id)!.sort((a, b) => a.pk - b.pk));
  });
}
