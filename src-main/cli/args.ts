// Flag parsing for CLI subcommands over node:util parseArgs, with errors as InputError.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv strictly; an unknown flag or a missing value becomes an InputError naming it. */
export function parseFlags<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses a subcommand's flags plus -h/--help. On --help it prints the usage and returns null, so
 * the command ends at once with exit code 0; positionals stay refused (Node's message) unless allowed.
 */
export function parseCommandFlags<T extends Options>(argv: string[], flags: T, usage: string, { positionals = false } = {}) {
  const parsed = parseFlags<T & typeof HELP_FLAG>(argv, { ...flags, ...HELP_FLAG }, positionals);
  // TypeScript cannot resolve parseArgs' value types for a generic T; help is there, merged above.
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage + '\n');
    return null;
  }
  return parsed;
}

/** Reads a flag as a finite number within [min, max]; integer when asked. */
export function numberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  { min = -Infinity, max = Infinity, integer = false } = {},
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new InputError(`--${name}: '${value}' is not a number`);
  if (integer && !Number.isInteger(parsed)) throw new InputError(`--${name}: '${value}' is not an integer`);
  // Beyond 2^53 integers are no longer exact (and SQLite refuses them as a LIMIT).
  if (integer && !Number.isSafeInteger(parsed)) throw new InputError(`--${name}: ${value} is too large (at most 2^53 - 1)`);
  if (parsed < min || parsed > max) throw new InputError(`--${name}: ${value} is outside [${min}, ${max}]`);
  return parsed;
}

/** Requires a flag to be present. */
export function requiredFlag(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new InputError(`--${name} is required`);
  return value;
}
