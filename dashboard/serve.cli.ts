import { parseCli } from "../src/common/cli-args";
import { startDashboard } from "./serve";

const { values } = parseCli({
  usage: "npm run dashboard [-- --port 4100] [--host 127.0.0.1] [--api URL]",
  help: `Serves the reference dashboard (a Member's scorecard and a KPI trend, on the typed dashboard client) on its own
origin; the page calls the API from there, so the API must allow that origin (PMM_CORS_ORIGINS; localhost is
allowed by default outside production).

  --port  the dashboard's port (default 4100)
  --host  the interface to listen on (default 127.0.0.1)
  --api   the API's GraphQL endpoint (default: PMM_ENDPOINT, else http://localhost:4000/graphql)`,
  options: { port: { type: "string" }, host: { type: "string" }, api: { type: "string" } },
});
const port = Number(values.port ?? 4100);
const api = values.api ?? process.env.PMM_ENDPOINT ?? "http://localhost:4000/graphql";
startDashboard({ api, port, host: values.host ?? "127.0.0.1" }).then(
  (d) => console.log(`dashboard on ${d.url} (API: ${api})`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
