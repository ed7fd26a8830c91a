import { Field, ObjectType } from "type-graphql";
import { badInput } from "./errors";

@ObjectType({ description: "Relay pagination state." })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;

/**
 * Cursors are opaque positions in the ordered result (offsets underneath): stable for a given filter
 * and order while the data does not change.
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(`cursor:${offset}`).toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const m = /^cursor:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw badInput(`'${cursor.slice(0, 64)}' is not a valid cursor`, { argument: "after" });
  return Number(m[1]);
}

export function pageWindow(first: number | null | undefined, after: string | null | undefined, maxPageSize: number) {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw badInput(`first must be between 0 and ${maxPageSize}, got ${size}`, { argument: "first", max: maxPageSize });
  }
  const offset = after ? decodeCursor(after) + 1 : 0;
  return { size, offset };
}

export function pageInfo(offset: number, count: number, total: number): PageInfo {
  return {
    hasNextPage: offset + count < total,
    hasPreviousPage: offset > 0,
    startCursor: count ? encodeCursor(offset) : null,
    endCursor: count ? encodeCursor(offset + count - 1) : null,
  };
}
