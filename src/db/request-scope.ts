import { AsyncLocalStorage } from "node:async_hooks";

/** What the data layer knows about the request it is serving (statement counting for tests and the benchmark). */
export interface RequestScope {
  sqlStatements: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
