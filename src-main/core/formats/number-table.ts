// Streams a text table of decimal numbers (the challenge's format, read as numpy's loadtxt reads it)
// into a Float64Array, scanning bytes in fixed-size chunks without building a string of the file.
//
// Accepted: any run of spaces, tabs, \v, \f between values; LF, CRLF or lone CR line ends; a UTF-8
// BOM; '#' comments to the end of the line; blank lines; decimals with sign, leading '.', exponent.
// Positions in errors are 1-based: the line, and the column counted in bytes from the start of the
// line (the BOM not counted). Every byte before a reported position on its line is a valid number
// or ASCII whitespace, so the byte column equals the character column. Token-level problems point
// at the first character of the token; a short row points just past its last value; problems with
// a whole row (too many rows) point at column 1.
import { EchoFileError, throwIfCancelled } from '../errors.ts';
import { ChunkedFile, MAX_CARRIED_BYTES, type ByteRange } from './chunked-file.ts';
import { writeDecimal } from './decimal-to-double.ts';

/** A parsed table: rows x columns values, row-major. */
export interface NumberTable {
  readonly path: string;
  readonly rows: number;
  readonly columns: number;
  /** The values, or the caller's target array when one was given (see ReadTableOptions.target); empty with discardValues. */
  readonly values: Float64Array;
  /** The 1-based line of each row. */
  readonly rowLines: Uint32Array;
  /** The line after the file's last line: where a missing row would have started. */
  readonly endLine: number;
}

/** A required number of values per row, with the reason shown when a row differs. */
export interface ColumnRule {
  readonly count: number;
  /** Completes "expected N ...", e.g. "(alpha, xi, d)" or "like gauss_echos_model_r.txt". */
  readonly why: string;
}

/** The most rows allowed, with the reason shown at the first row too many. */
export interface RowLimit {
  readonly max: number;
  /** The whole message, e.g. "more rows than the 6000 of gauss_echos_model_r.txt". */
  readonly reason: string;
}

/** Where values go instead of a new array: value k (row-major) lands at offset + k * stride. */
export interface TableTarget {
  readonly data: Float64Array;
  readonly offset: number;
  readonly stride: number;
}

export interface ReadTableOptions {
  readonly columns?: ColumnRule;
  readonly maxRows?: RowLimit;
  /** Requires columns and maxRows, which bound every write inside data. */
  readonly target?: TableTarget;
  /** Checks the table and counts its shape without keeping any value: the same errors, no large arrays. */
  readonly discardValues?: boolean;
  readonly signal?: AbortSignal;
  /** Advanced by the bytes consumed (a ProgressMeter, or any counter), so one meter can span several files. */
  readonly meter?: { advance(units: number): unknown };
  /**
   * Reads only these bytes, a part of the table that starts at a line start (0, or just after an
   * LF): its lines count from 1 at range.start, a BOM is skipped only at 0, and a range holding no
   * row gives 0 rows of 0 columns instead of an error.
   */
  readonly range?: ByteRange;
}

const TWO_53 = 9007199254740992;
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Any byte that cannot occur in a number; written just past the data so digit loops stop there. */
const SENTINEL = 0;
const FIRST_ROW = -1;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;

/** Byte classes: 0 a token byte, 1 a value separator, 2 a line end or comment start. */
const BYTE_CLASS = (() => {
  const table = new Uint8Array(256);
  for (const blank of [SPACE, TAB, 11, 12]) table[blank] = 1;
  for (const end of [LF, CR, HASH]) table[end] = 2;
  return table;
})();

const NON_FINITE_WORDS = new Set(['nan', 'inf', 'infinity']);

/** Reads a whole table; throws EchoFileError at the first problem, CancelledError on abort. */
export async function readNumberTable(path: string, options: ReadTableOptions = {}): Promise<NumberTable> {
  const file = await ChunkedFile.open(path, options.range);
  try {
    const scanner = new TableScanner(path, file.size, options);
    let chunk = await file.next(0);
    let start = chunk.start;
    const { buffer } = chunk;
    if ((options.range?.start ?? 0) === 0 && chunk.end - start >= 3 && buffer[start] === 0xef && buffer[start + 1] === 0xbb && buffer[start + 2] === 0xbf) {
      start += 3;
      options.meter?.advance(3);
    }
    scanner.lineStart = start;
    for (;;) {
      throwIfCancelled(options.signal);
      const resume = scanner.scan(chunk.buffer, start, chunk.end, chunk.final);
      options.meter?.advance(resume - start);
      if (chunk.final) break;
      if (chunk.end - resume > MAX_CARRIED_BYTES) scanner.rejectLongToken(chunk.buffer, resume);
      const next = await file.next(resume);
      scanner.shift(resume - next.start);
      chunk = next;
      start = next.start;
    }
    return scanner.finish();
  } finally {
    await file.close();
  }
}

