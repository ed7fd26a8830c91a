import path from "node:path";
import { Router, type Request } from "express";

/**
 * The query the explorer opens with: the README's example (a unit test checks that the README shows exactly
 * this), so a first visitor runs what the documentation talks about.
 */
export const EXAMPLE_QUERY = `{
  dimensions {
    code
    name
    outcomes {
      code
      name
      kpis {
        code
        name
        unit
        direction
        sdgTargets {
          code
        }
        instruments {
          code
        }
      }
    }
  }
  member(code: "KEN") {
    name
    region {
      name
    }
    unions {
      code
    }
  }
}
`;

/** Shown above the example: how to sign in, since the headers editor starts empty (an empty token is refused). */
const SIGN_IN_HINT = `# PMM Graph explorer. Press the run button (or Ctrl-Enter) to send this query.
# Anonymous by default. To query as a viewer, print a token with
#   npm run -s token -- --role NCP --member KEN
# and put {"Authorization": "Bearer <token>"} in the Headers tab below (kept only for this page).
`;

/** Where the page's files come from: the packages this project installs, never another host. */
function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Starts GraphiQL in the page; a file of its own so that the page's CSP allows no inline script. */
const START_SCRIPT = `"use strict";
(function () {
  var settings = JSON.parse(document.getElementById("pmm-explorer-settings").textContent);
  var fetcher = GraphiQL.createFetcher({ url: location.origin + location.pathname });
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: settings.defaultQuery,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: "headers",
      // A token typed into the headers editor is not written to localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
`;

/** The page's own files, served under /explorer/ with the page. */
const ASSETS: Record<string, { type: string; file?: string; body?: string }> = {
  "react.production.min.js": { type: "text/javascript", file: packageFile("react", "umd/react.production.min.js") },
  "react-dom.production.min.js": {
    type: "text/javascript",
    file: packageFile("react-dom", "umd/react-dom.production.min.js"),
  },
  // graphiql 3.x ships this prebuilt bundle (React and ReactDOM taken from the globals above); 4.x and later
  // need a bundler.
  "graphiql.min.js": { type: "text/javascript", file: packageFile("graphiql", "graphiql.min.js") },
  "graphiql.min.css": { type: "text/css", file: packageFile("graphiql", "graphiql.min.css") },
  "start.js": { type: "text/javascript", body: START_SCRIPT },
};

/**
 * The page may load files from this server only, and send requests to it only: a second guarantee, after
 * the page's own references, that the explorer works on a closed network and leaks nothing to another host.
 * Styles may be inline (GraphiQL's editors set style attributes); fonts and icons are data: URIs in its CSS.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** `<` escaped so that no text in the settings can close the script element it sits in. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function explorerPage(): string {
  const settings = { defaultQuery: SIGN_IN_HINT + EXAMPLE_QUERY };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>PMM Graph explorer</title>
    <link rel="stylesheet" href="/explorer/graphiql.min.css" />
  </head>
  <body style="margin: 0">
    <div id="graphiql" style="height: 100vh">Loading the explorer…</div>
    <script type="application/json" id="pmm-explorer-settings">${jsonForScript(settings)}</script>
    <script src="/explorer/react.production.min.js"></script>
    <script src="/explorer/react-dom.production.min.js"></script>
    <script src="/explorer/graphiql.min.js"></script>
    <script src="/explorer/start.js"></script>
  </body>
</html>
`;
}

/** A browser navigating to the endpoint; GraphQL clients ask for JSON (or send `*\/*` and get it). */
function prefersHtml(req: Request): boolean {
  return req.accepts(["application/graphql-response+json", "application/json", "text/html"]) === "text/html";
}

/**
 * The API explorer (GraphiQL) at GET /graphql for browsers, when PMM_EXPLORER is on. Mounted before the
 * GraphQL endpoint: every other request goes on to Apollo, whose CSRF prevention is unchanged (GraphiQL
 * posts JSON, which a browser only sends cross-site after a preflight).
 */
export function explorerRoutes(): Router {
  const router = Router();
  const page = explorerPage();
  router.get("/graphql", (req, res, next) => {
    res.vary("Accept");
    if (!prefersHtml(req)) return next();
    res
      .status(200)
      .set({
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": CONTENT_SECURITY_POLICY,
        "x-content-type-options": "nosniff",
        "cache-control": "no-cache",
      })
      .send(page);
  });
  router.get("/explorer/:file", (req, res, next) => {
    const asset = Object.hasOwn(ASSETS, req.params.file) ? ASSETS[req.params.file] : undefined;
    if (!asset) return next();
    res.set({ "x-content-type-options": "nosniff", "cache-control": "public, max-age=3600" });
    if (asset.body !== undefined) res.type(asset.type).send(asset.body);
    else res.type(asset.type).sendFile(asset.file!);
  });
  return router;
}
