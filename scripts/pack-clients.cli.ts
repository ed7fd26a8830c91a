import { main } from "./pack-clients";

process.exitCode = main(process.argv.slice(2));
