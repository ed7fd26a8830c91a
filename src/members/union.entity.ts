import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

/** Table is `customs_union`: UNION is a reserved word in SQL. */
@Entity("customs_union")
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A customs or economic union; shared membership opens UNION-level results.",
})
export class Union implements Node {
  static readonly typename = "Union";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(Union.typename, this.pk);
  }
  @Field(() => ID, { description: "Usual acronym, e.g. EU, EAC." })
  @Column({ type: "varchar", length: 16 })
  code!: string;
  @Field() @Column({ type: "varchar", length: 255 }) name!: string;
}

@Entity("union_membership")
export class UnionMembership {
  @PrimaryColumn({ type: "int" }) unionId!: number;
  @PrimaryColumn({ type: "int" }) memberId!: number;
}
