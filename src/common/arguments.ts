import { badInput, quoted } from "./errors";

/**
 * Messages for analytics arguments that do not fit: they name the argument and the valid choices, listed when
 * there are 20 or fewer (else the query that lists them), so that a caller can correct the request without
 * reading the code. `extensions.choices` carries the list whenever it is short enough to be useful.
 */
export const MAX_LISTED_CHOICES = 20;

export interface Choices {
  /** Plural noun, as in "the regions are ...". */
  plural: string;
  codes: readonly string[];
  /** The query that lists them, for when there are too many to list. */
  query: string;
}

export function choicesText(c: Choices): string {
  if (!c.codes.length) return `there are no ${c.plural}`;
  return c.codes.length <= MAX_LISTED_CHOICES
    ? `the ${c.plural} are ${c.codes.join(", ")}`
    : `the query \`${c.query}\` lists the ${c.plural}`;
}

const listed = (c: Choices) => (c.codes.length <= MAX_LISTED_CHOICES ? { choices: [...c.codes] } : {});

/** `Unknown region 'MOON'; the regions are AMS, AP, ...` as BAD_USER_INPUT on `argument`. */
export function unknownChoice(argument: string, noun: string, missing: readonly string[], c: Choices) {
  return badInput(`Unknown ${noun} ${quoted(missing)}; ${choicesText(c)}`, {
    argument,
    ...listed(c),
  });
}

/** A refusal that lists the choices in its extensions too. */
export function refuse(argument: string, message: string, choices?: readonly string[]) {
  return badInput(message, { argument, ...(choices ? { choices: [...choices] } : {}) });
}

/** A list argument of codes: 1 to `max` of them (the cost of a request grows with each). */
export function limitList(name: string, xs: readonly unknown[], max: number): void {
  if (xs.length === 0 || xs.length > max)
    throw badInput(`${name} takes 1 to ${max} codes, got ${xs.length}`, { argument: name });
}
