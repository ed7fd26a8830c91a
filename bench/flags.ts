import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * `node:util` parseArgs (strict: an unknown flag or a flag without its value is refused), with the CLI's usage
 * after the refusal, as the benchmarks printed it when they parsed by hand.
 */
export function parseFlags<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${usage}`, { cause: err });
  }
}
