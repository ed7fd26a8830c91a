import { main } from "./schema-breaking";

process.exitCode = main(process.argv.slice(2));
