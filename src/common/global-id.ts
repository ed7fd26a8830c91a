import { badInput, clip } from "./errors";
/**
 * Opaque, schema-wide unique ids (Relay Global Object Identification): base64url of "Type:key".
 * Clients must treat them as opaque; `code` stays the human key.
 */
export function toGlobalId(typename: string, key: number | string): string {
  return Buffer.from(`${typename}:${key}`, "utf8").toString("base64url");
}

export function fromGlobalId(id: string): { typename: string; key: string } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const sep = decoded.indexOf(":");
  if (sep <= 0 || sep === decoded.length - 1) return null;
  const typename = decoded.slice(0, sep);
  if (!/^[A-Z][A-Za-z]+$/.test(typename)) return null;
  return { typename, key: decoded.slice(sep + 1) };
}

/** The database key an id names: a well-formed id with a positive integer key, else null. */
export function parseNodeId(id: string): { typename: string; pk: number } | null {
  const parsed = fromGlobalId(id);
  const pk = parsed ? Number(parsed.key) : NaN;
  return parsed && Number.isSafeInteger(pk) && pk > 0 ? { typename: parsed.typename, pk } : null;
}

/**
 * The key of an id given to a mutation as `argument`, which must name a `typename`: anything else is
 * BAD_USER_INPUT naming the argument (a well-formed id that names nothing is the caller's NOT_FOUND to give).
 */
export function idArgument(id: string, typename: string, argument: string, what: string): number {
  const parsed = parseNodeId(id);
  if (!parsed || parsed.typename !== typename) throw badInput(`'${clip(id, 64)}' is not ${what} id`, { argument });
  return parsed.pk;
}
