import { main } from "./supergraph";

process.exitCode = main(process.argv.slice(2));
