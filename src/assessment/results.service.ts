import { SelectQueryBuilder } from "typeorm";
import type { Context } from "../context";
import { visibleSql } from "../disclosure/policy";
import { Member } from "../members/member.entity";
import { Cycle } from "./cycle.entity";
import { KpiResult } from "./kpi-result.entity";
import { ResolvedFilter, ResultOrder, ResultOrderField, SortDirection } from "./result-filter";

/**
 * Lists of results. Filters and sorts on protected fields are written against the viewer's visibility
 * condition (disclosure rule 3): a withheld value never matches a value filter and never moves a row.
 */
export const resultsService = {
  query(ctx: Context, f: ResolvedFilter): SelectQueryBuilder<KpiResult> {
    const qb = ctx.ds.getRepository(KpiResult).createQueryBuilder("r");
    if (f.kpiIds) qb.andWhere(f.kpiIds.length ? "r.kpiId IN (:...kpiIds)" : "1=0", { kpiIds: f.kpiIds });
    if (f.memberIds)
      qb.andWhere(f.memberIds.length ? "r.memberId IN (:...memberIds)" : "1=0", { memberIds: f.memberIds });
    if (f.cycleIds) qb.andWhere(f.cycleIds.length ? "r.cycleId IN (:...cycleIds)" : "1=0", { cycleIds: f.cycleIds });
    if (f.disclosure)
      qb.andWhere(f.disclosure.length ? "r.disclosure IN (:...disclosure)" : "1=0", { disclosure: f.disclosure });
    if (f.visibleOnly || f.valueMin !== undefined || f.valueMax !== undefined) {
      const v = visibleSql(ctx.scope, "r");
      qb.andWhere(v.sql, v.params);
    }
    if (f.valueMin !== undefined) qb.andWhere("r.value >= :valueMin", { valueMin: f.valueMin });
    if (f.valueMax !== undefined) qb.andWhere("r.value <= :valueMax", { valueMax: f.valueMax });
    return qb;
  },

  async page(ctx: Context, f: ResolvedFilter, order: ResultOrder[], offset: number, size: number) {
    const base = this.query(ctx, f);
    const totalCount = await base.clone().getCount();
    if (size === 0 || offset >= totalCount) return { rows: [] as KpiResult[], totalCount };
    const qb = base.clone();
    applyOrder(ctx, qb, order);
    const rows = await qb.offset(offset).limit(size).getMany();
    return { rows, totalCount };
  },
};

function applyOrder(ctx: Context, qb: SelectQueryBuilder<KpiResult>, order: ResultOrder[]): void {
  const joined = new Set<string>();
  const join = (entity: typeof Member | typeof Cycle, alias: string, column: string) => {
    if (!joined.has(alias)) qb.innerJoin(entity, alias, `${alias}.pk = r.${column}`);
    joined.add(alias);
  };
  for (const o of order) {
    const dir = o.direction === SortDirection.DESC ? "DESC" : "ASC";
    switch (o.field) {
      case ResultOrderField.MEMBER:
        join(Member, "m", "memberId");
        qb.addOrderBy("m.code", dir);
        break;
      case ResultOrderField.CYCLE:
        join(Cycle, "c", "cycleId");
        qb.addOrderBy("c.code", dir);
        break;
      case ResultOrderField.KPI:
        qb.addOrderBy("r.kpiId", dir);
        break;
      case ResultOrderField.VALUE: {
        // Withheld and missing values sort as absent, last in both directions; the same on both engines.
        const v = visibleSql(ctx.scope, "r");
        qb.setParameters(v.params);
        qb.addOrderBy(`CASE WHEN ${v.sql} AND r.value IS NOT NULL THEN 0 ELSE 1 END`, "ASC");
        qb.addOrderBy(`CASE WHEN ${v.sql} THEN r.value ELSE NULL END`, dir);
        break;
      }
    }
  }
  qb.addOrderBy("r.pk", "ASC");
}
