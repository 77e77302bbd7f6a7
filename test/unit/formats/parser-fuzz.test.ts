// Fuzzing the challenge-file readers with mutated challenge files (seeded, a few thousand cases):
// byte flips, truncations, junk, huge numbers, NaN and Infinity, CRLF and lone CR, empty lines, BOMs,
// unicode digits, very long lines, mixed separators. Whatever the bytes, a reader never crashes or
// hangs: it either throws an EchoFileError located inside the file (1-based line and column, with a
// reason) or reads values that are finite and shaped as promised.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EchoFileError } from '../../../src-main/core/errors.ts';
import { importChallengeFolder } from '../../../src-main/core/formats/challenge-import.ts';
import { inspectChallengeFolder } from '../../../src-main/core/formats/challenge-inspect.ts';
import { readEchoPair } from '../../../src-main/core/formats/echo-reader.ts';
import { readLabelFile } from '../../../src-main/core/formats/label-reader.ts';
import { readNumberTable } from '../../../src-main/core/formats/number-table.ts';
import { writeSubmission } from '../../../src-main/core/formats/submission.ts';
import { challengeFixture, removeFolder, seededRandom, temporaryFolder, writeChallengeFiles } from './fixtures.ts';

const SEED = 20_261_205;
const CASES = 2400;
/** A case that takes longer than this is a hang. */
const CASE_DEADLINE_MS = 10_000;

const root = temporaryFolder();
afterAll(() => removeFolder(root));

// The originals: a small challenge folder in numpy's spelling (echo files of 24 samples, and one
// pair of full 471-sample curves for the chunked paths), written once and mutated per case.
const pristineDir = join(root, 'pristine');
mkdirSync(pristineDir);
const pristine = writeChallengeFiles(pristineDir, 'gauss', challengeFixture(7, 6, 24, 3));
const wideDir = join(root, 'wide');
mkdirSync(wideDir);
const wide = writeChallengeFiles(wideDir, 'gauss', challengeFixture(8, 3, 471, 1));
/** Where clean label reads are written as submissions: not the case folder, which inspect reads whole. */
const submissionDir = join(root, 'submission');
mkdirSync(submissionDir);

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function integer(random: Random, below: number): number {
  return Math.floor(random() * below);
}

const HUGE = ['1e400', '-1e309', '9'.repeat(400), '1e-400', '0x1F', '1_000', '1e', '.', '-', '+-1', '1.2.3', '1e+', '--1', '١٢٣'];
const NON_FINITE = ['nan', 'NaN', '-nan', 'inf', '-inf', '+Infinity', 'INF', 'infinity'];
const UNICODE_DIGITS = ['٣', '３', '𝟙', '߁', '¹', '½', 'Ⅳ'];
const SEPARATORS = ['\t', '  ', ',', ';', ', ', '\v', '\f', ' \t ', '\u00a0', '\u2003'];
const JUNK = ['#', '# comment\n', 'abc', '\0', '\u00ff', '\ufeff', '\r', '\n', ' ', '"1"', '[1]', '1e5', '-', 'é', '\u{1f600}'];

/** The first match of `pattern` (global) at or after a random position, else the first one at all. */
function matchFrom(random: Random, text: string, pattern: RegExp): RegExpExecArray | null {
  pattern.lastIndex = integer(random, text.length + 1);
  const match = pattern.exec(text);
  if (match) return match;
  pattern.lastIndex = 0;
  return pattern.exec(text);
}

function replaceToken(random: Random, text: string, by: string): string {
  const token = matchFrom(random, text, /[^\s]+/g);
  if (!token) return text + by;
  return text.slice(0, token.index) + by + text.slice(token.index + token[0].length);
}

/** A line of 20000 valid values, made once: a very long line that reads cleanly where a row may be that long. */
const LONG_VALUES_LINE = Array.from({ length: 20_000 }, (_, k) => (k % 7) + 0.5).join(' ');

