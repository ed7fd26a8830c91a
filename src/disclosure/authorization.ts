import { GraphQLError } from "graphql";
import { rule } from "graphql-shield";
import { domainError } from "../common/errors";
import type { Context } from "../context";
import { ViewerRole } from "./viewer";

/**
 * Who may write what (disclosure rule 7). Role-level checks are shield rules on the mutations; the checks
 * that need the object (whose Member, which reviewers) run in the services, with these helpers.
 */
export const isSignedIn = rule("isSignedIn", { cache: "contextual" })((_p: unknown, _a: unknown, ctx: Context) =>
  ctx.scope.signedIn
    ? true
    : new GraphQLError("Sign in: this operation needs a bearer token", {
        extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
      }),
);
export const isSecretariat = rule("isSecretariat", { cache: "contextual" })(
  (_p: unknown, _a: unknown, ctx: Context) => ctx.viewer.role === ViewerRole.SECRETARIAT,
);
export const isNcpOrSecretariat = rule("isNcpOrSecretariat", { cache: "contextual" })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ctx.viewer.role === ViewerRole.NCP || ctx.viewer.role === ViewerRole.SECRETARIAT,
);
export const isReviewerOrSecretariat = rule("isReviewerOrSecretariat", { cache: "contextual" })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ctx.viewer.role === ViewerRole.PEER_REVIEWER || ctx.viewer.role === ViewerRole.SECRETARIAT,
);

export const forbidden = (message: string) => domainError("FORBIDDEN", message);

export function isSecretariatViewer(ctx: Context): boolean {
  return ctx.viewer.role === ViewerRole.SECRETARIAT;
}

/** Only an NCP of Member M (or the Secretariat) writes M's results, levels, needs and review requests. */
export function assertWritesMember(ctx: Context, memberId: number): void {
  if (isSecretariatViewer(ctx)) return;
  const code = ctx.directory.memberCodeById.get(memberId);
  if (ctx.viewer.role === ViewerRole.NCP && ctx.viewer.member === code) return;
  throw forbidden(`Only the National Contact Points of ${code} or the Secretariat may do this`);
}

/** Who made a change, for history and audit. */
export function actor(ctx: Context): string {
  return `${ctx.viewer.role}:${ctx.viewer.subject ?? "anonymous"}`;
}
