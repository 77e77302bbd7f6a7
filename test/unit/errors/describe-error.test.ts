// Every error a person can meet becomes one plain line naming the path and what to do, the same for
// the CLI (with its exit code) and the UI (the wire error): no raw errno text, class name or stack.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, failureLine } from '../../../src-main/cli/exit-codes.ts';
import { toWireError } from '../../../src-main/core/api/contract-dispatch.ts';
import { CancelledError, describeError, EchoFileError, InputError } from '../../../src-main/core/errors.ts';
import { DamagedDatabaseError } from '../../../src-main/core/store/database.ts';
import { DatabaseVersionError } from '../../../src-main/core/store/migrations.ts';
import { WorkspaceBusyError } from '../../../src-main/core/workspace/workspace-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'spin-echo-errors-'));
const file = join(dir, 'a-file.txt');
writeFileSync(file, 'x');
mkdirSync(join(dir, 'full', 'inner'), { recursive: true });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

/** A system error shaped as Node makes them, for codes a test cannot provoke as root (EACCES) or safely (ENOSPC). */
function systemError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: raw text, ${syscall} '${path}'`), { code, syscall, errno: -1, ...(path && { path }) });
}

/** The one line must be plain: no errno code, no class name, no stack, and it says what to do. */
function expectPlainLine(line: string): void {
  expect(line).not.toMatch(/\b(E[A-Z]{3,}|SQLITE_[A-Z_]+|SqliteError|RangeError|Error):/);
  expect(line).not.toContain('\n');
  expect(line).not.toMatch(/ at .*:\d+:\d+/);
}

describe('file-system errors', () => {
  const real: [string, () => unknown, string, RegExp][] = [
    ['ENOENT', () => readFileSync(join(dir, 'missing.txt')), join(dir, 'missing.txt'), /no such file or folder; check the path/],
    ['ENOTDIR', () => mkdirSync(join(file, 'sub')), join(file, 'sub'), /a part of this path is a file, not a folder/],
    ['EISDIR', () => writeFileSync(dir, 'x'), dir, /is a folder where a file is expected; name a file/],
    ['EEXIST (mkdir)', () => mkdirSync(file), file, /is a file where a folder is expected; name a folder/],
    ['EEXIST (exclusive create)', () => openSync(file, 'wx'), file, /already exists; choose another name/],
    ['ENOTEMPTY', () => rmdirSync(join(dir, 'full')), join(dir, 'full'), /not empty/],
  ];

  it.each(real)('%s names the path and what to do, and is bad input (exit 2, wire kind input)', (_code, action, path, meaning) => {
    const error = caught(action);
    const line = describeError(error);
    expect(line.startsWith(`${path}: `), line).toBe(true);
    expect(line).toMatch(meaning);
    expectPlainLine(line);
    expect(exitCodeFor(error)).toBe(2);
    expect(toWireError(error)).toEqual({ kind: 'input', message: line });
    expect(failureLine(error)).toBe(`spin-echo: ${line}`);
  });

  it.each([
    ['EACCES', 'open', /permission denied; choose a place you may use/, 2],
    ['EPERM', 'mkdir', /operation not permitted; choose a place you may use/, 2],
    ['EROFS', 'open', /read-only; choose a place on a writable disk/, 2],
    ['ENOSPC', 'write', /no space left on the disk; free some space and try again/, 1],
    ['EMFILE', 'open', /too many open files/, 1],
  ])('%s: a plain line; bad input only when the path given is at fault', (code, syscall, meaning, exit) => {
    const error = systemError(code, syscall, '/some/where');
    const line = describeError(error);
    expect(line).toMatch(/^\/some\/where: /);
    expect(line).toMatch(meaning);
    expectPlainLine(line);
    expect(exitCodeFor(error)).toBe(exit);
    expect(toWireError(error).kind).toBe(exit === 2 ? 'input' : 'internal');
  });

  it('words an error without a path, and an unknown code, on one line', () => {
    expect(describeError(systemError('ENOSPC', 'write'))).toBe('no space left on the disk; free some space and try again');
    expect(describeError(systemError('EWEIRD', 'open', '/x'))).toMatch(/^\/x: open failed \(EWEIRD\)/);
  });
});

describe('other errors', () => {
  it('words SQLite failures by what they mean, a syntax error as a bug to report', () => {
    const db = new BetterSqlite3(':memory:');
    const syntax = caught(() => db.prepare('SELECT FROM WHERE'));
    db.close();
    expect(describeError(syntax)).toMatch(/^the workspace database refused a request \(SQLITE_ERROR: .*\); this is a bug, please report it$/);
    expect(exitCodeFor(syntax)).toBe(1);
    const busy = new BetterSqlite3.SqliteError('database is locked', 'SQLITE_BUSY');
    expect(describeError(busy)).toBe('the workspace database is busy in another process; try again in a moment');
    const full = new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL');
    expect(describeError(full)).toMatch(/no space left on the disk/);
    for (const error of [busy, full]) expectPlainLine(describeError(error));
  });

  it('words an allocation failure as asking for too much, and other built-in errors as internal', () => {
    const allocation = caught(() => new ArrayBuffer(Number.MAX_SAFE_INTEGER));
    expect(allocation).toBeInstanceOf(RangeError);
    expect(describeError(allocation)).toMatch(/^not enough memory for this request \(.*\); ask for less at once$/);
    expect(describeError(new TypeError('x is undefined\n    at f (file.ts:1:2)'))).toBe('internal error (TypeError: x is undefined); please report it');
    expect(describeError(new Error('the lock could not be taken'))).toBe('the lock could not be taken');
    expect(describeError('a string')).toBe('a string');
  });

  it('keeps the messages of typed errors, which are written for a person', () => {
    const busy = new WorkspaceBusyError('/ws', { pid: 7, host: 'h', since: 'then' });
    const damaged = new DamagedDatabaseError('/ws/workbench.sqlite', '/ws/workbench.sqlite.damaged-1', 'file is not a database');
    const newer = new DatabaseVersionError('/ws/workbench.sqlite', 9, 3);
    for (const error of [busy, damaged, newer]) {
      expect(describeError(error)).toBe(error.message);
      expect(exitCodeFor(error)).toBe(1);
    }
    expect(exitCodeFor(new InputError('bad'))).toBe(2);
    expect(exitCodeFor(new EchoFileError('/f', 1, 2, 'bad'))).toBe(2);
    expect(failureLine(new EchoFileError('/f', 1, 2, 'bad'))).toBe('/f:1:2: bad');
    expect(exitCodeFor(new CancelledError())).toBe(130);
  });
});
