/** Speaks GraphQL over HTTP to the run's server, as any client would. */
export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
  headers: Headers;
}

export function baseUrl(): string {
  const url = process.env.PMM_TEST_BASE_URL;
  if (!url) throw new Error("PMM_TEST_BASE_URL is not set: run through jest's globalSetup");
  return url;
}

export async function gql<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  opts: { token?: string; headers?: Record<string, string>; baseUrl?: string } = {},
): Promise<GraphQLResponse<T>> {
  // baseUrl: another server than the run's (a gateway in front of it, a test file's own server).
  const res = await fetch(`${opts.baseUrl ?? baseUrl()}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, "status" | "headers">;
  return { ...body, status: res.status, headers: res.headers };
}

/** For queries that must succeed: fails the test with the server's errors otherwise. */
export async function data<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  opts?: { token?: string; baseUrl?: string },
): Promise<T> {
  const res = await gql<T>(query, variables, opts);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export function errorCodes(res: GraphQLResponse): string[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}
