import { registerEnumType } from "type-graphql";

export enum ViewerRole {
  ANONYMOUS = "ANONYMOUS",
  BASIC = "BASIC",
  NCP = "NCP",
  PEER_REVIEWER = "PEER_REVIEWER",
  REGIONAL_OFFICE = "REGIONAL_OFFICE",
  SECRETARIAT = "SECRETARIAT",
}
registerEnumType(ViewerRole, {
  name: "ViewerRole",
  description: "Who is asking; ANONYMOUS when the request carries no token.",
});

/** Who is asking, from a verified token (or nobody): the claims of README, "Tokens", and nothing else. */
export interface Viewer {
  role: ViewerRole;
  subject: string | null;
  /** NCP: the Member (alpha-3) it acts for. */
  member: string | null;
  /** PEER_REVIEWER: the Members (alpha-3) it is assigned to review. */
  reviews: readonly string[];
  /** REGIONAL_OFFICE: the unions it serves. */
  unions: readonly string[];
}

export const ANONYMOUS: Viewer = Object.freeze({
  role: ViewerRole.ANONYMOUS,
  subject: null,
  member: null,
  reviews: [],
  unions: [],
});
