import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { LocalDateResolver } from "graphql-scalars";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

/** Where a biennial cycle stands; the Secretariat moves it forward (data collection issue). */
export enum CyclePhase {
  PLANNED = "PLANNED",
  SELF_ASSESSMENT = "SELF_ASSESSMENT",
  SELF_ASSESSMENT_CLOSED = "SELF_ASSESSMENT_CLOSED",
  PEER_REVIEW = "PEER_REVIEW",
  CLOSED = "CLOSED",
}
registerEnumType(CyclePhase, { name: "CyclePhase", description: "Phase of a biennial PMM cycle." });

@Entity("cycle")
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A biennial PMM cycle, coded by the year it opens.",
})
export class Cycle implements Node {
  static readonly typename = "Cycle";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Cycle.typename, this.pk);
  }
  @Field(() => ID, { description: "The year the cycle opens, e.g. 2023." })
  @Column({ type: "varchar", length: 8 })
  code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
  @Field(() => LocalDateResolver, { description: "Date the self-assessment opens." })
  @Column({ type: "varchar", length: 10 })
  opensOn!: string;
  @Field(() => Int, { description: "Calendar year T the results report on (T-1 is the year before)." })
  @Column({ type: "int" })
  referenceYear!: number;
  @Field(() => CyclePhase) @Column({ type: "varchar", length: 32 }) phase!: CyclePhase;
}
