import { Field, ID, InterfaceType } from "type-graphql";

/** Relay's Node: every entity type has an id unique across the schema, so client caches normalize by it. */
@InterfaceType({ description: "An object with a schema-wide unique, opaque id (Relay Global Object Identification)." })
export abstract class Node {
  @Field(() => ID, { description: "Opaque id, unique across the schema. Use `code` as the human key." })
  id!: string;
}
