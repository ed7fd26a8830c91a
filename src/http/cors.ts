import type express from "express";
import cors from "cors";

/**
 * Request headers a page on an allowed origin may send. `apollo-require-preflight` and
 * `x-apollo-operation-name` are what Apollo's CSRF prevention accepts on a GET (persisted queries are GETs
 * when a CDN should cache them); `apollographql-client-*` are sent by Apollo Client's client awareness.
 */
export const CORS_REQUEST_HEADERS = [
  "content-type",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
];

/** Answers a preflight once per origin for this long (seconds); Chromium caps it at 7200. */
const PREFLIGHT_MAX_AGE_S = 600;

/** `http://localhost:*` matches `http://localhost:5173` and `http://localhost`; other entries match exactly. */
export function originMatcher(allowed: readonly string[]): (origin: string) => boolean {
  const exact = new Set(allowed.filter((o) => !o.endsWith(":*")).map((o) => o.toLowerCase()));
  const anyPort = allowed.filter((o) => o.endsWith(":*")).map((o) => o.slice(0, -2).toLowerCase());
  return (origin) => {
    const o = origin.toLowerCase();
    return (
      exact.has(o) ||
      anyPort.some((base) => o === base || (o.startsWith(`${base}:`) && /^\d+$/.test(o.slice(base.length + 1))))
    );
  };
}

/**
 * CORS for the GraphQL endpoint (the `cors` package). Listed origins may send a token (`Authorization`);
 * with `*` any page may call the API but only anonymously: a browser's preflight for `Authorization` is
 * refused, so no page on an unknown site can act with a token a user pasted into it. The API reads no
 * cookies, so `Access-Control-Allow-Credentials` is never sent. Origins not listed get no CORS headers,
 * and their browsers keep the answer from the page. Apollo's CSRF prevention still runs after this: a
 * request a browser would send without a preflight is refused whatever its origin.
 */
export function corsMiddleware(allowed: readonly string[]): express.RequestHandler[] {
  const anyOrigin = allowed.length === 1 && allowed[0] === "*";
  const matches = originMatcher(allowed);
  const handler = cors({
    origin: anyOrigin ? "*" : (origin, callback) => callback(null, origin !== undefined && matches(origin)),
    methods: ["GET", "POST"],
    allowedHeaders: anyOrigin ? CORS_REQUEST_HEADERS : [...CORS_REQUEST_HEADERS, "authorization"],
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
  return [
    // Whatever the setting, the answer depends on Origin: a shared cache must not hand one origin's to another.
    (_req, res, next) => {
      res.vary("Origin");
      next();
    },
    handler,
    // A preflight from an origin not listed: answered here, without CORS headers (its browser then refuses).
    (req, res, next) => {
      if (req.method === "OPTIONS") res.status(204).end();
      else next();
    },
  ];
}
