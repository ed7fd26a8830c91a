import { Field, Float, ID, InputType, Int } from "type-graphql";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { CapacityNeedCategory, Priority } from "./capacity-need.entity";

@InputType({ description: "Declared inputs of a KPI; give those its unit takes (see Kpi.inputs)." })
export class KpiInputsInput {
  @Field(() => Float, { nullable: true }) numerator?: number;
  @Field(() => Float, { nullable: true }) denominator?: number;
  @Field(() => Float, { nullable: true, description: "Value in year T (variations)." }) valueYearT?: number;
  @Field(() => Float, { nullable: true, description: "Value in year T-1 (variations); not zero." })
  valueYearTMinus1?: number;
  @Field(() => Float, { nullable: true }) count?: number;
  @Field(() => Float, { nullable: true }) hours?: number;
  @Field(() => Float, { nullable: true }) days?: number;
  @Field(() => Float, { nullable: true, description: "1 (yes) or 0 (no)." }) yes?: number;
  @Field(() => Float, { nullable: true, description: "Thousands of US dollars." }) amount?: number;
}

@InputType({ description: "An edit of one result. Omitted fields stay as they are." })
export class KpiResultInput {
  @Field(() => ID, { description: "KPI code." }) kpi!: string;
  @Field(() => Int, { description: "The result's version this edit is based on; a stale one gives CONFLICT." })
  expectedVersion!: number;
  @Field(() => KpiInputsInput, { nullable: true, description: "The value is computed from these." })
  inputs?: KpiInputsInput;
  @Field(() => Boolean, {
    nullable: true,
    description: "Mark the KPI not used (needs notUsedReason), or used again (false).",
  })
  notUsed?: boolean;
  @Field(() => String, { nullable: true }) notUsedReason?: string;
  @Field(() => DisclosureLevel, {
    nullable: true,
    description: "This result's own level (else it follows the assessment's default).",
  })
  disclosure?: DisclosureLevel;
  @Field(() => String, { nullable: true, description: "Narrative and evidence (at most 4,000 characters)." })
  evidence?: string;
  @Field(() => Float, { nullable: true, description: "The Member's own target for the next cycle, in the KPI's unit." })
  target?: number;
}

@InputType()
export class CapacityNeedInput {
  @Field(() => CapacityNeedCategory) category!: CapacityNeedCategory;
  @Field(() => Priority) priority!: Priority;
  @Field({ description: "1 to 1,000 characters." }) description!: string;
  @Field(() => DisclosureLevel, { nullable: true, description: "Default: the assessment's default level." })
  disclosure?: DisclosureLevel;
}
