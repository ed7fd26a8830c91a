/** `PORT=4001 npx jiti test/federation/projects-subgraph.cli.ts`: the test subgraph of projects.graphql, running. */
import { startProjectsSubgraph } from "./projects-subgraph";

const port = Number(process.env.PORT ?? 4001);
const host = process.env.HOST ?? "127.0.0.1";
startProjectsSubgraph(port, host).then(
  () => console.log(`[projects] test subgraph on http://${host}:${port}/graphql`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
