import { Field, Float, ObjectType, registerEnumType } from "type-graphql";

export enum ScoringMethod {
  LINEAR = "LINEAR",
  BANDS = "BANDS",
}
registerEnumType(ScoringMethod, {
  name: "ScoringMethod",
  valuesConfig: {
    LINEAR: { description: "`worst` scores 0, `best` 100, linear in between, clamped." },
    BANDS: { description: "Ascending lower bounds; a value takes the score of the last band it reaches." },
  },
});

@ObjectType()
export class ScoreBand {
  @Field(() => Float) from!: number;
  @Field(() => Float) score!: number;
}

@ObjectType("ScoringRule", {
  description: "How a KPI's value becomes a 0..100 score; part of the framework definition.",
})
export class ScoringRuleType {
  @Field(() => ScoringMethod) method!: ScoringMethod;
  @Field(() => Float, { nullable: true }) worst?: number;
  @Field(() => Float, { nullable: true }) best?: number;
  @Field(() => [ScoreBand], { nullable: true }) bands?: ScoreBand[];
}
