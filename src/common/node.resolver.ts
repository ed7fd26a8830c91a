import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Node } from "./node.type";
import { fromGlobalId, parseNodeId } from "./global-id";
import { badInput, clip } from "./errors";
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
  if (!fromGlobalId(id)) throw badInput(`'${clip(id, 64)}' is not a valid id`, { argument: "id" });
  const parsed = parseNodeId(id);
  const loader = parsed && ctx.loaders.nodes[parsed.typename];
  return loader ? loader.load(parsed.pk) : null;
}
