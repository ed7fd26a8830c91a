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
