/**
 * Serves the reference dashboard (index.html, dashboard.css and page.ts bundled by esbuild on the dashboard client)
 * from an origin of its own: the page calls the API across origins, as a real dashboard would (the API's CORS).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { build } from "esbuild";

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** The page's script: page.ts and the dashboard client it imports, in one file for the browser. */
export async function bundleDashboard(api: string): Promise<string> {
  const out = await build({
    entryPoints: [path.join(__dirname, "page.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    define: { PMM_API: JSON.stringify(api), "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

export async function startDashboard(opts: { api: string; port: number; host: string }): Promise<DashboardServer> {
  const files: Record<string, [string, string]> = {
    "/": ["text/html; charset=utf-8", fs.readFileSync(path.join(__dirname, "index.html"), "utf8")],
    "/dashboard.css": ["text/css", fs.readFileSync(path.join(__dirname, "dashboard.css"), "utf8")],
    "/dashboard.js": ["text/javascript", await bundleDashboard(opts.api)],
  };
  // The page loads only its own files and calls only the API.
  const csp = `default-src 'self'; connect-src ${new URL(opts.api).origin}; base-uri 'none'; form-action 'none'`;
  const server = http.createServer((req, res) => {
    const file = req.method === "GET" ? files[(req.url ?? "/").split("?")[0]!] : undefined;
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res
      .writeHead(200, {
        "content-type": file[0],
        "content-security-policy": csp,
        "x-content-type-options": "nosniff",
        "cache-control": "no-cache",
      })
      .end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${addr.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
