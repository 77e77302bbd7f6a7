// Reads JSON text a person wrote (a model file, the model editor), locating a syntax error to its
// line and column: V8's own messages name a position for some errors only.

export type JsonText = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly line: number; readonly column: number; readonly reason: string };

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Where JSON.parse would fail in `text`, and why, by a scan of the JSON grammar (RFC 8259). */
function findSyntaxError(text: string): JsonSyntaxError {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new JsonSyntaxError(at, reason);
  };
  const found = () => (i < text.length ? `'${text[i]}'` : 'the end of the text');
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = () => {
    const start = i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') fail('control character inside a string (write \\n, \\t ...)');
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (next !== undefined && ESCAPES.has(next)) i += 2;
        else fail('bad escape in a string');
      } else i++;
    }
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return members('}', () => {
      if (text[i] !== '"') fail(`expected a double-quoted property name, found ${found()}`);
      string();
      skipSpace();
      if (text[i] !== ':') fail(`expected ':' after the property name, found ${found()}`);
      i++;
      value();
    });
    if (c === '[') return members(']', value);
    if (c === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) return void (i += literal.length);
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text) && !/[0-9.eE]/.test(text[NUMBER.lastIndex] ?? '')) return void (i = NUMBER.lastIndex);
    fail(`expected a value, found ${found()}`);
  };
  const members = (close: string, member: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) return void i++;
    for (;;) {
      skipSpace();
      member();
      skipSpace();
      if (text[i] === close) return void i++;
      if (text[i] !== ',') fail(`expected ',' or '${close}', found ${found()}`);
      i++;
      skipSpace();
      if (text[i] === close) fail(`a trailing comma before '${close}' is not allowed in JSON`);
    }
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected ${found()} after the JSON value`);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  // JSON.parse refused what the grammar allows: say so at the start rather than nowhere.
  return new JsonSyntaxError(0, 'not valid JSON');
}

/** 1-based line and column of a UTF-16 offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** The value of JSON `text`, or where and why it is not JSON. */
export function readJsonText(text: string): JsonText {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const error = findSyntaxError(text);
    return { ok: false, ...lineAndColumn(text, error.offset), reason: error.message };
  }
}