/** One mutation of a file's bytes (as latin1 text, so that any byte survives the round trip). */
const MUTATIONS: Record<string, (random: Random, text: string) => string> = {
  flipByte: (random, text) => {
    if (text.length === 0) return text;
    const at = integer(random, text.length);
    return text.slice(0, at) + String.fromCharCode(integer(random, 256)) + text.slice(at + 1);
  },
  truncate: (random, text) => text.slice(0, integer(random, text.length + 1)),
  insertJunk: (random, text) => {
    const at = integer(random, text.length + 1);
    const junk = Buffer.from(pick(random, JUNK), 'utf8').toString('latin1');
    return text.slice(0, at) + junk + text.slice(at);
  },
  hugeNumber: (random, text) => replaceToken(random, text, pick(random, HUGE)),
  nonFinite: (random, text) => replaceToken(random, text, pick(random, NON_FINITE)),
  unicodeDigit: (random, text) => {
    const digit = matchFrom(random, text, /\d/g);
    if (!digit) return text;
    return text.slice(0, digit.index) + Buffer.from(pick(random, UNICODE_DIGITS), 'utf8').toString('latin1') + text.slice(digit.index + 1);
  },
  crlf: (random, text) => (random() < 0.5 ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, () => pick(random, ['\n', '\r\n', '\r']))),
  emptyLines: (random, text) => {
    const lines = text.split('\n');
    const at = integer(random, lines.length + 1);
    lines.splice(at, 0, pick(random, ['', '', ' \t ', '\r', '   ']));
    return lines.join('\n');
  },
  bom: (random, text) => {
    const bom = '\xef\xbb\xbf';
    if (random() < 0.6) return bom + text;
    const at = integer(random, text.length + 1);
    return text.slice(0, at) + bom + text.slice(at);
  },
  longLine: (random, text) => {
    const lines = text.split('\n');
    const at = integer(random, lines.length);
    const kind = integer(random, 3);
    if (kind === 0) lines[at] = '1'.repeat(70_000 + integer(random, 10_000));
    else if (kind === 1) lines[at] = LONG_VALUES_LINE;
    else lines[at] = lines[at] + ' ' + '0'.repeat(200) + '1e-3';
    return lines.join('\n');
  },
  mixedSeparators: (random, text) => text.replace(/ /g, () => (random() < 0.2 ? Buffer.from(pick(random, SEPARATORS), 'utf8').toString('latin1') : ' ')),
  dropLine: (random, text) => {
    const lines = text.split('\n');
    lines.splice(integer(random, lines.length), 1);
    return lines.join('\n');
  },
  duplicateLine: (random, text) => {
    const lines = text.split('\n');
    const at = integer(random, lines.length);
    lines.splice(at, 0, lines[at]);
    return lines.join('\n');
  },
  splitValue: (random, text) => replaceToken(random, text, `${integer(random, 9)} ${integer(random, 9)}`),
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Writes a mutated copy of `original` to `target` (1 to 3 mutations) and returns their names. */
const originals = new Map<string, string>();

function mutateFile(random: Random, original: string, target: string): string[] {
  let text = originals.get(original);
  if (text === undefined) originals.set(original, (text = readFileSync(original).toString('latin1')));
  const applied: string[] = [];
  for (let k = 1 + integer(random, 3); k > 0; k--) {
    const name = pick(random, MUTATION_NAMES);
    text = MUTATIONS[name](random, text);
    applied.push(name);
  }
  writeFileSync(target, Buffer.from(text, 'latin1'));
  return applied;
}

/** Lines of a file as the readers count them (LF, CRLF or lone CR), in bytes, the BOM not counted. */
function lineLengths(path: string): number[] {
  let bytes = readFileSync(path);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  return bytes.toString('latin1').split(/\r\n|\r|\n/).map((line) => line.length);
}

