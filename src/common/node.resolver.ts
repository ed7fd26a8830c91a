import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Node } from "./node.type";
import { fromGlobalId } from "./global-id";
import { badInput } from "./errors";
import { MAX_NODES } from "../http/limits";

/** Relay's refetch entry points; objects fetched here pass through the same types, so the same guards. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its opaque id; null when it does not exist." })
  node(@Ctx() ctx: Context, @Arg("id", () => ID) id: string): Promise<Node | null> {
    return fetchNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: `Objects by opaque id, in the order asked (null where none); at most ${MAX_NODES}.`,
  })
  nodes(@Ctx() ctx: Context, @Arg("ids", () => [ID]) ids: string[]): Promise<(Node | null)[]> {
    if (ids.length > MAX_NODES)
      throw badInput(`nodes takes at most ${MAX_NODES} ids, got ${ids.length}`, { argument: "ids" });
    return Promise.all(ids.map((id) => fetchNode(ctx, id)));
  }
}

async function fetchNode(ctx: Context, id: string): Promise<Node | null> {
  const parsed = fromGlobalId(id);
  if (!parsed) throw badInput(`'${id.slice(0, 64)}' is not a valid id`, { argument: "id" });
  const loader = ctx.loaders.nodes[parsed.typename];
  const pk = Number(parsed.key);
  if (!loader || !Number.isSafeInteger(pk) || pk <= 0) return null;
  return loader.load(pk);
}