/**
 * The scanning state carried from chunk to chunk. Chunks are cut only between tokens (or inside a
 * comment), so a token is always scanned from one contiguous buffer.
 */
class TableScanner {
  /** Index in the current buffer where the current line starts (negative once shifted past). */
  lineStart = 0;
  private line = 1;
  private row = 0;
  private column = 0;
  /** Values per row: FIRST_ROW until the first row ends, unless a ColumnRule fixes it. */
  private columns: number;
  /** Completes "expected N ..."; null: the first row sets the count. */
  private readonly columnsWhy: string | null;
  private readonly maxRows: number;
  private data: Float64Array;
  private position: number;
  private readonly stride: number;
  private readonly ownsData: boolean;
  private rowLines = new Uint32Array(1024);
  /** Index just past the last value, where a short row's missing value would start. */
  private lastValueEnd = 0;
  private inComment = false;
  /** Bytes of the file consumed by earlier chunks, for sizing the value array. */
  private bytesConsumed = 0;
  /** Where the last scan stopped: at the end of the file, the index just past its last byte. */
  private stopIndex = 0;

  constructor(
    private readonly path: string,
    private readonly fileSize: number,
    private readonly options: ReadTableOptions,
  ) {
    this.columns = options.columns?.count ?? FIRST_ROW;
    this.columnsWhy = options.columns?.why ?? null;
    this.maxRows = options.maxRows?.max ?? Infinity;
    const { target } = options;
    if (target && options.discardValues) throw new TypeError('a table target and discardValues exclude each other');
    if (options.discardValues) {
      // Every value lands in the same slot, which finish() leaves out.
      this.data = new Float64Array(1);
      this.position = 0;
      this.stride = 0;
      this.ownsData = false;
    } else if (target) {
      if (!options.columns || !options.maxRows) throw new TypeError('a table target needs columns and maxRows');
      const lastIndex = target.offset + (options.columns.count * options.maxRows.max - 1) * target.stride;
      if (lastIndex >= target.data.length) throw new RangeError('table target is too small');
      this.data = target.data;
      this.position = target.offset;
      this.stride = target.stride;
      this.ownsData = false;
    } else {
      // A value takes two bytes at least (a digit and a separator): a small file needs a small array.
      this.data = new Float64Array(Math.min(1 << 16, Math.floor(fileSize / 2) + 1));
      this.position = 0;
      this.stride = 1;
      this.ownsData = true;
    }
  }

  /** Moves indexes into the next chunk, where the byte at index i now sits at i - bytes. */
  shift(bytes: number): void {
    this.lineStart -= bytes;
    this.lastValueEnd -= bytes;
  }

