import os from "node:os";
import path from "node:path";
import { createDataSource } from "../../src/db/data-source";

/** Issue 14.8: numbers reach SQL as bound parameters, never as SQL text, and only finite ones. */
describe("SQL parameters", () => {
  const file = path.join(os.tmpdir(), `pmm-unit-${process.pid}.sqlite`);
  const escape = (engine: "sqlite" | "mysql", sql: string, params: Record<string, unknown>) => {
    const ds = createDataSource(engine === "sqlite" ? { engine, file } : { engine, url: "mysql://u@127.0.0.1:1/x" });
    return (
      ds.driver as unknown as { escapeQueryWithParameters(s: string, p: object, n: object): [string, unknown[]] }
    ).escapeQueryWithParameters(sql, params, {});
  };

  it("binds numbers on SQLite (whole numbers as integers) instead of writing them into the statement", () => {
    expect(escape("sqlite", "r.value >= :min AND r.version = :v", { min: 1.5, v: 7 })).toEqual([
      "r.value >= ? AND r.version = ?",
      [1.5, 7n],
    ]);
  });

  it.each(["sqlite", "mysql"] as const)("refuses a number that is not finite on %s, as BAD_USER_INPUT", (engine) => {
    for (const bad of [Infinity, -Infinity, NaN]) {
      expect(() => escape(engine, "r.value >= :min", { min: bad })).toThrow(
        expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }),
      );
    }
  });
});
