import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

@Entity("member")
@ObjectType({ implements: Node, simpleResolvers: true, description: "A WCO Member: a Customs administration." })
export class Member implements Node {
  static readonly typename = "Member";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Member.typename, this.pk);
  }
  @Field(() => ID, { description: "ISO 3166-1 alpha-3 code, e.g. KEN." })
  @Column({ type: "varchar", length: 3 })
  code!: string;
  @Field({ description: "ISO 3166-1 alpha-2 code." }) @Column({ type: "varchar", length: 2 }) iso2!: string;
  @Field(() => String, {
    nullable: true,
    description: "UN M49 numeric code, zero-padded (e.g. 032); null where the UN assigns none.",
  })
  @Column({ type: "varchar", length: 3, nullable: true })
  m49!: string | null;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
  @Column({ type: "int" }) regionId!: number;
  @Field(() => Boolean, { nullable: true, description: "Whether the Member has no sea coast; null when unknown." })
  @Column({ type: "boolean", nullable: true })
  landlocked!: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      "World Bank income group (LOW, LOWER_MIDDLE, UPPER_MIDDLE, HIGH): the FY2027 classification, applied to every cycle; null where unknown.",
  })
  @Column({ type: "varchar", length: 16, nullable: true })
  incomeGroup!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "CUSTOMS (customs only) or REVENUE_AUTHORITY, where the reference data gives it.",
  })
  @Column({ type: "varchar", length: 32, nullable: true })
  administrationType!: string | null;
}
