// Static serving maps URL paths to files inside the root only.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from '../../../src-main/core/files/static-path.ts';

describe('resolveStaticPath', () => {
  const parent = mkdtempSync(join(tmpdir(), 'spin-echo-static-'));
  const root = join(parent, 'ui');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '');
  writeFileSync(join(root, 'assets', 'a b.js'), '');
  writeFileSync(join(parent, 'secret'), '');
  symlinkSync(join(parent, 'secret'), join(root, 'link'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('finds the index and files under the root, decoding escapes', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses escapes, NULs, backslashes, directories, symlinks out and bad encodings', () => {
    for (const path of ['/../secret', '/assets/../../secret', '/%2e%2e/secret', '/..%2fsecret', '/index.html%00', '/..\\secret', '/assets', '/link', '/%E0%A4%A', '/missing']) {
      expect(resolveStaticPath(root, path), path).toBeNull();
    }
  });

  it('names the content types of the UI files', () => {
    expect(contentTypeOf('x.js')).toMatch(/javascript/);
    expect(contentTypeOf('x.css')).toMatch(/css/);
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});