  /**
   * Scans buf[start, end) and returns where to resume: the start of a token that may continue in
   * the next chunk, or end. With `final`, end is the end of the file and everything is consumed.
   */
  scan(buf: Buffer, start: number, end: number, final: boolean): number {
    buf[end] = SENTINEL;
    let p = start;
    if (this.inComment) {
      const lineEnd = nextLineEnd(buf, p, end);
      if (lineEnd < 0) {
        this.bytesConsumed += end - start;
        this.stopIndex = end;
        return end;
      }
      this.inComment = false;
      p = lineEnd;
    }

    let line = this.line;
    let lineStart = this.lineStart;
    let row = this.row;
    let column = this.column;
    let columns = this.columns;
    let limit = columns === FIRST_ROW ? Infinity : columns;
    let data = this.data;
    let capacity = this.ownsData ? data.length : Infinity;
    let position = this.position;
    const stride = this.stride;
    let lastValueEnd = this.lastValueEnd;

    for (;;) {
      let c = buf[p];
      while (c === SPACE || c === TAB) c = buf[++p];
      if (p >= end) break;

      if (BYTE_CLASS[c] !== 0) {
        if (c === CR && buf[p + 1] === LF && p + 1 < end) {
          p++; // the LF ends the line
          continue;
        }
        if (c === CR && p + 1 >= end && !final) break; // an LF may follow in the next chunk
        if (c === HASH) {
          const lineEnd = nextLineEnd(buf, p, end);
          if (lineEnd < 0) {
            if (!final) this.inComment = true;
            p = end;
            break;
          }
          p = lineEnd;
          continue;
        }
        if (c === LF || c === CR) {
          if (column !== 0) {
            if (columns === FIRST_ROW) {
              columns = column;
              limit = column;
            } else if (column < columns) {
              this.rejectShortRow(line, lastValueEnd - lineStart + 1, row, column, columns);
            }
            if (row === this.rowLines.length) this.growRowLines();
            this.rowLines[row] = line;
            row++;
            column = 0;
          }
          line++;
          lineStart = p + 1;
        }
        p++;
        continue;
      }

      // A token: sign, digits with at most one '.', optional exponent. Significant digits go to
      // int32 groups (cheap to accumulate): digits 1-8 in head, 9-17 in body, 18-19 in tail; with
      // more than 19 the exact conversion is left to Number().
      const tokenStart = p;
      let negative = false;
      if (c === 45) {
        negative = true;
        c = buf[++p];
      } else if (c === 43) {
        c = buf[++p];
      }
      let head = 0;
      let body = 0;
      let tail = 0;
      let digits = 0;
      let exponent10 = 0;
      let sawDigit = false;
      if (c === 48) {
        sawDigit = true;
        do c = buf[++p];
        while (c === 48);
      }
      while (c >= 48 && c <= 57) {
        if (digits < 8) head = head * 10 + (c - 48);
        else if (digits < 17) body = body * 10 + (c - 48);
        else if (digits < 19) tail = tail * 10 + (c - 48);
        else exponent10++;
        digits++;
        c = buf[++p];
      }
      if (digits > 0) sawDigit = true;
      if (c === 46) {
        c = buf[++p];
        if (digits === 0) {
          while (c === 48) {
            sawDigit = true;
            exponent10--;
            c = buf[++p];
          }
        }
        while (c >= 48 && c <= 57) {
          if (digits < 8) head = head * 10 + (c - 48);
          else if (digits < 17) body = body * 10 + (c - 48);
          else if (digits < 19) tail = tail * 10 + (c - 48);
          else exponent10++;
          exponent10--;
          digits++;
          sawDigit = true;
          c = buf[++p];
        }
      }
      if (sawDigit && (c === 101 || c === 69)) {
        c = buf[++p];
        let exponentNegative = false;
        if (c === 45) {
          exponentNegative = true;
          c = buf[++p];
        } else if (c === 43) {
          c = buf[++p];
        }
        if (c >= 48 && c <= 57) {
          let exponent = 0;
          do {
            // Beyond this any value is 0 or infinite; Number() decides, the cap only avoids overflow.
            if (exponent < 100000) exponent = exponent * 10 + (c - 48);
            c = buf[++p];
          } while (c >= 48 && c <= 57);
          exponent10 += exponentNegative ? -exponent : exponent;
        } else {
          sawDigit = false; // 'e' without digits
        }
      }

      if (p >= end && !final) {
        p = tokenStart; // the token may go on in the next chunk
        break;
      }
      if (!sawDigit || (p < end && BYTE_CLASS[c] === 0)) {
        this.rejectToken(buf, tokenStart, end, line, tokenStart - lineStart + 1);
      }

      if (column === limit) this.rejectExtraValue(line, tokenStart - lineStart + 1, row, columns);
      if (column === 0 && row === this.maxRows) this.rejectRowLimit(line);
      if (position >= capacity) {
        data = this.growData(position, this.bytesConsumed + (p - start));
        capacity = data.length;
      }

      // Up to 17 digits as a double: head * 10^k is exact (below 2^53 / 2^k times 2^k), and the sum
      // is exact when below 2^53 (rounding is monotone, so a rounded sum below 2^53 proves it).
      const mantissa = digits <= 8 ? head : head * EXACT_POWERS_OF_TEN[Math.min(digits, 17) - 8] + body;
      if (digits <= 17 && mantissa < TWO_53 && exponent10 >= -22 && exponent10 <= 22) {
        // Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
        const magnitude = exponent10 < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent10] : mantissa * EXACT_POWERS_OF_TEN[exponent10];
        data[position] = negative ? -magnitude : magnitude;
      } else if (digits === 0) {
        data[position] = negative ? -0 : 0;
      } else if (digits > 19 || !writeDecimal(head, body, tail, digits, exponent10, negative, data, position)) {
        data[position] = this.convertText(buf, tokenStart, p, line, tokenStart - lineStart + 1);
      }
      position += stride;
      column++;
      lastValueEnd = p;
    }

