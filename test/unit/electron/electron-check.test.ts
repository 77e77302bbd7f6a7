// npm start and the Electron e2e test fall back, saying why, when Electron cannot run the workbench.
import { describe, expect, it } from 'vitest';
import { electronProblem } from '../../../scripts/electron-check.mjs';

describe('electronProblem', () => {
  it('says so when no binary is installed', () => {
    expect(electronProblem(null)).toMatch(/not installed/);
  });

  it('accepts a runtime that loads better-sqlite3 (Node itself stands in for a matching Electron)', () => {
    expect(electronProblem(process.execPath)).toBeNull();
  });

  it("names the fix when better-sqlite3 does not load in the runtime's ABI", () => {
    expect(electronProblem('/bin/false')).toMatch(/no build for Electron's ABI/);
  });

  it('tries a separate binding when one is given, and refuses one that does not load', () => {
    expect(electronProblem(process.execPath, '/nonexistent/better_sqlite3.node')).toMatch(/no build for Electron's ABI/);
  });
});
