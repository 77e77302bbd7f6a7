// A table cut into pieces at line starts must give, merged, the shape of the whole table read
// without rules, or null wherever that read fails (or could fail): the prefetch that uses the
// pieces must never change what inspect reports.
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, MAX_CARRIED_BYTES } from '../../../src-main/core/formats/chunked-file.ts';
import { readNumberTable } from '../../../src-main/core/formats/number-table.ts';
import { cutTable, mergePieceShapes, readPieceShape, type TablePiece, type TableShape } from '../../../src-main/core/formats/table-pieces.ts';
import { removeFolder, temporaryFolder, writeFixture } from './fixtures.ts';

const dir = temporaryFolder();
afterAll(() => removeFolder(dir));

let counter = 0;
function fixture(content: string): string {
  counter += 1;
  return writeFixture(dir, `piece-${counter}.txt`, content);
}

/** What the prefetch must find: the whole table's shape read without rules, or null when that read fails. */
async function wholeShape(path: string): Promise<TableShape | null> {
  return readNumberTable(path, { discardValues: true }).then(
    ({ rows, columns }) => ({ rows, columns }),
    () => null,
  );
}

async function piecesShape(pieces: readonly TablePiece[]): Promise<TableShape | null> {
  return mergePieceShapes(await Promise.all(pieces.map((piece) => readPieceShape(piece, {}))));
}

/** Every offset just after an LF: the places cutTable may cut. */
function lineStarts(text: string): number[] {
  const bytes = Buffer.from(text);
  return [...bytes.keys()].filter((k) => k > 0 && bytes[k - 1] === 10);
}

const TABLES: [string, string][] = [
  ['LF rows', '1 2 3\n4 5 6\n7 8 9\n10 11 12\n'],
  ['CRLF rows and a last row without a line end', '1 2\r\n3 4\r\n5 6\r\n7 8'],
  ['comments, blank lines and a BOM', '\uFEFF# head\n\n1.5 2.5 # tail\n   \n#c\n\n3.5\t4.5\n\n# end\n'],
  ['LF then CR, a blank line either way', '1 2\n\r3 4\n\r\n5 6\n'],
  ['CR-only line ends', '1 2\r3 4\r5 6\r'],
  ['a short row in the middle', '1 2 3\n4 5 6\n7 8\n9 10 11\n12 13 14\n'],
  ['a short row alone after a cut, the last one', '1 2 3\n4 5 6\n7 8\n'],
  ['a long row in the middle', '1 2\n3 4\n5 6 7\n8 9\n'],
  ['a short first row', '1 2\n3 4 5\n6 7 8\n'],
  ['a bad token', '1 2\n3 4\n5 x\n7 8\n'],
  ['a value overflowing to infinity', '1 2\n3 1e999\n5 6\n'],
  ['a BOM in the middle', '1 2\n\uFEFF3 4\n5 6\n'],
  ['comments only', '# a\n# b\n\n'],
  ['an empty file', ''],
  ['rows of one width, then only comments', '1 2\n3 4\n# x\n# y\n'],
];

describe('a table cut into two pieces', () => {
  it.each(TABLES)('gives the whole read shape, or null, at every cut: %s', async (_name, text) => {
    const path = fixture(text);
    const whole = await wholeShape(path);
    for (const cut of lineStarts(text)) {
      const pieces = [
        { path, start: 0, end: cut },
        { path, start: cut, end: Infinity },
      ];
      expect({ cut, shape: await piecesShape(pieces) }).toEqual({ cut, shape: whole });
    }
  });
});

