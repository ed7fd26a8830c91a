import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Node } from "../common/node.type";
import { toGlobalId } from "../common/global-id";

@Entity("framework_version")
@ObjectType({
  implements: Node,
  simpleResolvers: true,
  description: "A version of the PMM framework definition (V1, later V2 ...).",
})
export class FrameworkVersion implements Node {
  static readonly typename = "FrameworkVersion";
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Field(() => ID) get id(): string {
    return toGlobalId(FrameworkVersion.typename, this.pk);
  }
  @Field({ description: "Version code, e.g. V1." }) @Column({ type: "varchar", length: 32 }) code!: string;
  @Field(() => String, { nullable: true }) @Column({ type: "text", nullable: true }) note!: string | null;
  @Field({ description: "Whether this is the version the API serves by default." })
  @Column({ type: "boolean" })
  active!: boolean;
  @Field(() => DateTimeISOResolver) @Column({ type: "datetime" }) loadedAt!: Date;
  /** SHA-256 of the canonical definition, so reloading the same file is recognised as a no-op. */
  @Column({ type: "varchar", length: 64 }) definitionHash!: string;
}