    this.line = line;
    this.lineStart = lineStart;
    this.row = row;
    this.column = column;
    this.columns = columns;
    this.data = data;
    this.position = position;
    this.lastValueEnd = lastValueEnd;
    this.bytesConsumed += p - start;
    this.stopIndex = p;
    return p;
  }

  /** Ends the last row and returns the table; an empty table is an error. */
  finish(): NumberTable {
    const endLine = this.stopIndex > this.lineStart ? this.line + 1 : this.line;
    if (this.column !== 0) {
      if (this.columns === FIRST_ROW) this.columns = this.column;
      else if (this.column < this.columns) {
        this.rejectShortRow(this.line, this.lastValueEnd - this.lineStart + 1, this.row, this.column, this.columns);
      }
      if (this.row === this.rowLines.length) this.growRowLines();
      this.rowLines[this.row] = this.line;
      this.row++;
      this.column = 0;
    }
    if (this.row === 0) {
      if (this.options.range) return { path: this.path, rows: 0, columns: 0, values: new Float64Array(0), rowLines: new Uint32Array(0), endLine };
      throw new EchoFileError(this.path, 1, 1, 'no data rows (the file is empty or holds only comments)');
    }
    const count = this.row * this.columns;
    let values = this.data;
    if (this.options.discardValues) values = new Float64Array(0);
    else if (this.ownsData && this.data.length !== count) values = this.data.slice(0, count);
    return {
      path: this.path,
      rows: this.row,
      columns: this.columns,
      values,
      rowLines: this.rowLines.slice(0, this.row),
      endLine,
    };
  }

  /** Throws for a token that is not a decimal number, naming NaN and infinities as such. */
  private rejectToken(buf: Buffer, start: number, end: number, line: number, column: number): never {
    let stop = start;
    while (stop < end && BYTE_CLASS[buf[stop]] === 0) stop++;
    const text = buf.toString('utf8', start, Math.min(stop, start + 200));
    const word = text.replace(/^[+-]/, '').toLowerCase();
    const shown = printable(text.length > 40 ? `${text.slice(0, 40)}...` : text);
    const reason = NON_FINITE_WORDS.has(word) ? `'${shown}' is not a finite number` : `'${shown}' is not a number`;
    throw new EchoFileError(this.path, line, column, reason);
  }

  /** Throws for a token longer than a chunk can carry: nothing numeric is that long. */
  rejectLongToken(buf: Buffer, start: number): never {
    const preview = printable(buf.toString('utf8', start, start + 20));
    throw new EchoFileError(this.path, this.line, start - this.lineStart + 1, `'${preview}...' is not a number (longer than ${MAX_CARRIED_BYTES} bytes)`);
  }

  /** The exact conversion for tokens the fast paths leave: more than 19 digits, extreme exponents. */
  private convertText(buf: Buffer, start: number, end: number, line: number, column: number): number {
    const text = buf.toString('latin1', start, end);
    const value = Number(text);
    if (!Number.isFinite(value)) {
      throw new EchoFileError(this.path, line, column, `'${text}' is not a finite number (it overflows to infinity)`);
    }
    return value;
  }

  private rejectShortRow(line: number, column: number, row: number, found: number, expected: number): never {
    throw new EchoFileError(this.path, line, column, `only ${found} values in row ${row + 1}; expected ${expected} ${this.why()}`);
  }

  private rejectExtraValue(line: number, column: number, row: number, expected: number): never {
    throw new EchoFileError(this.path, line, column, `more than ${expected} values in row ${row + 1}; expected ${expected} ${this.why()}`);
  }

  private why(): string {
    return this.columnsWhy ?? `like the first row (line ${this.rowLines[0]})`;
  }

  private rejectRowLimit(line: number): never {
    throw new EchoFileError(this.path, line, 1, this.options.maxRows?.reason ?? 'too many rows');
  }

  private growRowLines(): void {
    const grown = new Uint32Array(this.rowLines.length * 2);
    grown.set(this.rowLines);
    this.rowLines = grown;
  }

  /**
   * Grows the owned value array to what the rest of the file probably holds at the bytes per value
   * seen so far (so a large file is resized once or twice, not a dozen times), by half at least.
   */
  private growData(position: number, bytesSoFar: number): Float64Array {
    const bytesPerValue = bytesSoFar / Math.max(1, position);
    const remaining = (this.fileSize - bytesSoFar) / Math.max(1, bytesPerValue);
    const wanted = Math.max(Math.ceil(position * 1.5), Math.ceil((position + remaining) * 1.02) + 1024);
    const grown = new Float64Array(wanted);
    grown.set(this.data.subarray(0, position));
    return grown;
  }
}

/** Escapes control characters, so that a binary file's bytes cannot garble the one-line message. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Index of the next line end (LF or CR) in buf[from, end), or -1. */
function nextLineEnd(buf: Buffer, from: number, end: number): number {
  for (let p = from; p < end; p++) {
    const c = buf[p];
    if (c === LF || c === CR) return p;
  }
  return -1;
}