describe('cutTable', () => {
  it.each(TABLES)('cuts only at line starts, and the pieces merge to the whole read: %s', async (_name, text) => {
    const path = fixture(text);
    const size = Buffer.byteLength(text);
    // One byte per wanted piece: a cut is tried at every offset.
    const pieces = await cutTable(path, size, 1);
    const starts = pieces.map((piece) => piece.start);
    expect(starts[0]).toBe(0);
    expect(starts.slice(1)).toEqual(lineStarts(text).filter((start) => start < size));
    expect(pieces.map((piece) => piece.end)).toEqual([...starts.slice(1), Infinity]);
    expect(await piecesShape(pieces)).toEqual(await wholeShape(path));
  });

  it('never cuts a CR-only file', async () => {
    const text = '1 2\r'.repeat(1000);
    const path = fixture(text);
    expect(await cutTable(path, text.length, 16)).toEqual([{ path, start: 0, end: Infinity }]);
  });

  it('cuts about evenly, and not at all a file below two pieces', async () => {
    const text = '0.123456 0.654321\n'.repeat(1000);
    const path = fixture(text);
    const pieces = await cutTable(path, text.length, 4500);
    expect(pieces.length).toBe(4);
    for (const piece of pieces.slice(0, -1)) expect(Math.abs(piece.end - piece.start - 4500)).toBeLessThan(100);
    expect(await cutTable(path, text.length, text.length * 0.7)).toHaveLength(1);
  });

  it('leaves a file it cannot read as one piece, whose read fails', async () => {
    const path = `${dir}/missing.txt`;
    const pieces = await cutTable(path, 1 << 20, 1024);
    expect(pieces).toEqual([{ path, start: 0, end: Infinity }]);
    expect(await readPieceShape(pieces[0], {})).toBeNull();
  });
});

describe('pieces and progress', () => {
  it('count every byte once, a BOM included', async () => {
    const text = '\uFEFF1 2\r\n# c\n3 4\n\n5 6\n';
    const path = fixture(text);
    const pieces = await cutTable(path, Buffer.byteLength(text), 1);
    let bytes = 0;
    const meter = { advance: (units: number) => (bytes += units) };
    for (const piece of pieces) await readPieceShape(piece, { meter });
    expect(pieces.length).toBeGreaterThan(3);
    expect(bytes).toBe(Buffer.byteLength(text));
  });
});

describe('pieces read on the whole file chunk grid', () => {
  // A number of many leading zeros is valid, but a read refuses a token whose part before a chunk
  // end is longer than MAX_CARRIED_BYTES: a piece must refuse it exactly where the whole read does.
  const longNumber = `${'0'.repeat(MAX_CARRIED_BYTES + 100)}1`;
  const rowsOf = (bytes: number) => '7 7\n'.repeat(Math.floor(bytes / 4));
  /** A piece boundary at `cut` (about), then rows up to about `tokenAt`, the long number's row, more rows. */
  function tableWithLongToken(cut: number, tokenAt: number): { text: string; cut: number } {
    const before = rowsOf(cut);
    return { text: `${before}${rowsOf(tokenAt - before.length)}7 ${longNumber}\n${rowsOf(400)}`, cut: before.length };
  }
  const twoPieces = (path: string, cut: number) => [
    { path, start: 0, end: cut },
    { path, start: cut, end: Infinity },
  ];

  it('refuses a long token across a chunk end in a piece, as the whole read does', async () => {
    // In a piece read from its own start, the token would sit inside its first chunk.
    const { text, cut } = tableWithLongToken(CHUNK_BYTES - MAX_CARRIED_BYTES - 4000, CHUNK_BYTES - MAX_CARRIED_BYTES - 60);
    const path = fixture(text);
    expect(await wholeShape(path)).toBeNull();
    expect(await piecesShape(twoPieces(path, cut))).toBeNull();
  });

  it('accepts a long token inside one chunk in a piece, as the whole read does', async () => {
    // In a piece read from its own start, the token would cross that piece's first chunk end.
    const { text, cut } = tableWithLongToken(200_000, 200_000 + CHUNK_BYTES - MAX_CARRIED_BYTES - 60);
    const path = fixture(text);
    const whole = await wholeShape(path);
    expect(whole?.columns).toBe(2);
    expect(await piecesShape(twoPieces(path, cut))).toEqual(whole);
  });
});
