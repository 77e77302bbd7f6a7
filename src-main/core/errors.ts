// Typed errors of the core: each becomes one clear line in the UI and the CLI, never a stack trace.

/** A problem in a user's file, located to the character. Line and column are 1-based. */
export class EchoFileError extends Error {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(path: string, line: number, column: number, reason: string) {
    super(`${path}:${line}:${column}: ${reason}`);
    this.name = 'EchoFileError';
    this.path = path;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** Bad input that is not a file: a CLI flag, a hyperparameter, an API argument. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Thrown by long jobs when their AbortSignal fires. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError if the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * The workspace cannot be used as it is: another process owns it, its database is damaged or newer
 * than this program. The message already says why and what to do.
 */
export class WorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/** The one sentence a page or a dialog shows for a damaged workspace database, beside its button for a fresh one. */
export function describeDamagedDatabase(damage: { readonly path: string; readonly movedTo: string | null; readonly reason: string }): string {
  const kept = damage.movedTo === null ? 'it was left in place' : `it was kept as ${damage.movedTo}`;
  return `The database ${damage.path} is damaged (${damage.reason}); ${kept}.`;
}

/** What a file-system refusal means to a person, what to do about it, and whether the path given was at fault. */
interface FileSystemMeaning {
  readonly reason: string;
  readonly advice: string;
  /** The path named cannot be used as given (exit code 2); otherwise the machine is short of something. */
  readonly input: boolean;
}

const FILE_SYSTEM_MEANINGS: Readonly<Record<string, FileSystemMeaning>> = {
  ENOENT: { reason: 'no such file or folder', advice: 'check the path', input: true },
  ENOTDIR: { reason: 'a part of this path is a file, not a folder', advice: 'check the path', input: true },
  EISDIR: { reason: 'is a folder where a file is expected', advice: 'name a file', input: true },
  EEXIST: { reason: 'already exists', advice: 'choose another name or move it away', input: true },
  ENOTEMPTY: { reason: 'the folder is not empty', advice: 'choose an empty folder', input: true },
  EACCES: { reason: 'permission denied', advice: 'choose a place you may use, or change its permissions', input: true },
  EPERM: { reason: 'operation not permitted', advice: 'choose a place you may use, or change its permissions', input: true },
  EROFS: { reason: 'the file system is read-only', advice: 'choose a place on a writable disk', input: true },
  ENAMETOOLONG: { reason: 'the name is too long', advice: 'choose a shorter path', input: true },
  ELOOP: { reason: 'too many symbolic links', advice: 'check the path', input: true },
  ENOSPC: { reason: 'no space left on the disk', advice: 'free some space and try again', input: false },
  EDQUOT: { reason: 'the disk quota is exhausted', advice: 'free some space and try again', input: false },
  EMFILE: { reason: 'too many open files', advice: 'close other programs and try again', input: false },
  ENFILE: { reason: 'too many open files', advice: 'close other programs and try again', input: false },
  EBUSY: { reason: 'in use by another program', advice: 'close it and try again', input: false },
  EIO: { reason: 'the disk could not be read or written', advice: 'check the disk', input: false },
};

/** A Node.js system error (fs, net), as far as the wording needs it: declared here, for the renderer's type check reaches this module and has no Node types. */
interface SystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
}

/** The error as a system error: a string code such as 'ENOENT', a syscall, usually a path. */
function systemErrorOf(error: unknown): SystemError | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall } = error as Partial<SystemError>;
  return typeof code === 'string' && typeof syscall === 'string' ? (error as SystemError) : null;
}

/** The plain reason for a file-system error code ('no such file or folder'), or null for an unknown code. */
export function fileSystemReason(code: string | undefined): string | null {
  return (code !== undefined && Object.hasOwn(FILE_SYSTEM_MEANINGS, code) && FILE_SYSTEM_MEANINGS[code].reason) || null;
}

function describeSystemError(error: SystemError): string {
  const meaning = Object.hasOwn(FILE_SYSTEM_MEANINGS, error.code) ? FILE_SYSTEM_MEANINGS[error.code] : null;
  const path = error.path ?? null;
  if (!meaning) return `${path ? `${path}: ` : ''}${error.syscall} failed (${error.code}): ${error.message}`;
  // mkdir meets EEXIST when a file stands where a folder should go.
  const reason = error.code === 'EEXIST' && error.syscall === 'mkdir' ? 'is a file where a folder is expected' : meaning.reason;
  const advice = error.code === 'EEXIST' && error.syscall === 'mkdir' ? 'name a folder' : meaning.advice;
  return `${path ? `${path}: ` : ''}${reason}; ${advice}`;
}

/** better-sqlite3's error: a SQLITE_* code. The workbench builds its SQL itself, so most codes are its bugs. */
function describeSqliteError(error: Error & { code?: unknown }): string {
  const code = String(error.code);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'the workspace database is busy in another process; try again in a moment';
  if (code.startsWith('SQLITE_FULL')) return 'no space left on the disk for the workspace database; free some space and try again';
  if (code.startsWith('SQLITE_READONLY')) return 'the workspace database is read-only; check the permissions of the workspace folder';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'the workspace database is damaged; restart the program to have it checked and kept aside';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) return 'the workspace database could not be read or written; check the disk and the workspace folder';
  return `the workspace database refused a request (${code}: ${error.message}); this is a bug, please report it`;
}

function isSqliteError(error: unknown): error is Error & { code?: unknown } {
  return error instanceof Error && error.name === 'SqliteError';
}

/** True when the cause is the user's input: a flag, an argument, a file, a path that cannot be used as given. */
export function isInputError(error: unknown): boolean {
  if (error instanceof EchoFileError || error instanceof InputError) return true;
  const system = systemErrorOf(error);
  return system !== null && Object.hasOwn(FILE_SYSTEM_MEANINGS, system.code) && FILE_SYSTEM_MEANINGS[system.code].input;
}

/**
 * One line for a person, whatever was thrown: typed errors keep their message; file-system errors
 * name the path, what went wrong and what to do; anything else says what it is, never a stack trace.
 */
export function describeError(error: unknown): string {
  if (error instanceof EchoFileError || error instanceof InputError || error instanceof CancelledError || error instanceof WorkspaceError) {
    return error.message;
  }
  const system = systemErrorOf(error);
  if (system) return describeSystemError(system);
  if (isSqliteError(error)) return describeSqliteError(error);
  // Allocation failures (an array too large for this machine) are RangeErrors in V8.
  if (error instanceof RangeError && /allocation failed|invalid (typed )?array length|invalid string length/i.test(error.message)) {
    return `not enough memory for this request (${error.message}); ask for less at once`;
  }
  if (!(error instanceof Error)) return firstLine(String(error));
  // A plain Error of the program's own carries a sentence written for a person.
  if (error.name === 'Error') return firstLine(error.message);
  return `internal error (${error.name}: ${firstLine(error.message)}); please report it`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
