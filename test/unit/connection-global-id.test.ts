import "reflect-metadata";
import { GraphQLError } from "graphql";
import { decodeCursor, encodeCursor, pageInfo, pageWindow } from "../../src/common/connection";
import { fromGlobalId, toGlobalId } from "../../src/common/global-id";

/** The first error a call throws, as the API would answer it. */
function thrown(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    const e = err as GraphQLError;
    return { message: e.message, extensions: e.extensions };
  }
  throw new Error("nothing was thrown");
}

describe("cursors", () => {
  it.each([
    [0, "Y3Vyc29yOjA"],
    [19, "Y3Vyc29yOjE5"],
    [123456789, "Y3Vyc29yOjEyMzQ1Njc4OQ"],
  ])("position %d is %s, and reads back", (offset, cursor) => {
    expect(encodeCursor(offset)).toBe(cursor);
    expect(decodeCursor(cursor)).toBe(offset);
  });

  it.each([
    // "cursor:1234567890": more than 9 digits.
    ["Y3Vyc29yOjEyMzQ1Njc4OTA"],
    // "cursor:-1"
    ["Y3Vyc29yOi0x"],
    // "Member:12", a global id, not a cursor
    ["TWVtYmVyOjEy"],
    ["not a cursor"],
    [""],
  ])("refuses %j as BAD_USER_INPUT on the argument `after`", (cursor) => {
    expect(thrown(() => decodeCursor(cursor))).toEqual({
      message: `'${cursor}' is not a valid cursor`,
      extensions: { argument: "after", code: "BAD_USER_INPUT" },
    });
  });

  it("quotes at most 64 characters of a bad cursor back", () => {
    const long = "x".repeat(100);
    expect(thrown(() => decodeCursor(long)).message).toBe(`'${"x".repeat(64)}' is not a valid cursor`);
  });
});

describe("pageWindow", () => {
  it.each([
    [undefined, undefined, { size: 50, offset: 0 }],
    [null, null, { size: 50, offset: 0 }],
    [10, "Y3Vyc29yOjE5", { size: 10, offset: 20 }],
    [0, undefined, { size: 0, offset: 0 }],
    [1000, "Y3Vyc29yOjA", { size: 1000, offset: 1 }],
  ])("first %j after %j is %j", (first, after, window) => {
    expect(pageWindow(first, after, 1000)).toEqual(window);
  });

  it.each([[1001], [-1], [2.5]])("refuses first: %d beyond 0..1000, naming the maximum", (first) => {
    expect(thrown(() => pageWindow(first, null, 1000))).toEqual({
      message: `first must be between 0 and 1000, got ${first}`,
      extensions: { argument: "first", max: 1000, code: "BAD_USER_INPUT" },
    });
  });

  it("applies the configured maximum (PMM_MAX_PAGE_SIZE), also to the default page size", () => {
    expect(pageWindow(20, null, 20)).toEqual({ size: 20, offset: 0 });
    expect(thrown(() => pageWindow(null, null, 20)).message).toBe("first must be between 0 and 20, got 50");
  });
});

describe("pageInfo", () => {
  it.each([
    [0, 10, 25, { hasNextPage: true, hasPreviousPage: false, startCursor: "Y3Vyc29yOjA", endCursor: "Y3Vyc29yOjk" }],
    [20, 5, 25, { hasNextPage: false, hasPreviousPage: true, startCursor: "Y3Vyc29yOjIw", endCursor: "Y3Vyc29yOjI0" }],
    [0, 0, 0, { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }],
    [30, 0, 25, { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null }],
  ])("offset %d, %d rows of %d: %j", (offset, count, total, info) => {
    expect(pageInfo(offset, count, total)).toEqual(info);
  });
});

describe("global ids", () => {
  it.each([
    ["Member", 12, "TWVtYmVyOjEy"],
    ["KpiResult", "a:b", "S3BpUmVzdWx0OmE6Yg"],
  ])("%s %j is %s, and reads back", (typename, key, id) => {
    expect(toGlobalId(typename, key)).toBe(id);
    expect(fromGlobalId(id)).toEqual({ typename, key: String(key) });
  });

  it.each([
    // Not base64url at all.
    ["TWVtYmVyOjEy=="],
    ["a+b/c"],
    [""],
    ["x".repeat(201)],
    // "member:1": a type name starts with a capital.
    ["bWVtYmVyOjE"],
    // "Member" and "Member:": no key; ":12": no type.
    ["TWVtYmVy"],
    ["TWVtYmVyOg"],
    ["OjEy"],
    // A cursor ("cursor:0") is not a global id either.
    ["Y3Vyc29yOjA"],
  ])("reads %j as no id at all (null)", (id) => {
    expect(fromGlobalId(id)).toBeNull();
  });
});