/** A file error must name one of the files read, at a place inside it, with a reason. */
function expectLocated(error: unknown, files: readonly string[], label: string): Outcome {
  expect(error, `${label}: ${String(error)}`).toBeInstanceOf(EchoFileError);
  const { path, line, column, reason, message } = error as EchoFileError;
  expect(files, label).toContain(path);
  expect(reason.length, label).toBeGreaterThan(0);
  expect(message, label).toBe(`${path}:${line}:${column}: ${reason}`);
  expect(message.includes('\n'), `${label}: one line`).toBe(false);
  expect(Number.isInteger(line) && line >= 1, `${label}: line ${line}`).toBe(true);
  expect(Number.isInteger(column) && column >= 1, `${label}: column ${column}`).toBe(true);
  const lengths = lineLengths(path);
  // A missing row is placed on the line after the last one.
  expect(line, `${label}: line ${line} of ${lengths.length}`).toBeLessThanOrEqual(lengths.length + 1);
  if (line <= lengths.length) expect(column, `${label}: column ${column} of line ${line} (${lengths[line - 1]} bytes)`).toBeLessThanOrEqual(lengths[line - 1] + 1);
  return 'located';
}

function expectFinite(values: ArrayLike<number>, label: string): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) expect.fail(`${label}: value ${k} is ${values[k]}`);
  }
}

