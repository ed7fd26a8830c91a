import { GraphQLResolveInfo, Kind, SelectionSetNode } from "graphql";
import type { Context } from "../context";

/** Names of the fields selected anywhere below the current field (through fragments too). */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    if (!set) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        names.add(sel.name.value);
        visit(sel.selectionSet);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet);
      } else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        visit(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

/**
 * Loads the cycles and KPIs of a list of results that the query asks for, one batched statement
 * each (the statement the field loaders would have run anyway), before the list's fields resolve: the
 * `cycle` and `kpi` fields of each result then answer synchronously instead of with a promise
 * per result and field, which on a list of thousands of results is most of the time spent.
 */
export async function preloadResultRelations(
  ctx: Context,
  selection: GraphQLResolveInfo | ReadonlySet<string>,
  rows: readonly { kpiId: number }[],
): Promise<void> {
  if (!rows.length) return;
  const names = selection instanceof Set ? selection : selectedFieldNames(selection as GraphQLResolveInfo);
  // Members need nothing: they are held in memory (ReferenceDirectory) and answer synchronously.
  await Promise.all([
    names.has("cycle") ? ctx.loaders.cycle.all() : undefined,
    names.has("kpi") || names.has("score")
      ? ctx.loaders.kpi.loadMany([...new Set(rows.map((r) => r.kpiId))])
      : undefined,
  ]);
}
