import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";
import { InstrumentKind } from "./framework.enums";

@Entity("instrument")
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A WCO instrument or tool whose application KPIs measure.",
})
export class Instrument implements Node {
  static readonly typename = "Instrument";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Instrument.typename, this.pk);
  }
  @Field(() => ID) @Column({ type: "varchar", length: 32 }) code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
  @Field(() => InstrumentKind) @Column({ type: "varchar", length: 16 }) kind!: InstrumentKind;
}
