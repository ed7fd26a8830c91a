import { main } from "./error-contract";

process.exitCode = main(process.argv.slice(2));
