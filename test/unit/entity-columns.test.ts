import "reflect-metadata";
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from "typeorm";
import { entityColumns, resolveEntityColumns } from "../../src/common/entity-columns";
import { createDataSource } from "../../src/db/data-source";
import { KpiResult } from "../../src/assessment/kpi-result.entity";
// The modules whose hand-written SQL declares its columns (as the server loads them).
import "../../src/assessment/result-reads";
import "../../src/assessment/result-edit.service";
import "../../src/framework/framework-snapshot";
import "../../src/assessment/cycle-calendar";

/**
 * Issue 18.2: SQL written by hand (the lean reads) takes its column names from the entities' metadata. A
 * property renamed fails to compile (the names are typed by the entity); a column renamed is followed; a
 * property that is no column stops the server's start (resolveEntityColumns), not a request.
 */
async function withMetadata(ds: DataSource): Promise<DataSource> {
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return ds;
}

@Entity("renamed_result")
class Renamed {
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Column({ type: "int", name: "kpi_id" }) kpiId!: number;
  notAColumn?: string;
}

describe("column names from entity metadata", () => {
  it("resolves every set the server's modules declare, on both engines", async () => {
    for (const ds of [
      createDataSource({ engine: "sqlite", file: ":memory:" }),
      createDataSource({ engine: "mysql", url: "mysql://u@127.0.0.1:1/x" }),
    ]) {
      await withMetadata(ds);
      expect(() => resolveEntityColumns(ds)).not.toThrow();
    }
  });

  it("follows a column's database name, escaped for the engine", async () => {
    const set = entityColumns(Renamed, ["pk", "kpiId"]);
    const sqlite = await withMetadata(
      new DataSource({ type: "better-sqlite3", database: ":memory:", entities: [Renamed] }),
    );
    expect(set.of(sqlite)).toEqual({ table: '"renamed_result"', col: { pk: '"id"', kpiId: '"kpi_id"' } });
    const mysql = await withMetadata(
      new DataSource({ type: "mysql", url: "mysql://u@127.0.0.1:1/x", entities: [Renamed] }),
    );
    expect(set.of(mysql).col.kpiId).toBe("`kpi_id`");
  });

  it("stops the start when a named property is no column", async () => {
    const ds = await withMetadata(createDataSource({ engine: "sqlite", file: ":memory:" }));
    // `id` is KpiResult's global id (a getter), not a column; resolveEntityColumns resolves every set so at start.
    const set = entityColumns(KpiResult, ["kpiId", "id"]);
    expect(() => set.of(ds)).toThrow("KpiResult.id is not a column of kpi_result");
  });
});
