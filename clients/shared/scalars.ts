/**
 * The schema's custom scalars as they travel in JSON. Named so that generated types say what a string
 * holds; left as strings (not Date) because the wrapper does not rewrite responses, and a LocalDate has
 * no time zone that a Date could carry faithfully.
 */

/** A UTC date-time in ISO 8601, e.g. `2027-12-01T09:30:00.000Z` (`new Date(value)` parses it). */
export type DateTimeISO = string;

/** A calendar date with no time zone, `YYYY-MM-DD`, e.g. `2027-12-01`. */
export type LocalDate = string;
