import { Entity, PrimaryColumn } from "typeorm";

/** Join rows: outcomes and KPIs to the SDG targets and instruments they map to. */
@Entity("outcome_sdg_target")
export class OutcomeSdgTarget {
  @PrimaryColumn({ type: "int" }) outcomeId!: number;
  @PrimaryColumn({ type: "int" }) sdgTargetId!: number;
}

@Entity("outcome_instrument")
export class OutcomeInstrument {
  @PrimaryColumn({ type: "int" }) outcomeId!: number;
  @PrimaryColumn({ type: "int" }) instrumentId!: number;
}

@Entity("kpi_sdg_target")
export class KpiSdgTarget {
  @PrimaryColumn({ type: "int" }) kpiId!: number;
  @PrimaryColumn({ type: "int" }) sdgTargetId!: number;
}

@Entity("kpi_instrument")
export class KpiInstrument {
  @PrimaryColumn({ type: "int" }) kpiId!: number;
  @PrimaryColumn({ type: "int" }) instrumentId!: number;
}
