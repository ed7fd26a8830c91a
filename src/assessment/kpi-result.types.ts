import { Field, Float, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { KpiResult } from "./kpi-result.entity";
import { PageInfo } from "../common/connection";

@ObjectType({ description: "A declared input of a result (e.g. numerator)." })
export class KpiInputValue {
  @Field() name!: string;
  @Field(() => Float) value!: number;
}

@ObjectType({ description: "One change to a result: who, when, which fields, before and after." })
export class KpiResultChange {
  /** The result's Member, for the identity rule on changedBy (not a field). */
  memberId!: number;
  @Field(() => Int, { description: "The result's version after this change." }) version!: number;
  @Field(() => DateTimeISOResolver) changedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      "Who made the change (role:user id). An identity: null unless you may see the Member's COUNTRY level, whatever the result's level.",
  })
  changedBy!: string | null;
  @Field(() => [String]) fields!: string[];
  @Field(() => String, { description: "JSON object of the changed fields before the change." }) before!: string;
  @Field(() => String, { description: "JSON object of the changed fields after the change." }) after!: string;
}

@ObjectType()
export class KpiResultEdge {
  @Field() cursor!: string;
  @Field(() => KpiResult) node!: KpiResult;
}

@ObjectType({ description: "A page of results (Relay connection)." })
export class KpiResultConnection {
  @Field(() => [KpiResultEdge]) edges!: KpiResultEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: "Results matching the filter (withheld ones included unless visibleOnly)." })
  totalCount!: number;
}
