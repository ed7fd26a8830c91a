import { defaultFieldResolver, type GraphQLField, type GraphQLFieldResolver } from "graphql";

type Resolver = GraphQLFieldResolver<unknown, unknown>;

/** Each wrapper made by wrapResolver, to the resolver it runs. */
const inner = new WeakMap<Resolver, Resolver>();

/**
 * The one way a step after the schema's build changes a field's resolver: it wraps it, and the wrapper runs it
 * (the permission rules, the list budget, the carrying of a result's relations). A step never replaces a
 * resolver: test/unit/field-resolvers.test.ts unwraps every field of the served schemas back to what the
 * build made and fails if one was lost.
 */
export function wrapResolver(
  field: GraphQLField<unknown, unknown>,
  wrap: (resolve: GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>) => Resolver,
): void {
  const resolve = (field.resolve ?? defaultFieldResolver) as Resolver;
  const wrapper = wrap(resolve as GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>);
  inner.set(wrapper, resolve);
  field.resolve = wrapper;
}

/** What a field's resolver wraps, all the way down (the default resolver for a field without one). */
export function innermostResolver(resolve: Resolver | undefined): Resolver {
  let r = resolve ?? (defaultFieldResolver as Resolver);
  for (let next = inner.get(r); next; next = inner.get(r)) r = next;
  return r;
}
