import { describe, expect, it } from 'vitest';
import { readJsonText } from '../../../src-main/core/formats/json-text.ts';

describe('readJsonText', () => {
  it('reads JSON as JSON.parse does', () => {
    expect(readJsonText('[1e5, -0.5, "\\u00e9", {"a": [true, null]}]')).toEqual({ ok: true, value: [1e5, -0.5, 'é', { a: [true, null] }] });
  });

  it('locates every kind of syntax error to its line and column, where V8 names no position', () => {
    const cases: [string, number, number, string][] = [
      ['[\n  {"kind": "dense",\n   "units": 3,}\n]', 3, 15, "a trailing comma before '}' is not allowed in JSON"],
      ['[1, x]', 1, 5, "expected a value, found 'x'"],
      ['{"a":1 "b":2}', 1, 8, `expected ',' or '}', found '"'`],
      ['[1, 2', 1, 6, "expected ',' or ']', found the end of the text"],
      ['', 1, 1, 'expected a value, found the end of the text'],
      ['["a]', 1, 2, 'unterminated string'],
      ['[1]\n x', 2, 2, "unexpected 'x' after the JSON value"],
      ['{"a": "c\\q"}', 1, 9, 'bad escape in a string'],
      ['[01]', 1, 2, "expected a value, found '0'"],
      ['{\n\n  name: 1}', 3, 3, "expected a double-quoted property name, found 'n'"],
    ];
    for (const [text, line, column, reason] of cases) expect(readJsonText(text), JSON.stringify(text)).toEqual({ ok: false, line, column, reason });
  });
});
