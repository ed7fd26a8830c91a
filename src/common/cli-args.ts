import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * The one argument parser of every command-line tool in the repository (src/**\/*.cli.ts, scripts/, the upload
 * CLI of clients/submission), on node:util's parseArgs in strict mode: `--help` (or `-h`) prints the usage and
 * exits 0; an unknown option, a missing value or an unexpected argument prints one line on stderr and exits 2
 * (a mistyped flag must never run the command with a default, e.g. activate a framework version or overwrite
 * a committed file).
 */
export interface CliSpec<O extends NonNullable<ParseArgsConfig["options"]>> {
  /** One line: how the command is run, e.g. `npm run token -- --role ROLE [--member KEN]`. */
  usage: string;
  /** What it does and what each option means, printed under the usage by --help. */
  help: string;
  options: O;
  /** How many positional arguments it takes (default none). */
  positionals?: { min?: number; max?: number; name?: string };
}

export type CliOutput = Pick<NodeJS.WriteStream, "write">;

/** The parsed options: strings, or booleans for `type: "boolean"` (lists for `multiple`); absent when not given. */
export type CliValues<O> = {
  [K in keyof O]?: O[K] extends { type: "boolean" }
    ? O[K] extends { multiple: true }
      ? boolean[]
      : boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

/** One line for a wrong invocation: what is wrong, then the usage. */
export function usageLine(usage: string, problem: string): string {
  return `${problem}; usage: ${usage} (--help for more)`;
}

/**
 * Parses `argv` (default: the process's arguments) against the spec. On --help or a wrong invocation it writes
 * the answer and exits the process (2 for a usage error), so a CLI's code sees only arguments that fit.
 */
export function parseCli<O extends NonNullable<ParseArgsConfig["options"]>>(
  spec: CliSpec<O>,
  argv: string[] = process.argv.slice(2),
  io: { out: CliOutput; err: CliOutput; exit: (code: number) => never } = {
    out: process.stdout,
    err: process.stderr,
    exit: (code) => process.exit(code),
  },
) {
  const options = { ...spec.options, help: { type: "boolean", short: "h" } } as const;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs explains at length how to pass a positional starting with '-': the first sentence is the problem.
    const message = ((err instanceof Error ? err.message : String(err)).split(/\.\s/)[0] ?? "").replace(/\.$/, "");
    io.err.write(usageLine(spec.usage, message) + "\n");
    return io.exit(2);
  }
  if (parsed.values.help) {
    io.out.write(`usage: ${spec.usage}\n\n${spec.help.trimEnd()}\n`);
    return io.exit(0);
  }
  const { min = 0, max = 0, name = "argument" } = spec.positionals ?? {};
  const n = parsed.positionals.length;
  if (n < min || n > max) {
    const problem =
      n < min
        ? `missing ${name}`
        : max === 0
          ? `unexpected argument '${parsed.positionals[0]}'`
          : `at most ${max} ${name}${max > 1 ? "s" : ""}, got ${n}`;
    io.err.write(usageLine(spec.usage, problem) + "\n");
    return io.exit(2);
  }
  // `help` is handled here: callers see their own options only.
  const { help: _help, ...values } = parsed.values;
  return { values: values as CliValues<O>, positionals: parsed.positionals };
}

/** A CLI's own check of its arguments failed (a required option missing, a bad value): one line, exit 2. */
export function usageError(spec: { usage: string }, problem: string): never {
  process.stderr.write(usageLine(spec.usage, problem) + "\n");
  process.exit(2);
}
