import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommandFlags } from '../../../src-main/cli/args.ts';
import { InputError } from '../../../src-main/core/errors.ts';

const FLAGS = { out: { type: 'string' }, json: { type: 'boolean' } } as const;
const USAGE = 'usage: spin-echo thing --out DIR [--json]';

function captureStdout(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return written;
}

describe('parseCommandFlags', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([['--help'], ['-h']])('prints the usage and returns null on %s', (flag) => {
    const written = captureStdout();
    expect(parseCommandFlags(['--out', 'x', flag], FLAGS, USAGE)).toBeNull();
    expect(written).toEqual([USAGE + '\n']);
  });

  it('returns the parsed flags and prints nothing without --help', () => {
    const written = captureStdout();
    const parsed = parseCommandFlags(['--out', 'dir', '--json'], FLAGS, USAGE);
    expect(parsed?.values).toEqual({ out: 'dir', json: true });
    expect(parsed?.positionals).toEqual([]);
    expect(written).toEqual([]);
  });

  it('refuses positional arguments unless allowed, even beside --help', () => {
    const written = captureStdout();
    for (const argv of [['extra'], ['extra', '--help'], ['--', 'extra']]) {
      expect(() => parseCommandFlags(argv, FLAGS, USAGE), argv.join(' ')).toThrow(InputError);
      expect(() => parseCommandFlags(argv, FLAGS, USAGE), argv.join(' ')).toThrow(/Unexpected argument 'extra'/);
    }
    expect(written).toEqual([]);
  });

  it('keeps positional arguments, in order, when allowed', () => {
    const parsed = parseCommandFlags(['show', '--json', 'run-1'], FLAGS, USAGE, { positionals: true });
    expect(parsed?.positionals).toEqual(['show', 'run-1']);
    expect(parsed?.values).toEqual({ json: true });
  });

  it('reports an unknown flag as an InputError before looking at --help', () => {
    const written = captureStdout();
    expect(() => parseCommandFlags(['--help', '--bogus'], FLAGS, USAGE)).toThrow(/Unknown option '--bogus'/);
    expect(() => parseCommandFlags(['--out'], FLAGS, USAGE)).toThrow(InputError);
    expect(written).toEqual([]);
  });
});