/** Runs a read; a hang fails the case rather than the whole run. */
async function settle<T>(read: () => Promise<T>, label: string): Promise<{ value: T } | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${CASE_DEADLINE_MS} ms`)), CASE_DEADLINE_MS);
  });
  try {
    return await Promise.race([read().then((value) => ({ value })), deadline]);
  } catch (error) {
    if (error instanceof Error && error.message.endsWith(`within ${CASE_DEADLINE_MS} ms`)) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

type Files = typeof pristine;
type Outcome = 'located' | 'clean';
type Role = keyof Files;

/** One reader under test: reads the case's files and checks what came back. */
interface Target {
  readonly name: string;
  /** The files the case mutates. */
  readonly roles: readonly Role[];
  /** Checks the outcome and says which it was. */
  run(files: Files, dir: string, label: string): Promise<Outcome>;
}

const TARGETS: readonly Target[] = [
  {
    name: 'number table',
    roles: ['modelReal'],
    async run(files, _dir, label) {
      const outcome = await settle(() => readNumberTable(files.modelReal), label);
      if ('error' in outcome) return expectLocated(outcome.error, [files.modelReal], label);
      const { rows, columns, values, rowLines } = outcome.value;
      expect(rows, label).toBeGreaterThan(0);
      expect(columns, label).toBeGreaterThan(0);
      expect(values.length, label).toBe(rows * columns);
      expect(rowLines.length, label).toBe(rows);
      expectFinite(values, label);
      return 'clean';
    },
  },
  {
    name: 'label file',
    roles: ['labels'],
    async run(files, _dir, label) {
      const outcome = await settle(() => readLabelFile(files.labels, { rows: { count: 6, what: 'curves' } }), label);
      if ('error' in outcome) return expectLocated(outcome.error, [files.labels], label);
      const labels = outcome.value;
      expect(labels.count, label).toBe(6);
      expect(labels.data.length, label).toBe(18);
      expectFinite(labels.data, label);
      // A clean read is a valid submission, written and read back value for value.
      const written = await writeSubmission(submissionDir, 'gauss', labels, { expectedCount: 6 });
      expect(Array.from((await readLabelFile(written)).data), label).toEqual(Array.from(labels.data));
      return 'clean';
    },
  },
  {
    name: 'echo pair',
    roles: ['modelReal', 'modelImaginary'],
    async run(files, _dir, label) {
      const outcome = await settle(() => readEchoPair(files.modelReal, files.modelImaginary), label);
      if ('error' in outcome) return expectLocated(outcome.error, [files.modelReal, files.modelImaginary], label);
      const { count, length, data } = outcome.value;
      expect(count, label).toBeGreaterThan(0);
      expect(length, label).toBeGreaterThan(0);
      expect(data.length, label).toBe(count * length * 2);
      expectFinite(data, label);
      return 'clean';
    },
  },
  {
    name: 'import',
    roles: ['modelReal', 'modelImaginary', 'labels', 'evalReal', 'evalImaginary', 'evalTruth'],
    async run(files, dir, label) {
      const outcome = await settle(() => importChallengeFolder(dir, 'gauss'), label);
      if ('error' in outcome) return expectLocated(outcome.error, Object.values(files), label);
      const imported = outcome.value;
      const { curves, labels } = imported;
      expect(labels.count, label).toBe(curves.count);
      expect(curves.data.length, label).toBe(curves.count * curves.length * 2);
      expectFinite(curves.data, label);
      expectFinite(labels.data, label);
      if (imported.eval) {
        expect(imported.eval.length, label).toBe(curves.length);
        expectFinite(imported.eval.data, label);
      }
      if (imported.evalTruth) {
        expect(imported.evalTruth.count, label).toBe(imported.eval?.count);
        expectFinite(imported.evalTruth.data, label);
      }
      return 'clean';
    },
  },
  {
    name: 'inspect',
    roles: ['modelReal', 'modelImaginary', 'labels', 'evalReal', 'evalImaginary', 'evalTruth'],
    async run(files, dir, label) {
      const outcome = await settle(() => inspectChallengeFolder(dir), label);
      if (!('value' in outcome)) return expect.fail(`${label}: inspect collects problems, it does not throw: ${String(outcome.error)}`);
      const gauss = outcome.value.models.find((model) => model.model === 'gauss')!;
      for (const problem of gauss.problems) {
        expect(problem.includes('\n'), label).toBe(false);
        const located = /^(.*):(\d+):(\d+): (.+)$/.exec(problem);
        if (located) expect(Object.values(files), `${label}: ${problem}`).toContain(located[1]);
      }
      for (const report of [gauss.labels, gauss.evalTruth]) {
        if (report) expectFinite(Object.values(report.summary).flatMap((summary) => Object.values(summary)), label);
      }
      expect(outcome.value.ok, label).toBe(gauss.problems.length === 0);
      return gauss.problems.length === 0 ? 'clean' : 'located';
    },
  },
];

/** Target indices in turn: the single readers twice as often as the folder readers, which read six files. */
const SCHEDULE = [0, 1, 2, 3, 0, 1, 2, 4];

describe('the challenge-file readers, fuzzed', () => {
  it(`never crash or hang on ${CASES} mutated files: a located error or a clean, finite read`, { timeout: 300_000 }, async () => {
    const random = seededRandom(SEED);
    const counts: Record<Outcome, number> = { located: 0, clean: 0 };
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    // One folder for every case: only the files mutated by the case before are put back.
    const dir = join(root, 'case');
    mkdirSync(dir);
    const files = Object.fromEntries((Object.keys(pristine) as Role[]).map((role) => [role, join(dir, basename(pristine[role]))])) as Files;
    let dirty = new Set<Role>(Object.keys(pristine) as Role[]);
    let lastSource: Files | null = null;
    for (let index = 0; index < CASES; index++) {
      const target = TARGETS[SCHEDULE[index % SCHEDULE.length]];
      const source = random() < 0.1 ? wide : pristine;
      const mutated = new Set(target.roles.filter(() => random() < 0.5));
      if (mutated.size === 0) mutated.add(pick(random, target.roles));
      const applied: string[] = [];
      for (const role of Object.keys(source) as Role[]) {
        if (mutated.has(role)) applied.push(`${role}: ${mutateFile(random, source[role], files[role]).join('+')}`);
        else if (dirty.has(role) || source !== lastSource) copyFileSync(source[role], files[role]);
      }
      dirty = mutated;
      lastSource = source;
      counts[await target.run(files, dir, `case ${index} (${target.name}; ${applied.join(', ')})`)]++;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    console.info(`parser fuzz: ${CASES} cases in ${seconds.toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU): ${counts.located} located errors, ${counts.clean} clean reads`);
    // Both outcomes are common: the mutations neither always break the files nor never do.
    expect(counts.located).toBeGreaterThan(CASES / 5);
    expect(counts.clean).toBeGreaterThan(CASES / 20);
  });
});
