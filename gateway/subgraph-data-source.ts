/**
 * How the gateway talks to a subgraph, so that an error keeps its code through the hop.
 *
 * RemoteGraphQLDataSource reads a subgraph's answer as GraphQL only when its HTTP status is 2xx; any other status
 * becomes one error "400: Bad Request" with a code only for 401 and 403, and the subgraph's URL and whole body in
 * `extensions.response`. PMM Graph answers request errors with a 4xx or 5xx and a GraphQL body (400
 * QUERY_TOO_COMPLEX with its limit, 503 SERVICE_UNAVAILABLE, ...), so here a non-2xx answer that is a GraphQL
 * response is handed on as what it is: its errors, each with its own message and extensions, go through the
 * gateway's usual path for subgraph errors (which adds `serviceName`). An answer that is no GraphQL response, or no
 * answer at all (connection refused, a proxy's error page), becomes one coded error that names the subgraph but not
 * its URL or what it sent.
 */
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError } from "graphql";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { ErrorCode } from "../src/common/errors";
import { FEDERATION_SECRET_HEADER } from "../src/federation/service-access";
import type { SubgraphConfig } from "./config";

type FetcherResponse = Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0];
type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors: GraphQLFormattedError[];
}

const isGraphQLBody = (body: unknown): body is GraphQLBody =>
  typeof body === "object" &&
  body !== null &&
  Array.isArray((body as GraphQLBody).errors) &&
  (body as GraphQLBody).errors.length > 0 &&
  (body as GraphQLBody).errors.every((e) => typeof e === "object" && e !== null && typeof e.message === "string");

/** A subgraph's non-2xx answer that is a GraphQL response: carried from errorFromResponse to process. */
class SubgraphErrorAnswer extends GraphQLError {
  constructor(
    readonly status: number,
    readonly body: GraphQLBody,
  ) {
    super(`HTTP ${status} from a subgraph`);
  }
}

/** The code for a subgraph's non-2xx answer that carries no GraphQL errors of its own. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  if (status === 413) return "PAYLOAD_TOO_LARGE";
  // A 404 or 405 means the gateway is configured with a wrong URL: the caller cannot fix it by retrying.
  if (status >= 400 && status < 500) return "INTERNAL_SERVER_ERROR";
  return "SERVICE_UNAVAILABLE";
}

/** What each request carries from the caller to the data sources. */
export interface GatewayContext {
  authorization?: string;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;
  private readonly subgraph: SubgraphConfig;

  constructor(subgraph: SubgraphConfig) {
    super({ url: subgraph.url });
    this.name = subgraph.name;
    this.subgraph = subgraph;
  }

  /** The caller's token only to subgraphs configured for it; the shared secret to PMM Graph. */
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    if (this.subgraph.forwardAuthorization && context.authorization) {
      headers.set("authorization", context.authorization);
    }
    if (this.subgraph.federationSecret) headers.set(FEDERATION_SECRET_HEADER, this.subgraph.federationSecret);
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body: unknown = await this.parseBody(response).catch(() => undefined);
    if (isGraphQLBody(body)) return new SubgraphErrorAnswer(response.status, body);
    const code = codeForStatus(response.status);
    return new GraphQLError(`the ${this.name} service answered HTTP ${response.status}`, { extensions: { code } });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    try {
      return await super.process(options);
    } catch (err) {
      if (err instanceof SubgraphErrorAnswer) {
        return { data: err.body.data ?? null, errors: err.body.errors };
      }
      if (err instanceof GraphQLError && typeof err.extensions.code === "string") {
        return { errors: [{ message: err.message, extensions: { code: err.extensions.code } }] };
      }
      // No answer at all: the reason (which names the subgraph's address) goes to the log only.
      console.error(`[gateway] ${this.name}: ${err instanceof Error ? err.message : String(err)}`);
      const code: ErrorCode = "SERVICE_UNAVAILABLE";
      return { errors: [{ message: `the ${this.name} service did not answer: retry shortly`, extensions: { code } }] };
    }
  }
}
