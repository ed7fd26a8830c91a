import {
  ASTNode,
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from "graphql";
import type { ErrorRequestHandler } from "express";

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
}

function tooComplex(message: string, limit: string, max: number, actual: number, node?: ASTNode): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: "QUERY_TOO_COMPLEX", limit, max, actual } });
}

interface Walk {
  fragments: Record<string, FragmentDefinitionNode>;
  /** Depth of each fragment once known: a fragment spread many times (or nested spreads) is walked once. */
  memo: Map<string, number>;
  seen: Set<string>;
}

/** Deepest field nesting below a selection set; introspection fields are bounded by the schema and not counted. */
function depthOf(set: SelectionSetNode, walk: Walk): number {
  let deepest = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith("__")) continue;
      deepest = Math.max(deepest, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, walk) : 0));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(sel.selectionSet, walk));
    } else {
      const name = sel.name.value;
      const fragment = walk.fragments[name];
      // A fragment cycle is reported by graphql's own NoFragmentCycles rule; here it only must not loop.
      if (!fragment || walk.seen.has(name)) continue;
      let depth = walk.memo.get(name);
      if (depth === undefined) {
        walk.seen.add(name);
        depth = depthOf(fragment.selectionSet, walk);
        walk.seen.delete(name);
        walk.memo.set(name, depth);
      }
      deepest = Math.max(deepest, depth);
    }
  }
  return deepest;
}

/** `{ dimensions { code } }` has depth 2. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of context.getDocument().definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      }
      const depth = depthOf(op.selectionSet, { fragments, memo: new Map(), seen: new Set() });
      if (depth > maxDepth) {
        const name = op.name ? `'${op.name.value}' ` : "";
        context.reportError(
          tooComplex(
            `Operation ${name}has depth ${depth}, more than the limit of ${maxDepth}`,
            "maxDepth",
            maxDepth,
            depth,
            op,
          ),
        );
      }
    },
  });
}

/** Aliases let one request run the same field many times; counted over the whole document. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            context.reportError(
              tooComplex(
                `Document uses ${aliases} aliases, more than the limit of ${maxAliases}`,
                "maxAliases",
                maxAliases,
                aliases,
              ),
            );
          }
        },
      },
    };
  };
}

/**
 * The validation rules every operation passes besides graphql's own. The cost limit is not one of them: a cost
 * depends on the variables (page sizes), which validation does not see, so queryCostPlugin checks it (query-cost.ts).
 */
export function validationRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)];
}

/**
 * Body-parser failures reach Express's HTML error page by default; clients of a GraphQL endpoint
 * get a GraphQL-shaped JSON error with the status instead (413 too large, 400 malformed JSON).
 */
export function bodyErrorHandler(bodyLimit: string): ErrorRequestHandler {
  return (err, _req, res, next) => {
    const type = (err as { type?: string }).type;
    if (type === "entity.too.large") {
      res.status(413).json({
        errors: [
          {
            message: `Request body is larger than the limit of ${bodyLimit}`,
            extensions: { code: "PAYLOAD_TOO_LARGE" },
          },
        ],
      });
    } else if (type === "entity.parse.failed" || type === "encoding.unsupported" || type === "charset.unsupported") {
      res
        .status(400)
        .json({ errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
    } else {
      next(err);
    }
  };
}
